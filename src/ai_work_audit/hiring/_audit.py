"""Run a hiring audit: read, validate, aggregate once, then compute every table on the counts.

The heavy step is one group-by of the rows on (attributes, stage, period, label) → applicants and
selected counts (platform-notes.md: sufficient statistics, then metrics on the small table).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ai_work_audit import __version__
from ai_work_audit.engines import (
    PERIOD,
    POSITIVES,
    STAGE,
    STRATUM,
    TRUE_POSITIVES,
    CountedInput,
    hiring_counts,
)
from ai_work_audit.errors import InputError
from ai_work_audit.hiring._model import HiringAudit, RateTable
from ai_work_audit.hiring._options import HiringOptions
from ai_work_audit.hiring._tables import (
    APPLICANTS,
    SELECTED,
    Counts,
    category_label,
    compute_rate_table,
    roll_up,
    select_rows,
)
from ai_work_audit.sources import (
    LoadedTable,
    read_table,
    unknown_mask,
)

__all__ = [
    "POSITIVES",
    "TRUE_POSITIVES",
    "aggregate_counts",
    "audit_hiring_counts",
    "audit_hiring_file",
    "audit_hiring_table",
]

MSG_NO_INPUT = ("a hiring audit needs an INPUT file, or --engine sql with --source and "
                "--table or --query; got neither.")


def audit_hiring_file(path: str | Path | None, options: HiringOptions) -> HiringAudit:
    """Audit a hiring export file (CSV/TSV/Parquet/JSON Lines); see ``audit_hiring_table``.

    With ``--engine spark`` or ``sql`` the counts are computed by that engine
    (``engines.count_hiring``); everything after them is this module's shared code.
    """
    if options.engine != "local":
        from ai_work_audit.engines import count_hiring

        counted = count_hiring(path, options)
        return audit_hiring_counts(counted, options)
    if path is None:
        raise InputError(MSG_NO_INPUT)
    numeric = [c for c in (options.score, options.applicants, options.selected) if c]
    loaded = read_table(path, options.columns(), numeric_columns=numeric,
                        no_header=options.no_header)
    return audit_hiring_table(loaded, options, source=str(path))


def audit_hiring_table(
    loaded: LoadedTable, options: HiringOptions, *, source: str | None = None
) -> HiringAudit:
    """Compute every table of contracts.md ``hiring-audit/v1`` for ``loaded``."""
    label = source or loaded.name
    warnings: list[Any] = []
    counts, median = aggregate_counts(loaded.table, options, source=label, warnings=warnings)
    audit = audit_hiring_counts(CountedInput(counts=counts, median=median, rows=loaded.rows,
                                             sha256=loaded.sha256, name=loaded.name,
                                             source=label, warnings=warnings), options)
    if options.proxy:  # Illinois HB 3773: the proxy test (``_proxy``) reads the rows
        from ai_work_audit.hiring._proxy import proxy_facts, proxy_tests

        audit.proxy = proxy_tests(loaded.table, options)
        audit.facts.update(proxy_facts(audit.proxy))
    return audit


def audit_hiring_counts(counted: CountedInput, options: HiringOptions) -> HiringAudit:
    """Every table of contracts.md ``hiring-audit/v1`` from the sufficient statistics (the
    same code whichever engine counted them)."""
    counts, median, label = counted.counts, counted.median, counted.source
    attributes = list(options.group)
    table_sets: list[list[str]] = [[a] for a in attributes]
    if options.intersectional and len(attributes) >= 2:
        table_sets.append(attributes)

    funnel: list[RateTable] = []
    main_counts: Counts = counts
    if options.stage is not None:
        funnel, main_counts = _funnel(counts, table_sets, options)

    tables = [
        compute_rate_table(main_counts, attrs, unknown=options.unknown,
                           exclude_under=options.exclude_under, reference=options.reference)
        for attrs in table_sets
    ]
    _check_known_categories(tables, label)
    _check_reference(tables, options, label)
    strata = _strata(counts, table_sets, tables, options) if options.stratum else []
    trends = _trends(counts, attributes, options) if options.period is not None else []
    model_metrics = _model_metrics(counts, table_sets, options) if options.label else []
    system = options.system or counted.name
    params = options.to_params()
    params["system"] = system
    if options.period is not None:  # the data period a published summary states (§ 5-303)
        periods = sorted(str(p) for p in set(counts[PERIOD]) if p is not None)
        params["period_range"] = {"from": periods[0], "to": periods[-1]} if periods else None
    return HiringAudit(
        audit_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        input_rows=counted.rows,
        input_sha256=counted.sha256,
        input_name=counted.name,
        mode=options.mode,
        median_score=median,
        tables=tables,
        parameters=params,
        organisation=options.organisation,
        system=system,
        funnel=funnel,
        trends=trends,
        model_metrics=model_metrics,
        strata=strata,
        warnings=list(counted.warnings),
    )


def aggregate_counts(
    table: pa.Table, options: HiringOptions, *, source: str, warnings: list[Any] | None = None
) -> tuple[dict[str, list[Any]], float | None]:
    """One row per combination of group values (and stage/period/label) with counts.

    Validates every measured column first and raises one InputError listing all problems
    (the local engine, ``engines.hiring_counts``).
    """
    return hiring_counts(table, options, source=source, warnings=warnings)


def _check_known_categories(tables: list[RateTable], source: str) -> None:
    problems = [
        f"column {t.attributes[0]!r} has no known category: all {t.total} rows are empty or "
        "unknown. Check the column, or the --unknown values."
        for t in tables if len(t.attributes) == 1 and t.total > 0 and not t.rows
    ]
    if problems:
        raise InputError(problems, source=source)


def _check_reference(tables: list[RateTable], options: HiringOptions, source: str) -> None:
    """Every ``--reference`` must name a category of some table (no value in the message)."""
    if not options.reference:
        return
    labels = {category_label(r.group).strip().casefold() for t in tables for r in t.rows
              if not r.excluded and r.applicants > 0}
    missing = sum(1 for r in options.reference if r.strip().casefold() not in labels)
    if missing:
        raise InputError(
            f"{missing} --reference value(s) name no category of any table (with applicants "
            "and not excluded). Give a category exactly as the tables show it; for an "
            "intersectional table, its values joined by ' × '.", source=source)


def _strata(counts: Counts, table_sets: list[list[str]], tables: list[RateTable],
            options: HiringOptions) -> list[dict[str, Any]]:
    """Per table set: the per-stratum tables, and each category compared with the pooled
    table's reference across strata (Cochran–Mantel–Haenszel, Breslow–Day; ``_strata``)."""
    from ai_work_audit.hiring._strata import StratumCounts, compare_stratified

    values = sorted({str(v) for v in counts[STRATUM] if v is not None})
    out: list[dict[str, Any]] = []
    for attrs, pooled in zip(table_sets, tables, strict=True):
        per_stratum = [compute_rate_table(select_rows(counts, STRATUM, v), attrs,
                                          unknown=options.unknown,
                                          exclude_under=options.exclude_under,
                                          reference=options.reference, stratum=v)
                       for v in values]
        reference = next((r for r in pooled.rows if r.is_reference), None)
        comparisons: list[dict[str, Any]] = []
        if reference is not None:
            for row in pooled.rows:
                if row.is_reference or row.excluded or row.applicants == 0:
                    continue
                cells = []
                for value, table in zip(values, per_stratum, strict=True):
                    mine = next((r for r in table.rows if r.group == row.group), None)
                    ref = next((r for r in table.rows if r.group == reference.group), None)
                    cells.append(StratumCounts(
                        value, mine.selected if mine else 0, mine.applicants if mine else 0,
                        ref.selected if ref else 0, ref.applicants if ref else 0))
                result = compare_stratified(cells)
                comparisons.append({"group": dict(row.group), **result.to_dict()})
        out.append({
            "attributes": list(attrs),
            "stratum": options.stratum,
            "reference": dict(reference.group) if reference is not None else None,
            "strata": values,
            "tables": [t.to_dict() for t in per_stratum],
            "comparisons": comparisons,
        })
    return out


