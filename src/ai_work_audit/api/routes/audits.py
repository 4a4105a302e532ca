"""/v1/audits: submit audits (multipart upload), list them, read results and reports."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._cache import LRU
from ai_work_audit.api._db import AuditJobRow, session_scope, utcnow
from ai_work_audit.api._errors import ApiError, not_found, responses
from ai_work_audit.api._jobs import public_error
from ai_work_audit.api._keys import Role
from ai_work_audit.api._models import (
    AuditKind,
    AuditList,
    AuditPublic,
    AuditQueued,
    AuditStatus,
    AuditSummary,
)
from ai_work_audit.api._uploads import (
    ReceivedUpload,
    check_upload,
    parse_params,
    place_logs,
    receive_multipart,
    remove_folder,
)
from ai_work_audit.api.deps import (
    Caller,
    ReadAudits,
    RunAudits,
    SessionDep,
    SessionsDep,
    SettingsDep,
)
from ai_work_audit.disclosure import Register, mark_for_rendering, representative_view
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.kinds import kind_spec
from ai_work_audit.ledger import receipt_note, with_receipt

router = APIRouter(prefix="/audits", tags=["audits"])

UPLOAD_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "The export to audit: CSV, TSV, Parquet or JSON Lines."},
            "params": {"type": "string", "description": "A JSON object whose keys are the "
                       "CLI's long options with underscores, e.g. {\"outcome\": \"selected\", "
                       "\"group\": [\"sex\", \"race\"], \"exclude_under\": 0.02}; also "
                       "\"lang\" (en|fr) and \"no_ledger\" (true)."},
        }}}}}}
MONITORING_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object",
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "One log file (CSV, TSV, Parquet or JSON Lines) or HR export "
                     "to audit; or give several log files as 'files'."},
            "files": {"type": "array", "items": {"type": "string", "format": "binary"},
                      "description": "Several log files audited together, as the CLI audits a "
                      "folder (repeat the part; at most 200). With a mapping each file is read "
                      "by the mapping entry its name matches (e.g. logon.csv)."},
            "roster": {"type": "string", "format": "binary",
                       "description": "The HR roster (CLI --roster): worker ids, names, "
                       "e-mails, optional leave periods and group columns."},
            "company_policy": {"type": "string", "format": "binary",
                               "description": "The company monitoring policy "
                               "(company-policy/v1, CLI --company-policy)."},
            "params": UPLOAD_BODY["requestBody"]["content"]["multipart/form-data"]["schema"][
                "properties"]["params"],
        }}}}}}
SUBMIT_RESPONSES = responses(400, 401, 403, 413, 422, 501)
NO_FILE_MSG = "the form must have a 'file' part (the export to audit); got none instead."
NO_LOG_MSG = ("the form must have a 'file' part or one or more 'files' parts (the logs to "
              "audit); got none instead.")
BOTH_MSG = "give the logs either as one 'file' part or as 'files' parts; got both instead."
HIRING_PARTS_MSG = ("a hiring audit takes one 'file' part (and 'params'); got {what} parts "
                    "instead.")
ORG_PARAM_MSG = ("params.org must be your key's organisation (or be left out); got another "
                 "organisation instead.")
PATH_PARAM_MSG = ("params.{key} names a file on the server, which the service does not accept; "
                  "{hint}")
PATH_PARAMS = {
    "policy": "the default policy packs apply.", "policies": "the default policy packs apply.",
    "roster": "upload the roster as the form's 'roster' part instead.",
    "output": "the service keeps the result.",
    "company_policy": "upload the company policy as the form's 'company_policy' part instead.",
}
#: How an error names each uploaded part (never by the client's file name).
PART_LABELS = {"roster": "the uploaded roster", "company_policy": "the uploaded company policy"}
_NAME = re.compile(r"^[a-z0-9_-]{1,64}$")
LANG_MSG = "params.lang must be 'en' or 'fr'; got another value instead."
NOT_DONE_MSG = "the audit is {status}; its report exists once it is done."
KIND_MISSING_MSG = "{kind} audits are not available in this installation yet."
#: The engine options (issue 14): the service audits its uploads locally; a database URL or a
#: cluster given by a caller would let them reach other systems through the service.
ENGINE_PARAMS = ("engine", "spark_master", "spark_conf", "source", "table", "query", "explain")
ENGINE_PARAM_MSG = ("params.engine must be local in the service (it audits the uploaded file); "
                    "run --engine spark or sql from the command line or an audit spec.")

_SLACK = 1 << 20


def _kind_available(kind: str) -> None:
    """501 when the optional extra the kind needs is not installed (registry: ``extra``)."""
    try:
        kind_spec(kind).require_extra()
    except ConfigError:
        raise ApiError(501, KIND_MISSING_MSG.format(kind=kind)) from None


#: The ``system`` label of an upload whose params name none (issue 10: not its file name).
UNNAMED_SYSTEM = "unnamed system"


def _audit_params(kind: str, params: dict[str, Any], caller: Caller,
                  filename: str) -> tuple[dict[str, Any], str]:
    """Params as the audit reads them: organisation forced to the caller's; lang apart."""
    params = dict(params)
    for key, hint in PATH_PARAMS.items():
        if params.get(key) not in (None, [], ""):
            raise ConfigError(PATH_PARAM_MSG.format(key=key, hint=hint))
    mapping = params.get("mapping")
    if mapping is not None and (not isinstance(mapping, str) or not _NAME.match(mapping)):
        raise ConfigError(PATH_PARAM_MSG.format(
            key="mapping", hint="name a shipped mapping such as 'cert'."))
    lang = params.pop("lang", "en")
    if lang not in ("en", "fr"):
        raise ConfigError(LANG_MSG)
    for key in ("org", "organisation"):
        given = params.pop(key, None)
        if given is not None and given != caller.organisation:
            raise ConfigError(ORG_PARAM_MSG)
    params["org"] = caller.organisation
    if not isinstance(params.get("system"), str) or not params.get("system"):
        params["system"] = UNNAMED_SYSTEM  # never the file name: representatives see it
    engine_keys = sorted(k for k in ENGINE_PARAMS if k in params and k != "engine")
    if params.get("engine", "local") != "local" or engine_keys:
        raise ConfigError(ENGINE_PARAM_MSG)
    kind_spec(kind).options_from_params(params)
    return params, lang


