"""Build impact-ratio tables from per-category counts (the small table of sufficient statistics)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ai_work_audit.hiring import _stats
from ai_work_audit.hiring._bounds import RatioBounds, impact_ratio_bounds
from ai_work_audit.hiring._model import CategoryRow, RateTable
from ai_work_audit.sources import unknown_mask

APPLICANTS = "applicants"
SELECTED = "selected"

#: The small table of sufficient statistics: column name → values, one entry per combination.
Counts = Mapping[str, Sequence[Any]]


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return str(value)


def roll_up(counts: Counts, attributes: Sequence[str], measures: Sequence[str] = (
        APPLICANTS, SELECTED)) -> dict[tuple[str | None, ...], list[int]]:
    """Sum ``measures`` per combination of ``attributes`` (sorted by the attribute values)."""
    keys = [counts[a] for a in attributes]
    sums: dict[tuple[str | None, ...], list[int]] = {}
    columns = [counts[m] for m in measures]
    for i in range(len(columns[0])):
        key = tuple(_text(k[i]) for k in keys)
        acc = sums.setdefault(key, [0] * len(columns))
        for j, column in enumerate(columns):
            acc[j] += int(column[i])
    return dict(sorted(sums.items(), key=lambda item: tuple((v is None, v or "")
                                                            for v in item[0])))


def select_rows(counts: Counts, column: str, value: str) -> dict[str, list[Any]]:
    """The rows of ``counts`` whose ``column`` equals ``value``."""
    keep = [i for i, v in enumerate(counts[column]) if _text(v) == value]
    return {name: [values[i] for i in keep] for name, values in counts.items()}


def compute_rate_table(
    counts: Counts,
    attributes: Sequence[str],
    *,
    unknown: Sequence[str],
    exclude_under: float = 0.0,
    stage: str | None = None,
    reference: Sequence[str] = (),
    stratum: str | None = None,
) -> RateTable:
    """One table of rates and impact ratios for ``attributes`` (NYC DCWP 6 RCNY § 5-301).

    ``counts`` maps column names to equally long sequences: attribute values (strings, None for
    missing) and integer ``applicants`` and ``selected``. Rows of unknown category are counted in
    ``unknown`` and left out of rates, shares and ratios. Categories whose share of the known
    total is under ``exclude_under`` keep counts and rate but get no impact ratio and are not
    the reference (§ 5-301(d)). Ratios: category rate ÷ highest rate among included categories
    (29 CFR 1607.4(D)), or ÷ the rate of the ``reference`` category when one of the given
    labels (values joined by " × ") names a category of the table (a fixed comparator).
    With unknowns, each row gets ``bounds`` over every assignment of them (``_bounds``).
    """
    attrs = list(attributes)
    grouped = roll_up(counts, attrs)
    unknown_total = 0
    unknown_selected = 0
    groups: list[dict[str, str]] = []
    applicants: list[int] = []
    selected: list[int] = []
    for key, (n, k) in grouped.items():
        if any(unknown_mask(list(key), unknown)):
            unknown_total += n
            unknown_selected += k
            continue
        groups.append({attr: str(value) for attr, value in zip(attrs, key, strict=True)})
        applicants.append(n)
        selected.append(k)
    known_total = sum(applicants)
    shares = [Fraction(n, known_total) if known_total else Fraction(0) for n in applicants]
    threshold = Fraction(exclude_under).limit_denominator(10**9)
    excluded = [share < threshold for share in shares]
    counted = [not e and n > 0 for e, n in zip(excluded, applicants, strict=True)]
    rates = [_stats.rate_fraction(s, n) for s, n in zip(selected, applicants, strict=True)]
    included_rates = [r for r, c in zip(rates, counted, strict=True) if c and r is not None]
    given = _given_reference(groups, counted, reference)
    if given is not None:
        top_rate = rates[given]
        reference_index: int | None = given if top_rate else None
    else:
        top_rate = max(included_rates) if included_rates else None
        reference_index = _reference_index(rates, counted, applicants, top_rate)
    ref = reference_index

    p_values: list[float | None] = []
    z_values: list[float | None] = []
    for i in range(len(groups)):
        if ref is None or i == ref or not counted[i]:
            p_values.append(None)
            z_values.append(None)
            continue
        p_values.append(_stats.fisher_p_value(selected[i], applicants[i],
                                              selected[ref], applicants[ref]))
        z_values.append(_stats.two_proportion_z(selected[i], applicants[i],
                                                selected[ref], applicants[ref]))
    holm = _stats.holm_adjust(p_values)
    if given is not None:
        bounds = _given_reference_bounds(given, applicants, selected, counted,
                                         unknown_total, unknown_selected)
    else:
        bounds = impact_ratio_bounds(applicants, selected, counted, unknown_total,
                                     unknown_selected)

    rows: list[CategoryRow] = []
    for i, group in enumerate(groups):
        rate = rates[i]
        ratio = (_stats.impact_ratio(rate, top_rate)
                 if counted[i] and rate is not None and top_rate is not None else None)
        adverse = None if excluded[i] else _stats.is_adverse(ratio)
        small = (
            not excluded[i]
            and _stats.adverse_flips(i, selected, applicants, counted,
                                     given if given is not None and i != given else None)
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
                is_reference=i == ref,
                bounds=bounds[i] if bounds is not None else None,
            )
        )
    return RateTable(
        attributes=attrs,
        total=known_total + unknown_total,
        unknown=unknown_total,
        rows=rows,
        stage=stage,
        unknown_selected=unknown_selected,
        reference_rule="given" if given is not None else "highest_rate",
        stratum=stratum,
    )


def category_label(group: Mapping[str, str]) -> str:
    """A category's label: its values joined by ' × ' (what ``--reference`` names)."""
    return " × ".join(str(v) for v in group.values())


