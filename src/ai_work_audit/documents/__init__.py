"""Typed audit documents (design.md "Data flow"): one pydantic model per schema, every value
field annotated with its disclosure class; they import only the vocabulary, so every layer
above may read them."""

import importlib
from typing import TYPE_CHECKING, Any

from ai_work_audit.documents._registry import DOCUMENT_MODELS, document_model, load_document

#: The models and their ids, imported on first use (PEP 562): a hiring run does not build the
#: monitoring and assessment models (start-up, issue 9 item 9).
_LAZY = {
    "ACCESS_SCHEMA_ID": ("_access", "SCHEMA_ID"),
    "AccessDocument": ("_access", "AccessDocument"),
    "SUPPLY_CHAIN_SCHEMA_ID": ("_supply_chain", "SCHEMA_ID"),
    "SupplyChainDocument": ("_supply_chain", "SupplyChainDocument"),
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
    from ai_work_audit.documents._access import SCHEMA_ID as ACCESS_SCHEMA_ID
    from ai_work_audit.documents._access import AccessDocument
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
    from ai_work_audit.documents._supply_chain import SCHEMA_ID as SUPPLY_CHAIN_SCHEMA_ID
    from ai_work_audit.documents._supply_chain import SupplyChainDocument


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value


__all__ = [
    "ACCESS_SCHEMA_ID",
    "CONSOLIDATED_ID",
    "DOCUMENT_MODELS",
    "HIRING_SCHEMA_ID",
    "MONITORING_SCHEMA_ID",
    "SELF_ASSESSMENT_ID",
    "SUPPLY_CHAIN_SCHEMA_ID",
    "AccessDocument",
    "ConsolidatedDocument",
    "HiringDocument",
    "MonitoringDocument",
    "SelfAssessmentDocument",
    "SupplyChainDocument",
    "document_model",
    "load_document",
]
