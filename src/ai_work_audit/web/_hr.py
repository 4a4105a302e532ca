"""HR data team: upload an export, confirm its columns, set the options, follow the run, read
the full report, a system's history, answer representatives' requests."""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse, Response

from ai_work_audit.api._db import AuditJobRow, ReportRequestRow, utcnow
from ai_work_audit.api._errors import ApiError
from ai_work_audit.api._jobs import public_error
from ai_work_audit.api._keys import Role
from ai_work_audit.api._uploads import (
    LOGS_FOLDER,
    ReceivedUpload,
    UploadTooLarge,
    receive_multipart,
    stored_filename,
)
from ai_work_audit.api.routes.audits import _audit_params, _check_parts
from ai_work_audit.errors import AuditError, InputError
from ai_work_audit.kinds import kind_spec
from ai_work_audit.web._charts import line_chart
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
    caller_of,
    list_audits,
    list_requests,
    own_request,
    report_download,
    report_page,
)
from ai_work_audit.web._forms import ROLE_OPTIONS, form_fields, params_from_form, suggest_roles
from ai_work_audit.web._i18n import text
from ai_work_audit.web._render import page
from ai_work_audit.web._sessions import WebUser, csrf_ok

router = APIRouter(prefix="/hr", include_in_schema=False)
HR = Role.hr_analyst
STAGED: Final = "web-staged"
META: Final = "meta.json"
KINDS: Final = ("hiring", "monitoring")
PROGRESS: Final = {"queued": 0.2, "running": 0.6, "done": 1.0, "failed": 1.0}
MAX_PREVIEW_COLUMNS: Final = 200


@router.get("")
async def home(request: Request) -> Response:
    user = await current_user(request, HR)
    audits = await list_audits(request, user)
    requests = await list_requests(request, user)
    systems = sorted({a["system"] for a in audits if a["system"] and a["kind"] == "hiring"})
    return page("hr_home.html.j2", user.lang, user=user, audits=audits, requests=requests,
                systems=systems)


@router.get("/upload")
async def upload_form(request: Request) -> Response:
    user = await current_user(request, HR)
    return page("hr_upload.html.j2", user.lang, user=user, problem=None)


def _staged(request: Request, token: str) -> Path:
    if len(token) != 32 or not token.isalnum():
        raise PageError(404, "error.not_found")
    return settings_of(request).uploads_dir / STAGED / token


def _staged_files(received: ReceivedUpload, kind: str, folder: Path, lang: str
                  ) -> dict[str, Any]:
    """What a staged upload holds, relative to its folder: the export (``file``) or the log
    files (``logs``, with the client's names until the audit starts: the mapping places them
    by name, ``place_logs``), and the roster and company policy. The form's file input posts
    ``files``; a hiring audit takes one of them as its export."""
    allowed = kind_spec(kind).upload_parts
    if kind == "hiring" or "files" not in allowed:
        if received.parts or len(received.logs) > 1 or (received.logs and received.path):
            raise InputError(text("hr.upload_one", lang))
        if received.logs:
            export = folder / stored_filename(received.log_names[0])
            received.logs[0].rename(export)
            shutil.rmtree(folder / LOGS_FOLDER, ignore_errors=True)
            received.path, received.logs, received.log_names = export, [], []
    if (received.path is None) == (not received.logs):
        raise InputError(text("hr.upload_none", lang))
    return {"file": None if received.path is None else received.path.name,
            "logs": [str(p.relative_to(folder)) for p in received.logs],
            "log_names": received.log_names,
            "parts": {name: path.name for name, path in received.parts.items()},
            "bytes": received.size}


