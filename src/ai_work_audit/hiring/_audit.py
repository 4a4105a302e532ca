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
import pyarrow.compute as pc

from ai_work_audit import __version__
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
    MAX_CATEGORY_CHARS,
    LoadedTable,
    as_strings,
    category_problems,
    parse_dates,
    parse_outcomes,
    parse_scores,
    read_table,
    row_list,
    unknown_mask,
)

POSITIVES = "positives"
TRUE_POSITIVES = "true_positives"
STAGE = "__stage"
PERIOD = "__period"
STRATUM = "__stratum"


def audit_hiring_file(path: str | Path, options: HiringOptions) -> HiringAudit:
    """Audit a hiring export file (CSV/TSV/Parquet/JSON Lines); see ``audit_hiring_table``."""
    numeric = [c for c in (options.score, options.applicants, options.selected) if c]
    loaded = read_table(path, options.columns(), numeric_columns=numeric,
                        no_header=options.no_header)
    return audit_hiring_table(loaded, options, source=str(path))


def audit_hiring_table(
    loaded: LoadedTable, options: HiringOptions, *, source: str | None = None
) -> HiringAudit:
    """Compute every table of contracts.md ``hiring-audit/v1`` for ``loaded``."""
    label = source or loaded.name
    counts, median = aggregate_counts(loaded.table, options, source=label)
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
    system = options.system or loaded.name
    params = options.to_params()
    params["system"] = system
    if options.period is not None:  # the data period a published summary states (§ 5-303)
        periods = sorted(str(p) for p in set(counts[PERIOD]) if p is not None)
        params["period_range"] = {"from": periods[0], "to": periods[-1]} if periods else None
    audit = HiringAudit(
        audit_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__,
        input_rows=loaded.rows,
        input_sha256=loaded.sha256,
        input_name=loaded.name,
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
    )
    if options.proxy:  # Illinois HB 3773: the proxy test (``_proxy``)
        from ai_work_audit.hiring._proxy import proxy_facts, proxy_tests

        audit.proxy = proxy_tests(loaded.table, options)
        audit.facts.update(proxy_facts(audit.proxy))
    return audit


