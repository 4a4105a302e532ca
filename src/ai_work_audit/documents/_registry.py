"""Which model reads which document: the ``schema`` id → its pydantic model.

The document models import only the vocabulary, so this table may sit below the audits; the
audit-kind registry (issue 9 item 4) is expected to take it over.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from ai_work_audit.documents._access import SCHEMA_ID as ACCESS_ID
from ai_work_audit.documents._access import AccessDocument
from ai_work_audit.documents._assessment import (
    CONSOLIDATED_ID,
    SELF_ASSESSMENT_ID,
    ConsolidatedDocument,
    SelfAssessmentDocument,
)
from ai_work_audit.documents._hiring import SCHEMA_ID as HIRING_ID
from ai_work_audit.documents._hiring import HiringDocument
from ai_work_audit.documents._monitoring import SCHEMA_ID as MONITORING_ID
from ai_work_audit.documents._monitoring import MonitoringDocument
from ai_work_audit.documents._supply_chain import SCHEMA_ID as SUPPLY_CHAIN_ID
from ai_work_audit.documents._supply_chain import SupplyChainDocument
from ai_work_audit.errors import ConfigError, InputError

#: Every typed document, by schema id.
DOCUMENT_MODELS: Final[Mapping[str, type[BaseModel]]] = {
    HIRING_ID: HiringDocument,
    ACCESS_ID: AccessDocument,
    SUPPLY_CHAIN_ID: SupplyChainDocument,
    MONITORING_ID: MonitoringDocument,
    SELF_ASSESSMENT_ID: SelfAssessmentDocument,
    CONSOLIDATED_ID: ConsolidatedDocument,
}
MSG_SCHEMA = ("a document's schema must be one of {known}; got {got} instead. Give a document "
              "this version of ai-work-audit produced.")
MSG_INVALID = "the {schema} document does not validate: {problems}."


def document_model(schema_id: str) -> type[BaseModel]:
    """The model of the documents with this ``schema`` id; ConfigError for an unknown id."""
    model = DOCUMENT_MODELS.get(schema_id) if isinstance(schema_id, str) else None
    if model is None:
        got = "another id" if isinstance(schema_id, str) else type(schema_id).__name__
        raise ConfigError(MSG_SCHEMA.format(known=", ".join(sorted(DOCUMENT_MODELS)), got=got))
    return model


def load_document(document: Mapping[str, Any] | BaseModel) -> BaseModel:
    """The typed document of a JSON document, the model chosen by its ``schema`` field.

    An invalid document is an InputError naming the fields at fault (never their values).
    """
    if isinstance(document, BaseModel):
        return document
    if not isinstance(document, Mapping):
        raise InputError(f"a document must be a JSON object; got {type(document).__name__} "
                         "instead.")
    model = document_model(document.get("schema"))  # type: ignore[arg-type]
    try:
        return model.model_validate(dict(document))
    except ValidationError as exc:
        problems = [f"{'.'.join(map(str, e['loc'])) or '(document)'} ({e['type']})"
                    for e in exc.errors(include_input=False, include_url=False)]
        raise InputError(MSG_INVALID.format(schema=document.get("schema"),
                                            problems="; ".join(problems[:10]))) from None
