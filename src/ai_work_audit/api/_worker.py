"""Entry point of an audit worker process: ``python -m ai_work_audit.api._worker``."""

from __future__ import annotations

from ai_work_audit.api._jobs import worker_loop
from ai_work_audit.api._settings import Settings

if __name__ == "__main__":
    worker_loop(Settings())
