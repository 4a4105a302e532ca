"""The audits, requests and reports a page shows — through the service's own functions, so a
page shows each role exactly what the API shows it (worker representatives: the
representative view with its receipt, ``api.routes.audits.view_of``)."""

from __future__ import annotations

from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import Response

from ai_work_audit.api._db import AuditJobRow, ReportRequestRow
from ai_work_audit.api._keys import Role
from ai_work_audit.api.deps import Caller
from ai_work_audit.api.routes.audits import render_report, view_of
from ai_work_audit.api.routes.report_requests import public_request
from ai_work_audit.disclosure import mark_for_rendering
from ai_work_audit.ledger import receipt_note
from ai_work_audit.web._core import PageError, current_user, in_db, settings_of
from ai_work_audit.web._render import page, report_fragment
from ai_work_audit.web._sessions import WebUser


def caller_of(user: WebUser) -> Caller:
    return Caller(key_id=f"u-{user.id}", organisation=user.organisation, role=Role(user.role))


def audit_summary(row: AuditJobRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "status": row.status, "system": row.system,
            "created_at": row.created_at, "finished_at": row.finished_at}


async def list_audits(request: Request, user: WebUser, *, done_only: bool = False,
                      system: str | None = None) -> list[dict[str, Any]]:
    def work(session: Session) -> list[dict[str, Any]]:
        query = select(AuditJobRow).where(AuditJobRow.organisation == user.organisation)
        if done_only:
            query = query.where(AuditJobRow.status == "done")
        if system is not None:
            query = query.where(AuditJobRow.system == system)
        rows = session.scalars(query.order_by(AuditJobRow.created_at.desc()).limit(500)).all()
        return [audit_summary(r) for r in rows]

    return await in_db(request, work)


async def own_audit(request: Request, user: WebUser, audit_id: str) -> dict[str, Any]:
    """The audit of the user's organisation with its result (404 page otherwise)."""
    def work(session: Session) -> dict[str, Any] | None:
        row = session.get(AuditJobRow, audit_id) if len(audit_id) <= 64 else None
        if row is None or row.organisation != user.organisation:
            return None
        return {**audit_summary(row), "result": row.result, "error": row.error,
                "params": row.params}

    audit = await in_db(request, work)
    if audit is None:
        raise PageError(404, "error.not_found")
    return audit


def _viewed(audit: dict[str, Any], user: WebUser, request: Request) -> dict[str, Any]:
    settings = settings_of(request)
    if audit["status"] != "done" or audit["result"] is None:
        raise PageError(404, "error.not_found")
    return view_of(audit["result"], caller_of(user), settings.min_cell, settings.workspace)


async def document_for(request: Request, user: WebUser, audit: dict[str, Any]
                       ) -> dict[str, Any]:
    """The document as the user's role may see it (representatives: view + receipt)."""
    return await run_in_threadpool(_viewed, audit, user, request)


async def report_for(request: Request, user: WebUser, audit: dict[str, Any], fmt: str
                     ) -> str | bytes:
    """The audit's report in ``fmt`` as the API renders it for the user's role."""
    def work() -> str | bytes:
        document = _viewed(audit, user, request)
        if Role(user.role) is Role.worker_rep:
            document = receipt_note(mark_for_rendering(document, user.lang), user.lang)
        return render_report(audit["kind"], document, fmt, user.lang)  # type: ignore[arg-type]

    return await run_in_threadpool(work)


async def list_requests(request: Request, user: WebUser) -> list[dict[str, Any]]:
    def work(session: Session) -> list[dict[str, Any]]:
        rows = session.scalars(select(ReportRequestRow).where(
            ReportRequestRow.organisation == user.organisation).order_by(
            ReportRequestRow.requested_at.desc()).limit(500)).all()
        return [public_request(r) for r in rows]

    return await in_db(request, work)


async def own_request(request: Request, user: WebUser, request_id: str) -> dict[str, Any]:
    def work(session: Session) -> dict[str, Any] | None:
        row = session.get(ReportRequestRow, request_id) if len(request_id) <= 64 else None
        if row is None or row.organisation != user.organisation:
            return None
        return public_request(row)

    found = await in_db(request, work)
    if found is None:
        raise PageError(404, "error.not_found")
    return found


async def audit_as(request: Request, role: Role, audit_id: str
                   ) -> tuple[WebUser, dict[str, Any]]:
    """The logged-in user of ``role`` and an audit of their organisation (else a 404 page)."""
    user = await current_user(request, role)
    return user, await own_audit(request, user, audit_id)


async def report_page(request: Request, user: WebUser, audit: dict[str, Any], *, pdf: str,
                      receipt: str | None = None, history: str | None = None) -> Response:
    """The audit's HTML report inside a page, as the user's role may read it, with its PDF
    (and, for representatives, its receipt)."""
    html = await report_for(request, user, audit, "html")
    return page("report.html.j2", user.lang, user=user, audit=audit,
                fragment=report_fragment(str(html)), pdf=pdf, receipt=receipt,
                history=history)


async def report_download(request: Request, user: WebUser, audit: dict[str, Any],
                          filename: str) -> Response:
    """The audit's PDF report as the user's role may read it, as a download."""
    body = await report_for(request, user, audit, "pdf")
    return Response(body, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})
