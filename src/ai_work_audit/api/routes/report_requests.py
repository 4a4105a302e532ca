"""/v1/report-requests: representatives ask for audit reports; HR analysts fulfil them.

The request and fulfilment timestamps feed pledge indicator 1.3 (answered within 30 days).
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from ai_work_audit.api._db import AuditJobRow, ReportRequestRow, utcnow
from ai_work_audit.api._errors import ApiError, not_found, responses
from ai_work_audit.api._models import (
    FulfilIn,
    ReportRequestIn,
    ReportRequestList,
    ReportRequestPublic,
)
from ai_work_audit.api.deps import FulfilRequests, ReadRequests, RequestReports, SessionDep
from ai_work_audit.indicators import parse_period

router = APIRouter(prefix="/report-requests", tags=["report requests"])

FULFILLED_MSG = "the request is already fulfilled."
AUDIT_NOT_DONE_MSG = "the audit is {status}; link a finished audit."
KIND_MSG = "the request asks for a {wanted} audit; the audit given is a {got} audit."


def public_request(row: ReportRequestRow) -> dict[str, Any]:
    """A request as the API and the pages show it (the web front's and the API's are one)."""
    return {"id": row.id, "system": row.system, "period": row.period,
            "audit_kind": row.audit_kind, "message": row.message,
            "question": row.question or row.message, "reason": row.reason or "",
            "answer": row.answer if row.status == "fulfilled" else None,
            "status": row.status, "requested_at": row.requested_at,
            "fulfilled_at": row.fulfilled_at, "audit_id": row.audit_id}


@router.post("", status_code=201, response_model=ReportRequestPublic,
             responses=responses(401, 403, 422), summary="Request an audit report (worker_rep)")
def create_request(body: ReportRequestIn, caller: RequestReports, session: SessionDep,
                   request: Request) -> dict[str, Any]:
    parse_period(body.period)
    row = ReportRequestRow(
        id=uuid.uuid4().hex, organisation=caller.organisation, system=body.system,
        period=body.period, audit_kind=body.audit_kind, message=body.message or body.question,
        question=body.question or body.message, reason=body.reason, status="open",
        requested_by=caller.key_id, requested_at=utcnow())
    session.add(row)
    session.flush()
    request.state.resource_id = row.id
    return public_request(row)


@router.get("", response_model=ReportRequestList, responses=responses(401, 403, 422),
            summary="List the organisation's report requests")
def list_requests(caller: ReadRequests, session: SessionDep) -> dict[str, Any]:
    rows = session.scalars(select(ReportRequestRow).where(
        ReportRequestRow.organisation == caller.organisation).order_by(
        ReportRequestRow.requested_at.desc())).all()
    return {"items": [public_request(r) for r in rows]}


@router.post("/{id}/fulfil", response_model=ReportRequestPublic,
             responses=responses(401, 403, 404, 409, 422),
             summary="Fulfil a request with a finished audit (hr_analyst)")
def fulfil_request(id: str, body: FulfilIn, caller: FulfilRequests,
                   session: SessionDep) -> dict[str, Any]:
    row = session.get(ReportRequestRow, id) if len(id) <= 64 else None
    if row is None or row.organisation != caller.organisation:
        raise not_found("report request")
    audit = session.get(AuditJobRow, body.audit_id)
    if audit is None or audit.organisation != caller.organisation:
        raise not_found("audit")
    if row.status == "fulfilled":
        raise ApiError(409, FULFILLED_MSG)
    if audit.status != "done":
        raise ApiError(409, AUDIT_NOT_DONE_MSG.format(status=audit.status))
    if audit.kind != row.audit_kind:
        raise ApiError(409, KIND_MSG.format(wanted=row.audit_kind, got=audit.kind))
    row.status, row.audit_id, row.answer = "fulfilled", audit.id, body.answer
    row.fulfilled_at, row.fulfilled_by = utcnow(), caller.key_id
    session.flush()
    return public_request(row)
