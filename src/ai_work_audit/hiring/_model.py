"""Plain-data results of a hiring audit; they serialise to contracts.md ``hiring-audit/v1``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ai_work_audit.findings import Finding, MetricValue
from ai_work_audit.hiring._bounds import RatioBounds
from ai_work_audit.hiring._facts import compute_audit_facts, lowest_impact_ratio
from ai_work_audit.vocab._messages import in_every_language_each

SCHEMA = "ai-work-audit/hiring-audit/v1"
Mode = Literal["selection", "scoring"]


def _number(value: Any) -> float | None:
    """A finite number of a recorded document, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


@dataclass(frozen=True)
class CategoryRow:
    """One category of one table: counts, rate, ratio and the tests against the top category."""

    group: dict[str, str]
    applicants: int
    selected: int
    rate: float | None
    share: float
    impact_ratio: float | None
    excluded: bool
    rate_ci95: tuple[float, float] | None
    p_value: float | None
    p_value_holm: float | None
    z: float | None
    adverse_impact: bool | None
    small_sample: bool
    is_reference: bool = False
    #: Impact-ratio range over the assignments of the table's unknowns (None without any).
    bounds: RatioBounds | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "group": dict(self.group),
            "applicants": self.applicants,
            "selected": self.selected,
            "rate": self.rate,
            "share": self.share,
            "impact_ratio": self.impact_ratio,
            "excluded": self.excluded,
            "rate_ci95": list(self.rate_ci95) if self.rate_ci95 is not None else None,
            "p_value": self.p_value,
            "p_value_holm": self.p_value_holm,
            "z": self.z,
            "adverse_impact": self.adverse_impact,
            "small_sample": self.small_sample,
            "is_reference": self.is_reference,
        }
        if self.bounds is not None:
            out["bounds"] = self.bounds.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CategoryRow:
        """A row from its ``hiring-audit/v1`` form (recorded documents); absent fields null."""
        ci = data.get("rate_ci95")
        return cls(
            group={str(k): str(v) for k, v in (data.get("group") or {}).items()},
            applicants=int(_number(data.get("applicants")) or 0),
            selected=int(_number(data.get("selected")) or 0),
            rate=_number(data.get("rate")),
            share=_number(data.get("share")) or 0.0,
            impact_ratio=_number(data.get("impact_ratio")),
            excluded=bool(data.get("excluded", False)),
            rate_ci95=(float(ci[0]), float(ci[1])) if isinstance(ci, list | tuple)
            and len(ci) == 2 and all(_number(c) is not None for c in ci) else None,
            p_value=_number(data.get("p_value")),
            p_value_holm=_number(data.get("p_value_holm")),
            z=_number(data.get("z")),
            adverse_impact=data.get("adverse_impact") if isinstance(
                data.get("adverse_impact"), bool) else None,
            small_sample=bool(data.get("small_sample", False)),
            is_reference=bool(data.get("is_reference", False)),
            bounds=_bounds(data.get("bounds")),
        )


def _bounds(data: Any) -> RatioBounds | None:
    if not isinstance(data, Mapping):
        return None
    return RatioBounds(_number(data.get("impact_ratio_min")),
                       _number(data.get("impact_ratio_max")),
                       bool(data.get("verdict_stable", True)))


