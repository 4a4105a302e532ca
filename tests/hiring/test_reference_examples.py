"""Worked examples of the rulebook: EEOC Uniform Guidelines Q&A and the NYC DCWP rule text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ai_work_audit.hiring import HiringOptions, audit_hiring_file

from .helpers import rows_by_group, table_from_counts, write_csv


def test_eeoc_48_of_80_against_12_of_40() -> None:
    """29 CFR 1607.4(D), EEOC Q&A: 60 % against 30 % → ratio 0.50, Fisher p ≈ 0.0034."""
    rows = rows_by_group(table_from_counts([("A", 80, 48), ("B", 40, 12)]))
    assert rows["A"]["rate"] == 0.6 and rows["B"]["rate"] == 0.3
    assert rows["A"]["impact_ratio"] == 1.0 and rows["A"]["is_reference"]
    assert rows["B"]["impact_ratio"] == 0.5
    assert rows["B"]["adverse_impact"] is True
    assert rows["B"]["p_value"] == pytest.approx(0.0034, abs=5e-5)
    assert rows["A"]["p_value"] is None


def test_eeoc_rates_only_example() -> None:
    """Rates 60 %, 45 %, 48 %, 51 % → ratios 0.75, 0.80, 0.85; adverse impact only at 45 %."""
    table = table_from_counts([("top", 100, 60), ("g45", 100, 45), ("g48", 100, 48),
                               ("g51", 100, 51)])
    rows = rows_by_group(table)
    assert [rows[g]["impact_ratio"] for g in ("g45", "g48", "g51")] == pytest.approx(
        [0.75, 0.80, 0.85], abs=1e-15)
    assert [rows[g]["adverse_impact"] for g in ("top", "g45", "g48", "g51")] == [
        False, True, False, False]


def test_exact_four_fifths_boundary_is_not_adverse() -> None:
    """3/5 against 3/4 is exactly 0.8: not adverse impact (a float division could say 0.7999…)."""
    rows = rows_by_group(table_from_counts([("top", 4, 3), ("low", 5, 3)]))
    assert rows["low"]["impact_ratio"] == pytest.approx(0.8)
    assert rows["low"]["adverse_impact"] is False
    rows = rows_by_group(table_from_counts([("top", 12, 9), ("low", 100, 60)]))
    assert rows["low"]["adverse_impact"] is False
    rows = rows_by_group(table_from_counts([("top", 12, 9), ("low", 1000, 599)]))
    assert rows["low"]["adverse_impact"] is True


def test_dcwp_scoring_rate_example_aggregated() -> None:
    """6 RCNY § 5-300 example ("culture fit"): male 92, 54.3 %, 1.00; female 76, 44.7 %, 0.82."""
    rows = rows_by_group(table_from_counts([("Male", 92, 50), ("Female", 76, 34)]))
    assert round(rows["Male"]["rate"], 3) == 0.543
    assert round(rows["Female"]["rate"], 3) == 0.447
    assert rows["Male"]["impact_ratio"] == 1.0
    assert round(rows["Female"]["impact_ratio"], 2) == 0.82


def test_dcwp_scoring_rate_example_row_level(tmp_path: Path) -> None:
    """Same example from scores: 84 people above a median of 50, the others at or below."""
    scores = ([80.0] * 50 + [20.0] * 42) + ([80.0] * 34 + [20.0] * 42)
    sex = ["Male"] * 92 + ["Female"] * 76
    # 84 above and 84 at or below: put a tie block exactly at the median.
    scores = [s if s == 80.0 else 50.0 for s in scores]
    path = write_csv(pd.DataFrame({"sex": sex, "score": scores}), tmp_path / "scores.csv")
    audit = audit_hiring_file(path, HiringOptions(group=("sex",), score="score"))
    assert audit.mode == "scoring"
    assert audit.median_score == 65.0
    rows = rows_by_group(audit.tables[0])
    assert rows["Male"]["selected"] == 50 and rows["Female"]["selected"] == 34
    assert round(rows["Female"]["impact_ratio"], 2) == 0.82


def test_scoring_mode_counts_strictly_above_median_with_ties(tmp_path: Path) -> None:
    frame = pd.DataFrame({"g": ["a", "a", "b", "b", "b"], "s": [1, 2, 2, 2, 3]})
    audit = audit_hiring_file(write_csv(frame, tmp_path / "t.csv"),
                              HiringOptions(group=("g",), score="s"))
    assert audit.median_score == 2.0
    rows = rows_by_group(audit.tables[0])
    assert rows["a"]["selected"] == 0 and rows["b"]["selected"] == 1


def test_small_sample_flag_follows_eeoc_qa() -> None:
    """Q&A 20-21: the conclusion would change if one person were selected differently."""
    rows = rows_by_group(table_from_counts([("top", 10, 5), ("small", 10, 3)]))
    assert rows["small"]["adverse_impact"] is True  # 0.3/0.5 = 0.6
    assert rows["small"]["small_sample"] is True    # 4/10 → 0.8, no longer adverse
    rows = rows_by_group(table_from_counts([("top", 1000, 500), ("big", 1000, 300)]))
    assert rows["big"]["adverse_impact"] is True and rows["big"]["small_sample"] is False


def test_exclusion_under_two_percent_keeps_counts() -> None:
    """§ 5-301(d): a category under 2 % is left out of the reference but reported."""
    table = table_from_counts([("big", 500, 100), ("mid", 480, 90), ("tiny", 10, 9)],
                              exclude_under=0.02)
    rows = rows_by_group(table)
    assert rows["tiny"]["excluded"] is True
    assert rows["tiny"]["impact_ratio"] is None and rows["tiny"]["adverse_impact"] is None
    assert rows["tiny"]["applicants"] == 10 and rows["tiny"]["rate"] == 0.9
    assert rows["big"]["is_reference"] and rows["big"]["impact_ratio"] == 1.0
    without = rows_by_group(table_from_counts([("big", 500, 100), ("mid", 480, 90),
                                               ("tiny", 10, 9)]))
    assert without["tiny"]["is_reference"] and without["big"]["adverse_impact"] is True


def test_top_rate_zero_gives_null_ratios() -> None:
    rows = rows_by_group(table_from_counts([("a", 10, 0), ("b", 5, 0)]))
    assert rows["a"]["impact_ratio"] is None and rows["a"]["adverse_impact"] is False


def test_holm_correction_across_table() -> None:
    table = table_from_counts([("top", 200, 120), ("b", 200, 90), ("c", 200, 100),
                               ("d", 200, 115)])
    rows = rows_by_group(table)
    raw = sorted((rows[g]["p_value"], g) for g in "bcd")
    holm = [rows[g]["p_value_holm"] for _, g in raw]
    expected = []
    running = 0.0
    for k, (p, _) in enumerate(raw):
        running = max(running, min(1.0, (3 - k) * p))
        expected.append(running)
    assert holm == pytest.approx(expected)
    assert all(h >= p for (p, _), h in zip(raw, holm, strict=True))


def test_wilson_interval_matches_formula() -> None:
    rows = rows_by_group(table_from_counts([("a", 40, 12), ("b", 50, 40)]))
    low, high = rows["a"]["rate_ci95"]
    n, p, z = 40, 0.3, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * (p * (1 - p) / n + z * z / (4 * n * n)) ** 0.5
    assert (low, high) == pytest.approx((centre - half, centre + half), abs=1e-12)
