"""Score a self-assessment: check the evidence, evaluate every indicator (``_evaluate``),
score commitments, and build the document (contracts.md ``ai-work-audit/self-assessment/v1``).

Gather facts → indicator results → commitment scores → the self-assessment document; inputs
and results are defined in ``_records``. Indicators read audit metrics and findings, never raw
data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from ai_work_audit.errors import ConfigError, EvidenceError
from ai_work_audit.indicators._evaluate import _Context, _num, evaluate_indicator
from ai_work_audit.indicators._framework import (
    Commitment,
    Framework,
)
from ai_work_audit.indicators._overrides import Overrides, apply_overrides
from ai_work_audit.indicators._records import (
    MSG_LEVEL_ON_Q,
    MSG_RANGE,
    MSG_UNKNOWN_INDICATOR,
    MSG_VALUE_ON_D,
    AuditFacts,
    CommitmentResult,
    EvidenceItem,
    IndicatorResult,
    SelfAssessment,
    _aware,
    _state_counts,
    parse_period,
)
from ai_work_audit.indicators._scoring import (
    Scored,
    score_commitment,
)


def _evidence_problems(framework: Framework, evidence: Sequence[EvidenceItem]) -> list[str]:
    problems: list[str] = []
    for n, item in enumerate(evidence):
        at = f"evidence[{n}]: "
        if not framework.has_indicator(item.indicator):
            problems.append(
                at + MSG_UNKNOWN_INDICATOR.format(indicator=item.indicator, framework=framework.id)
            )
            continue
        ind = framework.indicator(item.indicator)
        if ind.type == "Q" and item.level is not None:
            problems.append(at + MSG_LEVEL_ON_Q.format(indicator=ind.id))
        if ind.type == "D" and item.value is not None:
            problems.append(at + MSG_VALUE_ON_D.format(indicator=ind.id))
        if item.value is None or ind.type == "D":
            continue
        value = float(item.value)
        if ind.declared_value == "system_count":
            expected, ok = "a whole number of systems ≥ 0", value >= 0 and value.is_integer()
        elif ind.unit == "share":
            expected, ok = "a share between 0 and 1", 0.0 <= value <= 1.0
        elif ind.unit == "count":
            expected, ok = "a whole number ≥ 0", value >= 0 and value.is_integer()
        else:
            expected, ok = "≥ 0", value >= 0
        if not ok:
            problems.append(at + MSG_RANGE.format(indicator=ind.id, expected=expected))
    return problems


def check_evidence(framework: Framework, evidence: Sequence[EvidenceItem]) -> list[str]:
    """Every problem of declared evidence against the framework (unknown indicator, a level on
    a quantitative indicator or a value on a declarative one, a value out of range)."""
    return _evidence_problems(framework, evidence)


def _commitment_reason(c: Commitment, results: Sequence[IndicatorResult], agg: Any) -> str:
    counts = _state_counts(results)
    text = f"{counts['scored']} of {counts['indicators']} indicators scored"
    if counts["not_applicable"]:
        text += f", {counts['not_applicable']} not applicable"
    if counts["inconclusive"]:
        text += f", {counts['inconclusive']} inconclusive"
    if agg.coverage is None:
        return text + "; no indicator applies"
    text += f"; coverage {_num(agg.coverage * 100, 1)} % of the applicable weight"
    if agg.band == "insufficient_evidence":
        text += " (under 60 %: insufficient evidence)"
    if agg.capped_by:
        text += f"; capped at 40: critical {', '.join(agg.capped_by)} scored 0"
    return text


def score_self_assessment(
    framework: Framework,
    *,
    organisation: str,
    period: str,
    evidence: Sequence[EvidenceItem],
    audit_facts: Sequence[AuditFacts],
    overrides: Overrides | None = None,
    as_of: datetime,
) -> SelfAssessment:
    """Score every indicator and commitment of ``framework`` for one organisation and period.

    Declared evidence: the latest collected at or before ``as_of`` wins; past its
    ``expires_at`` the indicator is inconclusive. Audits count when created at or before
    ``as_of`` (within ``period`` unless the indicator looks back a window from ``as_of``).
    Measured evidence (audits) takes precedence over declared values for computed indicators.
    """
    if not isinstance(organisation, str) or not organisation.strip():
        raise ConfigError("organisation must be a non-empty name; got an empty one instead.")
    _aware(as_of, "as_of")
    start, end = parse_period(period)
    effective, records = apply_overrides(framework, overrides)
    problems = _evidence_problems(effective, evidence)
    if problems:
        message = (
            problems[0]
            if len(problems) == 1
            else (f"{len(problems)} problems: " + " | ".join(problems))
        )
        raise EvidenceError(message)
    by_indicator: dict[str, list[EvidenceItem]] = {}
    for item in evidence:
        by_indicator.setdefault(item.indicator, []).append(item)
    ctx = _Context(
        framework=effective,
        period=period,
        start=start,
        end=end,
        as_of=as_of,
        evidence=by_indicator,
        audits=[a for a in audit_facts if a.created_at <= as_of],
    )
    commitments = []
    for c in effective.commitments:
        results = tuple(evaluate_indicator(ind, ctx) for ind in c.indicators)
        agg = score_commitment(
            [Scored(r.state, r.score, r.weight, r.risk == "critical", r.id) for r in results]
        )
        commitments.append(
            CommitmentResult(
                id=c.id,
                title=c.title,
                score=agg.score,
                coverage=agg.coverage,
                band=agg.band,
                reason=_commitment_reason(c, results, agg),
                capped_by=agg.capped_by,
                scored_weight=agg.scored_weight,
                applicable_weight=agg.total_weight,
                indicators=results,
            )
        )
    return SelfAssessment(
        organisation=organisation,
        period=period,
        framework_id=effective.id,
        framework_version=effective.version,
        as_of=as_of,
        commitments=tuple(commitments),
        overrides=tuple(records),
    )

