"""Run an equal-access audit (training, promotion, decision roles; issue 16) with the hiring
core: the same rate tables, tests, bounds and disclosure, under the ``access-audit/v1`` schema
with a ``process`` field, plus what these processes add (time to promotion, the index de
l'égalité promotion gap, training indicators 2.1 and 2.4)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ai_work_audit.access._equality import promotion_gap
from ai_work_audit.access._facts import access_facts
from ai_work_audit.access._options import AccessOptions, PromotionOptions, TrainingOptions
from ai_work_audit.access._survival import survival_table
from ai_work_audit.errors import InputError
from ai_work_audit.hiring import HiringAudit, audit_hiring_table
from ai_work_audit.hiring._facts import _SEX
from ai_work_audit.sources import (
    LoadedTable,
    as_strings,
    parse_outcomes,
    parse_scores,
    read_table,
    row_list,
    unknown_mask,
)

SCHEMA = "ai-work-audit/access-audit/v1"
PROCESSES = ("training", "promotion", "decision_roles")


def audit_access_file(path: str | Path, options: AccessOptions, process: str) -> HiringAudit:
    """Audit an export of ``process`` (CSV/TSV/Parquet/JSON Lines/Excel)."""
    loaded = read_table(path, options.columns(), numeric_columns=options.numeric_columns(),
                        no_header=options.no_header)
    return audit_access_table(loaded, options, process, source=str(path))


def audit_access_table(loaded: LoadedTable, options: AccessOptions, process: str, *,
                       source: str | None = None) -> HiringAudit:
    """The hiring core's tables of ``loaded``, then this process's own sections."""
    if process not in PROCESSES:
        raise ValueError(process)
    label = source or loaded.name
    audit = audit_hiring_table(loaded, options, source=label)
    audit.schema = SCHEMA
    audit.process = process
    table = loaded.table
    sections: dict[str, Any] = {}
    problems: list[str] = []
    promoted = None
    if options.outcome is not None:
        values, _ = parse_outcomes(table.column(options.outcome), options.positive)
        promoted = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)
    if isinstance(options, PromotionOptions) and options.duration is not None:
        assert promoted is not None
        months, bad = parse_scores(table.column(options.duration))
        bad = bad | (np.nan_to_num(months, nan=-1.0) < 0)
        _collect(problems, bad, options.duration, "must hold months as numbers ≥ 0")
        if not problems:
            sections["survival"] = [
                survival_table(attr, _texts(table, attr),
                               unknown_mask(_texts(table, attr), options.unknown),
                               months, promoted.astype(bool))
                for attr in options.group]
    if isinstance(options, TrainingOptions) and (options.ai_literacy or options.hours):
        sections["training"] = _training(table, options, problems)
    if problems:
        raise InputError(problems, source=label)
    sex = options.sex or next((g for g in options.group if _SEX.search(g)), None)
    if process == "promotion" and sex is not None and promoted is not None:
        csps = _texts(table, options.csp) if options.csp else [None] * table.num_rows
        sections["equality_index"] = promotion_gap(_texts(table, sex), csps,
                                                   promoted.tolist())
        sections["equality_index"]["sex_column"] = sex
        sections["equality_index"]["csp_column"] = options.csp
    audit.sections = sections
    audit.facts.update(access_facts(audit.tables, audit.parameters, sections))
    return audit


def _texts(table: Any, column: str) -> list[str | None]:
    return [None if v is None else str(v) for v in as_strings(table.column(column)).to_pylist()]


def _flags(table: Any, column: str, problems: list[str]) -> np.ndarray:
    values, bad = parse_outcomes(table.column(column))
    _collect(problems, bad, column, "must hold 1/0, true/false, yes/no or oui/non")
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=bool)


def _training(table: Any, options: TrainingOptions, problems: list[str]) -> dict[str, Any]:
    """Indicators 2.1 (AI-literacy coverage of affected workers, AI Act art. 4) and 2.4
    (training hours per affected worker per year); pledge indicators, indicators.md."""
    affected = _flags(table, options.affected, problems) if options.affected else \
        np.ones(table.num_rows, dtype=bool)
    workers = int(affected.sum())
    out: dict[str, Any] = {"affected_column": options.affected, "affected_workers": workers,
                           "ai_literacy_trained": None, "ai_literacy_coverage": None,
                           "hours_total": None, "hours_per_worker": None}
    if options.ai_literacy:
        trained = _flags(table, options.ai_literacy, problems)
        out["ai_literacy_trained"] = int((trained & affected).sum())
        out["ai_literacy_coverage"] = out["ai_literacy_trained"] / workers if workers else None
    if options.hours:
        hours, bad = parse_scores(table.column(options.hours))
        bad = bad | (np.nan_to_num(hours, nan=-1.0) < 0)
        _collect(problems, bad, options.hours, "must hold hours as numbers ≥ 0")
        total = float(np.where(bad | ~affected, 0.0, hours).sum())
        out["hours_total"] = total
        out["hours_per_worker"] = total / workers if workers else None
    return out


def _collect(problems: list[str], mask: Any, column: str, expectation: str) -> None:
    count, rows = row_list(mask)
    if count:
        problems.append(
            f"column {column!r} {expectation}; got {count} invalid value"
            f"{'s' if count > 1 else ''} instead (rows {rows}; row 1 is the first data row). "
            "Correct or remove those rows.")
