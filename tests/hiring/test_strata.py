"""Cochran–Mantel–Haenszel across strata (issue 12): a Simpson's-paradox example worked by
hand, and the textbook formulas computed independently of statsmodels."""

from __future__ import annotations

import math

import pytest
from scipy.stats import chi2

from ai_work_audit.hiring._strata import StratumCounts, compare_stratified


def test_pooled_disparity_that_vanishes_within_openings() -> None:
    """Opening A: women 10/20, men 40/80; opening B: women 16/80, men 4/20. Pooled, women
    26 % against men 44 % (impact ratio 0.59), yet within each opening the rates are equal:
    the Mantel–Haenszel odds ratio is exactly 1 and the CMH test finds nothing."""
    result = compare_stratified([StratumCounts("A", 10, 20, 40, 80),
                                 StratumCounts("B", 16, 80, 4, 20)])
    assert result.pooled_odds_ratio == pytest.approx(1.0)
    assert result.cmh_statistic == pytest.approx(0.0, abs=1e-12)
    assert result.cmh_p_value == pytest.approx(1.0)
    assert result.homogeneity_p_value == pytest.approx(1.0)
    assert (result.strata_used, result.strata_left_out) == (2, 0)


STRATA = [StratumCounts("site 1", 12, 60, 30, 70), StratumCounts("site 2", 8, 50, 25, 60),
          StratumCounts("site 3", 20, 90, 22, 50)]


def _by_hand(strata: list[StratumCounts]) -> tuple[float, float]:
    """Mantel–Haenszel (1959) odds ratio and Cochran's statistic, from their formulas."""
    num = den = diff = var = 0.0
    for s in strata:
        a, b = s.selected, s.applicants - s.selected
        c, d = s.reference_selected, s.reference_applicants - s.reference_selected
        n = a + b + c + d
        num += a * d / n
        den += b * c / n
        diff += a - (a + b) * (a + c) / n
        var += (a + b) * (c + d) * (a + c) * (b + d) / (n * n * (n - 1))
    return num / den, diff * diff / var


def test_matches_the_formulas() -> None:
    result = compare_stratified(STRATA)
    odds, statistic = _by_hand(STRATA)
    assert result.pooled_odds_ratio == pytest.approx(odds, rel=1e-12)
    assert result.cmh_statistic == pytest.approx(statistic, rel=1e-12)
    assert result.cmh_p_value == pytest.approx(chi2.sf(statistic, 1), rel=1e-9)
    assert result.cmh_p_value is not None and result.cmh_p_value < 0.01
    assert result.homogeneity_p_value is not None and 0 < result.homogeneity_p_value <= 1


def test_uninformative_strata_are_left_out_and_counted() -> None:
    strata = [*STRATA, StratumCounts("empty", 0, 0, 5, 9), StratumCounts("all", 4, 4, 6, 6)]
    result = compare_stratified(strata)
    assert (result.strata_used, result.strata_left_out) == (3, 2)
    assert result.pooled_odds_ratio == pytest.approx(_by_hand(STRATA)[0])


def test_no_informative_stratum_gives_nulls() -> None:
    result = compare_stratified([StratumCounts("x", 0, 0, 1, 2)])
    assert result.cmh_p_value is None and result.pooled_odds_ratio is None
    assert math.isfinite(result.strata_left_out)


def test_breslow_day_matches_statsmodels_where_it_is_defined() -> None:
    import numpy as np
    from statsmodels.stats.contingency_tables import StratifiedTable

    from ai_work_audit.hiring._strata import breslow_day_p_value

    tables = np.array([s.table() for s in STRATA], dtype=float).transpose(1, 2, 0)
    reference = StratifiedTable(tables)
    expected = reference.test_equal_odds(adjust=False).pvalue
    assert breslow_day_p_value(tables, reference.oddsratio_pooled) == pytest.approx(expected,
                                                                                    rel=1e-9)
