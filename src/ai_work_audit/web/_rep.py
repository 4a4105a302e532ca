"""Worker representative: published reports (representative view, receipts), requests, the
receipt check in words."""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ai_work_audit.api._db import ReportRequestRow, utcnow
from ai_work_audit.api._keys import Role
from ai_work_audit.errors import AuditError
from ai_work_audit.indicators import parse_period
from ai_work_audit.web._core import (
    PageError,
    current_user,
    form_of,
    in_db,
    redirect,
    settings_of,
)
from ai_work_audit.web._documents import (
    audit_as,
    document_for,
    list_audits,
    list_requests,
    own_request,
    report_download,
    report_page,
)
from ai_work_audit.web._render import page

router = APIRouter(prefix="/rep", include_in_schema=False)
REP = Role.worker_rep
MAX_RECEIPT = 1 << 20
_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@router.get("")
async def home(request: Request) -> Response:
    user = await current_user(request, REP)
    audits = await list_audits(request, user, done_only=True)
    requests = await list_requests(request, user)
    return page("rep_home.html.j2", user.lang, user=user, audits=audits, requests=requests,
                k=settings_of(request).min_cell)


@router.get("/requests/new")
async def request_form(request: Request) -> Response:
    user = await current_user(request, REP)
    systems = sorted({a["system"] for a in await list_audits(request, user) if a["system"]})
    return page("rep_request_form.html.j2", user.lang, user=user, systems=systems, problem=None,
                values={})


@router.post("/requests")
async def request_create(request: Request) -> Response:
    user = await current_user(request, REP)
    form = await form_of(request, user)
    values = {k: str(form.get(k, "")).strip() for k in
              ("system", "period", "audit_kind", "question", "reason")}
    problem = None
    try:
        parse_period(values["period"])
    except AuditError:
        problem = "common.period"
    if not values["system"] or len(values["system"]) > 200:
        problem = "common.system"
    if values["audit_kind"] not in ("hiring", "monitoring"):
        problem = "common.kind"
    if problem is not None:
        systems = sorted({a["system"] for a in await list_audits(request, user) if a["system"]})
        return page("rep_request_form.html.j2", user.lang, status=400, user=user,
                    systems=systems, problem=problem, values=values)

    def create(session: Session) -> str:
        row = ReportRequestRow(
            id=uuid.uuid4().hex, organisation=user.organisation, system=values["system"],
            period=values["period"], audit_kind=values["audit_kind"],
            message=values["question"][:2000], question=values["question"][:2000],
            reason=values["reason"][:2000], status="open", requested_by=f"u-{user.id}",
            requested_at=utcnow())
        session.add(row)
        return row.id

    request_id = await in_db(request, create)
    request.state.resource_id = request_id
    return redirect(f"/rep/requests/{request_id}?sent=1")


@router.get("/requests/{request_id}")
async def request_detail(request_id: str, request: Request) -> Response:
    user = await current_user(request, REP)
    found = await own_request(request, user, request_id)
    return page("rep_request.html.j2", user.lang, user=user, item=found,
                sent=request.query_params.get("sent") == "1")


@router.get("/reports/{audit_id}")
async def report(audit_id: str, request: Request) -> Response:
    user, audit = await audit_as(request, REP, audit_id)
    return await report_page(request, user, audit, pdf=f"/rep/reports/{audit_id}/report.pdf",
                             receipt=f"/rep/reports/{audit_id}/receipt.json")


@router.get("/reports/{audit_id}/report.pdf")
async def report_pdf(audit_id: str, request: Request) -> Response:
    user, audit = await audit_as(request, REP, audit_id)
    return await report_download(request, user, audit, f"report-{audit_id}.pdf")


@router.get("/reports/{audit_id}/receipt.json")
async def receipt(audit_id: str, request: Request) -> Response:
    """The representative document (JSON) with the receipt it carries: what to keep."""
    user, audit = await audit_as(request, REP, audit_id)
    document = await document_for(request, user, audit)
    return Response(json.dumps(document, ensure_ascii=False, indent=1, default=str),
                    media_type="application/json", headers={
                        "Content-Disposition": f'attachment; filename="report-{audit_id}.json"'})


@router.get("/verify")
async def verify_form(request: Request) -> Response:
    user = await current_user(request, REP)
    return page("rep_verify.html.j2", user.lang, user=user, results=None, problem=None)


def _check(files: list[tuple[str, bytes]]) -> list[dict[str, Any]]:
    from ai_work_audit.ledger import read_receipt, verify_receipts

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        receipts = []
        for name, content in files:
            path = Path(folder) / (_SAFE.sub("_", name)[:80] or "receipt.json")
            path.write_bytes(content)
            try:
                receipts.append((name, read_receipt(path)))
            except AuditError as exc:
                results.append({"name": name, "problems": [str(exc)]})
        for name, problems in verify_receipts(receipts).items():
            results.append({"name": name, "problems": problems})
    return results


@router.post("/verify")
async def verify(request: Request) -> Response:
    user = await current_user(request, REP)
    form = await form_of(request, user)
    files: list[tuple[str, bytes]] = []
    for item in form.getlist("receipts"):
        if isinstance(item, UploadFile) and item.filename:
            content = await item.read(MAX_RECEIPT + 1)
            files.append((Path(item.filename).name[:120], content[:MAX_RECEIPT]))
    if not files:
        return page("rep_verify.html.j2", user.lang, status=400, user=user, results=None,
                    problem="rep.verify_none")
    results = await run_in_threadpool(_check, files)
    if not results:
        raise PageError(400, "rep.verify_none")
    return page("rep_verify.html.j2", user.lang, user=user, results=results, problem=None,
                all_ok=all(not r["problems"] for r in results))
