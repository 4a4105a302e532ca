"""Evaluate one indicator on the facts of a period: declared evidence, the worst audit, an
audit gate or audit coverage (docs/indicators.md, compute), with a one-line reason and the
evidence behind it (after OpenSSF Scorecard: facts → findings → score).

Indicators read audit metrics and findings, never raw data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ai_work_audit.findings import Finding, Outcome
from ai_work_audit.indicators._framework import (
    Framework,
    Indicator,
    ScoringRule,
)
from ai_work_audit.indicators._records import (
    ATTACHMENT_LEVEL,
    AuditFacts,
    EvidenceItem,
    EvidenceRef,
    IndicatorResult,
    _add_months,
)
from ai_work_audit.indicators._scoring import (
    State,
    score_level,
    score_value,
)

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
    runs = {a.run_uri for a in ctx.audits}
    basis: Literal["computed", "declared", "none"] = (
        "computed" if any(ref.uri in runs for ref in out.evidence)
        else "declared" if out.evidence else "none")
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
        levels=ind.levels if ind.type == "D" else {},
        basis=basis,
    )


