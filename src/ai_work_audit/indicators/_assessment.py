"""Gather facts → indicator results → commitment scores → the self-assessment document.

Inputs are normalised once at the boundary: declared evidence (``EvidenceItem``, adapted from
ledger entries) and audit facts (``AuditFacts``, adapted from audit documents). Indicators read
audit metrics and findings, never raw data. Output: contracts.md
``ai-work-audit/self-assessment/v1``.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ai_work_audit.errors import ConfigError, EvidenceError
from ai_work_audit.findings import Finding, Outcome
from ai_work_audit.indicators._framework import (
    LEVELS,
    Commitment,
    Framework,
    Indicator,
    ScoringRule,
    Text,
)
from ai_work_audit.indicators._overrides import OverrideRecord, Overrides, apply_overrides
from ai_work_audit.indicators._scoring import (
    Band,
    Scored,
    State,
    score_commitment,
    score_level,
    score_value,
)

SELF_ASSESSMENT_SCHEMA = "ai-work-audit/self-assessment/v1"
METHODS = ("test", "examine", "interview")
Method = Literal["test", "examine", "interview"]
ATTACHMENT_LEVEL = 50  # indicators.md: "50 implemented, with a hashed attachment"

# Messages (tests import them).
MSG_ONE_OF = (
    "evidence for indicator {indicator} must give exactly one of level, value or "
    "not_applicable; got {count} instead."
)
MSG_NA_JUSTIFICATION = (
    "not_applicable evidence for indicator {indicator} must carry a written justification; "
    "got an empty text instead. Say why the indicator does not apply."
)
MSG_NAIVE = "{what} must be a timezone-aware datetime; got a naive one instead. Add a UTC offset."
MSG_METHOD = "method must be one of test, examine, interview; got another value instead."
MSG_SHA = "sha256 must be 64 hexadecimal characters; got {count} characters instead."
MSG_PERIOD = (
    "period must be YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or START/END (ISO dates); "
    "got {count} characters that match none instead."
)
MSG_UNKNOWN_INDICATOR = "evidence names indicator {indicator}, which framework {framework} lacks."
MSG_LEVEL_ON_Q = "indicator {indicator} is quantitative: declare a value, not a level."
MSG_VALUE_ON_D = "indicator {indicator} is declarative: declare a level (0/25/50/75/100)."
MSG_RANGE = "value for indicator {indicator} must be {expected}; got a value outside it instead."

_SHA = re.compile(r"^[0-9a-fA-F]{64}$")


def _aware(value: datetime, what: str) -> None:
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise EvidenceError(MSG_NAIVE.format(what=what))


def _check_sha(sha: str | None) -> None:
    if sha is not None and not _SHA.match(sha):
        raise EvidenceError(MSG_SHA.format(count=len(sha)))


# --------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True, kw_only=True)
class EvidenceItem:
    """One piece of declared evidence for one indicator: a value, a level or not applicable.

    ``not_applicable`` holds the written justification (required, indicators.md "States").
    """

    indicator: str
    collected_at: datetime
    level: int | None = None
    value: float | None = None
    not_applicable: str | None = None
    uri: str | None = None
    sha256: str | None = None
    method: Method = "examine"
    expires_at: datetime | None = None

    def __post_init__(self) -> None:
        given = [x for x in (self.level, self.value, self.not_applicable) if x is not None]
        if len(given) != 1:
            raise EvidenceError(MSG_ONE_OF.format(indicator=self.indicator, count=len(given)))
        if self.not_applicable is not None and not self.not_applicable.strip():
            raise EvidenceError(MSG_NA_JUSTIFICATION.format(indicator=self.indicator))
        if self.level is not None and (isinstance(self.level, bool) or self.level not in LEVELS):
            raise EvidenceError(
                f"level for indicator {self.indicator} must be one of {list(LEVELS)}; "
                "got another value instead."
            )
        if self.value is not None and (
            isinstance(self.value, bool)
            or not isinstance(self.value, int | float)
            or not math.isfinite(self.value)
        ):
            raise EvidenceError(
                f"value for indicator {self.indicator} must be a finite number; got "
                f"{type(self.value).__name__} instead."
            )
        if self.method not in METHODS:
            raise EvidenceError(MSG_METHOD)
        _check_sha(self.sha256)
        _aware(self.collected_at, "collected_at")
        if self.expires_at is not None:
            _aware(self.expires_at, "expires_at")


@dataclass(frozen=True, kw_only=True)
class AuditFacts:
    """What indicators need from one audit run: its system, metrics, findings and size.

    ``kind`` is "hiring" or "monitoring" (other kinds, such as a request log, are read by the
    indicators whose metrics they carry). ``people`` counts applicants or workers covered.
    """

    kind: str
    system: str
    run_uri: str
    sha256: str
    created_at: datetime
    metrics: Mapping[str, float | int | None] = field(default_factory=dict)
    findings: Sequence[Finding] = ()
    people: int = 0

    def __post_init__(self) -> None:
        if not self.kind or not self.system:
            raise EvidenceError("audit facts must name their kind and system; got an empty one.")
        if isinstance(self.people, bool) or not isinstance(self.people, int) or self.people < 0:
            raise EvidenceError("people must be a whole number ≥ 0; got another value instead.")
        _check_sha(self.sha256)
        _aware(self.created_at, "created_at")


# --------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class EvidenceRef:
    """The evidence a result rests on (contracts.md: uri, sha256, method, dates)."""

    uri: str | None
    sha256: str | None
    method: Method
    collected_at: datetime
    expires_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "uri": self.uri,
            "sha256": self.sha256,
            "method": self.method,
            "collected_at": _iso(self.collected_at),
            "expires_at": _iso(self.expires_at),
        }


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's state, score (None unless scored), value or level, reason and evidence."""

    id: str
    commitment: int
    title: Text
    type: Literal["Q", "D"]
    risk: str
    weight: float
    unit: str
    state: State
    score: float | None
    value: float | None
    level: int | None
    reason: str
    hint: Text
    evidence: tuple[EvidenceRef, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "state": self.state,
            "score": self.score,
            "value": self.value,
            "level": self.level,
            "reason": self.reason,
            "evidence": [e.to_dict() for e in self.evidence],
            "title": self.title.to_dict(),
            "type": self.type,
            "risk": self.risk,
            "weight": self.weight,
            "unit": self.unit,
            "hint": self.hint.to_dict(),
        }


