"""Facts of a hiring audit: computed here and nowhere else (vocab/facts.yaml, producer hiring).

Names are stable ids (style.md): per table scope ``table`` and per audit scope ``audit``. The
audit scope is the document's top-level ``facts``; policy packs, pledge indicators (4.1, 4.3,
4.4) and MLflow read these values, never a re-derivation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ai_work_audit.findings import MetricValue

if TYPE_CHECKING:  # _model imports this module; the types are for annotations only
    from ai_work_audit.hiring._model import CategoryRow, HiringAudit, RateTable

SIGNIFICANCE = 0.05
#: EEOC Questions and Answers (1979): compare groups above 2 % of the relevant labour force.
MIN_CATEGORY_SHARE = 0.02
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


def lowest_impact_ratio(rows: Iterable[CategoryRow]) -> float | None:
    """The lowest impact ratio of any non-excluded category, nulls ignored (29 CFR 1607.4(D)).

    The one definition of ``hiring.min_impact_ratio``: over a table's rows in table scope,
    over every table's rows in audit scope (contracts.md "Facts").
    """
    ratios = [r.impact_ratio for r in rows if not r.excluded and r.impact_ratio is not None]
    return min(ratios) if ratios else None


def table_facts(table: RateTable) -> dict[str, MetricValue]:
    """Per-table facts read by the EEOC and NYC packs."""
    adverse = [r for r in table.rows if r.adverse_impact]
    ratios = [abs(r.z) for r in table.rows if r.z is not None]
    unstable = [r for r in table.rows if r.bounds is not None and not r.bounds.verdict_stable]
    reference = next((r for r in table.rows if r.is_reference), None)
    return {
        "hiring.adverse_impact_categories": len(adverse),
        "hiring.adverse_impact_names": adverse_names(adverse),
        "hiring.min_impact_ratio": lowest_impact_ratio(table.rows),
        "hiring.significant_adverse_categories": sum(
            1 for r in adverse if r.p_value_holm is not None and r.p_value_holm < SIGNIFICANCE),
        "hiring.small_sample_adverse_categories": sum(1 for r in adverse if r.small_sample),
        "hiring.max_abs_z": max(ratios) if ratios else None,
        "hiring.categories": len(table.rows),
        "hiring.unknown": table.unknown,
        "hiring.known": table.known,
        "hiring.unstable_verdict_categories": len(unstable),
        # names only: a representative view hides small rows' numbers, not their names
        "hiring.unstable_verdicts": "; ".join(_category(r) for r in unstable) or None,
        "hiring.reference_applicants": reference.applicants if reference else None,
        "hiring.reference_category": _category(reference) if reference else None,
    }


#: How many categories a finding names before it counts the rest.
NAMED_CATEGORIES = 5


def adverse_names(adverse: Iterable[CategoryRow]) -> str | None:
    """The categories with adverse impact, lowest impact ratio first ("Female × Black; Male ×
    Asian"), the first few named and the rest counted ("+3"); None when there is none. Names
    only, as the rows show them (issue 12: findings name categories)."""
    rows = sorted(adverse, key=lambda r: (r.impact_ratio is None, r.impact_ratio or 0.0))
    if not rows:
        return None
    named = rows if len(rows) <= NAMED_CATEGORIES + 1 else rows[:NAMED_CATEGORIES]
    text = "; ".join(_category(r) for r in named)
    return text + (f"; +{len(rows) - len(named)}" if len(rows) > len(named) else "")


def _category(row: CategoryRow) -> str:
    return " × ".join(str(v) for v in row.group.values())



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


def _tpr_gap(metrics: Any) -> float | None:
    gap = metrics.get("tpr_gap") if isinstance(metrics, Mapping) else None
    return float(gap) if isinstance(gap, int | float) and not isinstance(gap, bool) else None


def compute_audit_facts(tables: Sequence[RateTable], parameters: Mapping[str, Any],
                        model_metrics: Sequence[Mapping[str, Any]]) -> dict[str, MetricValue]:
    """Audit-wide facts (NYC reporting duties and the pledge indicators 4.1, 4.3, 4.4).

    Called once per audit, by ``HiringAudit``; also by the evidence adapters for recorded
    documents older than the top-level ``facts``.
    """
    attributes = list(parameters.get("group", []))
    intersectional = bool(parameters.get("intersectional", True)) and len(attributes) > 1
    rows = [r for t in tables for r in t.rows]
    excluded = sum(1 for r in rows if r.excluded)
    exclude_under = float(parameters.get("exclude_under", 0.0) or 0.0)
    unstable = sum(1 for r in rows if r.bounds is not None and not r.bounds.verdict_stable)
    reps = [v for v in (representativeness(t) for t in tables) if v is not None]
    gaps = [g for m in model_metrics if (g := _tpr_gap(m.get("metrics"))) is not None]
    return {
        "hiring.min_impact_ratio": lowest_impact_ratio(rows),
        "hiring.min_impact_ratio_over_2pct": lowest_impact_ratio(
            r for r in rows if r.share >= MIN_CATEGORY_SHARE),
        "hiring.adverse_impact_categories": sum(1 for r in rows if r.adverse_impact),
        "hiring.required_tables_missing": required_tables_missing(attributes, intersectional),
        "hiring.unknown_reported": True,
        "hiring.excluded_categories": excluded,
        "hiring.exclusion_justified": excluded == 0 or exclude_under <= MIN_CATEGORY_SHARE,
        "hiring.min_representativeness": min(reps) if reps else None,
        "hiring.max_tpr_gap": max(gaps) if gaps else None,
        "hiring.people": max((t.known for t in tables), default=0),
        "hiring.unstable_verdict_categories": unstable,
    }


def audit_facts(audit: HiringAudit) -> dict[str, MetricValue]:
    """The audit scope of ``audit`` (its top-level ``facts``, computed when it was built)."""
    return dict(audit.facts)


def hiring_facts(audit: HiringAudit) -> list[Facts]:
    """Every fact scope of ``audit``: one per main table, then the audit scope."""
    scopes = [Facts("table", table_label(t), table_facts(t)) for t in audit.tables]
    scopes.append(Facts("audit", "audit", audit_facts(audit)))
    return scopes
