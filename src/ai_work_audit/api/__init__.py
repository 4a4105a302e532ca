"""The HTTP service (FastAPI): routers per resource, API keys and roles, jobs, access log.

The only part of ai-work-audit that imports fastapi. ``create_app`` builds the service;
``suppress_small_cells`` is the worker-representative view of any audit document.
"""

from ai_work_audit.api._settings import Settings
from ai_work_audit.api._suppress import suppress_small_cells

__all__ = ["Settings", "create_app", "openapi_document", "suppress_small_cells"]


def __getattr__(name: str) -> object:
    # the app (and fastapi) load only when asked for, so that `keys create` and the workers
    # start fast
    if name in {"create_app", "openapi_document"}:
        from ai_work_audit.api import main

        return getattr(main, name)
    raise AttributeError(name)
