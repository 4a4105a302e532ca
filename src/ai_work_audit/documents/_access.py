"""The typed ``access-audit/v1`` document (issue 16): a hiring-audit document of another
selection process (``process``: training, promotion, decision_roles), with the sections these
processes add; every number annotated for disclosure (people counts suppressed under k in a
representative view).
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from ai_work_audit.documents._hiring import HiringDocument, HiringParameters
from ai_work_audit.vocab import (
    AGGREGATES_KEY,
    CELL_KEY,
    PARTITION_KEY,
    DocumentPart,
    Number,
    derived,
    public,
)
from ai_work_audit.vocab import (
    people as count_of_people,
)

SCHEMA_ID = "ai-work-audit/access-audit/v1"
Process = Literal["training", "promotion", "decision_roles"]


class AccessParameters(HiringParameters):
    """The hiring options, plus the columns of these processes (``access/_options.py``)."""

    part_time: str | None = public()
    age_band: str | None = public()
    sex: str | None = public()
    csp: str | None = public()
    duration: str | None = public()
    ai_literacy: str | None = public()
    hours: str | None = public()
    affected: str | None = public()


class SurvivalRowDoc(DocumentPart):
    """One category's time to promotion: Kaplan–Meier median (months), people censored."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "people"})

    group: dict[str, str] | None = public()
    people: int | None = count_of_people()
    promoted: int | None = count_of_people()
    censored: int | None = count_of_people()
    median_months: Number | None = derived()
    median_ci95: list[Number | None] | None = derived()


class SurvivalDoc(DocumentPart):
    """``--duration``: one attribute's Kaplan–Meier medians and log-rank test (statsmodels)."""

    model_config = ConfigDict(json_schema_extra={
        AGGREGATES_KEY: ["logrank_chi2", "logrank_p_value"]})

    attributes: list[str] | None = public()
    rows: list[SurvivalRowDoc] | None = None
    logrank_chi2: Number | None = derived()
    logrank_p_value: Number | None = derived()
    unknown: int | None = count_of_people()


class EqualityCellDoc(DocumentPart):
    """Workers and promotions of one sex in one socio-professional category."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers", PARTITION_KEY: ["csp"]})

    csp: str | None = public()
    group: dict[str, str] | None = public()
    workers: int | None = count_of_people()
    promoted: int | None = count_of_people()
    rate: Number | None = derived()


class EqualityCategoryDoc(DocumentPart):
    """One category's gap (men's rate − women's, percentage points) and weight."""

    csp: str | None = public()
    counted: bool | None = derived()
    gap_points: Number | None = derived()
    weight: Number | None = derived()


class EqualityIndexDoc(DocumentPart):
    """The index de l'égalité promotion-rate gap (Code du travail D1142-2, indicator 3)."""

    model_config = ConfigDict(json_schema_extra={
        AGGREGATES_KEY: ["categories", "gap", "points", "favours"]})

    measure: str | None = public()
    sex_column: str | None = public()
    csp_column: str | None = public()
    cells: list[EqualityCellDoc] | None = None
    categories: list[EqualityCategoryDoc] | None = None
    workers: int | None = count_of_people()
    workers_counted: int | None = count_of_people()
    calculable: bool | None = derived()
    gap: Number | None = derived()
    favours: Literal["women", "men"] | None = derived()
    points: int | None = derived()
    max_points: int | None = public()


class TrainingDoc(DocumentPart):
    """Training records: indicators 2.1 (AI-literacy coverage) and 2.4 (hours per worker)."""

    affected_column: str | None = public()
    affected_workers: int | None = count_of_people()
    ai_literacy_trained: int | None = count_of_people()
    ai_literacy_coverage: Number | None = derived()
    hours_total: Number | None = derived()
    hours_per_worker: Number | None = derived()


class AccessDocument(HiringDocument):
    """The ``ai-work-audit/access-audit/v1`` document."""

    schema_id: Literal["ai-work-audit/access-audit/v1"] = public(  # type: ignore[assignment]
        ..., alias="schema")
    process: Process | None = public()
    parameters: AccessParameters | None = None
    survival: list[SurvivalDoc] | None = None
    equality_index: EqualityIndexDoc | None = None
    training: TrainingDoc | None = None
