"""Self-assessments from the workspace: audit runs and declared evidence → pledge indicators.

Adapters turn recorded audit documents into ``AuditFacts`` and evidence-log entries into
``EvidenceItem`` (indicators.md); audit specifications (``audits/*.yaml``) name a data source,
its column mapping, the audit module, policy packs, organisation, system, owner and cadence.
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
    check_declaration,
    collect_audit_facts,
    collect_evidence,
    consolidate_workspace,
    default_as_of,
    evidence_facts,
    organisations,
    record_audit_evidence,
)
from ai_work_audit.assessment._spec import (
    AUDIT_SPEC_SCHEMA,
    AuditSpec,
    SpecRun,
    load_audit_spec,
    run_audit_spec,
)

__all__ = [
    "AUDIT_RUN_INDICATOR",
    "AUDIT_SPEC_SCHEMA",
    "ENTRY_URI_PREFIX",
    "EVIDENCE_FACTS",
    "AuditSpec",
    "SpecRun",
    "audit_facts_from_document",
    "audit_kind",
    "build_self_assessment",
    "cadence_expiry",
    "check_declaration",
    "collect_audit_facts",
    "collect_evidence",
    "consolidate_workspace",
    "default_as_of",
    "document_sha256",
    "entry_uri",
    "evidence_facts",
    "evidence_item_from_entry",
    "finding_from_dict",
    "hiring_metrics",
    "load_audit_spec",
    "monitoring_metrics",
    "organisations",
    "record_audit_evidence",
    "run_audit_spec",
]
