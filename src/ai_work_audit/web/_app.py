"""Install the pages on the service's app: routers, error pages, redirects to the login."""

from __future__ import annotations

from typing import Final

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from ai_work_audit.api._errors import envelope
from ai_work_audit.api._settings import Settings
from ai_work_audit.web import _admin, _common_routes, _compliance, _hr, _rep
from ai_work_audit.web._core import PageError, Redirect, error_page, redirect, session_user

#: The API's routes (contracts.md: base path ``/v1``) keep the JSON error envelope.
API_PATHS: Final = "/v1"
#: A page's text for each status the router itself answers (no route, wrong method).
STATUS_KEYS: Final = {403: "error.forbidden", 404: "error.not_found", 405: "error.method"}


def install(app: FastAPI) -> FastAPI:
    """Add the pages (and their static files) to ``app``, the service's."""
    for module in (_common_routes, _rep, _hr, _compliance, _admin):
        app.include_router(module.router)

    @app.exception_handler(PageError)
    async def _page_error(request: Request, exc: PageError) -> Response:
        return error_page(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        """An unknown page or a wrong method: an HTML page in the person's language; under
        ``/v1`` the API's JSON envelope, as before."""
        path = request.url.path
        if path == API_PATHS or path.startswith(API_PATHS + "/"):
            message = exc.detail if isinstance(exc.detail, str) else "request failed."
            return envelope(exc.status_code, message, headers=getattr(exc, "headers", None))
        if getattr(request.state, "web_user", None) is None:
            request.state.web_user = await session_user(request)
        response = error_page(request, PageError(
            exc.status_code, STATUS_KEYS.get(exc.status_code, "error.other")))
        if exc.status_code == 405 and exc.headers and "Allow" in exc.headers:
            response.headers["Allow"] = exc.headers["Allow"]
        return response

    @app.exception_handler(Redirect)
    async def _redirect(request: Request, exc: Redirect) -> Response:
        return redirect(exc.url)

    return app


def create_app(settings: Settings | None = None, *, start_workers_on_startup: bool = True
               ) -> FastAPI:
    """The service with its web front (what ``ai-work-audit serve`` runs)."""
    from ai_work_audit.api.main import create_app as create_service

    return install(create_service(settings, start_workers_on_startup=start_workers_on_startup))
