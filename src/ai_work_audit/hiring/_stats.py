"""Rates, impact ratios and the tests beside them, computed from integer counts.

Definitions:
- selection rate and impact ratio: EEOC Uniform Guidelines, 29 CFR 1607.4(D); NYC DCWP rules,
  6 RCNY § 5-300 ("impact ratio": a category's rate ÷ the rate of the most selected category);
- four-fifths rule: 29 CFR 1607.4(D) — a rate *less than* 4/5 of the highest rate; compared
  exactly with fractions, so 3/5 ÷ 3/4 = 0.8 is not adverse impact;
- small samples: EEOC Questions and Answers on the Uniform Guidelines (1979), Q&A 20-21 — take
  no action on a result that would change if one different person were selected;
- Wilson score interval (Wilson 1927);
- two-sided Fisher exact test (Fisher 1935; the p-value sums every table of the hypergeometric
  distribution no more probable than the observed one, with scipy's relative tolerance 1e-7)
  and the pooled two-proportion z statistic against the top category (the "two or three
  standard deviations" of statistical practice);
- Holm's step-down correction across the comparisons of one table (Holm 1979).

Both tests are computed here with numpy because importing ``scipy.stats`` costs more than a
whole 10M-row audit; the test suite checks them against ``scipy.stats.fisher_exact`` and
``scipy.stats.binomtest(...).proportion_ci(method="wilson")``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from statistics import NormalDist

import numpy as np

FOUR_FIFTHS = Fraction(4, 5)
Z_975 = NormalDist().inv_cdf(0.975)
_FISHER_RELATIVE_TOLERANCE = 1 + 1e-7


def rate_fraction(selected: int, applicants: int) -> Fraction | None:
    """selected ÷ applicants as an exact fraction; None for an empty category."""
    return Fraction(selected, applicants) if applicants > 0 else None


def impact_ratio(rate: Fraction, top_rate: Fraction) -> Fraction | None:
    """rate ÷ top rate (29 CFR 1607.4(D); 6 RCNY § 5-300); None when the top rate is 0."""
    return rate / top_rate if top_rate > 0 else None


def is_adverse(ratio: Fraction | None) -> bool:
    """Four-fifths rule, exact: a ratio strictly below 4/5 (29 CFR 1607.4(D))."""
    return ratio is not None and ratio < FOUR_FIFTHS


def wilson_interval(selected: int, applicants: int) -> tuple[float, float] | None:
    """95 % Wilson score interval of a rate (Wilson 1927)."""
    if applicants <= 0:
        return None
    n, z2 = applicants, Z_975 * Z_975
    p = selected / n
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z_975 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def fisher_p_value(sel_a: int, n_a: int, sel_b: int, n_b: int) -> float:
    """Two-sided Fisher exact p-value of the 2×2 table (selected, not) × (category, top).

    The sum of every table no more probable than the observed one (scipy's relative tolerance
    1e-7), taken in log space over both tails of the hypergeometric law in bounded memory:
    the law is log-concave (unimodal), so each tail is one run of counts that is summed outward
    in chunks until the remaining terms cannot change the sum; the other tail starts where the
    probability first falls to the observed one (a bisection). Any count, any tail.
    """
    selected = sel_a + sel_b
    low, high = max(0, selected - n_b), min(n_a, selected)
    if low == high:
        return 1.0

    def log_pmf(k: int) -> float:
        return _log_hypergeom(k, n_a, n_b, selected)

    observed = log_pmf(sel_a)
    threshold = observed + math.log(_FISHER_RELATIVE_TOLERANCE)
    mode = min(high, max(low, math.floor((selected + 1) * (n_a + 1) / (n_a + n_b + 2))))
    # the tail on the observed side runs from the observed count outward
    if sel_a <= mode:
        near = _tail_sum(sel_a, low, -1, n_a, n_b, selected, threshold, observed)
        first = _first_at_most(mode, high, threshold, log_pmf)
        far = _tail_sum(first, high, 1, n_a, n_b, selected, threshold, observed) \
            if first is not None else 0.0
    else:
        near = _tail_sum(sel_a, high, 1, n_a, n_b, selected, threshold, observed)
        first = _first_at_most(mode, low, threshold, log_pmf)
        far = _tail_sum(first, low, -1, n_a, n_b, selected, threshold, observed) \
            if first is not None else 0.0
    total = near + far
    if total <= 0.0:
        return 0.0
    log_p = observed + math.log(total)
    return min(1.0, math.exp(log_p)) if log_p > -745.0 else 0.0


_CHUNK = 1 << 16


def _first_at_most(start: int, stop: int, threshold: float,
                   log_pmf: Callable[[int], float]) -> int | None:
    """First count from ``start`` (the mode) towards ``stop`` whose log pmf ≤ ``threshold``.

    The pmf decreases monotonically from the mode outward, so a bisection finds it.
    """
    step = 1 if stop >= start else -1
    if log_pmf(stop) > threshold:
        return None
    inside, outside = start, stop
    if log_pmf(inside) <= threshold:
        return inside
    while abs(outside - inside) > 1:
        middle = inside + step * (abs(outside - inside) // 2)
        if log_pmf(middle) <= threshold:
            outside = middle
        else:
            inside = middle
    return outside


def _tail_sum(start: int, stop: int, step: int, n_a: int, n_b: int, selected: int,
              threshold: float, observed: float) -> float:
    """Σ exp(log pmf(k) − observed) for k from ``start`` towards ``stop`` (inclusive), over
    counts whose log pmf ≤ ``threshold``; chunked, re-anchored on the exact value per chunk."""
    total = 0.0
    k = start
    while (k <= stop) if step > 0 else (k >= stop):
        count = min(_CHUNK, abs(stop - k) + 1)
        ks = k + step * np.arange(count - 1, dtype=np.float64)
        if step > 0:  # log pmf(k+1) − log pmf(k)
            steps = (np.log(n_a - ks) + np.log(selected - ks)
                     - np.log(ks + 1) - np.log(n_b - selected + ks + 1))
        else:  # log pmf(k−1) − log pmf(k)
            steps = (np.log(ks) + np.log(n_b - selected + ks)
                     - np.log(n_a - ks + 1) - np.log(selected - ks + 1))
        chunk = np.concatenate(([0.0], np.cumsum(steps))) + _log_hypergeom(
            k, n_a, n_b, selected)
        keep = chunk <= threshold
        total += float(np.exp(chunk[keep] - observed).sum())
        last = float(chunk[-1])
        # outward from the mode the terms shrink at a shrinking ratio (log-concave law): once
        # the next term is negligible, so is everything after it
        if count > 1 and last - observed < math.log(max(total, 1e-300)) - 40.0 \
                and steps[-1] < 0:
            break
        k += step * count
    return total


def _log_hypergeom(k: int, n_a: int, n_b: int, selected: int) -> float:
    """log P(X = k), X hypergeometric: ``selected`` draws from n_a + n_b, n_a of them 'a'."""
    def log_choose(n: int, r: int) -> float:
        return math.lgamma(n + 1) - math.lgamma(r + 1) - math.lgamma(n - r + 1)
    return (log_choose(n_a, k) + log_choose(n_b, selected - k)
            - log_choose(n_a + n_b, selected))


def two_proportion_z(sel_a: int, n_a: int, sel_b: int, n_b: int) -> float | None:
    """Pooled two-proportion z statistic of rate a − rate b; None when undefined."""
    if n_a <= 0 or n_b <= 0:
        return None
    pooled = (sel_a + sel_b) / (n_a + n_b)
    variance = pooled * (1 - pooled) * (1 / n_a + 1 / n_b)
    if variance <= 0:
        return None
    return (sel_a / n_a - sel_b / n_b) / math.sqrt(variance)


def holm_adjust(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm step-down adjusted p-values (Holm 1979); None entries are left out and kept None."""
    indexed = sorted((p, i) for i, p in enumerate(p_values) if p is not None)
    m = len(indexed)
    adjusted: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, (p, i) in enumerate(indexed):
        running = max(running, min(1.0, (m - rank) * p))
        adjusted[i] = running
    return adjusted


def adverse_flips(
    index: int, selected: Sequence[int], applicants: Sequence[int], counted: Sequence[bool],
    reference: int | None = None,
) -> bool:
    """True when moving one person of category ``index`` between selected and not selected
    changes its four-fifths conclusion (EEOC Q&A on 29 CFR 1607, questions 20-21); against
    the highest rate, or the rate of a fixed ``reference`` category (``--reference``)."""
    def adverse_with(sel: list[int]) -> bool:
        if reference is not None:
            top = Fraction(sel[reference], applicants[reference]) \
                if applicants[reference] > 0 else Fraction(0)
        else:
            rates = [Fraction(s, n) for s, n, c in zip(sel, applicants, counted, strict=True)
                     if c and n > 0]
            top = max(rates) if rates else Fraction(0)
        if applicants[index] <= 0:
            return False
        ratio = impact_ratio(Fraction(sel[index], applicants[index]), top)
        return is_adverse(ratio)

    base = adverse_with(list(selected))
    for delta in (1, -1):
        moved = selected[index] + delta
        if 0 <= moved <= applicants[index]:
            changed = list(selected)
            changed[index] = moved
            if adverse_with(changed) != base:
                return True
    return False
