"""Scores, bands, coverage and the critical gate (docs/indicators.md, Scoring model).

Pure functions over numbers: no evidence, no I/O. Scores are rounded to 2 decimals, and bands
are read from the rounded score, so a reader never sees 80.00 labelled "partial".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ai_work_audit.indicators._framework import LEVELS, ScoringRule

Band = Literal["on_track", "partial", "off_track", "insufficient_evidence", "not_applicable"]
State = Literal["scored", "not_applicable", "inconclusive"]

ON_TRACK = 80.0
PARTIAL = 60.0
MIN_COVERAGE = 0.6
CRITICAL_CAP = 40.0
DECIMALS = 2

MSG_LEVEL = "level must be one of {levels}; got {got} instead."


def score_value(rule: ScoringRule, value: float) -> float:
    """Score a measured value under a Q rule: linear (or piecewise), step or gate; clamped."""
    if rule.kind == "gate":
        return 100.0 if value <= 0 else 0.0
    if rule.kind == "step":
        assert rule.good is not None
        ok = value >= rule.good if rule.direction == "higher" else value <= rule.good
        return 100.0 if ok else 0.0
    if rule.kind != "linear":
        raise ValueError(f"rule {rule.kind} does not score values; use score_level.")
    curve = sorted(rule.curve)  # ascending in value whatever the direction
    if value <= curve[0][0]:
        return round(curve[0][1], DECIMALS)
    if value >= curve[-1][0]:
        return round(curve[-1][1], DECIMALS)
    for (x0, y0), (x1, y1) in itertools.pairwise(curve):
        if x0 <= value <= x1:
            if value == x1:
                return round(y1, DECIMALS)
            return round(y0 + (y1 - y0) * (value - x0) / (x1 - x0), DECIMALS)
    raise AssertionError("unreachable: value inside the curve")  # pragma: no cover


def score_level(level: int) -> float:
    """A declared level (0/25/50/75/100) is its own score (indicators.md, Declarative)."""
    if level not in LEVELS:
        raise ValueError(MSG_LEVEL.format(levels=list(LEVELS), got=level))
    return float(level)


def band_for(score: float | None, coverage: float | None) -> Band:
    """≥ 80 on track; 60–79 partial; < 60 off track; coverage < 60 % insufficient evidence.

    ``coverage`` None means every indicator of the commitment is not applicable.
    """
    if coverage is None:
        return "not_applicable"
    if coverage < MIN_COVERAGE or score is None:
        return "insufficient_evidence"
    if score >= ON_TRACK:
        return "on_track"
    if score >= PARTIAL:
        return "partial"
    return "off_track"


@dataclass(frozen=True)
class Scored:
    """What aggregation needs from one indicator result."""

    state: State
    score: float | None
    weight: float
    critical: bool
    id: str = ""


@dataclass(frozen=True)
class CommitmentScore:
    """A commitment's score, coverage, band, and the critical indicators that capped it."""

    score: float | None
    coverage: float | None
    band: Band
    capped_by: tuple[str, ...]
    scored_weight: float
    total_weight: float


def score_commitment(results: Sequence[Scored]) -> CommitmentScore:
    """Weighted mean of scored indicators; coverage; the critical gate; the band.

    Coverage is scored weight ÷ the weight of indicators that apply: a not_applicable
    indicator leaves both the numerator and the denominator (it is not missing evidence, it
    does not exist here), while an inconclusive one stays in the denominator. When every
    indicator is not applicable, score and coverage are None and the band is "not_applicable".
    Gate: a critical indicator scored 0 caps the commitment's score at 40.
    """
    applicable = [r for r in results if r.state != "not_applicable"]
    scored = [r for r in applicable if r.state == "scored" and r.score is not None]
    total = sum(r.weight for r in applicable)
    scored_weight = sum(r.weight for r in scored)
    if total <= 0:
        return CommitmentScore(None, None, "not_applicable", (), 0.0, 0.0)
    coverage = round(scored_weight / total, 4)
    score: float | None = None
    capped_by: tuple[str, ...] = ()
    if scored and scored_weight > 0:
        mean = sum(r.weight * (r.score or 0.0) for r in scored) / scored_weight
        score = round(mean, DECIMALS)
        capped_by = tuple(r.id for r in scored if r.critical and r.score == 0.0)
        if capped_by:
            score = min(score, CRITICAL_CAP)
    band = band_for(score, coverage)
    return CommitmentScore(score, coverage, band, capped_by, scored_weight, total)
