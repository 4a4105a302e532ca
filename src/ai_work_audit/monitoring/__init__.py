"""Commitment 5: worker-privacy and surveillance audits of monitoring logs and HR exports."""

from ai_work_audit.monitoring._audit import (
    SCHEMA,
    MonitoringAudit,
    audit_monitoring,
    expected_events,
)
from ai_work_audit.monitoring._options import MonitoringOptions, monitoring_options_from_params

__all__ = [
    "SCHEMA",
    "MonitoringAudit",
    "MonitoringOptions",
    "audit_monitoring",
    "expected_events",
    "monitoring_options_from_params",
]