@dataclass(frozen=True)
class CommitmentResult:
    """A commitment's weighted score, coverage, band and its indicator results."""

    id: int
    title: Text
    score: float | None
    coverage: float | None
    band: Band
    reason: str
    capped_by: tuple[str, ...]
    scored_weight: float
    applicable_weight: float
    indicators: tuple[IndicatorResult, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": self.score,
            "coverage": self.coverage,
            "band": self.band,
            "indicators": [i.to_dict() for i in self.indicators],
            "title": self.title.to_dict(),
            "reason": self.reason,
            "capped_by": list(self.capped_by),
            "weight": {"scored": self.scored_weight, "applicable": self.applicable_weight},
            "totals": _state_counts(self.indicators),
        }


@dataclass(frozen=True)
class SelfAssessment:
    """One organisation's self-assessment for one period (``self-assessment/v1``)."""

    organisation: str
    period: str
    framework_id: str
    framework_version: str
    as_of: datetime
    commitments: tuple[CommitmentResult, ...]
    overrides: tuple[OverrideRecord, ...]

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return tuple(i for c in self.commitments for i in c.indicators)

    def indicator(self, indicator_id: str) -> IndicatorResult:
        for result in self.indicators:
            if result.id == indicator_id:
                return result
        raise KeyError(indicator_id)

    def commitment(self, commitment_id: int) -> CommitmentResult:
        for result in self.commitments:
            if result.id == commitment_id:
                return result
        raise KeyError(commitment_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of contracts.md, plus ``as_of`` and ``totals``."""
        return {
            "schema": SELF_ASSESSMENT_SCHEMA,
            "organisation": self.organisation,
            "period": self.period,
            "framework": {"id": self.framework_id, "version": self.framework_version},
            "commitments": [c.to_dict() for c in self.commitments],
            "overrides": [o.to_dict() for o in self.overrides],
            "as_of": _iso(self.as_of),
            "totals": _state_counts(self.indicators),
        }


def _state_counts(results: Sequence[IndicatorResult]) -> dict[str, int]:
    counts = {"indicators": len(results), "scored": 0, "not_applicable": 0, "inconclusive": 0}
    for r in results:
        counts[r.state] += 1
    return counts


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# --------------------------------------------------------------------------------------------
# Periods and dates


def parse_period(period: str) -> tuple[datetime, datetime]:
    """The UTC interval [start, end) of a period: YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, START/END.

    START/END are ISO dates, END included (``2025-07-01/2026-06-30``).
    """
    text = period.strip() if isinstance(period, str) else ""
    try:
        if m := re.fullmatch(r"(\d{4})", text):
            year = int(m[1])
            return _utc(year, 1, 1), _utc(year + 1, 1, 1)
        if m := re.fullmatch(r"(\d{4})-([QqHh])([1-4])", text):
            year, unit, n = int(m[1]), m[2].upper(), int(m[3])
            months = 3 if unit == "Q" else 6
            if unit == "H" and n > 2:
                raise ValueError(text)
            start = _utc(year, 1 + months * (n - 1), 1)
            return start, _add_months(start, months)
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            start = _utc(int(m[1]), int(m[2]), 1)
            return start, _add_months(start, 1)
        if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})", text):
            start = datetime.fromisoformat(m[1]).replace(tzinfo=UTC)
            end = _add_days(datetime.fromisoformat(m[2]).replace(tzinfo=UTC), 1)
            if end <= start:
                raise ValueError(text)
            return start, end
    except ValueError:
        pass
    raise ConfigError(MSG_PERIOD.format(count=len(text)))


def _utc(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def _add_days(value: datetime, days: int) -> datetime:
    return datetime.fromordinal(value.toordinal() + days).replace(tzinfo=value.tzinfo)


def _add_months(value: datetime, months: int) -> datetime:
    index = value.year * 12 + value.month - 1 + months
    year, month = divmod(index, 12)
    day = min(value.day, calendar.monthrange(year, month + 1)[1])
    return value.replace(year=year, month=month + 1, day=day)


# --------------------------------------------------------------------------------------------
# Formatting for reasons


def _num(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_value(unit: str, value: float) -> str:
    """A value as a reason shows it: shares as %, ratios with 2–3 decimals, hours with h."""
    if unit in ("share", "rate"):
        return f"{_num(value * 100, 2)} %"
    if unit == "ratio":
        return f"{value:.2f}" if round(value, 2) == value else f"{value:.3f}"
    if unit == "count":
        return _num(value, 0) if float(value).is_integer() else _num(value, 2)
    if unit == "hours":
        return f"{_num(value, 1)} h"
    return _num(value, 3)


def describe_rule(rule: ScoringRule, unit: str) -> str:
    """The scale in words, e.g. "≤ 0.60 → 0, 0.80 → 70, ≥ 0.90 → 100"."""
    if rule.kind == "gate":
        return "none found → 100, any found → 0"
    if rule.kind == "step":
        assert rule.good is not None
        sign = "≥" if rule.direction == "higher" else "≤"
        return f"{sign} {format_value(unit, rule.good)} → 100, anything short → 0"
    if rule.kind == "levels":
        return "levels 0/25/50/75/100"
    curve = rule.curve
    at_fail, at_good = ("≤", "≥") if rule.direction == "higher" else ("≥", "≤")
    parts = [f"{at_fail} {format_value(unit, curve[0][0])} → {_num(curve[0][1], 2)}"]
    parts += [f"{format_value(unit, x)} → {_num(y, 2)}" for x, y in curve[1:-1]]
    parts.append(f"{at_good} {format_value(unit, curve[-1][0])} → {_num(curve[-1][1], 2)}")
    return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------------------------
# Evaluation


@dataclass(frozen=True)
class _Outcome:
    state: State
    reason: str
    evidence: tuple[EvidenceRef, ...] = ()
    score: float | None = None
    value: float | None = None
    level: int | None = None


def _inconclusive(reason: str, evidence: Sequence[EvidenceRef] = ()) -> _Outcome:
    return _Outcome("inconclusive", reason, tuple(evidence))


@dataclass
class _Context:
    framework: Framework
    period: str
    start: datetime
    end: datetime
    as_of: datetime
    evidence: Mapping[str, Sequence[EvidenceItem]]
    audits: Sequence[AuditFacts]  # created at or before as_of

    def latest(self, indicator_id: str) -> EvidenceItem | None:
        """The latest declared evidence collected at or before as_of ("latest wins")."""
        items = [e for e in self.evidence.get(indicator_id, ()) if e.collected_at <= self.as_of]
        if not items:
            return None
        return max(enumerate(items), key=lambda p: (p[1].collected_at, p[0]))[1]

    def in_period(self, kind: str | None) -> list[AuditFacts]:
        return [
            a
            for a in self.audits
            if self.start <= a.created_at < self.end and (kind is None or a.kind == kind)
        ]

    def expired(self, item: EvidenceItem) -> bool:
        return item.expires_at is not None and item.expires_at < self.as_of


def _ref_item(item: EvidenceItem) -> EvidenceRef:
    return EvidenceRef(item.uri, item.sha256, item.method, item.collected_at, item.expires_at)


def _ref_audit(audit: AuditFacts) -> EvidenceRef:
    return EvidenceRef(audit.run_uri, audit.sha256, "test", audit.created_at, None)


def _latest_per_system(audits: Sequence[AuditFacts]) -> list[AuditFacts]:
    latest: dict[str, tuple[int, AuditFacts]] = {}
    for i, audit in enumerate(audits):
        seen = latest.get(audit.system)
        if seen is None or (audit.created_at, i) >= (seen[1].created_at, seen[0]):
            latest[audit.system] = (i, audit)
    return [a for _, a in sorted(latest.values(), key=lambda p: p[1].system)]


def _kind_words(kind: str | None) -> str:
    return f"{kind} audit" if kind else "audit"


def _declared(ind: Indicator, ctx: _Context, context: str = "") -> _Outcome:
    """Score an indicator from its latest declared evidence."""
    item = ctx.latest(ind.id)
    prefix = f"{context}; " if context else ""
    if item is None:
        if context:
            return _inconclusive(f"no evidence: {context} and nothing is declared for {ind.id}")
        return _inconclusive(f"no evidence: nothing declared for {ind.id}")
    refs = (_ref_item(item),)
    if ctx.expired(item):
        assert item.expires_at is not None
        return _inconclusive(
            f"latest evidence expired on {item.expires_at.date().isoformat()}, before "
            f"{ctx.as_of.date().isoformat()}; renew it",
            refs,
        )
    if item.not_applicable is not None:
        return _Outcome("not_applicable", f"not applicable: {_one_line(item.not_applicable)}", refs)
    if ind.type == "D":
        assert item.level is not None
        level = item.level
        score = score_level(level)
        words = ind.levels[level].en
        if level >= ATTACHMENT_LEVEL and not item.sha256:
            return _Outcome(
                "scored",
                f"declared level {level} ({words}) without a hashed attachment; "
                "scored as 25 (documented) until one is attached",
                refs,
                score=25.0,
                level=level,
            )
        return _Outcome("scored", f"declared level {level}: {words}", refs, score, level=level)
    assert item.value is not None
    value = float(item.value)
    score = score_value(ind.rule, value)
    return _Outcome(
        "scored",
        f"{prefix}declared {ind.measure} {format_value(ind.unit, value)}; "
        f"{describe_rule(ind.rule, ind.unit)}: scores {_num(score, 2)}",
        refs,
        score,
        value,
    )


def _audit_worst(ind: Indicator, ctx: _Context) -> _Outcome:
    """The worst value of one metric over the latest audit per system within the period."""
    metric = ind.reads[0]
    carrying = [a for a in ctx.in_period(ind.audit_kind) if metric in a.metrics]
    what = _kind_words(ind.audit_kind)
    if not carrying:
        return _declared(ind, ctx, f"no {what} in period {ctx.period} reports {metric}")
    latest = _latest_per_system(carrying)
    refs = tuple(_ref_audit(a) for a in latest)
    too_small = [a for a in latest if ind.min_people is not None and a.people < ind.min_people]
    missing = [a for a in latest if a not in too_small and not _finite(a.metrics.get(metric))]
    usable = [a for a in latest if a not in too_small and a not in missing]
    notes = []
    if too_small:
        notes.append(
            f"{_plural(len(too_small), what)} with fewer than {ind.min_people} people not counted"
        )
    if missing:
        notes.append(f"{_plural(len(missing), what)} without {metric} not counted")
    if not usable:
        return _inconclusive(f"no usable {what} in period {ctx.period}: " + "; ".join(notes), refs)
    notes += _na_overruled(ind, ctx, len(latest))
    values = [(float(a.metrics[metric] or 0.0), a) for a in usable]
    pick = min if ind.rule.direction == "higher" else max
    value, worst = pick(values, key=lambda p: p[0])
    score = score_value(ind.rule, value)
    across = f"across {_plural(len(usable), what)}"
    if len(usable) > 1:
        across += f" (worst: {worst.system})"
    parts = [f"{ind.measure} {format_value(ind.unit, value)} {across}", *notes]
    parts.append(f"{describe_rule(ind.rule, ind.unit)}: scores {_num(score, 2)}")
    return _Outcome("scored", "; ".join(parts), refs, score, value)


def _na_overruled(ind: Indicator, ctx: _Context, count: int) -> list[str]:
    """A note when declared "not applicable" is contradicted by audits that measure it."""
    item = ctx.latest(ind.id)
    if item is None or item.not_applicable is None or ctx.expired(item):
        return []
    return [f"declared not applicable, but measured by {_plural(count, 'audit')}"]


def _finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _matches(finding: Finding, wanted: Sequence[str]) -> bool:
    return finding.rule in wanted or any(ref in wanted for ref in finding.refs)


def _audit_gate(ind: Indicator, ctx: _Context) -> _Outcome:
    """Anything found by any audit in the period closes the gate (score 0); none → 100."""
    audits = ctx.in_period(ind.audit_kind)
    measuring = [
        a
        for a in audits
        if any(_finite(a.metrics.get(m)) for m in ind.reads)
        or any(_matches(f, ind.reads_findings) for f in a.findings)
    ]
    what = _kind_words(ind.audit_kind)
    if not measuring:
        return _declared(ind, ctx, f"no {what} in period {ctx.period} measures {ind.id}")
    refs = tuple(_ref_audit(a) for a in measuring)
    records = sum(
        float(a.metrics[m] or 0.0)
        for a in measuring
        for m in ind.reads
        if _finite(a.metrics.get(m))
    )
    failed = sorted(
        {
            f.rule
            for a in measuring
            for f in a.findings
            if f.outcome is Outcome.FAIL and _matches(f, ind.reads_findings)
        }
    )
    failed_count = sum(
        1
        for a in measuring
        for f in a.findings
        if f.outcome is Outcome.FAIL and _matches(f, ind.reads_findings)
    )
    value = records + failed_count
    score = score_value(ind.rule, value)
    found = f"{ind.measure}: {format_value('count', records)}"
    if failed:
        found += f" and {_plural(failed_count, 'failed finding')} ({', '.join(failed)})"
    parts = [
        f"{found} across {_plural(len(measuring), what)} in period {ctx.period}",
        *_na_overruled(ind, ctx, len(measuring)),
        f"{describe_rule(ind.rule, ind.unit)}: scores {_num(score, 2)}",
    ]
    return _Outcome(
        "scored",
        "; ".join(parts),
        refs,
        score,
        value,
    )


def _audit_coverage(ind: Indicator, ctx: _Context) -> _Outcome:
    """Systems audited in the last ``window_months`` before as_of ÷ systems known.

    Systems known: the declared count when there is one (raised to the number of systems seen
    in audits if audits show more), otherwise the distinct systems seen in audits up to as_of.
    """
    assert ind.window_months is not None
    since = _add_months(ctx.as_of, -ind.window_months)
    kind_audits = [a for a in ctx.audits if ind.audit_kind is None or a.kind == ind.audit_kind]
    recent = [a for a in kind_audits if a.created_at >= since]
    audited = {a.system for a in recent}
    seen = {a.system for a in kind_audits}
    refs = [_ref_audit(a) for a in _latest_per_system(recent)]
    item = ctx.latest(ind.id)
    what = _kind_words(ind.audit_kind)
    systems = f"{ind.audit_kind} systems" if ind.audit_kind else "AI systems"
    declared: int | None = None
    notes: list[str] = []
    if item is not None:
        refs.insert(0, _ref_item(item))
        if ctx.expired(item):
            assert item.expires_at is not None
            return _inconclusive(
                f"latest declared system count expired on {item.expires_at.date().isoformat()}, "
                f"before {ctx.as_of.date().isoformat()}; renew it",
                refs,
            )
        if item.not_applicable is not None:
            if seen:
                notes.append(f"declared not applicable, but audits show {len(seen)} {systems}")
            else:
                return _Outcome(
                    "not_applicable",
                    f"not applicable: {_one_line(item.not_applicable)}",
                    tuple(refs),
                )
        elif item.value is not None:
            declared = int(item.value)
    if declared is None:
        total = len(seen)
        if total:
            notes.append(f"{systems} known from audits only (declare how many there are)")
    else:
        total = max(declared, len(seen))
        if len(seen) > declared:
            notes.append(f"declared {declared} but audits show {len(seen)}; {len(seen)} used")
    if total == 0:
        if declared == 0:
            return _Outcome("not_applicable", f"not applicable: 0 {systems} declared", tuple(refs))
        return _inconclusive(
            f"no evidence: no {what} up to {ctx.as_of.date().isoformat()} and no declared "
            f"number of {systems}",
            refs,
        )
    value = len(audited) / total
    score = score_value(ind.rule, value)
    parts = [
        f"{len(audited)} of {_plural(total, systems[:-1])} audited in the "
        f"{ind.window_months} months before {ctx.as_of.date().isoformat()} "
        f"({format_value(ind.unit, value)})",
        *notes,
        f"{describe_rule(ind.rule, ind.unit)}: scores {_num(score, 2)}",
    ]
    return _Outcome("scored", "; ".join(parts), tuple(refs), score, value)


_COMPUTE: dict[str, Callable[[Indicator, _Context], _Outcome]] = {
    "declared": _declared,
    "audit_worst": _audit_worst,
    "audit_gate": _audit_gate,
    "audit_coverage": _audit_coverage,
}


def evaluate_indicator(ind: Indicator, ctx: _Context) -> IndicatorResult:
    """One indicator's result from the context's evidence and audits."""
    out = _COMPUTE[ind.compute](ind, ctx)
    return IndicatorResult(
        id=ind.id,
        commitment=ind.commitment,
        title=ind.title,
        type=ind.type,
        risk=ind.risk,
        weight=ind.weight,
        unit=ind.unit,
        state=out.state,
        score=out.score if out.state == "scored" else None,
        value=out.value,
        level=out.level,
        reason=_one_line(out.reason),
        hint=ind.hint,
        evidence=out.evidence,
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
