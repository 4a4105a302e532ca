"""``python -m ai_work_audit.cli``."""

from ai_work_audit.cli import main

main()