def _stage_order(counts: Counts, options: HiringOptions) -> list[str]:
    sizes = roll_up(counts, [STAGE], [APPLICANTS])
    present = [key[0] for key in sizes if key[0] is not None]
    if options.stage_order:
        unknown = sorted(set(present) - set(options.stage_order))
        if unknown:
            raise InputError(
                f"column {options.stage!r} has {len(unknown)} stage value(s) not listed in "
                "--stage-order. List every stage, first to last."
            )
        return [s for s in options.stage_order if s in present]
    # A funnel narrows: order stages by how many candidates reached them; a tie has no order.
    by_size: dict[int, list[str]] = {}
    for stage in present:
        by_size.setdefault(sizes[(stage,)][0], []).append(stage)
    ties = [sorted(names) for names in by_size.values() if len(names) > 1]
    if ties:
        listed = "; ".join(", ".join(repr(n) for n in names) for names in ties)
        raise InputError(
            f"column {options.stage!r} has stages of equal size ({listed}), so their order "
            "cannot be told from the counts; give --stage-order with every stage, first to "
            "last.")
    return sorted(present, key=lambda s: -sizes[(s,)][0])


def _funnel(
    counts: Counts, table_sets: list[list[str]], options: HiringOptions
) -> tuple[list[RateTable], Counts]:
    """Per-stage and cumulative tables; the main tables become the cumulative last stage.

    Input: one row per candidate and stage reached, ``--outcome`` = passed that stage.
    Cumulative rate at stage s = passed s ÷ candidates at the first stage.
    """
    order = _stage_order(counts, options)
    attrs = list(options.group)
    first = roll_up(select_rows(counts, STAGE, order[0]), attrs, [APPLICANTS])
    funnel: list[RateTable] = []
    cumulative: Counts = {}
    for stage in order:
        at_stage = select_rows(counts, STAGE, stage)
        for table_attrs in table_sets:
            funnel.append(compute_rate_table(at_stage, table_attrs, unknown=options.unknown,
                                             exclude_under=options.exclude_under, stage=stage,
                                             reference=options.reference))
        passed = roll_up(at_stage, attrs, [SELECTED])
        keys = list(dict.fromkeys([*first, *passed]))
        cumulative = {attr: [k[i] for k in keys] for i, attr in enumerate(attrs)}
        cumulative[APPLICANTS] = [first.get(k, [0])[0] for k in keys]
        cumulative[SELECTED] = [passed.get(k, [0])[0] for k in keys]
        for table_attrs in table_sets:
            funnel.append(compute_rate_table(cumulative, table_attrs, unknown=options.unknown,
                                             exclude_under=options.exclude_under,
                                             stage=f"{stage} (cumulative)",
                                             reference=options.reference))
    return funnel, cumulative