async def _submit(kind: str, request: Request, caller: Caller, settings: Any,
                  factory: Any) -> AuditQueued:
    await run_in_threadpool(_kind_available, kind)
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > settings.max_upload_bytes + _SLACK:
        from ai_work_audit.api._uploads import TOO_LARGE_MSG

        raise ApiError(413, TOO_LARGE_MSG.format(limit=settings.max_upload_bytes))
    job_id = uuid.uuid4().hex
    folder = settings.uploads_dir / job_id
    try:
        received = await receive_multipart(request.headers.get("content-type", ""),
                                           request.stream(), folder, settings.max_upload_bytes)
        allowed = kind_spec(kind).upload_parts
        extra = (["files"] if received.logs else []) + list(received.parts)
        if [p for p in extra if p not in allowed]:
            raise InputError(HIRING_PARTS_MSG.format(what=", ".join(map(repr, extra))))
        if received.path is not None and received.logs:
            raise InputError(BOTH_MSG)
        if received.path is None and not received.logs:
            raise InputError(NO_LOG_MSG if "files" in allowed else NO_FILE_MSG)
        params, lang = _audit_params(kind, parse_params(received.fields.get("params")), caller,
                                     received.filename)
        target = await run_in_threadpool(_check_parts, received, kind, params)
        for part, path in received.parts.items():
            params[part] = path.name  # read in the job's folder: no server path in documents
        row = AuditJobRow(
            id=job_id, organisation=caller.organisation, kind=kind, status="queued",
            system=str(params.get("system"))[:200], params=params, lang=lang,
            upload_path=str(target), upload_name=target.name,
            upload_bytes=received.size, created_by=caller.key_id, created_at=utcnow(),
            attempts=0)

        def insert() -> None:
            with session_scope(factory) as session:
                session.add(row)

        await run_in_threadpool(insert)
    except BaseException:
        remove_folder(folder)
        raise
    request.state.resource_id = job_id
    return AuditQueued(id=job_id)


