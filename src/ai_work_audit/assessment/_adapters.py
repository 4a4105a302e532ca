"""Adapters at the boundary: audit documents → ``AuditFacts``, evidence entries → ``EvidenceItem``.

Inputs are normalised once here (style.md); indicators then read metrics and findings only.
Hiring documents (``hiring-audit/v1``): their top-level ``facts`` (computed once by the
audit), else — for documents recorded before ``facts`` — the hiring audit's own fact function
over their tables. Monitoring documents (``monitoring-audit/v1``): the ``facts`` object when
present, else the metrics of the findings.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ai_work_audit.errors import EvidenceError
from ai_work_audit.findings import Finding, MetricValue, Outcome, Severity
from ai_work_audit.hiring import RateTable, compute_audit_facts
from ai_work_audit.indicators import AuditFacts, EvidenceItem
from ai_work_audit.ledger import EvidenceEntry
from ai_work_audit.ledger._digest import canonical_json, sha256_bytes

HIRING_SCHEMA = "ai-work-audit/hiring-audit/v1"
MONITORING_SCHEMA = "ai-work-audit/monitoring-audit/v1"
# --- access ---
ACCESS_SCHEMA = "ai-work-audit/access-audit/v1"
SUPPLY_CHAIN_SCHEMA = "ai-work-audit/supply-chain-audit/v1"
#: The processes of an access-audit document (its ``process`` field names the kind).
ACCESS_PROCESSES = ("training", "promotion", "decision_roles")
KIND_OF_SCHEMA = {HIRING_SCHEMA: "hiring", MONITORING_SCHEMA: "monitoring",
                  SUPPLY_CHAIN_SCHEMA: "supply_chain"}
ENTRY_URI_PREFIX = "urn:ai-work-audit:evidence:"

MSG_SCHEMA = (
    "an audit document must carry schema {allowed}; got {got} instead. Only hiring, "
    "monitoring, equal-access and supply-chain audits are evidence for the indicators."
)
MSG_DATE = "{what} of evidence entry seq {seq} must be an ISO-8601 date; got another text."


def document_sha256(document: Mapping[str, Any]) -> str:
    """SHA-256 of an audit document's canonical JSON (sorted keys, no whitespace)."""
    return sha256_bytes(canonical_json(_jsonable(document)))


