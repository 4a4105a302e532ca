"""Scoring rules, bands, coverage and the critical gate (docs/indicators.md, Scoring model)."""

from __future__ import annotations

import pytest

from ai_work_audit.indicators import (
    ScoringRule,
    band_for,
    load_framework,
    score_level,
    score_value,
)
from ai_work_audit.indicators._scoring import Scored, score_commitment

FRAMEWORK = load_framework()
HIGHER = ScoringRule("linear", good=0.9, fail=0.4, direction="higher")
LOWER = ScoringRule("linear", good=0.005, fail=0.05, direction="lower")
POINTS = FRAMEWORK.indicator("4.1").rule
STEP = ScoringRule("step", good=1.0, direction="higher")
GATE = ScoringRule("gate")


@pytest.mark.parametrize(
    ("rule", "value", "score"),
    [
        # higher is better: 0.9 good, 0.4 fail
        (HIGHER, 0.9, 100.0),  # at good
        (HIGHER, 1.0, 100.0),  # beyond good
        (HIGHER, 0.4, 0.0),  # at fail
        (HIGHER, 0.0, 0.0),  # beyond fail
        (HIGHER, 0.65, 50.0),  # between
        (HIGHER, 0.8, 80.0),
        (HIGHER, 0.4000001, 0.0),  # rounds to 2 decimals
        # lower is better: 0.5 % good, 5 % fail
        (LOWER, 0.005, 100.0),
        (LOWER, 0.0, 100.0),
        (LOWER, 0.05, 0.0),
        (LOWER, 0.5, 0.0),
        (LOWER, 0.0275, 50.0),
        # 4.1: points 0.6 -> 0, 0.8 -> 70, 0.9 -> 100
        (POINTS, 0.6, 0.0),
        (POINTS, 0.59, 0.0),
        (POINTS, 0.7, 35.0),
        (POINTS, 0.72, 42.0),
        (POINTS, 0.8, 70.0),
        (POINTS, 0.85, 85.0),
        (POINTS, 0.9, 100.0),
        (POINTS, 1.2, 100.0),
        # step: 100 % or nothing (1.1, 4.2)
        (STEP, 1.0, 100.0),
        (STEP, 0.999, 0.0),
        (STEP, 0.0, 0.0),
        # gate: none found -> 100, any found -> 0 (3.3, 5.1)
        (GATE, 0, 100.0),
        (GATE, 1, 0.0),
        (GATE, 10_000, 0.0),
    ],
)
def test_score_value(rule: ScoringRule, value: float, score: float) -> None:
    assert score_value(rule, value) == pytest.approx(score)


def test_4_1_points_make_0_80_score_70_where_a_straight_line_would_not() -> None:
    straight = ScoringRule("linear", good=0.9, fail=0.6, direction="higher")
    assert score_value(straight, 0.8) == pytest.approx(66.67)
    assert score_value(POINTS, 0.8) == 70.0


@pytest.mark.parametrize("level", [0, 25, 50, 75, 100])
def test_levels_are_their_own_score(level: int) -> None:
    assert score_level(level) == float(level)


@pytest.mark.parametrize("level", [-25, 10, 60, 125])
def test_other_levels_are_refused(level: int) -> None:
    with pytest.raises(ValueError, match="level must be one of"):
        score_level(level)


@pytest.mark.parametrize(
    ("score", "coverage", "band"),
    [
        (100.0, 1.0, "on_track"),
        (80.0, 1.0, "on_track"),
        (79.99, 1.0, "partial"),
        (60.0, 1.0, "partial"),
        (59.99, 1.0, "off_track"),
        (0.0, 1.0, "off_track"),
        (95.0, 0.6, "on_track"),  # exactly 60 % coverage is enough
        (95.0, 0.5999, "insufficient_evidence"),
        (95.0, 0.0, "insufficient_evidence"),
        (None, 0.0, "insufficient_evidence"),
        (None, None, "not_applicable"),
    ],
)
def test_band_for(score: float | None, coverage: float | None, band: str) -> None:
    assert band_for(score, coverage) == band


def _r(state: str, score: float | None, weight: float, critical: bool = False) -> Scored:
    return Scored(state, score, weight, critical, f"x.{weight}")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("results", "score", "coverage", "band", "capped"),
    [
        # weighted mean: (10*100 + 5*40) / 15 = 80
        ([_r("scored", 100, 10), _r("scored", 40, 5)], 80.0, 1.0, "on_track", False),
        # inconclusive stays in the denominator of coverage, out of the mean
        ([_r("scored", 90, 7.5), _r("inconclusive", None, 5)], 90.0, 0.6, "on_track", False),
        (
            [_r("scored", 90, 5), _r("inconclusive", None, 7.5)],
            90.0,
            0.4,
            "insufficient_evidence",
            False,
        ),
        # not applicable leaves numerator and denominator
        ([_r("scored", 70, 5), _r("not_applicable", None, 10)], 70.0, 1.0, "partial", False),
        # critical indicator at 0 caps the commitment at 40
        (
            [
                _r("scored", 100, 10),
                _r("scored", 100, 10),
                _r("scored", 100, 7.5),
                _r("scored", 0, 10, critical=True),
            ],
            40.0,
            1.0,
            "off_track",
            True,
        ),
        # a non-critical 0 does not cap: (3*10*100 + 0) / 37.5 = 80
        (
            [
                _r("scored", 100, 10),
                _r("scored", 100, 10),
                _r("scored", 100, 10),
                _r("scored", 0, 7.5),
            ],
            80.0,
            1.0,
            "on_track",
            False,
        ),
        # the cap never raises a score
        ([_r("scored", 0, 10, critical=True), _r("scored", 20, 5)], 6.67, 1.0, "off_track", True),
        # nothing scored
        ([_r("inconclusive", None, 10)], None, 0.0, "insufficient_evidence", False),
        # everything not applicable
        ([_r("not_applicable", None, 10)], None, None, "not_applicable", False),
    ],
)
def test_score_commitment(
    results: list[Scored], score: float | None, coverage: float | None, band: str, capped: bool
) -> None:
    agg = score_commitment(results)
    assert agg.score == (pytest.approx(score) if score is not None else None)
    assert agg.coverage == (pytest.approx(coverage) if coverage is not None else None)
    assert agg.band == band
    assert bool(agg.capped_by) is capped


def test_critical_cap_applies_to_an_insufficient_commitment_too() -> None:
    agg = score_commitment(
        [_r("scored", 0, 2.5, critical=True), _r("scored", 100, 2.5), _r("inconclusive", None, 10)]
    )
    assert agg.score == 40.0  # (0 * 2.5 + 100 * 2.5) / 5 = 50, capped
    assert agg.band == "insufficient_evidence"