def _check_parts(received: ReceivedUpload, kind: str, params: dict[str, Any]) -> Path:
    """Check every uploaded part before queueing (a 400 naming the part, never its client
    name); place the log files after their mapping entries; the path the audit reads."""
    from ai_work_audit.sources import read_table, validate_company_policy_file

    if received.path is not None:
        try:
            check_upload(received.path, kind, params)
        except InputError as exc:
            raise ApiError(400, public_error(exc)) from None
        target = received.path
    else:
        logs = place_logs(received.logs, received.log_names, params.get("mapping"))
        for n, path in enumerate(logs, start=1):
            try:
                check_upload(path, kind, params)
            except InputError as exc:
                raise ApiError(400, public_error(
                    exc, f"the uploaded log file {n} of {len(logs)}")) from None
        target = logs[0].parent
    if "roster" in received.parts:
        try:
            read_table(received.parts["roster"])
        except InputError as exc:
            raise ApiError(400, public_error(exc, PART_LABELS["roster"])) from None
    if "company_policy" in received.parts:
        problems = validate_company_policy_file(received.parts["company_policy"])
        if problems:
            name = received.parts["company_policy"].name
            raise ApiError(400, public_error(InputError(
                [p.replace(str(received.parts["company_policy"]), name) for p in problems]),
                PART_LABELS["company_policy"]))
    return target


@router.post("/hiring", status_code=202, response_model=AuditQueued, responses=SUBMIT_RESPONSES,
             openapi_extra=UPLOAD_BODY, summary="Submit a hiring audit (hr_analyst)")
async def submit_hiring(request: Request, caller: RunAudits, settings: SettingsDep,
                        factory: SessionsDep) -> AuditQueued:
    """Upload a hiring export and its options; the audit runs in a worker process."""
    return await _submit("hiring", request, caller, settings, factory)


@router.post("/monitoring", status_code=202, response_model=AuditQueued,
             responses=SUBMIT_RESPONSES, openapi_extra=MONITORING_BODY,
             summary="Submit a monitoring audit (hr_analyst)")
async def submit_monitoring(request: Request, caller: RunAudits, settings: SettingsDep,
                            factory: SessionsDep) -> AuditQueued:
    """Upload a monitoring log — one file, or several log files as 'files' parts — with,
    optionally, the roster ('roster') and the company policy ('company_policy'), and the
    options; the audit runs in a worker process, as the CLI's on the same files."""
    return await _submit("monitoring", request, caller, settings, factory)


@router.get("", response_model=AuditList, responses=responses(401, 403, 422),
            summary="List the organisation's audits")
