"""Impact ratios bounded over every assignment of the applicants of unknown category.

NYC DCWP rules (6 RCNY § 5-301) leave people of unknown category out of rates and ratios but
require their number; most published audits have some. Following the partial-identification
approach used to re-examine published LL144 audits (FAccT 2025, "auditing the audits"), each
impact ratio is recomputed under the extreme assignments of the unknowns, here solved exactly:

- highest ratio of category i: every selected unknown joins i, and the unselected unknowns join
  the other categories so as to lower the highest of their rates as far as possible (min–max
  allocation, found exactly among the rates s/m it can take);
- lowest ratio of i: every unselected unknown joins i and every selected unknown joins the one
  other category whose rate then rises highest.

Every way of spreading the unknowns gives a ratio within these bounds (a brute-force property
test checks it); the four-fifths verdict (29 CFR 1607.4(D)) is stable when it is the same at
both ends. When the outcomes of the unknowns are not known, the two extremes (all selected,
none selected) are taken. Exclusions (§ 5-301(d)) stay as computed on the known data.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from ai_work_audit.hiring._stats import impact_ratio, is_adverse


@dataclass(frozen=True)
class RatioBounds:
    """Range of one category's impact ratio over the assignments of the unknowns."""

    impact_ratio_min: float | None
    impact_ratio_max: float | None
    verdict_stable: bool

    def to_dict(self) -> dict[str, float | bool | None]:
        return {"impact_ratio_min": self.impact_ratio_min,
                "impact_ratio_max": self.impact_ratio_max,
                "verdict_stable": self.verdict_stable}


def _ratio(rate: Fraction, others: Fraction | None) -> Fraction | None:
    """rate ÷ the highest rate (its own included); None when every rate is 0."""
    top = rate if others is None or others < rate else others
    return impact_ratio(rate, top)


def _rejections_needed(cells: Sequence[tuple[int, int]], target: Fraction) -> int:
    """Unselected people to add so that no rate s/n exceeds ``target`` (> 0)."""
    return sum(max(0, math.ceil(Fraction(s) / target) - n) for n, s in cells if s > 0)


def _lowest_top_rate(cells: Sequence[tuple[int, int]], rejected: int) -> Fraction | None:
    """The smallest highest rate that ``rejected`` added unselected people can leave."""
    rated = [(n, s) for n, s in cells if n > 0]
    if not rated:
        return None
    if all(s == 0 for _, s in rated):
        return Fraction(0)
    low, high = 0.0, float(max(Fraction(s, n) for n, s in rated))
    for _ in range(80):  # approximate by bisection, then settle exactly among s/m
        middle = (low + high) / 2
        if middle <= 0 or sum(max(0, math.ceil(s / middle) - n) for n, s in rated
                              if s > 0) > rejected:
            low = middle
        else:
            high = middle
    candidates = {Fraction(s, n) for n, s in rated}
    for n, s in rated:
        if s > 0:
            m = math.floor(s / high) if high > 0 else n
            candidates.update(Fraction(s, x) for x in range(max(n, m - 2, 1), max(n, m + 3)))
    feasible = [c for c in candidates if c > 0 and _rejections_needed(rated, c) <= rejected]
    return min(feasible) if feasible else max(Fraction(s, n) for n, s in rated)


def _extremes(i: int, applicants: Sequence[int], selected: Sequence[int],
              counted: Sequence[bool], chosen: int, rejected: int
              ) -> tuple[Fraction | None, Fraction | None]:
    """(lowest, highest) impact ratio of category i with these unknowns to place."""
    others = [(applicants[j], selected[j]) for j in range(len(applicants))
              if j != i and counted[j]]
    # highest: the selected unknowns join i; the others' top rate pushed down
    n_i, s_i = applicants[i] + chosen, selected[i] + chosen
    best = _ratio(Fraction(s_i, n_i), _lowest_top_rate(others, rejected)) if n_i else None
    # lowest: the unselected unknowns join i; the selected ones lift one competitor
    n_i, s_i = applicants[i] + rejected, selected[i]
    lifted = [Fraction(s + chosen, n + chosen) for n, s in others if n + chosen > 0]
    worst = _ratio(Fraction(s_i, n_i), max(lifted) if lifted else None) if n_i else None
    return worst, best


def impact_ratio_bounds(
    applicants: Sequence[int], selected: Sequence[int], counted: Sequence[bool],
    unknown: int, unknown_selected: int | None,
) -> list[RatioBounds] | None:
    """Bounds per category, or None when the table has no unknowns.

    ``counted``: the categories that take part in the ratios (not excluded).
    """
    if unknown <= 0:
        return None
    splits = ([(unknown_selected, unknown - unknown_selected)] if unknown_selected is not None
              else [(unknown, 0), (0, unknown)])
    rates = [Fraction(s, n) if n > 0 and c else None
             for s, n, c in zip(selected, applicants, counted, strict=True)]
    known = [r for r in rates if r is not None]
    top = max(known) if known else None
    out: list[RatioBounds] = []
    for i, count in enumerate(counted):
        if not count:
            out.append(RatioBounds(None, None, True))
            continue
        rate = rates[i]
        observed = impact_ratio(rate, top) if rate is not None and top is not None else None
        ends = [v for c, r in splits for v in _extremes(i, applicants, selected, counted, c, r)
                if v is not None]
        if not ends:
            out.append(RatioBounds(None, None, True))
            continue
        low, high = min(ends), max(ends)
        verdict = is_adverse(observed)
        out.append(RatioBounds(float(low), float(high),
                               is_adverse(low) == verdict and is_adverse(high) == verdict))
    return out
