"""Build indicator inputs from small dicts and run fixture cases (tests/indicators/fixtures)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from ai_work_audit.findings import Finding, Outcome, Severity
from ai_work_audit.indicators import (
    AuditFacts,
    EvidenceItem,
    Framework,
    IndicatorResult,
    Overrides,
    SelfAssessment,
    score_self_assessment,
)

FIXTURES = Path(__file__).parent / "fixtures"
AS_OF = datetime(2026, 6, 30, tzinfo=UTC)
PERIOD = "2026"
SHA = "0" * 64


def when(value: Any) -> datetime:
    """A tz-aware datetime from a datetime, a date or an ISO string (dates at 00:00 UTC)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    parsed = datetime.fromisoformat(str(value))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def evidence(indicator: str, **fields: Any) -> EvidenceItem:
    """Declared evidence with defaults: collected 2026-01-15, hashed attachment, examine."""
    args: dict[str, Any] = {
        "indicator": indicator,
        "collected_at": when(fields.pop("collected_at", "2026-01-15")),
        "sha256": fields.pop("sha256", SHA),
        "uri": fields.pop("uri", f"evidence://{indicator}"),
    }
    if "expires_at" in fields and fields["expires_at"] is not None:
        fields["expires_at"] = when(fields["expires_at"])
    args.update(fields)
    return EvidenceItem(**args)


def finding(rule: str, outcome: str = "fail", refs: tuple[str, ...] = ()) -> Finding:
    return Finding(
        rule=rule,
        policy="test-pack",
        policy_version="1",
        commitment=5,
        severity=Severity.CRITICAL,
        outcome=Outcome(outcome),
        message="test finding",
        refs=tuple(refs),
    )


def audit(n: int = 0, **fields: Any) -> AuditFacts:
    """Audit facts with defaults: hiring, system "tool", 2026-03-01, 100 people."""
    findings = [
        finding(f["rule"], f.get("outcome", "fail"), tuple(f.get("refs", ())))
        for f in fields.pop("findings", [])
    ]
    return AuditFacts(
        kind=fields.pop("kind", "hiring"),
        system=fields.pop("system", "tool"),
        run_uri=fields.pop("run_uri", f"runs:/{n}"),
        sha256=fields.pop("sha256", SHA),
        created_at=when(fields.pop("created_at", "2026-03-01")),
        metrics=fields.pop("metrics", {}),
        findings=findings,
        people=fields.pop("people", 100),
    )


def assess(
    framework: Framework,
    *,
    evidence_items: list[EvidenceItem] | None = None,
    audits: list[AuditFacts] | None = None,
    overrides: Overrides | None = None,
    as_of: datetime = AS_OF,
    period: str = PERIOD,
) -> SelfAssessment:
    return score_self_assessment(
        framework,
        organisation="acme",
        period=period,
        evidence=evidence_items or [],
        audit_facts=audits or [],
        overrides=overrides,
        as_of=as_of,
    )


def load_fixture(indicator_id: str) -> dict[str, Any]:
    with (FIXTURES / f"{indicator_id}.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def run_case(framework: Framework, indicator_id: str, case: dict[str, Any]) -> IndicatorResult:
    """Score one fixture case and return the result of the fixture's indicator."""
    items = [evidence(e.pop("indicator", indicator_id), **e) for e in case.get("evidence", [])]
    audits = [audit(n, **a) for n, a in enumerate(case.get("audits", []))]
    result = assess(
        framework,
        evidence_items=items,
        audits=audits,
        as_of=when(case.get("as_of", AS_OF)),
        period=str(case.get("period", PERIOD)),
    )
    return result.indicator(indicator_id)
