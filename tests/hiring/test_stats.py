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
