"""Facts a hiring audit hands to the policy engine and to the pledge indicators.

Names are stable ids (style.md): per table scope ``table`` and per audit scope ``audit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ai_work_audit.findings import MetricValue
from ai_work_audit.hiring._model import HiringAudit, RateTable

SIGNIFICANCE = 0.05
_SEX = re.compile(r"(^|_)(sex|gender|genre|sexe)($|_)", re.IGNORECASE)
_RACE = re.compile(r"(^|_)(race|ethnic|ethnicity|race_ethnicity|ethnicite|origine)($|_)",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Facts:
    """Named metric values of one scope of an audit (a table, or the audit as a whole)."""

    kind: str
    name: str
    values: dict[str, MetricValue]


def table_label(table: RateTable) -> str:
    """A table's scope label: its attributes joined by ' × ', and the stage if any."""
    label = " × ".join(table.attributes)
    return f"{label} @ {table.stage}" if table.stage else label


def table_facts(table: RateTable) -> dict[str, MetricValue]:
    """Per-table facts read by the EEOC and NYC packs."""
    adverse = [r for r in table.rows if r.adverse_impact]
    ratios = [abs(r.z) for r in table.rows if r.z is not None]
    return {
        "hiring.adverse_impact_categories": len(adverse),
        "hiring.min_impact_ratio": table.min_impact_ratio,
        "hiring.significant_adverse_categories": sum(
            1 for r in adverse if r.p_value_holm is not None and r.p_value_holm < SIGNIFICANCE),
        "hiring.small_sample_adverse_categories": sum(1 for r in adverse if r.small_sample),
        "hiring.max_abs_z": max(ratios) if ratios else None,
        "hiring.categories": len(table.rows),
        "hiring.unknown": table.unknown,
        "hiring.known": table.known,
    }


def required_tables_missing(attributes: list[str], intersectional: bool) -> int:
    """NYC DCWP § 5-301: sex, race/ethnicity and their intersection — how many are absent.

    Attributes are recognised by name (sex/gender/genre/sexe; race/ethnicity/origine).
    """
    has_sex = any(_SEX.search(a) for a in attributes)
    has_race = any(_RACE.search(a) for a in attributes)
    return (not has_sex) + (not has_race) + (not (has_sex and has_race and intersectional))


def representativeness(table: RateTable) -> float | None:
    """min over categories of share among selected ÷ share among applicants (indicator 4.4)."""
    rows = [r for r in table.rows if not r.excluded and r.applicants > 0]
    total_applicants = sum(r.applicants for r in rows)
    total_selected = sum(r.selected for r in rows)
    if not rows or total_selected == 0:
        return None
    return min((r.selected / total_selected) / (r.applicants / total_applicants) for r in rows)


def audit_facts(audit: HiringAudit) -> dict[str, MetricValue]:
    """Audit-wide facts (NYC reporting duties and the pledge indicators 4.1, 4.3, 4.4)."""
    attributes = list(audit.parameters.get("group", []))
    intersectional = bool(audit.parameters.get("intersectional", True)) and len(attributes) > 1
    ratios = [t.min_impact_ratio for t in audit.tables if t.min_impact_ratio is not None]
    excluded = sum(1 for t in audit.tables for r in t.rows if r.excluded)
    exclude_under = float(audit.parameters.get("exclude_under", 0.0))
    reps = [v for v in (representativeness(t) for t in audit.tables) if v is not None]
    gaps = [m["metrics"].get("tpr_gap") for m in audit.model_metrics]
    gaps_known = [g for g in gaps if g is not None]
    people = max((t.known for t in audit.tables), default=0)
    return {
        "hiring.min_impact_ratio": min(ratios) if ratios else None,
        "hiring.adverse_impact_categories": sum(
            1 for t in audit.tables for r in t.rows if r.adverse_impact),
        "hiring.required_tables_missing": required_tables_missing(attributes, intersectional),
        "hiring.unknown_reported": True,
        "hiring.excluded_categories": excluded,
        "hiring.exclusion_justified": excluded == 0 or exclude_under <= 0.02,
        "hiring.min_representativeness": min(reps) if reps else None,
        "hiring.max_tpr_gap": max(gaps_known) if gaps_known else None,
        "hiring.people": people,
    }


def hiring_facts(audit: HiringAudit) -> list[Facts]:
    """Every fact scope of ``audit``: one per main table, then the audit scope."""
    scopes = [Facts("table", table_label(t), table_facts(t)) for t in audit.tables]
    scopes.append(Facts("audit", "audit", audit_facts(audit)))
    return scopes
