"""/v1/keys: API keys, managed by administrators (the key is shown once, on creation).

An ``admin`` administers its own organisation's keys only: another organisation's key answers
404, creating one 403. A ``global_admin`` administers every organisation; each of its actions
is written to the access log of every organisation it affects (``request.state.affected``).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from ai_work_audit.api._db import ApiKeyRow, utcnow
from ai_work_audit.api._errors import ApiError, not_found, responses
from ai_work_audit.api._keys import Role, create_key
from ai_work_audit.api._models import KeyCreated, KeyIn, KeyList, KeyPublic
from ai_work_audit.api.deps import Admin, Caller, SessionDep

router = APIRouter(prefix="/keys", tags=["keys"])
OTHER_ORG_MSG = ("an organisation's admin manages the keys of its own organisation only; "
                 "another organisation's keys need the global_admin role.")
GLOBAL_ROLE_MSG = "only a global_admin may create a global_admin key."


def _global(caller: Caller) -> bool:
    return caller.role is Role.global_admin


def _affects(request: Request, caller: Caller, *organisations: str) -> None:
    """Record the organisations a global admin's action touches (for their access logs)."""
    if _global(caller):
        request.state.affected = sorted(set(organisations) - {caller.organisation})


def _public(row: ApiKeyRow) -> dict[str, Any]:
    return {"id": row.id, "prefix": row.prefix, "organisation": row.organisation,
            "role": row.role, "created_at": row.created_at, "revoked": row.revoked_at is not None}


@router.post("", status_code=201, response_model=KeyCreated, responses=responses(401, 403, 422),
             summary="Create an API key (admin)")
def new_key(body: KeyIn, caller: Admin, session: SessionDep, request: Request
            ) -> dict[str, Any]:
    if not _global(caller) and body.organisation != caller.organisation:
        raise ApiError(403, OTHER_ORG_MSG)
    if body.role == Role.global_admin and not _global(caller):
        raise ApiError(403, GLOBAL_ROLE_MSG)
    row, key = create_key(session, body.organisation, body.role)
    _affects(request, caller, body.organisation)
    return {**_public(row), "key": key}


@router.get("", response_model=KeyList, responses=responses(401, 403, 422),
            summary="List API keys (admin; never the keys themselves)")
def list_keys(caller: Admin, session: SessionDep, request: Request) -> dict[str, Any]:
    query = select(ApiKeyRow).order_by(ApiKeyRow.created_at)
    if not _global(caller):
        query = query.where(ApiKeyRow.organisation == caller.organisation)
    rows = session.scalars(query).all()
    _affects(request, caller, *(r.organisation for r in rows))
    return {"items": [_public(r) for r in rows]}


@router.delete("/{id}", response_model=KeyPublic, responses=responses(401, 403, 404),
               summary="Revoke an API key (admin)")
def revoke_key(id: str, caller: Admin, session: SessionDep, request: Request) -> dict[str, Any]:
    row = session.get(ApiKeyRow, id) if len(id) <= 64 else None
    if row is None or (not _global(caller) and row.organisation != caller.organisation):
        raise not_found("key")
    _affects(request, caller, row.organisation)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        request.app.state.key_cache.clear()
    return _public(row)
