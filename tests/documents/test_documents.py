"""One pydantic model per document schema: it validates every document the audits produce,
round-trips it to the same JSON, and annotates every field for disclosure."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel
from tests.documents.builders import AUDITS, HIRING, INDICATORS, MONITORING

from ai_work_audit.disclosure import DOCUMENT_MODELS, document_model, load_document
from ai_work_audit.documents._assessment import ConsolidatedDocument, SelfAssessmentDocument
from ai_work_audit.documents._hiring import HiringDocument
from ai_work_audit.documents._monitoring import MonitoringDocument
from ai_work_audit.documents.schemas import main as schemas_main
from ai_work_audit.documents.schemas import render_schemas, stale_schemas
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.vocab import Disclosure, disclosure_of

Doc = Callable[[str], dict[str, Any]]
ROOT = Path(__file__).resolve().parents[2]
REGENERATE = "python -m ai_work_audit.documents.schemas schemas"
EXPECTED = {**dict.fromkeys(HIRING, HiringDocument),
            **dict.fromkeys(MONITORING, MonitoringDocument),
            "self-assessment": SelfAssessmentDocument,
            "consolidated": ConsolidatedDocument,
            "consolidated-suppressed": ConsolidatedDocument}


def _canonical(value: Any) -> str:
    """JSON text that tells 2 from 2.0 and null from absent, key order aside."""
    return json.dumps(value, sort_keys=True)


@pytest.mark.parametrize("name", [*AUDITS, *INDICATORS])
def test_round_trip(document: Doc, name: str) -> None:
    doc = document(name)
    model = document_model(doc["schema"])
    assert model is EXPECTED[name]
    typed = model.model_validate(doc)
    assert _canonical(typed.model_dump(mode="json", exclude_unset=True)) == _canonical(doc)
    assert type(load_document(doc)) is model


@pytest.mark.parametrize("name", [*AUDITS, *INDICATORS])
def test_no_field_is_left_to_extras(document: Doc, name: str) -> None:
    """Every key today's code writes is a declared field (extras are for additions)."""
    def extras(model: BaseModel, path: str) -> Iterator[str]:
        for key in model.model_extra or {}:
            yield f"{path}.{key}"
        for name_ in type(model).model_fields:
            value = getattr(model, name_)
            items = value if isinstance(value, list) else (
                list(value.values()) if isinstance(value, dict) else [value])
            for i, item in enumerate(items):
                if isinstance(item, BaseModel):
                    yield from extras(item, f"{path}.{name_}[{i}]")

    assert list(extras(load_document(document(name)), "$")) == []


def _models(model: type[BaseModel], seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    if model in seen:
        return
    seen.add(model)
    yield model
    for info in model.model_fields.values():
        yield from _nested(info.annotation, seen)


def _nested(annotation: Any, seen: set[type[BaseModel]]) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield from _models(annotation, seen)
    for arg in get_args(annotation):
        yield from _nested(arg, seen)


@pytest.mark.parametrize("model", sorted(DOCUMENT_MODELS.values(), key=lambda m: m.__name__))
def test_every_value_field_is_annotated(model: type[BaseModel]) -> None:
    """Fields holding values (not nested models) carry a disclosure annotation."""
    missing = []
    for part in _models(model, set()):
        for name, info in part.model_fields.items():
            if not list(_nested(info.annotation, set())) and disclosure_of(info) is None:
                missing.append(f"{part.__name__}.{name}")
    assert missing == []


def test_facts_are_declared_derived() -> None:
    for model in (HiringDocument, MonitoringDocument):
        assert disclosure_of(model.model_fields["facts"]) is Disclosure.DERIVED


def test_additions_are_kept() -> None:
    doc = {"schema": "ai-work-audit/hiring-audit/v1", "facts": {"hiring.min_impact_ratio": 0.5},
           "engine": "local", "tables": [{"total": 3, "rows": [], "bounds": {"x": 1}}]}
    assert load_document(doc).model_dump(mode="json", exclude_unset=True) == doc


def test_unknown_schema_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="schema must be one of"):
        load_document({"schema": "ai-work-audit/nothing/v1"})
    with pytest.raises(ConfigError):
        document_model(None)  # type: ignore[arg-type]


def test_invalid_document_names_the_field_not_the_value() -> None:
    secret = "Jane Doe, jane@example.org"
    with pytest.raises(InputError) as info:
        load_document({"schema": "ai-work-audit/hiring-audit/v1",
                       "tables": [{"total": secret}]})
    assert "tables.0.total" in str(info.value)
    assert secret not in str(info.value) and "Jane" not in str(info.value)


# ---------------------------------------------------------------------------- JSON Schema


def test_committed_schemas_are_current() -> None:
    assert stale_schemas(ROOT / "schemas") == [], (
        f"schemas/ is stale: run `{REGENERATE}` and commit it")


def test_schemas_show_the_annotations() -> None:
    hiring = json.loads(render_schemas()["hiring-audit-v1.json"])
    row = hiring["$defs"]["CategoryRowDoc"]
    assert row["disclosure_cell"] == "applicants"
    assert row["properties"]["applicants"]["disclosure"] == "people"
    assert row["properties"]["impact_ratio"]["disclosure"] == "derived"
    monitoring = json.loads(render_schemas()["monitoring-audit-v1.json"])
    assert monitoring["properties"]["samples"]["disclosure"] == "person"
    assert monitoring["$defs"]["PerWorkerDistribution"]["properties"]["max"][
        "disclosure"] == "person"


def test_check_names_a_stale_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert schemas_main([str(tmp_path)]) == 0
    assert schemas_main(["--check", str(tmp_path)]) == 0
    (tmp_path / "hiring-audit-v1.json").write_text("{}\n", encoding="utf-8")
    assert schemas_main(["--check", str(tmp_path)]) == 1
    assert "hiring-audit-v1.json" in capsys.readouterr().err
