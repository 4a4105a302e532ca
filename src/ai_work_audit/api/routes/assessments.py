"""/v1/self-assessments/{period} and /v1/consolidated/{period}: thin calls into the library.

The service adds one fact of its own: the report-request log (indicator 1.3). Each document
carries the evidence log's receipt (``disclosure.receipt``, contracts.md "Receipts").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._db import ReportRequestRow
from ai_work_audit.api._errors import ApiError, responses
from ai_work_audit.api._requests import request_log_facts
from ai_work_audit.api.deps import Admin, Compliance, SessionsDep
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


def build_document(factory: sessionmaker[Session], organisation: str,
                   period: str) -> dict[str, Any]:
    """The self-assessment document of ``organisation`` for ``period``: the workspace's
    evidence and audit runs (assessment/), plus the service's report-request log (1.3)."""
    assessment = _assessment_module()
    from ai_work_audit.indicators import load_framework, score_self_assessment

    as_of = assessment.default_as_of(period)
    facts = list(assessment.collect_audit_facts(organisation))
    requests = request_log_facts(_requests_of(factory, organisation), period, as_of)
    if requests is not None:
        facts.append(requests)
    result = score_self_assessment(
        load_framework(), organisation=organisation, period=period,
        evidence=assessment.collect_evidence(organisation), audit_facts=facts, as_of=as_of)
    document: dict[str, Any] = result.to_dict()
    return document


DOC_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The document.", "content": {"application/json": {
        "schema": DOC_SCHEMA}}},
}


@router.get("/self-assessments/{period}", responses={**DOC_RESPONSES,
            **responses(401, 403, 422, 501)}, summary="Build the organisation's self-assessment")
async def self_assessment(period: str, caller: Compliance, factory: SessionsDep
                          ) -> dict[str, Any]:
    """``ai-work-audit/self-assessment/v1`` for the caller's organisation and ``period``."""
    parse_period(period)
    document = await run_in_threadpool(build_document, factory, caller.organisation, period)
    return await run_in_threadpool(with_receipt, document, caller.organisation)


def build_consolidated(factory: sessionmaker[Session], period: str) -> dict[str, Any]:
    """Consolidate the self-assessments of every organisation with evidence, audit runs or
    report requests."""
    assessment = _assessment_module()
    from ai_work_audit.indicators import consolidate

    with factory() as session:
        orgs = set(session.scalars(select(ReportRequestRow.organisation).distinct()).all())
    orgs |= set(assessment.organisations())
    documents = [build_document(factory, org, period) for org in sorted(orgs)]
    return consolidate(documents, period=period)


@router.get("/consolidated/{period}", responses={**DOC_RESPONSES,
            **responses(401, 403, 422, 501)}, summary="Consolidated report across organisations")
async def consolidated(period: str, caller: Admin, factory: SessionsDep) -> dict[str, Any]:
    """``ai-work-audit/consolidated/v1``: figures resting on too few organisations suppressed."""
    parse_period(period)
    document = await run_in_threadpool(build_consolidated, factory, period)
    return await run_in_threadpool(with_receipt, document, None)
