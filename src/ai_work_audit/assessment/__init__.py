"""Self-assessments from the workspace: audit runs and declared evidence → pledge indicators.

Adapters turn recorded audit documents into ``AuditFacts`` and evidence-log entries into
``EvidenceItem`` (indicators.md). The workspace and evidence side of the run path; the
audit-specification runner (``ai_work_audit.specs``) sits above it.
"""

from ai_work_audit.assessment._adapters import (
    ENTRY_URI_PREFIX,
    audit_facts_from_document,
    audit_kind,
    document_sha256,
    entry_uri,
    evidence_item_from_entry,
    finding_from_dict,
    hiring_metrics,
    monitoring_metrics,
)
from ai_work_audit.assessment._build import (
    AUDIT_RUN_INDICATOR,
    EVIDENCE_FACTS,
    build_self_assessment,
    cadence_expiry,
    check_audience,
    check_declaration,
    collect_audit_facts,
    collect_evidence,
    consolidate_workspace,
    days_since_hiring_audit,
    default_as_of,
    evidence_facts,
    organisations,
    record_audit_evidence,
    representative_note,
    with_audience,
)
from ai_work_audit.assessment._laws import (
    append_laws_section,
    law_applicability,
    laws_section,
    with_laws,
)

__all__ = [
    "AUDIT_RUN_INDICATOR",
    "ENTRY_URI_PREFIX",
    "EVIDENCE_FACTS",
    "append_laws_section",
    "audit_facts_from_document",
    "audit_kind",
    "build_self_assessment",
    "cadence_expiry",
    "check_audience",
    "check_declaration",
    "collect_audit_facts",
    "collect_evidence",
    "consolidate_workspace",
    "days_since_hiring_audit",
    "default_as_of",
    "document_sha256",
    "entry_uri",
    "evidence_facts",
    "evidence_item_from_entry",
    "finding_from_dict",
    "hiring_metrics",
    "law_applicability",
    "laws_section",
    "monitoring_metrics",
    "organisations",
    "record_audit_evidence",
    "representative_note",
    "with_audience",
    "with_laws",
]
