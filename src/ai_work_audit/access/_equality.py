"""The *index de l'égalité professionnelle* promotion-rate gap, as a reference measure.

Code du travail art. D1142-2 and its annex (décret n° 2019-15 du 8 janvier 2019), indicator 3
(companies of more than 250 workers): promotion rates of women and of men per socio-professional
category (CSP); a CSP counts only with at least 10 women and 10 men; the gap of a CSP is the
men's rate minus the women's, in percentage points, weighted by the CSP's share of the workers
counted; the indicator is the absolute value of the sum, rounded to one decimal; it is
calculable only when the CSPs counted hold at least 40 % of the workers. Points: gap ≤ 2 → 15;
≤ 5 → 10; ≤ 10 → 5; above → 0. (The annex's catch-up clause — full points when the gap favours
the sex with the lower pay — needs the pay indicator, which this audit does not compute.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

#: Values read as women / men (trimmed, case-insensitive).
WOMEN = frozenset({"f", "female", "woman", "women", "femme", "femmes", "w"})
MEN = frozenset({"m", "male", "man", "men", "homme", "hommes", "h"})
MIN_PER_SEX = 10
MIN_COUNTED_SHARE = 0.40
#: (largest gap in points, points): D1142-2 annex, indicator 3.
POINTS_SCALE = ((2.0, 15), (5.0, 10), (10.0, 5))
MAX_POINTS = 15


def sex_of(value: str | None) -> str | None:
    """``women``, ``men`` or None (another value, or unknown)."""
    if value is None:
        return None
    text = value.strip().casefold()
    return "women" if text in WOMEN else "men" if text in MEN else None


def gap_points(gap: float) -> int:
    """Points of a gap (absolute, in percentage points, rounded to one decimal)."""
    for limit, points in POINTS_SCALE:
        if gap <= limit:
            return points
    return 0


def promotion_gap(sexes: Sequence[str | None], csps: Sequence[str | None],
                  promoted: Sequence[int]) -> dict[str, Any]:
    """The index's promotion-rate gap over rows (one per worker): cells per CSP and sex, the
    weighted gap, its points, and whether it is calculable."""
    counts: dict[tuple[str, str], list[int]] = {}
    for sex_value, csp, up in zip(sexes, csps, promoted, strict=True):
        sex = sex_of(sex_value)
        if sex is None:
            continue
        cell = counts.setdefault((str(csp) if csp is not None else "", sex), [0, 0])
        cell[0] += 1
        cell[1] += int(up)
    categories = sorted({c for c, _ in counts})
    cells: list[dict[str, Any]] = []
    per_csp: list[dict[str, Any]] = []
    workers = sum(n for n, _ in counts.values())
    kept = [c for c in categories if all(counts.get((c, s), [0, 0])[0] >= MIN_PER_SEX
                                         for s in ("women", "men"))]
    counted = sum(counts[(c, s)][0] for c in kept for s in ("women", "men"))
    weighted = 0.0
    for csp in categories:
        rates: dict[str, float | None] = {}
        for sex in ("women", "men"):
            n, up = counts.get((csp, sex), [0, 0])
            rates[sex] = up / n if n else None
            cells.append({"csp": csp, "group": {"csp": csp, "sex": sex}, "workers": n,
                          "promoted": up, "rate": rates[sex]})
        if csp in kept:
            gap = (float(rates["men"] or 0.0) - float(rates["women"] or 0.0)) * 100
            weight = sum(counts[(csp, s)][0] for s in ("women", "men")) / counted
            weighted += gap * weight
            per_csp.append({"csp": csp, "counted": True, "gap_points": gap, "weight": weight})
        else:
            per_csp.append({"csp": csp, "counted": False, "gap_points": None, "weight": None})
    calculable = workers > 0 and counted >= MIN_COUNTED_SHARE * workers and bool(kept)
    rounded = round(abs(weighted), 1) if calculable else None
    return {
        "measure": "index de l'égalité professionnelle, indicator 3 (Code du travail D1142-2)",
        "cells": cells,
        "categories": per_csp,
        "workers": workers,
        "workers_counted": counted,
        "calculable": calculable,
        "gap": rounded,
        "favours": None if not calculable or weighted == 0 else (
            "men" if weighted > 0 else "women"),
        "points": gap_points(rounded) if rounded is not None else None,
        "max_points": MAX_POINTS,
    }
