"""The typed ``self-assessment/v1`` and ``consolidated/v1`` documents (contracts.md "Evidence and
self-assessment"), every number annotated for disclosure.

They validate what ``SelfAssessment.to_dict`` and ``consolidate`` produce. Scores, coverages
and values are ``derived``; counts of organisations and weights are ``public`` (no person).
"""

from __future__ import annotations

from typing import Literal

from pydantic import JsonValue

from ai_work_audit.documents._receipt import DisclosureDoc
from ai_work_audit.vocab import DocumentPart, Number, derived, public

SELF_ASSESSMENT_ID = "ai-work-audit/self-assessment/v1"
CONSOLIDATED_ID = "ai-work-audit/consolidated/v1"


class TextDoc(DocumentPart):
    """A text in both languages."""

    en: str | None = public()
    fr: str | None = public()


class FrameworkRef(DocumentPart):
    """The framework scored against."""

    id: str | None = public()
    version: str | None = public()


class EvidenceRefDoc(DocumentPart):
    """The evidence a result rests on."""

    uri: str | None = public()
    sha256: str | None = public()
    method: str | None = public()
    collected_at: str | None = public()
    expires_at: str | None = public()


class StateTotals(DocumentPart):
    """How many indicators are in each state."""

    indicators: int | None = public()
    scored: int | None = public()
    not_applicable: int | None = public()
    inconclusive: int | None = public()


class IndicatorResultDoc(DocumentPart):
    """One indicator's state, score, value or level, reason and evidence."""

    id: str | None = public()
    state: str | None = public()
    score: Number | None = derived()
    value: Number | None = derived()
    level: int | None = public()
    reason: str | None = public()
    evidence: list[EvidenceRefDoc] | None = None
    title: TextDoc | None = None
    type: str | None = public()
    risk: str | None = public()
    weight: Number | None = public()
    unit: str | None = public()
    hint: TextDoc | None = None
    #: a declarative indicator's level descriptions, level ("0", "25", …) → text
    levels: dict[str, TextDoc] | None = None
    #: computed (from audit runs), declared, or none (issue 16)
    basis: Literal["computed", "declared", "none"] | None = public()


class WeightDoc(DocumentPart):
    """The weight scored and the weight applicable."""

    scored: Number | None = public()
    applicable: Number | None = public()


class CommitmentResultDoc(DocumentPart):
    """A commitment's score, coverage, band and indicators."""

    id: int | None = public()
    score: Number | None = derived()
    coverage: Number | None = derived()
    band: str | None = public()
    indicators: list[IndicatorResultDoc] | None = None
    title: TextDoc | None = None
    reason: str | None = public()
    capped_by: list[str] | None = public()
    weight: WeightDoc | None = None
    totals: StateTotals | None = None


class OverrideDoc(DocumentPart):
    """One override of the framework by the organisation."""

    indicator: str | None = public()
    field: str | None = public()
    default: JsonValue = public()
    value: JsonValue = public()
    source: str | None = public()


class LawRuleDoc(DocumentPart):
    """One rule of a law pack: whether its duty applies on the assessment date."""

    rule: str | None = public()
    refs: list[str] | None = public()
    severity: str | None = public()
    applies_from: str | None = public()
    applies: bool | None = public()


class LawPackDoc(DocumentPart):
    """One policy pack the jurisdiction profiles select, with its dates (the pack's data)."""

    pack: str | None = public()
    version: str | None = public()
    title: dict[str, str] | None = public()
    applies_to: list[str] | None = public()
    jurisdictions: list[str] | None = public()
    dates: dict[str, dict[str, str]] | None = public()
    applies: bool | None = public()
    sources: list[str] | None = public()
    rules: list[LawRuleDoc] | None = None


class LawsDoc(DocumentPart):
    """Which rules apply where (``self-assessment --jurisdiction``)."""

    as_of: str | None = public()
    jurisdictions: list[str] | None = public()
    packs: list[LawPackDoc] | None = None


class SelfAssessmentDocument(DocumentPart):
    """The ``ai-work-audit/self-assessment/v1`` document."""

    schema_id: Literal["ai-work-audit/self-assessment/v1"] = public(..., alias="schema")
    organisation: str | None = public()
    period: str | None = public()
    framework: FrameworkRef | None = None
    commitments: list[CommitmentResultDoc] | None = None
    overrides: list[OverrideDoc] | None = None
    as_of: str | None = public()
    totals: StateTotals | None = None
    #: the evidence receipt this release carries
    disclosure: DisclosureDoc | None = None
    #: the period as a UTC interval, end excluded (absent when the period does not parse)
    period_start: str | None = public()
    period_end: str | None = public()
    #: ``--jurisdiction``: which rules apply where on ``as_of`` (laws, issue 13)
    laws: LawsDoc | None = None


class Suppressed(DocumentPart):
    """A figure suppressed for resting on too few organisations."""

    suppressed: Literal[True] = public(...)


class DistributionDoc(DocumentPart):
    """A distribution of scores (or coverages) over organisations."""

    n: int | None = public()
    min: Number | None = derived()
    q1: Number | None = derived()
    median: Number | None = derived()
    q3: Number | None = derived()
    max: Number | None = derived()
    mean: Number | None = derived()


class StateFigures(DocumentPart):
    """Organisations in each state (each figure may be suppressed)."""

    scored: int | Suppressed | None = public()
    not_applicable: int | Suppressed | None = public()
    inconclusive: int | Suppressed | None = public()


class BandFigures(DocumentPart):
    """Organisations in each band (each figure may be suppressed)."""

    on_track: int | Suppressed | None = public()
    partial: int | Suppressed | None = public()
    off_track: int | Suppressed | None = public()
    insufficient_evidence: int | Suppressed | None = public()
    not_applicable: int | Suppressed | None = public()


class ConsolidatedCommitment(DocumentPart):
    """One commitment across organisations."""

    id: int | None = public()
    organisations: StateFigures | None = None
    bands: BandFigures | None = None
    score: Suppressed | DistributionDoc | None = None
    coverage: Suppressed | DistributionDoc | None = None


class ConsolidatedIndicator(DocumentPart):
    """One indicator across organisations."""

    id: str | None = public()
    commitment: int | None = public()
    organisations: StateFigures | None = None
    score: Suppressed | DistributionDoc | None = None


class ConsolidationSuppression(DocumentPart):
    """How many figures were suppressed, and why."""

    min_organisations: int | None = public()
    suppressed_figures: int | None = public()
    reason: str | None = public()


class ConsolidatedDocument(DocumentPart):
    """The ``ai-work-audit/consolidated/v1`` document."""

    schema_id: Literal["ai-work-audit/consolidated/v1"] = public(..., alias="schema")
    period: str | None = public()
    framework: FrameworkRef | None = None
    organisations: int | None = public()
    min_organisations: int | None = public()
    suppression: ConsolidationSuppression | None = None
    notes: list[str] | None = public()
    commitments: list[ConsolidatedCommitment] | None = None
    indicators: list[ConsolidatedIndicator] | None = None
    #: the evidence receipt this release carries
    disclosure: DisclosureDoc | None = None
