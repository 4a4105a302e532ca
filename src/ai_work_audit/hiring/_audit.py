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
    compute_rate_table,
    roll_up,
    select_rows,
)
from ai_work_audit.sources import (
    MAX_CATEGORY_CHARS,
    LoadedTable,
    as_strings,
    category_problems,
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
                           exclude_under=options.exclude_under)
        for attrs in table_sets
    ]
    _check_known_categories(tables, label)
    trends = _trends(counts, attributes, options) if options.period is not None else []
    model_metrics = _model_metrics(counts, table_sets, options) if options.label else []
    system = options.system or loaded.name
    params = options.to_params()
    params["system"] = system
    return HiringAudit(
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
    )


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
        selected, bad = parse_outcomes(table.column(options.outcome))
        _collect(problems, bad, options.outcome,
                 "must hold 1/0, true/false, yes/no or selected/rejected")
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
    if options.period is not None:
        period, bad_period = _period_keys(table.column(options.period), options.by)
        _collect(problems, bad_period, options.period,
                 "must hold dates (ISO 8601, e.g. 2026-03-31)")
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


def _period_keys(column: pa.ChunkedArray, by: str) -> tuple[pa.ChunkedArray, np.ndarray]:
    import pandas as pd

    text = pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else \
        as_strings(column)
    parsed = pd.to_datetime(pd.Series(text.to_numpy(zero_copy_only=False)), errors="coerce",
                            format="mixed", utc=True)
    bad = parsed.isna().to_numpy()
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
    # A funnel narrows: order stages by how many candidates reached them.
    return sorted(present, key=lambda s: (-sizes[(s,)][0], s))


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
                                             exclude_under=options.exclude_under, stage=stage))
        passed = roll_up(at_stage, attrs, [SELECTED])
        keys = list(dict.fromkeys([*first, *passed]))
        cumulative = {attr: [k[i] for k in keys] for i, attr in enumerate(attrs)}
        cumulative[APPLICANTS] = [first.get(k, [0])[0] for k in keys]
        cumulative[SELECTED] = [passed.get(k, [0])[0] for k in keys]
        for table_attrs in table_sets:
            funnel.append(compute_rate_table(cumulative, table_attrs, unknown=options.unknown,
                                             exclude_under=options.exclude_under,
                                             stage=f"{stage} (cumulative)"))
    return funnel, cumulative


def _trends(counts: Counts, attributes: list[str], options: HiringOptions
            ) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    periods = sorted({str(p) for p in counts[PERIOD] if p is not None})
    for period in periods:
        subset = select_rows(counts, PERIOD, period)
        for attr in attributes:
            table = compute_rate_table(subset, [attr], unknown=options.unknown,
                                       exclude_under=options.exclude_under)
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
