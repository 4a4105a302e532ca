"""The web front: server-rendered pages for people (worker representatives, HR data teams,
compliance officers, administrators) on the service's own FastAPI app.

``create_app`` is the service (``api.main.create_app``) with the pages installed; ``install``
adds them to an app made elsewhere. Accounts: ``create_user`` (``ai-work-audit users add``).
"""

from ai_work_audit.web._accounts import LOCKOUT_AFTER, create_user
from ai_work_audit.web._app import create_app, install

__all__ = ["LOCKOUT_AFTER", "create_app", "create_user", "install"]