def list_audits(
    caller: ReadAudits, session: SessionDep,
    status: Annotated[AuditStatus | None, Query()] = None,
    kind: Annotated[AuditKind | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    query = select(AuditJobRow).where(AuditJobRow.organisation == caller.organisation)
    if status is not None:
        query = query.where(AuditJobRow.status == status)
    if kind is not None:
        query = query.where(AuditJobRow.kind == kind)
    rows = session.scalars(query.order_by(AuditJobRow.created_at.desc()).limit(limit)).all()
    return {"items": [_summary(r) for r in rows]}


def _summary(row: AuditJobRow) -> dict[str, Any]:
    return {"id": row.id, "kind": row.kind, "status": row.status, "system": row.system,
            "created_at": row.created_at, "finished_at": row.finished_at}


def _snapshot(factory: sessionmaker[Session], audit_id: str) -> dict[str, Any] | None:
    with factory() as session:
        row = session.get(AuditJobRow, audit_id)
        if row is None:
            return None
        return {**_summary(row), "organisation": row.organisation, "result": row.result,
                "error": row.error}


async def _own_audit(request: Request, factory: sessionmaker[Session], caller: Caller,
                     audit_id: str) -> dict[str, Any]:
    """The audit (a snapshot; finished ones are cached, being immutable) or 404."""
    cache: LRU[str, dict[str, Any]] = request.app.state.done_audits
    found = cache.get(audit_id)
    if found is None and len(audit_id) <= 64:
        found = await run_in_threadpool(_snapshot, factory, audit_id)
        if found is not None and found["status"] in ("done", "failed"):
            cache.put(audit_id, found)
    if found is None or found["organisation"] != caller.organisation:
        raise not_found("audit")
    return found


def view_of(document: dict[str, Any], caller: Caller, k: int, workspace: Path | None = None
            ) -> dict[str, Any]:
    """What ``caller`` may see of a document: worker representatives get aggregates only,
    checked against their organisation's release register (the one the CLI uses); a release
    carries the evidence log's receipt."""
    if caller.role is Role.worker_rep:
        view = representative_view(document, k, Register(caller.organisation, workspace))
        return with_receipt(view, caller.organisation)
    return document


def _public_json(audit: dict[str, Any], caller: Caller, k: int, workspace: Path | None = None
                 ) -> bytes:
    result = None
    if audit["status"] == "done" and audit["result"] is not None:
        result = view_of(audit["result"], caller, k, workspace)
    public = AuditPublic(**{key: audit[key] for key in AuditSummary.model_fields},
                         result=result, error=audit["error"])
    return public.model_dump_json().encode()


@router.get("/{id}", response_model=AuditPublic, responses=responses(401, 403, 404, 422),
            summary="Read an audit: status and result")
async def read_audit(id: str, caller: ReadAudits, settings: SettingsDep, factory: SessionsDep,
                     request: Request) -> Response:
    audit = await _own_audit(request, factory, caller, id)
    view = "suppressed" if caller.role is Role.worker_rep else "full"
    key = (id, "json", view, str(settings.min_cell))
    views: LRU[tuple[str, ...], bytes | str] = request.app.state.views
    body = views.get(key)
    if body is None:
        body = await run_in_threadpool(_public_json, audit, caller, settings.min_cell,
                                       settings.workspace)
        if audit["status"] in ("done", "failed"):
            views.put(key, body)
    return Response(content=body, media_type="application/json")


Format = Literal["html", "pdf", "md"]
Lang = Literal["en", "fr"]
MEDIA = {"html": "text/html; charset=utf-8", "pdf": "application/pdf",
         "md": "text/markdown; charset=utf-8"}
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The report.", "content": {
        "text/html": {"schema": {"type": "string"}},
        "application/pdf": {"schema": {"type": "string", "format": "binary"}},
        "text/markdown": {"schema": {"type": "string"}}}},
    **responses(401, 403, 404, 409, 422, 501),
}


def render_report(kind: str, document: dict[str, Any], fmt: Format, lang: Lang) -> bytes | str:
    """The kind's report renderer (registry) on ``document``."""
    return kind_spec(kind).render(document, fmt, lang)


@router.get("/{id}/report", response_class=Response, responses=REPORT_RESPONSES,
            summary="Render an audit's report (suppressed view for worker representatives)")
async def read_report(id: str, caller: ReadAudits, settings: SettingsDep, factory: SessionsDep,
                      request: Request, format: Annotated[Format, Query()] = "html",
                      lang: Annotated[Lang, Query()] = "en") -> Response:
    audit = await _own_audit(request, factory, caller, id)
    if audit["status"] != "done" or audit["result"] is None:
        raise ApiError(409, NOT_DONE_MSG.format(status=audit["status"]))
    suppressed = caller.role is Role.worker_rep
    key = (id, "report", "suppressed" if suppressed else "full", str(settings.min_cell), format,
           lang)
    views: LRU[tuple[str, ...], bytes | str] = request.app.state.views
    body = views.get(key)
    if body is None:
        document = audit["result"]
        if suppressed:
            document = receipt_note(mark_for_rendering(
                view_of(document, caller, settings.min_cell, settings.workspace), lang), lang)
        body = await run_in_threadpool(render_report, audit["kind"], document, format, lang)
        views.put(key, body)
    return Response(content=body, media_type=MEDIA[format])
