"""What every page shares: the logged-in user, role checks, CSRF, errors, the database."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any, Final, TypeVar

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker
from starlette.responses import RedirectResponse, Response

from ai_work_audit.api._db import session_scope
from ai_work_audit.api._keys import Role
from ai_work_audit.api._settings import Settings
from ai_work_audit.api.deps import Caller
from ai_work_audit.web._render import page
from ai_work_audit.web._sessions import COOKIE, WebUser, csrf_ok, find_session

#: The cookie carrying the CSRF token of forms shown before login (double-submit pattern).
PRE_COOKIE: Final = "awa_pre"
T = TypeVar("T")


class PageError(Exception):
    """An error page: status and the key of its text."""

    def __init__(self, status: int, key: str, **values: Any) -> None:
        super().__init__(key)
        self.status, self.key, self.values = status, key, values


class Redirect(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def sessions_of(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


async def in_db(request: Request, work: Callable[[Session], T]) -> T:
    """Run ``work`` in one committed database session, off the event loop."""
    factory = sessions_of(request)

    def run() -> T:
        with session_scope(factory) as session:
            return work(session)

    return await run_in_threadpool(run)


def cookie_options(request: Request) -> dict[str, Any]:
    """HttpOnly, Secure, SameSite=Strict (Chromium keeps Secure cookies on http://localhost
    and http://127.0.0.1, which count as secure contexts)."""
    return {"httponly": True, "secure": True, "samesite": "strict", "path": "/"}


async def session_user(request: Request) -> WebUser | None:
    """The session's user, if any (no role check, nothing logged): for error pages."""
    token = request.cookies.get(COOKIE)
    return await in_db(request, lambda s: find_session(s, token)) if token else None


async def current_user(request: Request, *roles: Role, allow_must_change: bool = False
                       ) -> WebUser:
    """The session's user (else a redirect to the login page) with one of ``roles`` (else 403);
    a user holding a one-time password is sent to the password page first."""
    user = await session_user(request)
    if user is None:
        raise Redirect("/login")
    if user.must_change and not allow_must_change:
        raise Redirect("/password")
    # the access log (api.main.AccessLogMiddleware) records the person's requests too
    request.state.caller = Caller(key_id=f"u-{user.id}", organisation=user.organisation,
                                  role=Role(user.role))
    request.state.web = True
    request.state.web_user = user
    if roles and Role(user.role) not in roles:
        raise PageError(403, "error.forbidden")
    return user


async def form_of(request: Request, user: WebUser | None = None) -> Any:
    """The posted form, once its CSRF token matches the session's (or, before login, the
    pre-login cookie's); a mismatch is a 403 page."""
    form = await request.form()
    expected = user.csrf if user is not None else request.cookies.get(PRE_COOKIE, "")
    given = form.get("csrf")
    if not expected or not isinstance(given, str) or not csrf_ok(expected, given):
        raise PageError(403, "error.csrf")
    return form


def new_pre_token() -> str:
    return secrets.token_urlsafe(32)


def lang_of(request: Request, user: WebUser | None = None) -> str:
    """The user's language; before login the ``lang`` query parameter or cookie."""
    if user is not None:
        return user.lang
    wanted = request.query_params.get("lang") or request.cookies.get("awa_lang") or "en"
    return wanted if wanted in ("en", "fr") else "en"


def error_page(request: Request, exc: PageError) -> Response:
    user = getattr(request.state, "web_user", None)
    lang = lang_of(request, user)
    return page("error.html.j2", lang, status=exc.status, user=user, code=exc.status,
                message_key=exc.key, values=exc.values)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)