@dataclass(frozen=True)
class RateTable:
    """One impact-ratio table (one attribute, or the intersection of several).

    ``total`` counts every person of the table, ``unknown`` those of unknown category (left out of
    rates, ratios and shares; NYC DCWP 6 RCNY § 5-301).
    """

    attributes: list[str]
    total: int
    unknown: int
    rows: list[CategoryRow]
    stage: str | None = None
    #: Selected people among the unknowns (None when not known, e.g. an older document).
    unknown_selected: int | None = None
    #: How the reference was chosen: the highest rate, or a ``--reference`` category.
    reference_rule: Literal["highest_rate", "given"] = "highest_rate"
    #: The stratum value of a per-stratum table (``--stratum``).
    stratum: str | None = None

    @property
    def known(self) -> int:
        return self.total - self.unknown

    @property
    def min_impact_ratio(self) -> float | None:
        """The table's ``hiring.min_impact_ratio`` (``_facts.lowest_impact_ratio``)."""
        return lowest_impact_ratio(self.rows)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "attributes": list(self.attributes),
            "total": self.total,
            "unknown": self.unknown,
            "unknown_selected": self.unknown_selected,
            "reference_rule": self.reference_rule,
            "rows": [r.to_dict() for r in self.rows],
            "min_impact_ratio": self.min_impact_ratio,
            "adverse_impact_categories": sum(1 for r in self.rows if r.adverse_impact),
        }
        if self.stage is not None:
            out["stage"] = self.stage
        if self.stratum is not None:
            out["stratum"] = self.stratum
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RateTable:
        """A table from its ``hiring-audit/v1`` form (recorded documents)."""
        rows = data.get("rows")
        stage = data.get("stage")
        stratum = data.get("stratum")
        chosen = _number(data.get("unknown_selected"))
        return cls(
            attributes=[str(a) for a in data.get("attributes") or []],
            total=int(_number(data.get("total")) or 0),
            unknown=int(_number(data.get("unknown")) or 0),
            rows=[CategoryRow.from_dict(r) for r in rows if isinstance(r, Mapping)]
            if isinstance(rows, list) else [],
            stage=str(stage) if stage is not None else None,
            unknown_selected=int(chosen) if chosen is not None else None,
            reference_rule="given" if data.get("reference_rule") == "given" else
            "highest_rate",
            stratum=str(stratum) if stratum is not None else None,
        )


@dataclass
class HiringAudit:
    """Everything one hiring audit computed; audits compute, they never print or record."""

    audit_id: str
    created_at: str
    tool_version: str
    input_rows: int
    input_sha256: str
    input_name: str
    mode: Mode
    median_score: float | None
    tables: list[RateTable]
    parameters: dict[str, Any]
    organisation: str = "default"
    system: str = ""
    findings: list[Finding] = field(default_factory=list)
    funnel: list[RateTable] = field(default_factory=list)
    trends: list[dict[str, Any]] = field(default_factory=list)
    model_metrics: list[dict[str, Any]] = field(default_factory=list)
    #: ``--stratum``: per table set, the per-stratum tables and the pooled comparisons.
    strata: list[dict[str, Any]] = field(default_factory=list)
    #: ``--proxy``: per (proxy column, attribute), the proxy test (``_proxy``).
    proxy: list[dict[str, Any]] = field(default_factory=list)
    ledger_run_id: str | None = None
    #: Warnings about the input (``Message``: told in every language), e.g. category names
    #: normalised; in the document only when there are some.
    warnings: list[str] = field(default_factory=list)
    #: The document's schema id: hiring, or another selection process computed by this core
    #: (``access``: training, promotion, decision roles — issue 16).
    schema: str = SCHEMA
    #: The selection process audited (``training``, ``promotion``...; None: hiring).
    process: str | None = None
    #: Sections another process adds to the document (``access``: survival, equality index).
    sections: dict[str, Any] = field(default_factory=dict)
    #: The audit-scope facts (vocab/facts.yaml), computed once when the audit is built.
    facts: dict[str, MetricValue] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.facts = compute_audit_facts(self.tables, self.parameters, self.model_metrics)

    def to_dict(self) -> dict[str, Any]:
        """The ``ai-work-audit/hiring-audit/v1`` JSON document."""
        out: dict[str, Any] = {
            "schema": self.schema,
            **({"process": self.process} if self.process is not None else {}),
            "audit_id": self.audit_id,
            "created_at": self.created_at,
            "tool_version": self.tool_version,
            "organisation": self.organisation,
            "system": self.system,
            "input": {"rows": self.input_rows, "sha256": self.input_sha256,
                      "name": self.input_name},
            "mode": self.mode,
            "median_score": self.median_score,
            "parameters": dict(self.parameters),
            "tables": [t.to_dict() for t in self.tables],
            "funnel": [t.to_dict() for t in self.funnel],
            "trends": list(self.trends),
            "model_metrics": list(self.model_metrics),
            **({"strata": list(self.strata)} if self.strata else {}),
            **({"proxy": list(self.proxy)} if self.proxy else {}),
            "facts": dict(self.facts),
            "findings": [f.to_dict() for f in self.findings],
            **({"warnings": [str(w) for w in self.warnings],
                "warning_messages": in_every_language_each(self.warnings)}
               if self.warnings else {}),
            **self.sections,
        }
        if self.ledger_run_id is not None:
            out["ledger"] = {"mlflow_run_id": self.ledger_run_id}
        return out
