"""Hiring sufficient statistics on one Arrow table: validate, normalise, group-by once.

The local engine, and the per-partition step of the Spark engine. One row per combination of
group values (and stage, stratum, period) with ``applicants`` and ``selected`` counts, and with
``--label`` the ``positives`` and ``true_positives`` (confusion counts). Everything after these
counts (rates, ratios, tests, bounds, strata, funnel, trends) is the hiring audit's shared code.
Source: platform-notes.md, "sufficient statistics, then metrics on the small table".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ai_work_audit.errors import InputError
from ai_work_audit.sources import (
    MAX_CATEGORY_CHARS,
    as_strings,
    category_problems,
    chunked,
    group_sums,
    normalise_categories,
    parse_dates,
    parse_outcomes,
    parse_scores,
    row_list,
)
from ai_work_audit.vocab._messages import Message

APPLICANTS = "applicants"
SELECTED = "selected"
POSITIVES = "positives"
TRUE_POSITIVES = "true_positives"
STAGE = "__stage"
PERIOD = "__period"
STRATUM = "__stratum"
#: Normalised measure columns of ``Prepared.frame`` (what an engine aggregates).
SCORE = "__score"
LABEL = "__label"

MSG_EMPTY = "the file has a header but no data rows; nothing to audit."


class CountOptions(Protocol):
    """What the engines read of ``hiring.HiringOptions`` (the engines sit below hiring)."""

    @property
    def group(self) -> tuple[str, ...]: ...

    @property
    def outcome(self) -> str | None: ...

    @property
    def positive(self) -> tuple[str, ...]: ...

    @property
    def score(self) -> str | None: ...

    @property
    def applicants(self) -> str | None: ...

    @property
    def selected(self) -> str | None: ...

    @property
    def stage(self) -> str | None: ...

    @property
    def stratum(self) -> str | None: ...

    @property
    def period(self) -> str | None: ...

    @property
    def date_format(self) -> str | None: ...

    @property
    def by(self) -> str: ...

    @property
    def label(self) -> str | None: ...


def checks(options: CountOptions) -> list[tuple[str, str]]:
    """Every validation of the measured columns, in order: (column, expectation)."""
    out: list[tuple[str, str]] = []
    for group in options.group:
        out.append((group, "must hold category names without invisible or bidirectional "
                    "control characters (they make a category look like another)"))
        out.append((group, f"must hold category names of at most {MAX_CATEGORY_CHARS} "
                    "characters"))
    if options.outcome is not None:
        out.append((options.outcome,
                    "must hold a value of --positive (any other value means not selected)"
                    if options.positive else
                    "must hold 1/0, true/false, yes/no, oui/non or selected/rejected (or give "
                    "--positive with the values meaning selected)"))
    elif options.score is not None:
        out.append((options.score, "must hold numbers"))
    else:
        assert options.applicants is not None and options.selected is not None
        out.append((options.applicants, "must hold whole numbers ≥ 0"))
        out.append((options.selected, "must hold whole numbers ≥ 0"))
        out.append((options.selected, f"must not exceed {options.applicants!r}"))
    if options.stage is not None:
        out.append((options.stage, "must name a stage"))
    if options.stratum is not None:
        out.append((options.stratum, "must name a stratum"))
    if options.period is not None:
        out.append((options.period,
                    f"must hold dates in the format {options.date_format!r}"
                    if options.date_format else
                    "must hold dates (e.g. 2026-03-31 or 31/03/2026; other layouts with "
                    "--date-format)"))
    if options.label is not None:
        out.append((options.label, "must hold 1/0, true/false or yes/no"))
    return out


def problem_text(column: str, expectation: str, count: int, rows: str | None) -> str:
    """One input problem: column, expectation, count and (when known) the first rows."""
    where = (f" (rows {rows}; row 1 is the first data row)" if rows is not None
             else " (the engine counts them without row numbers; find them with the local "
             "engine on an extract, or with a query)")
    return (f"column {column!r} {expectation}; got {count} invalid value"
            f"{'s' if count > 1 else ''} instead{where}. Correct or remove those rows.")


def key_columns(options: CountOptions) -> list[str]:
    """The group-by keys of the sufficient statistics."""
    keys = list(options.group)
    keys += [k for k, c in ((STAGE, options.stage), (STRATUM, options.stratum),
                            (PERIOD, options.period)) if c is not None]
    return keys


@dataclass
class Prepared:
    """One table validated and normalised: keys, measures and one mask per ``checks``."""

    keys: dict[str, pa.ChunkedArray]
    selected: pa.ChunkedArray | None
    weights: pa.ChunkedArray | None
    scores: np.ndarray | None
    label: pa.ChunkedArray | None
    masks: list[Any] = field(default_factory=list)
    #: ``warning.categories_normalised`` per column where normalisation changed rows.
    warnings: list[Any] = field(default_factory=list)


def prepare(table: pa.Table, options: CountOptions) -> Prepared:
    """Parse every measured column of ``table`` (the masks say which rows are invalid)."""
    masks: list[Any] = []
    warnings: list[Any] = []

    def normalised(column: str) -> pa.ChunkedArray:
        # NFC, invisible and bidirectional controls removed; the count is told (issue 10).
        values, changed = normalise_categories(as_strings(table.column(column)))
        if changed:
            warnings.append(Message("warning.categories_normalised", rows=changed,
                                    column=column))
        return values

    keys: dict[str, pa.ChunkedArray] = {g: normalised(g) for g in options.group}
    for values in keys.values():
        controls, long = category_problems(values)  # no controls are left after normalising
        masks += [controls, long]
    weights: pa.ChunkedArray | None = None
    selected: pa.ChunkedArray | None = None
    scores: np.ndarray | None = None
    if options.outcome is not None:
        selected, bad = parse_outcomes(table.column(options.outcome), options.positive)
        masks.append(bad)
    elif options.score is not None:
        scores, bad_scores = parse_scores(table.column(options.score))
        masks.append(bad_scores)
    else:
        assert options.applicants is not None and options.selected is not None
        applicants_np, bad_a = _counts_column(table.column(options.applicants))
        selected_np, bad_s = _counts_column(table.column(options.selected))
        masks += [bad_a, bad_s, ~bad_a & ~bad_s & (selected_np > applicants_np)]
        weights = chunked(np.where(bad_a, 0, applicants_np).astype(np.int64), pa.int64())
        selected = chunked(np.where(bad_s, 0, selected_np).astype(np.int64), pa.int64())
    if options.stage is not None:
        stage = normalised(options.stage)
        masks.append(pc.or_(pc.is_null(stage), pc.equal(pc.utf8_trim_whitespace(stage), "")))
        keys[STAGE] = stage
    if options.stratum is not None:
        stratum = normalised(options.stratum)
        masks.append(pc.or_(pc.is_null(stratum),
                            pc.equal(pc.utf8_trim_whitespace(stratum), "")))
        keys[STRATUM] = stratum
    if options.period is not None:
        period, bad_period = period_keys(table.column(options.period), options.by,
                                         column_name=options.period,
                                         date_format=options.date_format)
        masks.append(bad_period)
        keys[PERIOD] = period
    label: pa.ChunkedArray | None = None
    if options.label is not None:
        label, bad_label = parse_outcomes(table.column(options.label))
        masks.append(bad_label)
    return Prepared(keys, selected, weights, scores, label, masks, warnings)


def raise_problems(prepared: Prepared, options: CountOptions, source: str) -> None:
    """One InputError listing every invalid column (counts and first rows, no values)."""
    problems: list[str] = []
    for (column, expectation), mask in zip(checks(options), prepared.masks, strict=True):
        count, rows = row_list(mask)
        if count:
            problems.append(problem_text(column, expectation, count, rows))
    if problems:
        raise InputError(problems, source=source)


def median_of(scores: np.ndarray) -> float | None:
    """The median of the valid scores (DCWP: the median of the full sample)."""
    valid = scores[np.isfinite(scores)]
    return float(np.median(valid)) if valid.size else None


def scored(scores: np.ndarray, median: float | None) -> pa.ChunkedArray:
    """DCWP scoring rate: 1 for a score strictly above the median of the full sample."""
    return chunked((scores > (median or 0.0)).astype(np.int8), pa.int8())


def hiring_counts(table: pa.Table, options: CountOptions, *, source: str,
                  warnings: list[Any] | None = None,
                  ) -> tuple[dict[str, list[Any]], float | None]:
    """The local engine: validate, then one group-by → counts (and the median); the
    normalisation warnings are appended to ``warnings``."""
    if table.num_rows == 0:
        raise InputError(MSG_EMPTY, source=source)
    prepared = prepare(table, options)
    if warnings is not None:
        warnings.extend(prepared.warnings)
    raise_problems(prepared, options, source)
    median: float | None = None
    if prepared.scores is not None:
        median = median_of(prepared.scores)
        prepared.selected = scored(prepared.scores, median)
    return group_counts(prepared), median


def group_counts(prepared: Prepared) -> dict[str, list[Any]]:
    """One group-by of a prepared table (first-seen order of the combinations), without
    pyarrow's Acero path, which imports pandas (``sources.group_sums``)."""
    keys, selected, weights = prepared.keys, prepared.selected, prepared.weights
    assert selected is not None
    sums: dict[str, pa.ChunkedArray] = {}
    if weights is None:
        sums[SELECTED] = selected  # applicants: the number of rows
    else:
        sums[APPLICANTS] = weights
        sums[SELECTED] = selected
    if prepared.label is not None:
        sums[POSITIVES] = pc.cast(prepared.label, pa.int64())
        sums[TRUE_POSITIVES] = pc.multiply(pc.cast(prepared.label, pa.int64()),
                                           pc.cast(selected, pa.int64()))
    return group_sums(keys, sums, count=APPLICANTS if weights is None else None)


def _counts_column(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    values, _ = parse_scores(column)
    whole = np.isfinite(values) & (values >= 0) & (np.floor(values) == values)
    return np.where(whole, values, 0).astype(np.int64), ~whole


def period_keys(column: pa.ChunkedArray, by: str, *, column_name: str = "",
                date_format: str | None = None) -> tuple[pa.ChunkedArray, np.ndarray]:
    """The trend period of each date (``YYYY``, ``YYYY-Qn`` or ``YYYY-MM``) and a bad mask."""
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
