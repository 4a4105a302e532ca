"""Compliance officer: the pledge dashboard (six commitments as charts), indicator detail,
attaching evidence, exports, evidence expiring within 60 days."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from ai_work_audit.api._keys import Role
from ai_work_audit.errors import AuditError
from ai_work_audit.web._charts import bar_chart
from ai_work_audit.web._core import PageError, current_user, form_of, redirect, sessions_of
from ai_work_audit.web._i18n import text
from ai_work_audit.web._render import page
from ai_work_audit.web._sessions import WebUser

router = APIRouter(prefix="/compliance", include_in_schema=False)
CO = Role.compliance_officer
EXPIRING_DAYS: Final = 60
MAX_EVIDENCE: Final = 50 << 20
LEVELS: Final = (0, 25, 50, 75, 100)


def _period(request: Request) -> str:
    from ai_work_audit.indicators import parse_period

    period = request.query_params.get("period") or str(datetime.now(UTC).year)
    try:
        parse_period(period)
    except AuditError:
        raise PageError(400, "error.input", message=text("common.period", "en")) from None
    return period


async def _assessment(request: Request, user: WebUser, period: str) -> dict[str, Any]:
    """The self-assessment as ``GET /v1/self-assessments/{period}`` builds it, with receipt."""
    from ai_work_audit.api.routes.assessments import build_document
    from ai_work_audit.ledger import with_receipt

    def work() -> dict[str, Any]:
        document = build_document(sessions_of(request), user.organisation, period)
        result: dict[str, Any] = with_receipt(document, user.organisation)
        return result

    return await run_in_threadpool(work)


def _expired(indicator: dict[str, Any], now: datetime) -> bool:
    dates = [e.get("expires_at") for e in indicator.get("evidence") or []]
    return bool(dates) and all(d and _date(d) < now for d in dates)


def _date(value: str) -> datetime:
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _state(indicator: dict[str, Any], now: datetime) -> str:
    if indicator["state"] == "inconclusive" and _expired(indicator, now):
        return "expired"
    return str(indicator["state"])


def _change_key(indicator: dict[str, Any], state: str) -> str:
    if state == "scored":
        full = (indicator.get("score") or 0) >= 100
        return "compliance.change.scored_full" if full else "compliance.change.scored_low"
    return f"compliance.change.{state}"


def _title(item: dict[str, Any], lang: str) -> str:
    title = item.get("title") or {}
    return str(title.get(lang) or title.get("en") or item["id"]) if isinstance(
        title, dict) else str(title)


@router.get("")
async def dashboard(request: Request) -> Response:
    user = await current_user(request, CO)
    period = _period(request)
    document = await _assessment(request, user, period)
    lang = user.lang
    now = datetime.now(UTC)
    commitments = document["commitments"]
    labels = [f"{c['id']}. {_title(c, lang)}" for c in commitments]
    scores = bar_chart(list(zip(labels, [c.get("score") for c in commitments], strict=True)),
                       title=text("compliance.scores_chart", lang), top=100, lang=lang,
                       threshold=80)
    coverage = bar_chart(list(zip(labels, [None if c.get("coverage") is None
                                           else 100 * c["coverage"] for c in commitments],
                                      strict=True)),
                         title=text("compliance.coverage_chart", lang), top=100, lang=lang,
                         threshold=60)
    rows = []
    for c in commitments:
        indicators = [{**i, "shown_state": _state(i, now), "label": _title(i, lang)}
                      for i in c["indicators"]]
        rows.append({**c, "label": _title(c, lang), "indicators": indicators})
    expiring = await run_in_threadpool(_expiring, user.organisation, now)
    return page("compliance_home.html.j2", user.lang, user=user, period=period,
                commitments=rows, scores=scores, coverage=coverage, expiring=expiring)


def _expiring(organisation: str, now: datetime) -> list[dict[str, Any]]:
    from ai_work_audit.ledger import list_evidence

    limit = now + timedelta(days=EXPIRING_DAYS)
    out = []
    for entry in list_evidence(organisation):
        data = entry.to_dict()
        expires = data.get("expires_at")
        if expires and now <= _date(expires) <= limit:
            out.append({"indicator": data["indicator"], "expires_at": expires[:10],
                        "sha256": data.get("file_sha256"), "file_name": data.get("file_name")})
    return sorted(out, key=lambda e: e["expires_at"])


@router.get("/indicators/{indicator_id}")
async def indicator(indicator_id: str, request: Request) -> Response:
    user = await current_user(request, CO)
    period = _period(request)
    document = await _assessment(request, user, period)
    now = datetime.now(UTC)
    for c in document["commitments"]:
        for item in c["indicators"]:
            if item["id"] == indicator_id:
                state = _state(item, now)
                hint = item.get("hint") or {}
                return page("compliance_indicator.html.j2", user.lang, user=user,
                            period=period, item=item, state=state,
                            label=_title(item, user.lang), change=_change_key(item, state),
                            hint=hint.get(user.lang) or hint.get("en") or "")
    raise PageError(404, "error.not_found")


@router.get("/evidence")
async def evidence_form(request: Request) -> Response:
    user = await current_user(request, CO)
    return page("compliance_evidence.html.j2", user.lang, user=user, levels=LEVELS,
                indicator=request.query_params.get("indicator", ""), problem=None,
                stored=request.query_params.get("stored"))


@router.post("/evidence")
async def evidence_add(request: Request) -> Response:
    user = await current_user(request, CO)
    form = await form_of(request, user)
    from ai_work_audit import ledger

    upload = form.get("file")
    content = file_name = None
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(MAX_EVIDENCE + 1)
        file_name = upload.filename.rsplit("/", 1)[-1][:200]
    level = str(form.get("level", "")).strip()
    value = str(form.get("value", "")).strip()
    expires = str(form.get("expires", "")).strip() or None
    kwargs: dict[str, Any] = {}
    if level:
        kwargs["level"] = int(level) if level.isdigit() else level
    elif value:
        kwargs["value"] = value
    try:
        if content is not None and len(content) > MAX_EVIDENCE:
            raise AuditError("the file must be at most 50 MiB; got a larger one instead.")
        entry = await run_in_threadpool(lambda: ledger.add_evidence(
            organisation=user.organisation, indicator=str(form.get("indicator", "")).strip(),
            content=content, file_name=file_name, method=str(form.get("method") or "examine"),
            expires_at=expires, added_by=f"web:u-{user.id}", **kwargs))
    except AuditError as exc:
        return page("compliance_evidence.html.j2", user.lang, status=400, user=user,
                    levels=LEVELS, indicator=str(form.get("indicator", "")), problem=str(exc),
                    stored=None)
    request.state.resource_id = entry.entry_id
    stored = entry.to_dict()
    return redirect("/compliance/evidence?stored="
                    + str(stored.get("file_sha256") or stored.get("entry_hash") or ""))


@router.get("/export.{fmt}")
async def export(fmt: str, request: Request) -> Response:
    user = await current_user(request, CO)
    period = _period(request)
    if fmt not in ("pdf", "json", "oscal.json"):
        raise PageError(404, "error.not_found")
    document = await _assessment(request, user, period)
    name = f"self-assessment-{user.organisation}-{period}"
    if fmt == "json":
        return Response(json.dumps(document, ensure_ascii=False, indent=1),
                        media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}.json"'})
    from ai_work_audit.reports import render_oscal, render_self_assessment

    if fmt == "pdf":
        lang: Any = user.lang

        def render() -> bytes:
            return render_self_assessment(document, "pdf", lang)

        body = await run_in_threadpool(render)
        return Response(body, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
    oscal = await run_in_threadpool(render_oscal, document)
    return Response(oscal, media_type="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}.oscal.json"'})
