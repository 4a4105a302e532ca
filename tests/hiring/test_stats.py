"""The numpy Fisher exact test and Wilson interval against scipy.stats, the reference."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import binomtest, fisher_exact

from ai_work_audit.hiring._stats import fisher_p_value, holm_adjust, wilson_interval


def _tables(seed: int, count: int, low: int, high: int) -> list[tuple[int, int, int, int]]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        n_a, n_b = (int(v) for v in rng.integers(low, high, 2))
        rate = rng.uniform(0.02, 0.95)
        a = int(rng.binomial(n_a, rate))
        b = int(rng.binomial(n_b, rate * rng.uniform(0.9, 1.1) if rate < 0.85 else rate))
        out.append((a, n_a, b, n_b))
    return out


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), _tables(1, 300, 1, 200))
def test_fisher_small_tables_match_scipy(a: int, n_a: int, b: int, n_b: int) -> None:
    expected = fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
    assert fisher_p_value(a, n_a, b, n_b) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), _tables(2, 40, 10_000, 3_000_000))
def test_fisher_large_tables_match_scipy(a: int, n_a: int, b: int, n_b: int) -> None:
    expected = fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
    assert fisher_p_value(a, n_a, b, n_b) == pytest.approx(expected, rel=1e-6, abs=1e-300)


@pytest.mark.parametrize(("k", "n"), [(0, 1), (1, 1), (0, 10), (12, 40), (999, 1000),
                                      (480_000, 1_000_000)])
def test_wilson_matches_scipy(k: int, n: int) -> None:
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert wilson_interval(k, n) == pytest.approx((ci.low, ci.high), abs=1e-12)


def test_holm_keeps_none_and_is_monotone() -> None:
    adjusted = holm_adjust([0.01, None, 0.04, 0.03])
    assert adjusted[1] is None
    assert adjusted[0] == pytest.approx(0.03)
    assert adjusted[3] == pytest.approx(0.06) and adjusted[2] == pytest.approx(0.06)


def _extreme_tail_tables() -> list[tuple[int, int, int, int]]:
    """Tables whose two-sided p-value lies between 1e-300 and 1e-90, in either tail."""
    # unequal groups: the far tail lies outside any window symmetric about the mean (a
    # windowed sum gave 0.45–0.49 of scipy's p-value on these five)
    out = [(2005, 2070, 12399, 16252), (59, 2330, 4353, 18449), (275, 4557, 3749, 14145),
           (2, 1324, 5900, 17152), (52, 1755, 3968, 15523)]
    for n_a, n_b in ((500, 600), (900, 400), (2_000, 2_500), (300, 3_000)):
        for a_share, b_share in ((0.0, 0.5), (0.05, 0.6), (0.7, 0.1), (1.0, 0.55)):
            out.append((round(n_a * a_share), n_a, round(n_b * b_share), n_b))
    return out


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), _extreme_tail_tables())
def test_fisher_extreme_tails_match_scipy(a: int, n_a: int, b: int, n_b: int) -> None:
    """Both tails are summed however small p is (a window around the mean missed the far
    tail and gave up to half the p-value below 1e-90)."""
    expected = fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
    if expected < 1e-300:
        pytest.skip("scipy's oracle underflows here")
    assert fisher_p_value(a, n_a, b, n_b) == pytest.approx(expected, rel=1e-9)


def test_fisher_extreme_tail_cases_reach_below_1e90() -> None:
    """The parametrised set really exercises p-values below 1e-90 (the test can fail)."""
    smallest = min(fisher_exact([[a, n_a - a], [b, n_b - b]]).pvalue
                   for a, n_a, b, n_b in _extreme_tail_tables())
    assert smallest < 1e-90


@pytest.mark.parametrize(("a", "n_a", "b", "n_b"), [
    (1_000_000_000, 3_000_000_000, 2_000_000_000, 3_000_000_000),
    (1_500_000_000, 3_000_000_000, 1_500_100_000, 3_000_000_000),
    (7, 4_000_000_000, 3, 4_000_000_000),
])
def test_fisher_counts_in_the_billions_in_bounded_memory(a: int, n_a: int, b: int,
                                                         n_b: int) -> None:
    """Counts in the billions: answered at once, in chunks (a whole-range array needed GiB)."""
    import tracemalloc

    tracemalloc.start()
    p = fisher_p_value(a, n_a, b, n_b)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert 0.0 <= p <= 1.0
    assert peak < 64 * 2**20


def test_fisher_billions_agrees_with_normal_approximation() -> None:
    """At 3e9 per group the exact test agrees with the z test's two-sided p-value."""
    from statistics import NormalDist

    from ai_work_audit.hiring._stats import two_proportion_z

    a, n_a, b, n_b = 1_500_000_000, 3_000_000_000, 1_500_100_000, 3_000_000_000
    z = two_proportion_z(a, n_a, b, n_b)
    assert z is not None
    normal = 2 * NormalDist().cdf(-abs(z))
    assert fisher_p_value(a, n_a, b, n_b) == pytest.approx(normal, rel=1e-2)


def test_adverse_flips_with_an_empty_category() -> None:
    """A category with no applicants has no rate and cannot flip (it raised ZeroDivisionError)."""
    from ai_work_audit.hiring._stats import adverse_flips

    assert adverse_flips(1, [5, 0, 3], [10, 0, 8], [True, True, True]) is False