def aggregate_counts(
    table: pa.Table, options: HiringOptions, *, source: str
) -> tuple[dict[str, list[Any]], float | None]:
    """One row per combination of group values (and stage/period/label) with counts.

    Validates every measured column first and raises one InputError listing all problems.
    """
    problems: list[str] = []
    if table.num_rows == 0:
        raise InputError("the file has a header but no data rows; nothing to audit.",
                         source=source)
    keys: dict[str, pa.ChunkedArray] = {g: as_strings(table.column(g)) for g in options.group}
    for group, values in keys.items():
        controls, long = category_problems(values)
        _collect(problems, controls, group, "must hold category names without invisible or "
                 "bidirectional control characters (they make a category look like another)")
        _collect(problems, long, group,
                 f"must hold category names of at most {MAX_CATEGORY_CHARS} characters")
    median: float | None = None
    weights: pa.ChunkedArray | None = None

    if options.outcome is not None:
        selected, bad = parse_outcomes(table.column(options.outcome), options.positive)
        _collect(problems, bad, options.outcome,
                 "must hold a value of --positive (any other value means not selected)"
                 if options.positive else
                 "must hold 1/0, true/false, yes/no, oui/non or selected/rejected (or give "
                 "--positive with the values meaning selected)")
    elif options.score is not None:
        scores, bad_scores = parse_scores(table.column(options.score))
        _collect(problems, bad_scores, options.score, "must hold numbers")
        valid = scores[~bad_scores]
        if valid.size:
            median = float(np.median(valid))
        # DCWP scoring rate: share scoring strictly above the median of the full sample.
        selected = pa.chunked_array([pa.array((scores > (median or 0.0)).astype(np.int8))])
    else:
        assert options.applicants is not None and options.selected is not None
        applicants_np, bad_a = _counts_column(table.column(options.applicants))
        selected_np, bad_s = _counts_column(table.column(options.selected))
        _collect(problems, bad_a, options.applicants, "must hold whole numbers ≥ 0")
        _collect(problems, bad_s, options.selected, "must hold whole numbers ≥ 0")
        over = ~bad_a & ~bad_s & (selected_np > applicants_np)
        _collect(problems, over, options.selected,
                 f"must not exceed {options.applicants!r}")
        weights = pa.chunked_array([pa.array(np.where(bad_a, 0, applicants_np))])
        selected = pa.chunked_array([pa.array(np.where(bad_s, 0, selected_np))])

    if options.stage is not None:
        stage = as_strings(table.column(options.stage))
        missing_stage = pc.or_(pc.is_null(stage), pc.equal(pc.utf8_trim_whitespace(stage), ""))
        _collect(problems, missing_stage, options.stage, "must name a stage")
        keys[STAGE] = stage
    if options.stratum is not None:
        stratum = as_strings(table.column(options.stratum))
        missing = pc.or_(pc.is_null(stratum), pc.equal(pc.utf8_trim_whitespace(stratum), ""))
        _collect(problems, missing, options.stratum, "must name a stratum")
        keys[STRATUM] = stratum
    if options.period is not None:
        period, bad_period = _period_keys(table.column(options.period), options.by,
                                          column_name=options.period,
                                          date_format=options.date_format)
        _collect(problems, bad_period, options.period,
                 f"must hold dates in the format {options.date_format!r}"
                 if options.date_format else
                 "must hold dates (e.g. 2026-03-31 or 31/03/2026; other layouts with "
                 "--date-format)")
        keys[PERIOD] = period
    label_values: pa.ChunkedArray | None = None
    if options.label is not None:
        label_values, bad_label = parse_outcomes(table.column(options.label))
        _collect(problems, bad_label, options.label, "must hold 1/0, true/false or yes/no")
    if problems:
        raise InputError(problems, source=source)

    columns: dict[str, Any] = dict(keys)
    aggregations: list[tuple[str, str]] = []
    if weights is None:
        columns[SELECTED] = selected
        aggregations += [(SELECTED, "sum"), (SELECTED, "count")]
    else:
        columns[APPLICANTS] = weights
        columns[SELECTED] = selected
        aggregations += [(APPLICANTS, "sum"), (SELECTED, "sum")]
    if label_values is not None:
        columns[POSITIVES] = pc.cast(label_values, pa.int64())
        columns[TRUE_POSITIVES] = pc.multiply(pc.cast(label_values, pa.int64()),
                                              pc.cast(selected, pa.int64()))
        aggregations += [(POSITIVES, "sum"), (TRUE_POSITIVES, "sum")]
    grouped = pa.table(columns).group_by(list(keys), use_threads=True).aggregate(aggregations)
    rename = {f"{SELECTED}_sum": SELECTED, f"{POSITIVES}_sum": POSITIVES,
              f"{TRUE_POSITIVES}_sum": TRUE_POSITIVES}
    if weights is None:
        rename[f"{SELECTED}_count"] = APPLICANTS
    else:
        rename[f"{APPLICANTS}_sum"] = APPLICANTS
    counts = {rename.get(name, name): grouped.column(name).to_pylist()
              for name in grouped.column_names}
    return counts, median


def _collect(problems: list[str], mask: Any, column: str, expectation: str) -> None:
    count, rows = row_list(mask)
    if count:
        problems.append(
            f"column {column!r} {expectation}; got {count} invalid value"
            f"{'s' if count > 1 else ''} instead (rows {rows}; row 1 is the first data row). "
            "Correct or remove those rows."
        )


def _counts_column(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    values, _ = parse_scores(column)
    whole = np.isfinite(values) & (values >= 0) & (np.floor(values) == values)
    return np.where(whole, values, 0).astype(np.int64), ~whole


def _period_keys(column: pa.ChunkedArray, by: str, *, column_name: str = "",
                 date_format: str | None = None) -> tuple[pa.ChunkedArray, np.ndarray]:
    text = pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else \
        as_strings(column)
    parsed, bad = parse_dates(text.to_pylist(), column=column_name, date_format=date_format)
    if by == "year":
        labels = parsed.dt.year.astype("Int64").astype(str)
    elif by == "quarter":
        labels = parsed.dt.year.astype("Int64").astype(str) + "-Q" + \
            parsed.dt.quarter.astype("Int64").astype(str)
    else:
        labels = parsed.dt.strftime("%Y-%m")
    values = [None if b else str(v) for v, b in zip(labels.tolist(), bad, strict=True)]
    return pa.chunked_array([pa.array(values, type=pa.string())]), bad


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
            values = [None if v is None else str(v) for v in frame[attr].tolist()]
            known &= ~np.asarray(unknown_mask(values, options.unknown))
        out.append(group_model_metrics(frame[known], attrs))
    return out
