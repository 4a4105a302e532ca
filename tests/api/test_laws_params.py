"""Issue 13 through the service: jurisdiction profiles and the audit date as params."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import HIRING_PARAMS, auth, done_audit


def _packs(document: dict[str, Any]) -> set[str]:
    return {f["policy"] for f in document["findings"]}


def test_profiles_and_date_through_the_api(client: TestClient, app: Any,
                                           keys: dict[tuple[str, str], str],
                                           hiring_csv: Path) -> None:
    key = keys[("acme", "hr_analyst")]
    params = {**HIRING_PARAMS, "jurisdiction": ["us-nyc"], "as_of": "2027-02-01"}
    audit = done_audit(client, app, key, hiring_csv, params)
    result = client.get(f"/v1/audits/{audit}", headers=auth(key)).json()["result"]
    assert _packs(result) == {"eeoc-uniform-guidelines", "nyc-ll144"}
    assert result["parameters"]["laws_as_of"] == "2027-02-01"
    assert result["parameters"]["jurisdictions"] == ["us-nyc"]
