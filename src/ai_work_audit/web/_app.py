"""Install the pages on the service's app: routers, error pages, redirects to the login."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.responses import Response

from ai_work_audit.api._settings import Settings
from ai_work_audit.web import _admin, _common_routes, _compliance, _hr, _rep
from ai_work_audit.web._core import PageError, Redirect, error_page, redirect


def install(app: FastAPI) -> FastAPI:
    """Add the pages (and their static files) to ``app``, the service's."""
    for module in (_common_routes, _rep, _hr, _compliance, _admin):
        app.include_router(module.router)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return error_page(request, exc)

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return redirect(exc.url)

    return app


def create_app(settings: Settings | None = None, *, start_workers_on_startup: bool = True
               ) -> FastAPI:
    """The service with its web front (what ``ai-work-audit serve`` runs)."""
    from ai_work_audit.api.main import create_app as create_service

    return install(create_service(settings, start_workers_on_startup=start_workers_on_startup))
