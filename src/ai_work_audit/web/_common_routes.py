"""Login, logout, password change, language, the home page of each role, static files."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from fastapi import APIRouter, Request
from sqlalchemy.orm import Session
from starlette.responses import FileResponse, Response

from ai_work_audit.api._db import UserRow
from ai_work_audit.errors import ConfigError
from ai_work_audit.web._accounts import authenticate, change_password
from ai_work_audit.web._core import (
    PRE_COOKIE,
    PageError,
    cookie_options,
    current_user,
    form_of,
    in_db,
    lang_of,
    new_pre_token,
    redirect,
)
from ai_work_audit.web._render import page
from ai_work_audit.web._sessions import COOKIE, SESSION_S, end_session, start_session

router = APIRouter(include_in_schema=False)
STATIC: Final = Path(__file__).with_name("static")
REPORT_CSS: Final = Path(__file__).parent.parent / "reports" / "templates" / "report.css"
HOMES: Final = {"worker_rep": "/rep", "hr_analyst": "/hr", "compliance_officer": "/compliance",
                "admin": "/admin"}


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name == "report.css":
        return FileResponse(REPORT_CSS, media_type="text/css")
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise PageError(404, "error.not_found")
    media = "text/css" if name.endswith(".css") else "text/javascript"
    return FileResponse(path, media_type=media, headers={"Cache-Control": "max-age=3600"})


@router.get("/")
async def home(request: Request) -> Response:
    user = await current_user(request)
    return redirect(HOMES.get(user.role, "/password"))


def _login_page(request: Request, failed: bool = False) -> Response:
    token = new_pre_token()
    lang = lang_of(request)
    response = page("login.html.j2", lang, status=401 if failed else 200, user=None,
                    csrf=token, failed=failed)
    response.set_cookie(PRE_COOKIE, token, max_age=3600, **cookie_options(request))
    response.set_cookie("awa_lang", lang, max_age=3600 * 24 * 365, **cookie_options(request))
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await form_of(request)
    name, password = str(form.get("username", "")), str(form.get("password", ""))
    wanted = str(form.get("lang", ""))

    def check(session: Session) -> str | None:
        user = authenticate(session, name, password)
        if user is None:
            return None
        if wanted in ("en", "fr") and user.must_change:
            user.lang = wanted  # the language chosen on the login page, at first login
        return start_session(session, user)

    token = await in_db(request, check)
    if token is None:
        return _login_page(request, failed=True)
    response = redirect("/")
    # a new token at every login: whatever cookie the browser held before is dropped
    response.set_cookie(COOKIE, token, max_age=SESSION_S, **cookie_options(request))
    response.delete_cookie(PRE_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    user = await current_user(request, allow_must_change=True)
    await form_of(request, user)
    await in_db(request, lambda s: end_session(s, user.token_hash))
    response = redirect("/login")
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/password")
async def password_form(request: Request) -> Response:
    user = await current_user(request, allow_must_change=True)
    return page("password.html.j2", user.lang, user=user, problem=None)


@router.post("/password")
async def password_change(request: Request) -> Response:
    user = await current_user(request, allow_must_change=True)
    form = await form_of(request, user)
    current, new, confirm = (str(form.get(k, "")) for k in ("current", "new", "confirm"))
    if new != confirm:
        return page("password.html.j2", user.lang, status=400, user=user,
                    problem="password.mismatch")

    def change(session: Session) -> tuple[str | None, str | None]:
        row = session.get(UserRow, user.id)
        try:
            if row is None or not change_password(session, row, current, new):
                return "password.wrong", None
        except ConfigError:
            return "password.weak", None
        return None, start_session(session, row)

    problem, token = await in_db(request, change)
    if problem is not None or token is None:
        return page("password.html.j2", user.lang, status=400, user=user, problem=problem)
    response = redirect("/")
    response.set_cookie(COOKIE, token, max_age=SESSION_S, **cookie_options(request))
    return response


@router.post("/lang")
async def switch_language(request: Request) -> Response:
    user = await current_user(request, allow_must_change=True)
    form = await form_of(request, user)
    lang = str(form.get("lang", "en"))
    if lang not in ("en", "fr"):
        lang = "en"

    def store(session: Session) -> None:
        row = session.get(UserRow, user.id)
        if row is not None:
            row.lang = lang

    await in_db(request, store)
    back = request.headers.get("referer") or "/"
    return redirect(back if back.startswith("/") else "/")
