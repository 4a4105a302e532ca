"""The pledge indicator framework: load it, score self-assessments, consolidate them.

Three layers (after OpenSSF Scorecard): facts (``EvidenceItem``, ``AuditFacts``) → indicator
results (state, score, reason, evidence) → commitment scores and bands. Rules:
docs/indicators.md; documents: contracts.md ``self-assessment/v1`` and ``consolidated/v1``.
"""

from ai_work_audit.indicators._assessment import check_evidence, score_self_assessment
from ai_work_audit.indicators._consolidate import CONSOLIDATED_SCHEMA, SUPPRESSED, consolidate
from ai_work_audit.indicators._evaluate import describe_rule, format_value
from ai_work_audit.indicators._framework import (
    FRAMEWORK_SCHEMA,
    LEVELS,
    Commitment,
    Framework,
    Indicator,
    ScoringRule,
    Text,
    default_framework_path,
    load_framework,
    parse_framework,
)
from ai_work_audit.indicators._overrides import (
    OVERRIDES_SCHEMA,
    OverrideRecord,
    Overrides,
    apply_overrides,
    load_overrides,
    parse_overrides,
)
from ai_work_audit.indicators._records import (
    METHODS,
    SELF_ASSESSMENT_SCHEMA,
    AuditFacts,
    CommitmentResult,
    EvidenceItem,
    EvidenceRef,
    IndicatorResult,
    SelfAssessment,
    parse_period,
)
from ai_work_audit.indicators._scoring import (
    CRITICAL_CAP,
    MIN_COVERAGE,
    ON_TRACK,
    PARTIAL,
    band_for,
    score_level,
    score_value,
)

__all__ = [
    "CONSOLIDATED_SCHEMA",
    "CRITICAL_CAP",
    "FRAMEWORK_SCHEMA",
    "LEVELS",
    "METHODS",
    "MIN_COVERAGE",
    "ON_TRACK",
    "OVERRIDES_SCHEMA",
    "PARTIAL",
    "SELF_ASSESSMENT_SCHEMA",
    "SUPPRESSED",
    "AuditFacts",
    "Commitment",
    "CommitmentResult",
    "EvidenceItem",
    "EvidenceRef",
    "Framework",
    "Indicator",
    "IndicatorResult",
    "OverrideRecord",
    "Overrides",
    "ScoringRule",
    "SelfAssessment",
    "Text",
    "apply_overrides",
    "band_for",
    "check_evidence",
    "consolidate",
    "default_framework_path",
    "describe_rule",
    "format_value",
    "load_framework",
    "load_overrides",
    "parse_framework",
    "parse_overrides",
    "parse_period",
    "score_level",
    "score_self_assessment",
    "score_value",
]