def _trends(counts: Counts, attributes: list[str], options: HiringOptions
            ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    periods = sorted({str(p) for p in counts[PERIOD] if p is not None})
    for period in periods:
        subset = select_rows(counts, PERIOD, period)
        for attr in attributes:
            table = compute_rate_table(subset, [attr], unknown=options.unknown,
                                       exclude_under=options.exclude_under,
                                       reference=options.reference)
            for row in table.rows:
                rows.append({
                    "period": period, "attribute": attr, "group": row.group[attr],
                    "applicants": row.applicants, "selected": row.selected, "rate": row.rate,
                    "impact_ratio": row.impact_ratio, "adverse_impact": row.adverse_impact,
                })
    return rows


def _model_metrics(counts: Counts, table_sets: list[list[str]], options: HiringOptions
                   ) -> list[dict[str, Any]]:
    """Per-group TPR/FPR, equalized-odds difference and demographic-parity ratio (fairlearn).

    fairlearn's metrics run on the sufficient statistics: one row per (group, label, decision)
    with the count as ``sample_weight``, which gives the same numbers as the row-level call.
    """
    import pandas as pd

    from ai_work_audit.hiring._fairness import group_model_metrics

    frame = pd.DataFrame(dict(counts))
    out: list[dict[str, Any]] = []
    for attrs in table_sets:
        known = np.ones(len(frame), dtype=bool)
        for attr in attrs:
            # pandas 3 turns None into NaN in a text column: both mean a missing category.
            values = [None if pd.isna(v) else str(v) for v in frame[attr].tolist()]
            known &= ~np.asarray(unknown_mask(values, options.unknown))
        out.append(group_model_metrics(frame[known], attrs))
    return out
