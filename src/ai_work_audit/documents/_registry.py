"""Which model reads which document: the ``schema`` id → its pydantic model.

The document models import only the vocabulary, so this table may sit below the audits; the
audit-kind registry (issue 9 item 4) is expected to take it over.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from ai_work_audit.errors import ConfigError, InputError

#: Schema id → ``module:model`` of its typed document; each module is imported when its model
#: is first asked for (a hiring run does not build the monitoring and assessment models:
#: start-up, issue 9 item 9). tests/documents checks every id equals its module's.
_MODEL_REFS: Final[Mapping[str, str]] = {
    "ai-work-audit/hiring-audit/v1": "ai_work_audit.documents._hiring:HiringDocument",
    "ai-work-audit/access-audit/v1": "ai_work_audit.documents._access:AccessDocument",
    "ai-work-audit/supply-chain-audit/v1":
        "ai_work_audit.documents._supply_chain:SupplyChainDocument",
    "ai-work-audit/monitoring-audit/v1": "ai_work_audit.documents._monitoring:MonitoringDocument",
    "ai-work-audit/self-assessment/v1":
        "ai_work_audit.documents._assessment:SelfAssessmentDocument",
    "ai-work-audit/consolidated/v1":
        "ai_work_audit.documents._assessment:ConsolidatedDocument",
}


class _Models(Mapping[str, type[BaseModel]]):
    """The models by schema id, each imported on first use."""

    def __getitem__(self, schema_id: str) -> type[BaseModel]:
        module, _, name = _MODEL_REFS[schema_id].partition(":")
        model: type[BaseModel] = getattr(importlib.import_module(module), name)
        return model

    def __iter__(self) -> Iterator[str]:
        return iter(_MODEL_REFS)

    def __len__(self) -> int:
        return len(_MODEL_REFS)


#: Every typed document, by schema id.
DOCUMENT_MODELS: Final[Mapping[str, type[BaseModel]]] = _Models()
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
