"""Typed audit documents (design.md "Data flow"): one pydantic model per schema, every value
field annotated with its disclosure class; they import only the vocabulary, so every layer
above may read them."""

import importlib
from typing import TYPE_CHECKING, Any

from ai_work_audit.documents._registry import DOCUMENT_MODELS, document_model, load_document

#: The models and their ids, imported on first use (PEP 562): a hiring run does not build the
#: monitoring and assessment models (start-up, issue 9 item 9).
_LAZY = {
    "CONSOLIDATED_ID": ("_assessment", "CONSOLIDATED_ID"),
    "SELF_ASSESSMENT_ID": ("_assessment", "SELF_ASSESSMENT_ID"),
    "ConsolidatedDocument": ("_assessment", "ConsolidatedDocument"),
    "SelfAssessmentDocument": ("_assessment", "SelfAssessmentDocument"),
    "HIRING_SCHEMA_ID": ("_hiring", "SCHEMA_ID"),
    "HiringDocument": ("_hiring", "HiringDocument"),
    "MONITORING_SCHEMA_ID": ("_monitoring", "SCHEMA_ID"),
    "MonitoringDocument": ("_monitoring", "MonitoringDocument"),
}

if TYPE_CHECKING:
    from ai_work_audit.documents._assessment import (
        CONSOLIDATED_ID,
        SELF_ASSESSMENT_ID,
        ConsolidatedDocument,
        SelfAssessmentDocument,
    )
    from ai_work_audit.documents._hiring import SCHEMA_ID as HIRING_SCHEMA_ID
    from ai_work_audit.documents._hiring import HiringDocument
    from ai_work_audit.documents._monitoring import SCHEMA_ID as MONITORING_SCHEMA_ID
    from ai_work_audit.documents._monitoring import MonitoringDocument


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "CONSOLIDATED_ID",
    "DOCUMENT_MODELS",
    "HIRING_SCHEMA_ID",
    "MONITORING_SCHEMA_ID",
    "SELF_ASSESSMENT_ID",
    "ConsolidatedDocument",
    "HiringDocument",
    "MonitoringDocument",
    "SelfAssessmentDocument",
    "document_model",
    "load_document",
]
