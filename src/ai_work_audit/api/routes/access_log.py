"""/v1/access-log: who read or ran what, when (key ids and routes; no personal data)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from ai_work_audit.api._db import AccessLogRow
from ai_work_audit.api._errors import responses
from ai_work_audit.api._models import AccessLogList
from ai_work_audit.api.deps import Compliance, SessionDep

router = APIRouter(prefix="/access-log", tags=["access log"])


@router.get("", response_model=AccessLogList, responses=responses(401, 403, 422),
            summary="Read the organisation's access log, newest first")
def read_access_log(caller: Compliance, session: SessionDep, request: Request,
                    limit: Annotated[int, Query(ge=1, le=10_000)] = 500) -> dict[str, Any]:
    request.app.state.access_log.flush()  # what was buffered is part of the answer
    rows = session.scalars(select(AccessLogRow).where(
        AccessLogRow.organisation == caller.organisation).order_by(
        AccessLogRow.id.desc()).limit(limit)).all()
    return {"items": [{"at": r.at, "key_id": r.key_id, "role": r.role, "method": r.method,
                       "route": r.route, "resource_id": r.resource_id, "status": r.status}
                      for r in rows]}
