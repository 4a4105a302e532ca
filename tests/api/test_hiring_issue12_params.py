"""Issue 12 through the service: the new hiring params, and what a representative sees."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import HIRING_PARAMS, auth, done_audit, submit_hiring

HR = ("acme", "hr_analyst")
REP = ("acme", "worker_rep")


def test_stratum_reference_and_bounds_through_the_api(
        client: TestClient, app: Any, keys: dict[tuple[str, str], str], hiring_csv: Path) -> None:
    params = {**HIRING_PARAMS, "exclude_under": 0.02, "stratum": "job_opening",
              "reference": "Male"}
    audit = done_audit(client, app, keys[HR], hiring_csv, params)
    full = client.get(f"/v1/audits/{audit}", headers=auth(keys[HR])).json()["result"]
    assert full["parameters"]["reference_rule"] == "given"
    sex = full["tables"][0]
    assert sex["reference_rule"] == "given" and sex["unknown"] > 0
    assert all("bounds" in r for r in sex["rows"])
    strata = full["strata"][0]
    assert strata["stratum"] == "job_opening" and len(strata["tables"]) == 3
    assert all("cmh_p_value" in c for c in strata["comparisons"])
    view = client.get(f"/v1/audits/{audit}", headers=auth(keys[REP])).json()["result"]
    hidden = any(r.get("suppressed") for t in view["tables"] for r in t["rows"])
    if hidden:  # strata add up to the pooled tables: with a hidden cell they go whole
        assert view["strata"] is None and "$.strata" in view["disclosure"]["withheld_fields"]
    else:
        rows = [r for t in view["strata"] for table in t["tables"] for r in table["rows"]]
        assert rows and all(r.get("suppressed") or r["applicants"] >= 10 for r in rows)


def test_an_unknown_param_type_is_refused(
        client: TestClient, keys: dict[tuple[str, str], str], hiring_csv: Path) -> None:
    response = submit_hiring(client, keys[HR], hiring_csv,
                             {**HIRING_PARAMS, "positive": 3})
    assert response.status_code in (400, 422), response.text
