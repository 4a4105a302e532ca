"""Commitment 5: worker-privacy and surveillance audits of monitoring logs and HR exports.

Events (``sources``) → personal-data scan (``_scan``, Presidio through ``privacy``) →
surveillance (``_working_time``, ``_retention``, ``_accumulator``, ``_intensity``, per worker
and per modality ``_modality``) → facts; the company pack in the company's words (``_company``).
"""

from ai_work_audit.monitoring._accumulator import (
    SurveillanceAccumulator,
    SurveillanceReport,
    measure_surveillance,
)
from ai_work_audit.monitoring._audit import (
    SCHEMA,
    MonitoringAudit,
    audit_monitoring,
    expected_events,
)
from ai_work_audit.monitoring._company import worded_packs
from ai_work_audit.monitoring._options import MonitoringOptions, monitoring_options_from_params
from ai_work_audit.monitoring._retention import DEFAULT_RETENTION, parse_retention
from ai_work_audit.monitoring._working_time import RECORDED_OFFSETS, WorkingTime

__all__ = [
    "DEFAULT_RETENTION",
    "RECORDED_OFFSETS",
    "SCHEMA",
    "MonitoringAudit",
    "MonitoringOptions",
    "SurveillanceAccumulator",
    "SurveillanceReport",
    "WorkingTime",
    "audit_monitoring",
    "expected_events",
    "measure_surveillance",
    "monitoring_options_from_params",
    "parse_retention",
    "worded_packs",
]
