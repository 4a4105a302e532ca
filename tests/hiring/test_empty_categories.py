"""Categories with no applicants, and categories seen only at a later funnel stage (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tests.hiring.helpers import options, rows_by_group, table_from_counts, write_csv

from ai_work_audit.hiring import audit_hiring_file


def test_a_category_with_no_applicants_has_null_rate_and_no_verdict() -> None:
    """An aggregated row with 0 applicants: rate and ratio null, not adverse, no crash
    (adverse_flips divided by zero and the audit exited 3)."""
    rows = rows_by_group(table_from_counts([("F", 100, 30), ("M", 120, 50), ("X", 0, 0)]))
    empty = rows["X"]
    assert empty["rate"] is None
    assert empty["impact_ratio"] is None
    assert empty["adverse_impact"] in (None, False)
    assert empty["small_sample"] is False
    assert rows["F"]["adverse_impact"] is True


def test_a_category_seen_only_at_a_later_stage_gets_null_rates(tmp_path: Path) -> None:
    """A category absent from the first stage: cumulative applicants 0, so the cumulative rate
    and ratio are null, and the audit finishes (it exited 3 before)."""
    rows = ([("F", "apply", 1)] * 6 + [("F", "apply", 0)] * 4 + [("M", "apply", 1)] * 8
            + [("M", "apply", 0)] * 2 + [("F", "offer", 1)] * 3 + [("F", "offer", 0)] * 3
            + [("M", "offer", 1)] * 5 + [("M", "offer", 0)] * 3 + [("X", "offer", 1)])
    path = write_csv(pd.DataFrame(rows, columns=["g", "stage", "o"]), tmp_path / "f.csv")
    audit = audit_hiring_file(path, options(group=("g",), outcome="o", stage="stage",
                                            stage_order=("apply", "offer")))
    final = {r.group["g"]: r for r in audit.tables[0].rows}
    assert final["X"].applicants == 0 and final["X"].rate is None
    assert final["X"].impact_ratio is None and final["X"].adverse_impact in (None, False)
    assert final["F"].rate == 3 / 10
