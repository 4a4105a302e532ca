"""Facts of the equal-access audits: computed here and nowhere else (vocab/facts.yaml,
producer ``access``). Table-scope facts are the hiring core's (``hiring.*``); these are the
audit scope's additions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ai_work_audit.findings import MetricValue
from ai_work_audit.hiring import RateTable, lowest_impact_ratio
from ai_work_audit.hiring._facts import MIN_CATEGORY_SHARE


def _min_ratio(tables: Sequence[RateTable], column: str | None) -> float | None:
    if column is None:
        return None
    rows = [r for t in tables if t.attributes == [column] for r in t.rows]
    return lowest_impact_ratio(rows)


def access_facts(tables: Sequence[RateTable], parameters: Mapping[str, Any],
                 sections: Mapping[str, Any]) -> dict[str, MetricValue]:
    """Audit-scope facts: first-class attributes' lowest impact ratios, the index de
    l'égalité gap and points, the log-rank test, and training indicators 2.1 and 2.4."""
    index = sections.get("equality_index") or {}
    survival = sections.get("survival") or []
    training = sections.get("training") or {}
    p_values = [s["logrank_p_value"] for s in survival
                if isinstance(s.get("logrank_p_value"), float)]
    return {
        # pledge indicator 4.6: categories under 2 % left out, as 4.1 does for hiring
        "access.min_impact_ratio": lowest_impact_ratio(
            r for t in tables for r in t.rows if r.share >= MIN_CATEGORY_SHARE),
        "access.part_time_min_impact_ratio": _min_ratio(tables, parameters.get("part_time")),
        "access.age_band_min_impact_ratio": _min_ratio(tables, parameters.get("age_band")),
        "access.equality_promotion_gap": index.get("gap"),
        "access.equality_promotion_points": index.get("points"),
        "access.min_logrank_p_value": min(p_values) if p_values else None,
        "access.ai_literacy_coverage": training.get("ai_literacy_coverage"),
        "access.training_hours_per_worker": training.get("hours_per_worker"),
        "access.affected_workers": training.get("affected_workers"),
    }
