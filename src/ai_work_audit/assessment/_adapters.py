"""Adapters at the boundary: audit documents → ``AuditFacts``, evidence entries → ``EvidenceItem``.

Inputs are normalised once here (style.md); indicators then read metrics and findings only.
Hiring documents (``hiring-audit/v1``): audit-level facts are recomputed from the document's
tables and model metrics, so that any recorded document can be scored. Monitoring documents
(``monitoring-audit/v1``): the ``facts`` object when present, else the metrics of the findings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from ai_work_audit.errors import EvidenceError
from ai_work_audit.findings import Finding, Outcome, Severity
from ai_work_audit.indicators import AuditFacts, EvidenceItem
from ai_work_audit.ledger import EvidenceEntry
from ai_work_audit.ledger._digest import canonical_json, sha256_bytes

HIRING_SCHEMA = "ai-work-audit/hiring-audit/v1"
MONITORING_SCHEMA = "ai-work-audit/monitoring-audit/v1"
KIND_OF_SCHEMA = {HIRING_SCHEMA: "hiring", MONITORING_SCHEMA: "monitoring"}
ENTRY_URI_PREFIX = "urn:ai-work-audit:evidence:"

#: indicators.md 4.1: "categories under 2 % excluded but reported" — whatever the audit's own
#: --exclude-under, categories under this share of their table do not drive 4.1 and 4.4.
MIN_CATEGORY_SHARE = 0.02

MSG_SCHEMA = (
    "an audit document must carry schema {allowed}; got {got} instead. Only hiring and "
    "monitoring audits are evidence for the indicators."
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


def _table_rows(table: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """Rows that count for the indicators: not excluded, and at least 2 % of the table."""
    rows = table.get("rows")
    if not isinstance(rows, list):
        return []
    return [
        r for r in rows
        if isinstance(r, Mapping) and not r.get("excluded")
        and ((share := _number(r.get("share"))) is None or share >= MIN_CATEGORY_SHARE)
    ]


def min_impact_ratio(tables: Sequence[Mapping[str, Any]]) -> float | None:
    """The lowest impact ratio over every table, excluded categories left out (indicator 4.1)."""
    ratios = [
        ratio
        for t in tables
        for r in _table_rows(t)
        if (ratio := _number(r.get("impact_ratio"))) is not None
    ]
    return min(ratios) if ratios else None


def min_representativeness(tables: Sequence[Mapping[str, Any]]) -> float | None:
    """min over categories of share among selected ÷ share among applicants (indicator 4.4)."""
    values: list[float] = []
    for table in tables:
        rows = [
            (a, s)
            for r in _table_rows(table)
            if (a := _number(r.get("applicants"))) is not None
            and (s := _number(r.get("selected"))) is not None
            and a > 0
        ]
        applicants = sum(a for a, _ in rows)
        selected = sum(s for _, s in rows)
        if rows and selected > 0:
            values.append(min((s / selected) / (a / applicants) for a, s in rows))
    return min(values) if values else None


def max_tpr_gap(model_metrics: Any) -> float | None:
    """The largest true-positive-rate gap between groups over the model metrics (4.3)."""
    if not isinstance(model_metrics, list):
        return None
    gaps = [
        gap
        for m in model_metrics
        if isinstance(m, Mapping) and isinstance(m.get("metrics"), Mapping)
        and (gap := _number(m["metrics"].get("tpr_gap"))) is not None
    ]
    return max(gaps) if gaps else None


def hiring_people(tables: Sequence[Mapping[str, Any]]) -> int:
    """People of known category: the largest table total minus its unknown count."""
    known = [
        int(total - (_number(t.get("unknown")) or 0.0))
        for t in tables
        if (total := _number(t.get("total"))) is not None
    ]
    return max([k for k in known if k >= 0], default=0)


def hiring_metrics(document: Mapping[str, Any]) -> dict[str, float | int | None]:
    """The audit-level facts indicators 4.1, 4.3 and 4.4 read, computed from the document."""
    tables = document.get("tables")
    tables = [t for t in tables if isinstance(t, Mapping)] if isinstance(tables, list) else []
    return {
        "hiring.min_impact_ratio": min_impact_ratio(tables),
        "hiring.min_representativeness": min_representativeness(tables),
        "hiring.max_tpr_gap": max_tpr_gap(document.get("model_metrics")),
        "hiring.people": hiring_people(tables),
    }


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


def monitoring_people(document: Mapping[str, Any]) -> int:
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


def audit_kind(document: Mapping[str, Any]) -> str:
    """``hiring`` or ``monitoring``, from the document's schema id."""
    kind = KIND_OF_SCHEMA.get(str(document.get("schema")))
    if kind is None:
        got = "no schema" if "schema" not in document else "another schema id"
        raise EvidenceError(MSG_SCHEMA.format(allowed=" or ".join(KIND_OF_SCHEMA), got=got))
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
    if kind == "hiring":
        metrics = hiring_metrics(document)
        people = int(metrics.pop("hiring.people") or 0)
    else:
        metrics = monitoring_metrics(document)
        people = monitoring_people(document)
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