def _given_reference(groups: Sequence[Mapping[str, str]], counted: Sequence[bool],
                     reference: Sequence[str]) -> int | None:
    """The category of the table that the first matching ``--reference`` label names."""
    wanted = {r.strip().casefold() for r in reference}
    for i, group in enumerate(groups):
        if counted[i] and category_label(group).strip().casefold() in wanted:
            return i
    return None


def _given_reference_bounds(
    ref: int, applicants: Sequence[int], selected: Sequence[int], counted: Sequence[bool],
    unknown: int, unknown_selected: int,
) -> list[RatioBounds] | None:
    """Exact ratio bounds against a fixed comparator: the ratio of category i is highest when
    the selected unknowns join i and the others join the reference, lowest the other way."""
    if unknown <= 0:
        return None
    rejected = unknown - unknown_selected
    ref_n, ref_s = applicants[ref], selected[ref]
    out: list[RatioBounds] = []
    for i, ok in enumerate(counted):
        if not ok or i == ref:
            out.append(RatioBounds(None, None, True))
            continue
        n, s = applicants[i], selected[i]
        ratios = []
        for n_i, s_i, n_r, s_r in ((n + unknown_selected, s + unknown_selected,
                                    ref_n + rejected, ref_s),
                                   (n + rejected, s, ref_n + unknown_selected,
                                    ref_s + unknown_selected)):
            if n_i > 0 and n_r > 0 and s_r > 0:
                ratios.append(Fraction(s_i, n_i) / Fraction(s_r, n_r))
        if not ratios or not ref_s:
            out.append(RatioBounds(None, None, True))
            continue
        verdict = _stats.is_adverse(Fraction(s, n) / Fraction(ref_s, ref_n))
        low, high = min(ratios), max(ratios)
        out.append(RatioBounds(float(low), float(high), _stats.is_adverse(low) == verdict
                               and _stats.is_adverse(high) == verdict))
    return out


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