@router.post("/upload")
async def upload(request: Request) -> Response:
    user = await current_user(request, HR)
    settings = settings_of(request)
    token = uuid.uuid4().hex
    folder = settings.uploads_dir / STAGED / token
    try:
        received = await receive_multipart(request.headers.get("content-type", ""),
                                           request.stream(), folder, settings.max_upload_bytes)
        if not csrf_ok(user.csrf, received.fields.get("csrf")):
            raise PageError(403, "error.csrf")
        kind = received.fields.get("kind", "hiring")
        if kind not in KINDS:
            raise InputError(text("hr.upload_none", user.lang))
        staged = _staged_files(received, kind, folder, user.lang)
    except (UploadTooLarge, AuditError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        return page("hr_upload.html.j2", user.lang, status=400, user=user, problem=str(exc))
    except PageError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    meta = {"user": user.id, "organisation": user.organisation, "kind": kind,
            "system": (received.fields.get("system") or "").strip()[:200], **staged}
    (folder / META).write_text(json.dumps(meta), encoding="utf-8")
    return redirect(f"/hr/upload/{token}")


def _meta(request: Request, user: WebUser, token: str) -> tuple[Path, dict[str, Any]]:
    folder = _staged(request, token)
    try:
        meta: dict[str, Any] = json.loads((folder / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise PageError(404, "error.not_found") from None
    if meta.get("user") != user.id:
        raise PageError(404, "error.not_found")
    return folder, meta


def _columns(path: Path) -> list[dict[str, Any]]:
    """Column names and their count of distinct values (never a value itself)."""
    from ai_work_audit.sources import read_table

    table = read_table(path).table
    names = table.column_names[:MAX_PREVIEW_COLUMNS]
    return [{"name": name, "distinct": len(table.column(name).unique()), "suggested": role}
            for name, role in zip(names, suggest_roles(names), strict=True)]


async def _preview(request: Request, user: WebUser, token: str, folder: Path,
                   meta: dict[str, Any], problem: str | None = None) -> Response:
    """The columns of a hiring export (with suggested roles) or what a monitoring upload
    holds, and the kind's options."""
    columns: list[dict[str, Any]] = []
    if meta["kind"] == "hiring" and meta["file"]:
        try:
            columns = await run_in_threadpool(_columns, folder / meta["file"])
        except InputError as exc:
            problem = problem or public_error(exc)
    return page("hr_preview.html.j2", user.lang, status=200 if problem is None else 400,
                user=user, token=token, meta=meta, columns=columns,
                roles=("ignore", *ROLE_OPTIONS), fields=form_fields(meta["kind"], user.lang),
                problem=problem)


@router.get("/upload/{token}")
async def preview(token: str, request: Request) -> Response:
    user = await current_user(request, HR)
    folder, meta = _meta(request, user, token)
    return await _preview(request, user, token, folder, meta)


def _link_staged(staged: Path, target: Path, meta: dict[str, Any]) -> ReceivedUpload:
    """The staged files in the job's folder (hard links, else copies: the staged upload stays
    whole until the audit is queued, so a refused option can be corrected), as received."""
    def place(relative: str) -> Path:
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(staged / relative, path)
        except OSError:
            shutil.copyfile(staged / relative, path)
        return path

    return ReceivedUpload(
        path=place(meta["file"]) if meta["file"] else None, size=meta["bytes"],
        logs=[place(p) for p in meta["logs"]], log_names=list(meta["log_names"]),
        parts={name: place(file) for name, file in meta["parts"].items()})


@router.post("/upload/{token}")
async def start(token: str, request: Request) -> Response:
    user = await current_user(request, HR)
    form = await form_of(request, user)
    folder, meta = _meta(request, user, token)
    kind = meta["kind"]
    roles: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key.startswith("role__") and value in ROLE_OPTIONS:
            roles.setdefault(str(value), []).append(key.removeprefix("role__"))
    settings = settings_of(request)
    job_id = uuid.uuid4().hex
    target = settings.uploads_dir / job_id
    try:
        params, _ = _audit_params(kind, params_from_form(kind, form, roles), caller_of(user),
                                  "")
        params.pop("lang", None)
        received = _link_staged(folder, target, meta)
        audited = await run_in_threadpool(_check_parts, received, kind, params)
    except (AuditError, ApiError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        message = public_error(exc) if isinstance(exc, AuditError) else exc.message
        return await _preview(request, user, token, folder, meta, problem=message)
    for part, path in received.parts.items():
        params[part] = path.name  # read in the job's folder: no server path in documents
    shutil.rmtree(folder, ignore_errors=True)  # the client's names go with the staged upload

    def insert(session: Session) -> None:
        session.add(AuditJobRow(
            id=job_id, organisation=user.organisation, kind=kind, status="queued",
            system=str(params.get("system"))[:200], params=params, lang=user.lang,
            upload_path=str(audited), upload_name=audited.name, upload_bytes=received.size,
            created_by=f"u-{user.id}", created_at=utcnow(), attempts=0))

    await in_db(request, insert)
    request.state.resource_id = job_id
    return redirect(f"/hr/audits/{job_id}")


@router.get("/audits/{audit_id}/status")
async def status(audit_id: str, request: Request) -> Response:
    user, audit = await audit_as(request, HR, audit_id)
    return JSONResponse({"status": audit["status"], "progress": PROGRESS[audit["status"]],
                         "label": text("hr.progress_text", user.lang, status=text(
                             "status." + audit["status"], user.lang))})


@router.get("/audits/{audit_id}")
async def audit_page(audit_id: str, request: Request) -> Response:
    user, audit = await audit_as(request, HR, audit_id)
    if audit["status"] != "done":
        return page("hr_progress.html.j2", user.lang, user=user, audit=audit,
                    progress=PROGRESS[audit["status"]])
    history = (f"/hr/systems/{audit['system']}" if audit["kind"] == "hiring"
               and audit["system"] else None)
    return await report_page(request, user, audit, pdf=f"/hr/audits/{audit_id}/report.pdf",
                             history=history)


@router.get("/audits/{audit_id}/report.pdf")
async def audit_pdf(audit_id: str, request: Request) -> Response:
    user, audit = await audit_as(request, HR, audit_id)
    return await report_download(request, user, audit, f"audit-{audit_id}.pdf")


@router.get("/systems/{system}")
async def history(system: str, request: Request) -> Response:
    user = await current_user(request, HR)
    audits = await list_audits(request, user, done_only=True, system=system[:200])

    def points(session: Session) -> list[dict[str, Any]]:
        out = []
        for a in reversed(audits):
            if a["kind"] != "hiring":
                continue
            row = session.get(AuditJobRow, a["id"])
            facts = (row.result or {}).get("facts") or {} if row is not None else {}
            out.append({"id": a["id"], "at": a["finished_at"] or a["created_at"],
                        "value": facts.get("hiring.min_impact_ratio")})
        return out

    series = await in_db(request, points)
    if not series:
        raise PageError(404, "error.not_found")
    chart = line_chart([(p["at"].strftime("%Y-%m-%d %H:%M"), p["value"]) for p in series],
                       title=text("hr.min_ratio", user.lang), threshold=0.8, top=1.0,
                       lang=user.lang)
    return page("hr_history.html.j2", user.lang, user=user, system=system, series=series,
                chart=chart)


@router.get("/requests/{request_id}")
async def request_page(request_id: str, request: Request) -> Response:
    user = await current_user(request, HR)
    item = await own_request(request, user, request_id)
    audits = [a for a in await list_audits(request, user, done_only=True)
              if a["kind"] == item["audit_kind"]]
    return page("hr_request.html.j2", user.lang, user=user, item=item, audits=audits,
                done=request.query_params.get("done") == "1")


@router.post("/requests/{request_id}")
async def answer(request_id: str, request: Request) -> Response:
    user = await current_user(request, HR)
    form = await form_of(request, user)
    audit_id = str(form.get("audit_id", ""))
    text_ = str(form.get("answer", "")).strip()[:2000]

    def fulfil(session: Session) -> str | None:
        row = session.get(ReportRequestRow, request_id) if len(request_id) <= 64 else None
        if row is None or row.organisation != user.organisation:
            return "error.not_found"
        audit = session.get(AuditJobRow, audit_id) if audit_id else None
        if row.status == "fulfilled":
            return None
        if (audit is None or audit.organisation != user.organisation
                or audit.status != "done" or audit.kind != row.audit_kind):
            return "hr.no_audit"
        row.status, row.audit_id, row.answer = "fulfilled", audit.id, text_
        row.fulfilled_at, row.fulfilled_by = utcnow(), f"u-{user.id}"
        return None

    problem = await in_db(request, fulfil)
    if problem == "error.not_found":
        raise PageError(404, problem)
    if problem is not None:
        raise PageError(400, problem)
    return redirect(f"/hr/requests/{request_id}?done=1")
