"""Self-assessment inputs and results: evidence items, audit facts, indicator and commitment
results, the self-assessment; reporting periods (contracts.md ``self-assessment/v1``).

Inputs are normalised once at the boundary: declared evidence (``EvidenceItem``, adapted from
ledger entries) and audit facts (``AuditFacts``, adapted from audit documents).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from ai_work_audit.errors import ConfigError, EvidenceError
from ai_work_audit.findings import Finding
from ai_work_audit.indicators._framework import (
    LEVELS,
    Text,
)
from ai_work_audit.indicators._overrides import OverrideRecord
from ai_work_audit.indicators._scoring import (
    Band,
    State,
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
    #: a declarative indicator's level descriptions (what each level asks), for the reports
    levels: Mapping[int, Text] = field(default_factory=dict)
    #: what the result rests on: ``computed`` from audit runs, ``declared`` evidence, or
    #: ``none`` (issue 16: the self-assessment shows which indicators audits compute)
    basis: Literal["computed", "declared", "none"] = "none"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
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
            "basis": self.basis,
        }
        if self.levels:
            out["levels"] = {str(level): text.to_dict() for level, text in self.levels.items()}
        return out


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
            **_period_bounds(self.period),
        }


def _period_bounds(period: str) -> dict[str, str]:
    """``period_start`` and ``period_end`` (UTC, end excluded) of a valid period, for the
    reports (OSCAL result start and end); nothing for a period that does not parse."""
    try:
        start, end = parse_period(period)
    except ConfigError:
        return {}
    return {"period_start": start.isoformat(), "period_end": end.isoformat()}


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


