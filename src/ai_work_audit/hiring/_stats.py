"""Rates, impact ratios and the tests beside them, computed from integer counts.

Definitions:
- selection rate and impact ratio: EEOC Uniform Guidelines, 29 CFR 1607.4(D); NYC DCWP rules,
  6 RCNY § 5-300 ("impact ratio": a category's rate ÷ the rate of the most selected category);
- four-fifths rule: 29 CFR 1607.4(D) — a rate *less than* 4/5 of the highest rate; compared
  exactly with fractions, so 3/5 ÷ 3/4 = 0.8 is not adverse impact;
- small samples: EEOC Questions and Answers on the Uniform Guidelines (1979), Q&A 20-21 — take
  no action on a result that would change if one different person were selected;
- Wilson score interval (Wilson 1927), via scipy's ``binomtest(...).proportion_ci``;
- two-sided Fisher exact test and the pooled two-proportion z statistic against the top category
  (the "two or three standard deviations" of statistical practice);
- Holm's step-down correction across the comparisons of one table (Holm 1979).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from scipy.stats import binomtest, fisher_exact

FOUR_FIFTHS = Fraction(4, 5)


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
    ci = binomtest(selected, applicants).proportion_ci(confidence_level=0.95, method="wilson")
    return (float(ci.low), float(ci.high))


def fisher_p_value(sel_a: int, n_a: int, sel_b: int, n_b: int) -> float:
    """Two-sided Fisher exact p-value of the 2×2 table (selected, not) × (category, top)."""
    table = [[sel_a, n_a - sel_a], [sel_b, n_b - sel_b]]
    return float(fisher_exact(table, alternative="two-sided").pvalue)


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
    index: int, selected: Sequence[int], applicants: Sequence[int], counted: Sequence[bool]
) -> bool:
    """True when moving one person of category ``index`` between selected and not selected
    changes its four-fifths conclusion (EEOC Q&A on 29 CFR 1607, questions 20-21)."""
    def adverse_with(sel: list[int]) -> bool:
        rates = [Fraction(s, n) for s, n, c in zip(sel, applicants, counted, strict=True)
                 if c and n > 0]
        top = max(rates) if rates else Fraction(0)
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
