"""The committed contract: api/openapi.json is current; every status code is documented;
every setting is documented in api/README.md."""

from __future__ import annotations

import json
from pathlib import Path

from ai_work_audit.api import Settings
from ai_work_audit.api._openapi import render_openapi

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "api" / "openapi.json"
REGENERATE = "python -m ai_work_audit.api._openapi api/openapi.json"


def test_openapi_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render_openapi(), (
        f"api/openapi.json is stale: run `{REGENERATE}` and commit it")


def test_every_operation_documents_its_errors() -> None:
    document = json.loads(render_openapi())
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if path != "/v1/healthz":
                assert {"401", "403", "422"} <= codes, (method, path)
                assert operation.get("security"), (method, path)
            if "{id}" in path:
                assert "404" in codes, (method, path)
            for code, response in operation["responses"].items():
                if code.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/ErrorEnvelope"}


def test_served_document_is_the_committed_one(client: object) -> None:
    from fastapi.testclient import TestClient

    assert isinstance(client, TestClient)
    served = client.get("/v1/openapi.json").json()
    assert served == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_every_setting_is_documented() -> None:
    readme = (ROOT / "api" / "README.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"AI_WORK_AUDIT_{name.upper()}" in readme, name
