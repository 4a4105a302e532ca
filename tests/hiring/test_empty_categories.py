"""Categories with no applicants, and categories seen only at a later funnel stage (issue 12)."""

from __future__ import annotations

from tests.hiring.helpers import rows_by_group, table_from_counts


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
