"""/v1/keys: API keys, managed by administrators (the key is shown once, on creation)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from ai_work_audit.api._db import ApiKeyRow, utcnow
from ai_work_audit.api._errors import not_found, responses
from ai_work_audit.api._keys import create_key
from ai_work_audit.api._models import KeyCreated, KeyIn, KeyList, KeyPublic
from ai_work_audit.api.deps import Admin, SessionDep

router = APIRouter(prefix="/keys", tags=["keys"])


def _public(row: ApiKeyRow) -> dict[str, Any]:
    return {"id": row.id, "prefix": row.prefix, "organisation": row.organisation,
            "role": row.role, "created_at": row.created_at, "revoked": row.revoked_at is not None}


@router.post("", status_code=201, response_model=KeyCreated, responses=responses(401, 403, 422),
             summary="Create an API key (admin)")
def new_key(body: KeyIn, caller: Admin, session: SessionDep) -> dict[str, Any]:
    row, key = create_key(session, body.organisation, body.role)
    return {**_public(row), "key": key}


@router.get("", response_model=KeyList, responses=responses(401, 403, 422),
            summary="List API keys (admin; never the keys themselves)")
def list_keys(caller: Admin, session: SessionDep) -> dict[str, Any]:
    rows = session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at)).all()
    return {"items": [_public(r) for r in rows]}


@router.delete("/{id}", response_model=KeyPublic, responses=responses(401, 403, 404),
               summary="Revoke an API key (admin)")
def revoke_key(id: str, caller: Admin, session: SessionDep, request: Request) -> dict[str, Any]:
    row = session.get(ApiKeyRow, id) if len(id) <= 64 else None
    if row is None:
        raise not_found("key")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.flush()
        request.app.state.key_cache.clear()
    return _public(row)
