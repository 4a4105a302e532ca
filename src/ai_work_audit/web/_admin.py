"""Administrator: the organisation's users and API keys, and its access log."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from ai_work_audit.api._db import AccessLogRow, ApiKeyRow, UserRow, utcnow
from ai_work_audit.api._keys import Role, create_key
from ai_work_audit.errors import AuditError
from ai_work_audit.web._accounts import USER_ROLES, create_user
from ai_work_audit.web._core import PageError, current_user, form_of, in_db
from ai_work_audit.web._render import page
from ai_work_audit.web._sessions import WebUser

router = APIRouter(prefix="/admin", include_in_schema=False)
ADMIN = Role.admin
KEY_ROLES = ("hr_analyst", "worker_rep", "compliance_officer", "admin")


def _listing(session: Session, organisation: str) -> dict[str, Any]:
    users = session.scalars(select(UserRow).where(UserRow.organisation == organisation)
                            .order_by(UserRow.created_at)).all()
    keys = session.scalars(select(ApiKeyRow).where(ApiKeyRow.organisation == organisation)
                           .order_by(ApiKeyRow.created_at)).all()
    return {"users": [{"name": u.name, "role": u.role, "created_at": u.created_at,
                       "must_change": u.must_change} for u in users],
            "keys": [{"id": k.id, "prefix": k.prefix, "role": k.role,
                      "created_at": k.created_at, "revoked": k.revoked_at is not None}
                     for k in keys]}


async def _home(request: Request, user: WebUser, status: int = 200, **shown: Any) -> Response:
    listing = await in_db(request, lambda s: _listing(s, user.organisation))
    context: dict[str, Any] = {"new_user": None, "new_key": None, "problem": None, **shown}
    return page("admin_home.html.j2", user.lang, status=status, user=user,
                user_roles=[r.value for r in USER_ROLES], key_roles=KEY_ROLES, **listing,
                **context)


@router.get("")
async def home(request: Request) -> Response:
    user = await current_user(request, ADMIN)
    return await _home(request, user)


@router.post("/users")
async def add_user(request: Request) -> Response:
    user = await current_user(request, ADMIN)
    form = await form_of(request, user)
    name, role = str(form.get("name", "")).strip(), str(form.get("role", ""))
    try:
        password = await in_db(request, lambda s: create_user(
            s, user.organisation, role, name)[1])
    except AuditError as exc:
        return await _home(request, user, status=400, problem=str(exc))
    return await _home(request, user, new_user={"name": name, "password": password})


@router.post("/keys")
async def add_key(request: Request) -> Response:
    user = await current_user(request, ADMIN)
    form = await form_of(request, user)
    role = str(form.get("role", ""))
    if role not in KEY_ROLES:
        raise PageError(400, "error.input", message="role")
    key = await in_db(request, lambda s: create_key(s, user.organisation, role)[1])
    return await _home(request, user, new_key=key)


@router.post("/keys/{key_id}/revoke")
async def revoke(key_id: str, request: Request) -> Response:
    user = await current_user(request, ADMIN)
    await form_of(request, user)

    def work(session: Session) -> bool:
        row = session.get(ApiKeyRow, key_id) if len(key_id) <= 64 else None
        if row is None or row.organisation != user.organisation:
            return False
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return True

    if not await in_db(request, work):
        raise PageError(404, "error.not_found")
    request.app.state.key_cache.clear()
    return await _home(request, user)


@router.get("/access-log")
async def access_log(request: Request) -> Response:
    user = await current_user(request, ADMIN)
    request.app.state.access_log.flush()

    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(select(AccessLogRow).where(
            AccessLogRow.organisation == user.organisation).order_by(
            AccessLogRow.id.desc()).limit(300)).all()
        return [{"at": r.at, "key_id": r.key_id, "role": r.role, "method": r.method,
                 "route": r.route, "status": r.status} for r in rows]

    rows = await in_db(request, work)
    return page("admin_log.html.j2", user.lang, user=user, rows=rows)
