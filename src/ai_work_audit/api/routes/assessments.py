"""/v1/self-assessments/{period} and /v1/consolidated/{period}: thin calls into the library.

The service adds one fact of its own: the report-request log (indicator 1.3). Each document
carries the evidence log's receipt (``disclosure.receipt``, contracts.md "Receipts").

``?format=`` json (default), html, md, pdf or oscal (NIST OSCAL assessment-results, a
self-assessment only: it describes one organisation's assessment); anything else is a 400
naming the allowed formats. ``?audience=representative`` builds the release for worker
representatives: every audit's figures are those of its representative view, checked against
the organisation's release register (``assessment.build_self_assessment``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._db import ReportRequestRow
from ai_work_audit.api._errors import ApiError, responses
from ai_work_audit.api._requests import request_log_facts
from ai_work_audit.api.deps import Admin, Compliance, SessionsDep, SettingsDep
from ai_work_audit.indicators import parse_period
from ai_work_audit.ledger import with_receipt

router = APIRouter(tags=["self-assessment"])

MISSING_MSG = "self-assessments are not available in this installation yet."
DOC_SCHEMA = {"type": "object", "additionalProperties": True}


def _assessment_module() -> Any:
    try:
        from ai_work_audit import assessment
    except ImportError:
        raise ApiError(501, MISSING_MSG) from None
    if not hasattr(assessment, "collect_audit_facts"):
        raise ApiError(501, MISSING_MSG)
    return assessment


def _requests_of(factory: sessionmaker[Session], organisation: str
                 ) -> list[tuple[datetime, datetime | None]]:
    with factory() as session:
        rows = session.execute(select(ReportRequestRow.requested_at,
                                      ReportRequestRow.fulfilled_at).where(
            ReportRequestRow.organisation == organisation)).all()
    return [(r[0], r[1]) for r in rows]


ASSESSMENT_FORMATS = ("json", "html", "md", "pdf", "oscal")
CONSOLIDATED_FORMATS = ("json", "html", "md", "pdf")
AUDIENCES = ("full", "representative")
FORMAT_MSG = "format must be one of {allowed}; got another value instead."
AUDIENCE_MSG = "audience must be one of full, representative; got another value instead."
MEDIA = {"json": "application/json", "html": "text/html; charset=utf-8",
         "md": "text/markdown; charset=utf-8", "pdf": "application/pdf",
         "oscal": "application/json"}
FormatQuery = Query(description="json (default), html, md, pdf or oscal (self-assessments "
                    "only); another value is a 400 naming these.")
AudienceQuery = Query(description="full (default) or representative: the release for worker "
                      "representatives, scored from the audits' representative views.")
LangQuery = Query(description="Report language of html, md and pdf: en or fr.")


def _checked(value: str, allowed: tuple[str, ...], message: str) -> str:
    if value not in allowed:
        raise ApiError(400, message.format(allowed=", ".join(allowed)))
    return value


def render(document: dict[str, Any], fmt: str, lang: str, consolidated: bool) -> bytes:
    """A released document as ``fmt``: JSON as it is, OSCAL, or the rendered report with its
    receipt section (HTML, Markdown; a PDF from the HTML with it)."""
    import json

    from ai_work_audit import reports
    from ai_work_audit.ledger import append_receipt_section

    if fmt == "json":
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt == "oscal":
        return reports.render_oscal(document).encode()
    kind: Literal["md", "html"] = "md" if fmt == "md" else "html"
    language: Literal["en", "fr"] = "fr" if lang == "fr" else "en"
    text = (reports.render_consolidated(document, kind, language) if consolidated
            else reports.render_self_assessment(document, kind, language))
    text = append_receipt_section(text, document, kind, lang)
    if fmt == "pdf":
        from ai_work_audit.reports._pdf import html_to_pdf

        return html_to_pdf(text)
    return text.encode()


def build_document(factory: sessionmaker[Session], organisation: str,
                   period: str, audience: str = "full", k: int = 10) -> dict[str, Any]:
    """The self-assessment document of ``organisation`` for ``period``: the workspace's
    evidence and audit runs (assessment/), plus the service's report-request log (1.3); for
    representatives (``audience``), from the audits' representative views."""
    assessment = _assessment_module()
    from ai_work_audit.indicators import load_framework, score_self_assessment

    as_of = assessment.default_as_of(period)
    facts = list(assessment.collect_audit_facts(
        organisation, k=k if audience == "representative" else None))
    requests = request_log_facts(_requests_of(factory, organisation), period, as_of)
    if requests is not None:
        facts.append(requests)
    result = score_self_assessment(
        load_framework(), organisation=organisation, period=period,
        evidence=assessment.collect_evidence(organisation), audit_facts=facts, as_of=as_of)
    document: dict[str, Any] = assessment.with_audience(result.to_dict(), audience, k)
    return document


