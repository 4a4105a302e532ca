"""Small builders for hiring tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ai_work_audit.hiring import HiringOptions, RateTable, compute_rate_table
from ai_work_audit.sources import DEFAULT_UNKNOWN


def table_from_counts(counts: Sequence[tuple[str, int, int]], exclude_under: float = 0.0
                      ) -> RateTable:
    """A one-attribute table from (group, applicants, selected) triples."""
    frame = pd.DataFrame(counts, columns=["g", "applicants", "selected"])
    return compute_rate_table(frame.to_dict("list"), ["g"], unknown=DEFAULT_UNKNOWN,
                              exclude_under=exclude_under)


def rows_by_group(table: RateTable) -> dict[str, dict[str, object]]:
    return {"|".join(r.group.values()): r.to_dict() for r in table.rows}


def expand_rows(counts: Sequence[tuple[str, int, int]], column: str = "g") -> pd.DataFrame:
    """Row-level candidates from aggregated counts."""
    records = []
    for group, applicants, selected in counts:
        records += [{column: group, "outcome": 1}] * selected
        records += [{column: group, "outcome": 0}] * (applicants - selected)
    return pd.DataFrame(records)


def write_csv(frame: pd.DataFrame, path: Path, **kwargs: object) -> Path:
    frame.to_csv(path, index=False, **kwargs)  # type: ignore[arg-type]
    return path


def options(**kwargs: object) -> HiringOptions:
    return HiringOptions(**kwargs)  # type: ignore[arg-type]
