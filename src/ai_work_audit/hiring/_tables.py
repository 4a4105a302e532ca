"""Build impact-ratio tables from per-category counts (the small table of sufficient statistics)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import pandas as pd

from ai_work_audit.hiring import _stats
from ai_work_audit.hiring._model import CategoryRow, RateTable
from ai_work_audit.sources import unknown_mask

APPLICANTS = "applicants"
SELECTED = "selected"


def compute_rate_table(
    counts: pd.DataFrame,
    attributes: Sequence[str],
    *,
    unknown: Sequence[str],
    exclude_under: float = 0.0,
    stage: str | None = None,
) -> RateTable:
    """One table of rates and impact ratios for ``attributes`` (NYC DCWP 6 RCNY § 5-301).

    ``counts`` holds one row per combination of attribute values (as strings, None for missing)
    with integer ``applicants`` and ``selected``. Rows of unknown category are counted in
    ``unknown`` and left out of rates, shares and ratios. Categories whose share of the known
    total is under ``exclude_under`` keep counts and rate but get no impact ratio and are not
    the reference (§ 5-301(d)). Ratios: category rate ÷ highest rate among included categories
    (29 CFR 1607.4(D)).
    """
    attrs = list(attributes)
    grouped = (
        counts.groupby(attrs, dropna=False, sort=True, observed=True)[[APPLICANTS, SELECTED]]
        .sum()
        .reset_index()
    )
    is_unknown = [False] * len(grouped)
    for attr in attrs:
        values = [None if pd.isna(v) else str(v) for v in grouped[attr].tolist()]
        flags = unknown_mask(values, unknown)
        is_unknown = [a or b for a, b in zip(is_unknown, flags, strict=True)]
    known = grouped[[not u for u in is_unknown]]
    unknown_total = int(grouped.loc[is_unknown, APPLICANTS].sum()) if any(is_unknown) else 0
    applicants = [int(v) for v in known[APPLICANTS].tolist()]
    selected = [int(v) for v in known[SELECTED].tolist()]
    groups = [
        {attr: str(row[attr]) for attr in attrs} for row in known[attrs].to_dict("records")
    ]
    known_total = sum(applicants)
    shares = [Fraction(n, known_total) if known_total else Fraction(0) for n in applicants]
    threshold = Fraction(exclude_under).limit_denominator(10**9)
    excluded = [share < threshold for share in shares]
    counted = [not e and n > 0 for e, n in zip(excluded, applicants, strict=True)]
    rates = [_stats.rate_fraction(s, n) for s, n in zip(selected, applicants, strict=True)]
    included_rates = [r for r, c in zip(rates, counted, strict=True) if c and r is not None]
    top_rate = max(included_rates) if included_rates else None
    reference = _reference_index(rates, counted, applicants, top_rate)

    p_values: list[float | None] = []
    z_values: list[float | None] = []
    for i in range(len(groups)):
        if reference is None or i == reference or not counted[i]:
            p_values.append(None)
            z_values.append(None)
            continue
        p_values.append(_stats.fisher_p_value(selected[i], applicants[i],
                                              selected[reference], applicants[reference]))
        z_values.append(_stats.two_proportion_z(selected[i], applicants[i],
                                                selected[reference], applicants[reference]))
    holm = _stats.holm_adjust(p_values)

    rows: list[CategoryRow] = []
    for i, group in enumerate(groups):
        rate = rates[i]
        ratio = (_stats.impact_ratio(rate, top_rate)
                 if counted[i] and rate is not None and top_rate is not None else None)
        adverse = None if excluded[i] else _stats.is_adverse(ratio)
        small = (
            not excluded[i]
            and _stats.adverse_flips(i, selected, applicants, counted)
        )
        rows.append(
            CategoryRow(
                group=group,
                applicants=applicants[i],
                selected=selected[i],
                rate=float(rate) if rate is not None else None,
                share=float(shares[i]),
                impact_ratio=float(ratio) if ratio is not None else None,
                excluded=excluded[i],
                rate_ci95=_stats.wilson_interval(selected[i], applicants[i]),
                p_value=p_values[i],
                p_value_holm=holm[i],
                z=z_values[i],
                adverse_impact=adverse,
                small_sample=small,
                is_reference=i == reference,
            )
        )
    return RateTable(
        attributes=attrs,
        total=known_total + unknown_total,
        unknown=unknown_total,
        rows=rows,
        stage=stage,
    )


def _reference_index(
    rates: Sequence[Fraction | None],
    counted: Sequence[bool],
    applicants: Sequence[int],
    top_rate: Fraction | None,
) -> int | None:
    """The most selected included category; ties go to the larger category, then the first."""
    if top_rate is None or top_rate == 0:
        return None
    best: int | None = None
    for i, (rate, ok) in enumerate(zip(rates, counted, strict=True)):
        if ok and rate == top_rate and (best is None or applicants[i] > applicants[best]):
            best = i
    return best
