"""The typed ``hiring-audit/v1`` document (contracts.md), every number annotated for disclosure.

It validates what ``HiringAudit.to_dict`` produces; extra fields are kept (and withheld from
representatives until annotated here). NYC DCWP 6 RCNY § 5-301, EEOC 29 CFR 1607.4(D).
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from ai_work_audit.documents._receipt import DisclosureDoc
from ai_work_audit.vocab import (
    AGGREGATES_KEY,
    CELL_KEY,
    PARTITION_KEY,
    DocumentPart,
    FactValue,
    FindingDoc,
    LedgerDoc,
    Number,
    derived,
    people,
    public,
)

SCHEMA_ID = "ai-work-audit/hiring-audit/v1"


class HiringInput(DocumentPart):
    """The input file: candidates (rows), digest and name."""

    rows: int | None = people()
    sha256: str | None = public()
    name: str | None = public()


class ProxyTestDoc(DocumentPart):
    """``--proxy``: one proxy column against one attribute (``hiring/_proxy.py``)."""

    proxy: str | None = public()
    attribute: str | None = public()
    named_proxy: bool | None = public()
    people: int | None = people()
    proxy_values: int | None = derived()
    cramers_v: Number | None = derived()
    crude_odds_ratio: Number | None = derived()
    stratified_odds_ratio: Number | None = derived()
    adverse_share: Number | None = derived()


class HiringParameters(DocumentPart):
    """The options of the audit: column names and settings, no data (``HiringOptions``)."""

    group: list[str] | None = public()
    outcome: str | None = public()
    score: str | None = public()
    applicants: str | None = public()
    selected: str | None = public()
    intersectional: bool | None = public()
    unknown: list[str] | None = public()
    exclude_under: Number | None = public()
    stage: str | None = public()
    stage_order: list[str] | None = public()
    period: str | None = public()
    by: str | None = public()
    label: str | None = public()
    positive: list[str] | None = public()
    reference: list[str] | None = public()
    reference_rule: Literal["highest_rate", "given"] | None = public()
    stratum: str | None = public()
    date_format: str | None = public()
    period_range: dict[str, str] | None = public()
    organisation: str | None = public()
    system: str | None = public()
    policies: list[str] | None = public()
    policy_packs: dict[str, str] | None = public()
    #: Where the counts were computed: local, spark or sql (issue 14).
    engine: Literal["local", "spark", "sql"] | None = public()
    table: str | None = public()
    # --- laws (issue 13) ---
    proxy: list[str] | None = public()
    jurisdictions: list[str] | None = public()
    as_of: str | None = public()
    requests: str | None = public()
    declarations: str | None = public()
    laws_as_of: str | None = public()


class RatioBoundsDoc(DocumentPart):
    """A category's impact-ratio range over the assignments of the unknowns (``_bounds``)."""

    impact_ratio_min: Number | None = derived()
    impact_ratio_max: Number | None = derived()
    verdict_stable: bool | None = derived()


class CategoryRowDoc(DocumentPart):
    """One category of one table (contracts.md hiring-audit/v1 ``rows``)."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "applicants"})

    group: dict[str, str] | None = public()
    applicants: int | None = people()
    selected: int | None = people()
    rate: Number | None = derived()
    share: Number | None = derived()
    impact_ratio: Number | None = derived()
    excluded: bool | None = derived()
    rate_ci95: list[Number] | None = derived()
    p_value: Number | None = derived()
    p_value_holm: Number | None = derived()
    z: Number | None = derived()
    adverse_impact: bool | None = derived()
    small_sample: bool | None = derived()
    is_reference: bool | None = derived()
    bounds: RatioBoundsDoc | None = None


class RateTableDoc(DocumentPart):
    """One impact-ratio table: an attribute, or the intersection of several; a funnel stage."""

    model_config = ConfigDict(json_schema_extra={
        AGGREGATES_KEY: ["min_impact_ratio", "adverse_impact_categories"]})

    attributes: list[str] | None = public()
    total: int | None = people()
    unknown: int | None = people()
    unknown_selected: int | None = people()
    reference_rule: Literal["highest_rate", "given"] | None = public()
    rows: list[CategoryRowDoc] | None = None
    min_impact_ratio: Number | None = derived()
    adverse_impact_categories: int | None = derived()
    stage: str | None = public()
    stratum: str | None = public()


class StratifiedComparisonDoc(DocumentPart):
    """One category against the reference across strata: Cochran–Mantel–Haenszel pooled odds
    ratio and test, Breslow–Day homogeneity (``hiring/_strata.py``)."""

    group: dict[str, str] | None = public()
    pooled_odds_ratio: Number | None = derived()
    cmh_statistic: Number | None = derived()
    cmh_p_value: Number | None = derived()
    homogeneity_p_value: Number | None = derived()
    strata_used: int | None = derived()
    strata_left_out: int | None = derived()


class StrataDoc(DocumentPart):
    """``--stratum``: one table set's per-stratum tables and pooled comparisons."""

    attributes: list[str] | None = public()
    stratum: str | None = public()
    reference: dict[str, str] | None = public()
    strata: list[str] | None = public()
    tables: list[RateTableDoc] | None = None
    comparisons: list[StratifiedComparisonDoc] | None = None


class TrendRowDoc(DocumentPart):
    """One category of one period (one table per period and attribute)."""

    model_config = ConfigDict(json_schema_extra={
        CELL_KEY: "applicants", PARTITION_KEY: ["period", "attribute"]})

    period: str | None = public()
    attribute: str | None = public()
    group: str | None = public()
    applicants: int | None = people()
    selected: int | None = people()
    rate: Number | None = derived()
    impact_ratio: Number | None = derived()
    adverse_impact: bool | None = derived()


class ModelGroupDoc(DocumentPart):
    """Error rates of one category against the ground-truth label (fairlearn)."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "count"})

    group: str | None = public()
    count: int | None = people()
    tpr: Number | None = derived()
    fpr: Number | None = derived()
    selection_rate: Number | None = derived()


class ModelMetricsDoc(DocumentPart):
    """fairlearn's equalized odds and demographic parity over one table's categories."""

    model_config = ConfigDict(json_schema_extra={AGGREGATES_KEY: ["metrics"]})

    attributes: list[str] | None = public()
    metrics: dict[str, Number | None] | None = derived()
    by_group: list[ModelGroupDoc] | None = None


class HiringDocument(DocumentPart):
    """The ``ai-work-audit/hiring-audit/v1`` document."""

    schema_id: Literal["ai-work-audit/hiring-audit/v1"] = public(..., alias="schema")
    audit_id: str | None = public()
    created_at: str | None = public()
    tool_version: str | None = public()
    organisation: str | None = public()
    system: str | None = public()
    input: HiringInput | None = None
    mode: str | None = public()
    median_score: Number | None = derived()
    parameters: HiringParameters | None = None
    tables: list[RateTableDoc] | None = None
    funnel: list[RateTableDoc] | None = None
    trends: list[TrendRowDoc] | None = None
    model_metrics: list[ModelMetricsDoc] | None = None
    strata: list[StrataDoc] | None = None
    proxy: list[ProxyTestDoc] | None = None
    facts: dict[str, FactValue] | None = derived()
    findings: list[FindingDoc] | None = None
    #: warnings about the input (e.g. category names normalised), when there are some
    warnings: list[str] | None = public()
    warning_messages: list[dict[str, str]] | None = public()
    ledger: LedgerDoc | None = None
    #: representative releases: what was protected, and the evidence receipt
    disclosure: DisclosureDoc | None = None