DOC_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The document (format=json, oscal) or its report (html, md, pdf).",
          "content": {"application/json": {"schema": DOC_SCHEMA},
                      "text/html": {"schema": {"type": "string"}},
                      "text/markdown": {"schema": {"type": "string"}},
                      "application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
}


@router.get("/self-assessments/{period}", response_class=JSONResponse,
            responses={**DOC_RESPONSES, **responses(400, 401, 403, 422, 501)},
            summary="Build the organisation's self-assessment (JSON, HTML, Markdown, PDF, OSCAL)")
async def self_assessment(period: str, caller: Compliance, factory: SessionsDep,
                          settings: SettingsDep, format: Annotated[str, FormatQuery] = "json",
                          audience: Annotated[str, AudienceQuery] = "full",
                          lang: Annotated[Literal["en", "fr"], LangQuery] = "en") -> Response:
    """``ai-work-audit/self-assessment/v1`` for the caller's organisation and ``period``, or
    its report; ``audience=representative`` for the release to worker representatives."""
    fmt = _checked(format, ASSESSMENT_FORMATS, FORMAT_MSG)
    _checked(audience, AUDIENCES, AUDIENCE_MSG)
    parse_period(period)
    document = await run_in_threadpool(build_document, factory, caller.organisation, period,
                                       audience, settings.min_cell)
    document = await run_in_threadpool(with_receipt, document, caller.organisation)
    body = await run_in_threadpool(render, document, fmt, lang, False)
    return Response(content=body, media_type=MEDIA[fmt])


def build_consolidated(factory: sessionmaker[Session], period: str, audience: str = "full",
                       k: int = 10) -> dict[str, Any]:
    """Consolidate the self-assessments of every organisation with evidence, audit runs or
    report requests (for representatives: their representative self-assessments)."""
    assessment = _assessment_module()
    from ai_work_audit.indicators import consolidate

    with factory() as session:
        orgs = set(session.scalars(select(ReportRequestRow.organisation).distinct()).all())
    orgs |= set(assessment.organisations())
    documents = [build_document(factory, org, period, audience, k) for org in sorted(orgs)]
    out: dict[str, Any] = assessment.with_audience(consolidate(documents, period=period),
                                                   audience, k)
    return out


@router.get("/consolidated/{period}", response_class=JSONResponse,
            responses={**DOC_RESPONSES, **responses(400, 401, 403, 422, 501)},
            summary="Consolidated report across organisations (JSON, HTML, Markdown, PDF)")
async def consolidated(period: str, caller: Admin, factory: SessionsDep, settings: SettingsDep,
                       format: Annotated[str, FormatQuery] = "json",
                       audience: Annotated[str, AudienceQuery] = "full",
                       lang: Annotated[Literal["en", "fr"], LangQuery] = "en") -> Response:
    """``ai-work-audit/consolidated/v1``: figures resting on too few organisations suppressed;
    or its report. OSCAL describes one organisation's assessment: not offered here."""
    fmt = _checked(format, CONSOLIDATED_FORMATS, FORMAT_MSG)
    _checked(audience, AUDIENCES, AUDIENCE_MSG)
    parse_period(period)
    document = await run_in_threadpool(build_consolidated, factory, period, audience,
                                       settings.min_cell)
    document = await run_in_threadpool(with_receipt, document, None)
    body = await run_in_threadpool(render, document, fmt, lang, True)
    return Response(content=body, media_type=MEDIA[fmt])