def _jsonable(value: Any) -> Any:
    """The document with non-finite floats replaced by None (canonical JSON refuses NaN)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _when(value: Any, fallback: datetime | None = None) -> datetime | None:
    """A timezone-aware datetime from ISO text (``Z`` accepted; naive taken as UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value.strip():
        return fallback
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return fallback
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- hiring ------------------------------------------------------------------------------------


def hiring_document_facts(document: Mapping[str, Any]) -> dict[str, MetricValue]:
    """The audit-scope facts of a hiring document: its top-level ``facts``.

    A document recorded before documents carried ``facts`` gets them from the same function
    the audit uses (``hiring.compute_audit_facts``) over its tables, parameters and model
    metrics — never a second definition.
    """
    facts = document.get("facts")
    if isinstance(facts, Mapping):
        return {str(k): v for k, v in facts.items()}
    tables = document.get("tables")
    parameters = document.get("parameters")
    model_metrics = document.get("model_metrics")
    return compute_audit_facts(
        [RateTable.from_dict(t) for t in tables if isinstance(t, Mapping)]
        if isinstance(tables, list) else [],
        parameters if isinstance(parameters, Mapping) else {},
        [m for m in model_metrics if isinstance(m, Mapping)]
        if isinstance(model_metrics, list) else [],
    )


def hiring_metrics(document: Mapping[str, Any]) -> dict[str, float | int | None]:
    """The numeric audit facts of a hiring document (indicators 4.1, 4.3 and 4.4 read them);
    booleans and texts are left out, a fact without a value stays None."""
    out: dict[str, float | int | None] = {}
    for key, value in hiring_document_facts(document).items():
        number = _number(value)
        if number is not None or value is None:
            out[key] = number
    return out


# --- monitoring --------------------------------------------------------------------------------


def monitoring_metrics(document: Mapping[str, Any]) -> dict[str, float | int | None]:
    """Facts of a monitoring document: its ``facts`` object, else its findings' metrics."""
    out: dict[str, float | int | None] = {}
    facts = document.get("facts")
    if isinstance(facts, Mapping):
        for key, value in facts.items():
            if (number := _number(value)) is not None:
                out[str(key)] = number
    else:
        for item in document.get("findings") or []:
            metrics = item.get("metrics") if isinstance(item, Mapping) else None
            for key, value in (metrics or {}).items():
                if (number := _number(value)) is not None:
                    out.setdefault(str(key), number)
        surveillance = document.get("surveillance")
        if isinstance(surveillance, Mapping):
            share = _number(surveillance.get("off_hours_share"))
            if share is not None:
                out.setdefault("surveillance.off_hours_share", share)
    return out


def supply_chain_people(document: Mapping[str, Any], metrics: Mapping[str, Any]) -> int:
    """Workers of a supply-chain audit: its ``supply_chain.workers`` fact."""
    return int(metrics.get("supply_chain.workers") or 0)


def hiring_people(document: Mapping[str, Any], metrics: Mapping[str, Any]) -> int:
    """People of a hiring audit: its ``hiring.people`` fact."""
    return int(metrics.get("hiring.people") or 0)


def monitoring_people(document: Mapping[str, Any],
                      metrics: Mapping[str, Any] | None = None) -> int:
    data = document.get("input")
    workers = _number(data.get("workers")) if isinstance(data, Mapping) else None
    return int(workers) if workers is not None and workers >= 0 else 0


# --- findings and documents ---------------------------------------------------------------------


def finding_from_dict(data: Mapping[str, Any]) -> Finding | None:
    """A Finding from its JSON form (contracts.md, Findings); None when it is not one."""
    try:
        metrics = data.get("metrics") or {}
        return Finding(
            rule=str(data["rule"]),
            policy=str(data.get("policy", "")),
            policy_version=str(data.get("policy_version", "")),
            commitment=int(data.get("commitment", 0)),
            severity=Severity(data.get("severity", "info")),
            outcome=Outcome(data.get("outcome", "not_available")),
            message=str(data.get("message", "")),
            refs=tuple(str(r) for r in data.get("refs") or ()),
            metrics={str(k): v for k, v in metrics.items()
                     if v is None or isinstance(v, bool | int | float | str)},
            legal_basis=tuple(str(b) for b in data.get("legal_basis") or ()),
            scope=data.get("scope") if isinstance(data.get("scope"), str) else None,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


#: How the facts and the people of each kind's recorded documents are read.
DOCUMENT_READERS: dict[str, tuple[Callable[[Mapping[str, Any]], dict[str, float | int | None]],
                                  Callable[[Mapping[str, Any], Mapping[str, Any]], int]]] = {
    "hiring": (hiring_metrics, hiring_people),
    "monitoring": (monitoring_metrics, monitoring_people),
    # equal-access documents are hiring-shaped; supply-chain ones carry ``facts``
    **{process: (hiring_metrics, hiring_people) for process in ACCESS_PROCESSES},
    "supply_chain": (monitoring_metrics, supply_chain_people),
}


def audit_kind(document: Mapping[str, Any]) -> str:
    """``hiring`` or ``monitoring``, from the document's schema id."""
    kind = KIND_OF_SCHEMA.get(str(document.get("schema")))
    if document.get("schema") == ACCESS_SCHEMA and document.get("process") in ACCESS_PROCESSES:
        kind = str(document["process"])
    if kind is None:
        got = "no schema" if "schema" not in document else "another schema id"
        raise EvidenceError(MSG_SCHEMA.format(allowed=" or ".join([*KIND_OF_SCHEMA, ACCESS_SCHEMA]),
                                              got=got))
    return kind


def audit_facts_from_document(
    document: Mapping[str, Any],
    *,
    run_uri: str,
    system: str | None = None,
    created_at: datetime | None = None,
    sha256: str | None = None,
) -> AuditFacts:
    """``AuditFacts`` of one recorded audit document (hiring or monitoring).

    ``run_uri`` is the evidence uri (``mlflow-run:<id>``); the digest defaults to the
    SHA-256 of the document's canonical JSON; the date to the document's ``created_at``.
    """
    kind = audit_kind(document)
    metrics_of, people_of = DOCUMENT_READERS[kind]
    metrics = metrics_of(document)
    people = people_of(document, metrics)
    findings = [
        f for item in document.get("findings") or []
        if isinstance(item, Mapping) and (f := finding_from_dict(item)) is not None
    ]
    name = system or document.get("system") or (document.get("input") or {}).get("name")
    when = created_at or _when(document.get("created_at"))
    if when is None:
        raise EvidenceError("an audit document must carry created_at (ISO-8601); got none.")
    return AuditFacts(
        kind=kind,
        system=str(name or "unnamed system"),
        run_uri=run_uri,
        sha256=sha256 or document_sha256(document),
        created_at=when,
        metrics=metrics,
        findings=tuple(findings),
        people=people,
    )


# --- declared evidence ---------------------------------------------------------------------------


def entry_uri(entry: EvidenceEntry) -> str:
    """The uri an entry is cited by: its own uri, else a URN naming the entry."""
    return entry.uri or f"{ENTRY_URI_PREFIX}{entry.entry_id}"


def _entry_date(value: str | None, seq: int, what: str, *, end_of_day: bool) -> datetime | None:
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            if end_of_day and day == date.max:  # a stored far-future expiry: clamped, no crash
                return datetime.max.replace(tzinfo=UTC)
            return start + timedelta(days=1) if end_of_day else start
    except ValueError:
        raise EvidenceError(MSG_DATE.format(what=what, seq=seq)) from None
    parsed = _when(text)
    if parsed is None:
        raise EvidenceError(MSG_DATE.format(what=what, seq=seq))
    return parsed


def evidence_item_from_entry(entry: EvidenceEntry) -> EvidenceItem | None:
    """An ``EvidenceItem`` from a declared entry of the evidence log; None for audit runs.

    A date-only ``expires_at`` runs to the end of that day (UTC); a date-only ``collected_at``
    starts at 00:00 UTC.
    """
    if entry.kind != "declared":
        return None
    collected = _entry_date(entry.collected_at, entry.seq, "collected_at", end_of_day=False)
    assert collected is not None
    method = entry.method if entry.method in ("test", "examine", "interview") else "examine"
    return EvidenceItem(
        indicator=entry.indicator,
        collected_at=collected,
        level=entry.level,
        value=entry.value,
        not_applicable=entry.not_applicable,
        uri=entry_uri(entry),
        sha256=entry.file_sha256,
        method=method,  # type: ignore[arg-type]
        expires_at=_entry_date(entry.expires_at, entry.seq, "expires_at", end_of_day=True),
    )
