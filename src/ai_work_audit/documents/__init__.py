"""Typed audit documents (design.md "Data flow"): one pydantic model per schema, every value
field annotated with its disclosure class; they import only the vocabulary, so every layer
above may read them."""

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
from ai_work_audit.documents._registry import DOCUMENT_MODELS, document_model, load_document
from ai_work_audit.documents._supply_chain import SCHEMA_ID as SUPPLY_CHAIN_SCHEMA_ID
from ai_work_audit.documents._supply_chain import SupplyChainDocument

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
