"""Time to promotion with censoring: Kaplan–Meier medians per category and a log-rank test.

People not (yet) promoted are right-censored at the months observed so far. Kaplan, E. L. &
Meier, P. (1958), "Nonparametric estimation from incomplete observations", JASA 53; Mantel,
N. (1966), log-rank test, Cancer Chemother. Rep. 50. Computed with statsmodels
(``SurvfuncRight``, ``survdiff``), on each category of one attribute (unknowns left out, as in
the rate tables).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class SurvivalRow:
    """One category: people, promotions (events), censored, the Kaplan–Meier median."""

    group: dict[str, str]
    people: int
    promoted: int
    censored: int
    median_months: float | None
    #: 95 % interval of the median (statsmodels, log-log transform); an end may be open.
    median_ci95: tuple[float | None, float | None] | None

    def to_dict(self) -> dict[str, Any]:
        return {"group": dict(self.group), "people": self.people, "promoted": self.promoted,
                "censored": self.censored, "median_months": self.median_months,
                "median_ci95": list(self.median_ci95) if self.median_ci95 else None}


def _finite(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def km_median(durations: np.ndarray, events: np.ndarray) -> tuple[float | None,
                                                                   tuple[float | None,
                                                                         float | None] | None]:
    """The Kaplan–Meier median and its 95 % interval (None when survival never reaches 0.5:
    fewer than half were promoted by the end of follow-up)."""
    from statsmodels.duration.survfunc import SurvfuncRight

    if durations.size == 0:
        return None, None
    if not events.any():
        return None, None
    fit = SurvfuncRight(durations, events)
    median = _finite(fit.quantile(0.5))
    try:
        with np.errstate(divide="ignore", invalid="ignore"):  # an open end of the interval
            low, high = fit.quantile_ci(0.5)
        interval: tuple[float | None, float | None] | None = (_finite(low), _finite(high))
    except (ValueError, ZeroDivisionError, FloatingPointError):
        interval = None
    return median, interval


def log_rank(durations: np.ndarray, events: np.ndarray, groups: list[str]
             ) -> tuple[float | None, float | None]:
    """The log-rank chi-square and p-value across the categories (None with fewer than two
    categories or no promotion)."""
    from statsmodels.duration.survfunc import survdiff

    if len(set(groups)) < 2 or not events.any():
        return None, None
    codes = {g: i for i, g in enumerate(sorted(set(groups)))}
    stat, p = survdiff(durations, events, np.array([codes[g] for g in groups]))
    return _finite(stat), _finite(p)


def survival_table(attribute: str, values: list[str | None], unknown: list[bool],
                   durations: np.ndarray, events: np.ndarray) -> dict[str, Any]:
    """Per category of ``attribute`` (unknowns left out): Kaplan–Meier medians, and the
    log-rank test across categories."""
    known = [i for i, u in enumerate(unknown) if not u]
    labels = [str(values[i]) for i in known]
    d = durations[known]
    e = events[known]
    rows = []
    for category in sorted(set(labels)):
        mask = np.array([lab == category for lab in labels], dtype=bool)
        median, interval = km_median(d[mask], e[mask])
        promoted = int(e[mask].sum())
        rows.append(SurvivalRow({attribute: category}, int(mask.sum()), promoted,
                                int(mask.sum()) - promoted, median, interval).to_dict())
    stat, p = log_rank(d, e, labels)
    return {"attributes": [attribute], "rows": rows, "logrank_chi2": stat,
            "logrank_p_value": p, "unknown": len(unknown) - len(known)}
