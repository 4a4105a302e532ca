"""Report requests, evidence, self-assessments, consolidated reports, access log, keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import auth, done_audit, submit_hiring

from ai_work_audit.api._requests import METRIC, answered_within_30d_share, request_log_facts

HR, REP, CO, ADMIN = (("acme", r) for r in ("hr_analyst", "worker_rep", "compliance_officer",
                                            "admin"))
REQUEST = {"system": "screening-model", "period": "2026", "audit_kind": "hiring",
           "message": "Please share the 2026 bias audit."}


def test_request_and_fulfil(client: TestClient, app: Any, keys: dict[Any, str],
                            hiring_csv: Path) -> None:
    created = client.post("/v1/report-requests", headers=auth(keys[REP]), json=REQUEST)
    assert created.status_code == 201
    request = created.json()
    assert request["status"] == "open" and request["fulfilled_at"] is None
    listed = client.get("/v1/report-requests", headers=auth(keys[HR])).json()["items"]
    assert [r["id"] for r in listed] == [request["id"]]
    pending = submit_hiring(client, keys[HR], hiring_csv).json()["id"]
    url = f"/v1/report-requests/{request['id']}/fulfil"
    response = client.post(url, headers=auth(keys[HR]), json={"audit_id": pending})
    assert response.status_code == 409  # not finished yet
    audit_id = done_audit(client, app, keys[HR], hiring_csv)
    response = client.post(url, headers=auth(keys[HR]), json={"audit_id": audit_id})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "fulfilled" and body["audit_id"] == audit_id
    assert body["fulfilled_at"] >= body["requested_at"]
    again = client.post(url, headers=auth(keys[HR]), json={"audit_id": audit_id})
    assert again.status_code == 409
    # the representative reads the linked audit's report (suppressed)
    report = client.get(f"/v1/audits/{audit_id}/report?format=md", headers=auth(keys[REP]))
    assert report.status_code == 200 and "suppressed" in report.text


@pytest.mark.parametrize("body", [
    {**REQUEST, "period": "someday"}, {**REQUEST, "audit_kind": "payroll"},
    {**REQUEST, "extra": 1}, {k: v for k, v in REQUEST.items() if k != "system"}])
def test_bad_requests(client: TestClient, keys: dict[Any, str], body: dict[str, Any]) -> None:
    response = client.post("/v1/report-requests", headers=auth(keys[REP]), json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_parameters"


def test_request_log_share() -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    log = [(t0, t0 + timedelta(days=3)), (t0, t0 + timedelta(days=45)), (t0, None),
           (t0 + timedelta(days=300), None)]
    share, counted = answered_within_30d_share(log, "2026", t0 + timedelta(days=310))
    assert (share, counted) == (pytest.approx(1 / 3), 3)  # the last one is not due yet
    facts = request_log_facts(log, "2026", t0 + timedelta(days=310))
    assert facts is not None and facts.metrics[METRIC] == pytest.approx(1 / 3)
    assert request_log_facts([], "2026", t0) is None


def test_evidence(client: TestClient, keys: dict[Any, str]) -> None:
    import base64

    response = client.post("/v1/evidence", headers=auth(keys[CO]), json={
        "indicator": "1.2", "level": 50, "method": "examine",
        "file_base64": base64.b64encode(b"minutes of the works council").decode(),
        "file_name": "minutes.pdf"})
    assert response.status_code == 201, response.text
    entry = response.json()
    assert entry["file_sha256"] and entry["organisation"] == "acme"
    items = client.get("/v1/evidence", headers=auth(keys[CO])).json()["items"]
    assert [e["entry_id"] for e in items] == [entry["entry_id"]]
    other = client.get("/v1/evidence", headers=auth(keys[("globex", "compliance_officer")]))
    assert other.json()["items"] == []
    for bad in ({"indicator": "1.2"}, {"indicator": "x", "level": 25},
                {"indicator": "1.2", "level": 25, "file_base64": "%%%", "file_name": "a"}):
        response = client.post("/v1/evidence", headers=auth(keys[CO]), json=bad)
        assert response.status_code == 422, (bad, response.text)


def test_self_assessment_reads_request_log(client: TestClient, app: Any,
                                           keys: dict[Any, str], hiring_csv: Path) -> None:
    period = str(datetime.now(UTC).year)
    request = client.post("/v1/report-requests", headers=auth(keys[REP]),
                          json={**REQUEST, "period": period}).json()
    audit_id = done_audit(client, app, keys[HR], hiring_csv)
    client.post(f"/v1/report-requests/{request['id']}/fulfil", headers=auth(keys[HR]),
                json={"audit_id": audit_id})
    response = client.get(f"/v1/self-assessments/{period}", headers=auth(keys[CO]))
    assert response.status_code == 200, response.text
    document = response.json()
    assert document["schema"] == "ai-work-audit/self-assessment/v1"
    assert document["organisation"] == "acme"
    indicator = next(i for c in document["commitments"] for i in c["indicators"]
                     if i["id"] == "1.3")
    assert indicator["state"] == "scored" and indicator["value"] == 1.0
    assert client.get("/v1/self-assessments/someday", headers=auth(keys[CO])).status_code == 422


def test_consolidated(client: TestClient, keys: dict[Any, str]) -> None:
    response = client.get("/v1/consolidated/2026", headers=auth(keys[ADMIN]))
    assert response.status_code == 200, response.text
    assert response.json()["schema"] == "ai-work-audit/consolidated/v1"


def test_access_log(client: TestClient, app: Any, keys: dict[Any, str],
                    hiring_csv: Path) -> None:
    audit_id = done_audit(client, app, keys[HR], hiring_csv)
    client.get(f"/v1/audits/{audit_id}", headers=auth(keys[REP]))
    client.get(f"/v1/audits/{audit_id}", headers=auth(keys[("globex", "hr_analyst")]))
    client.get("/v1/evidence", headers=auth(keys[REP]))  # forbidden: logged too
    items = client.get("/v1/access-log", headers=auth(keys[CO])).json()["items"]
    seen = {(i["role"], i["method"], i["route"], i["resource_id"], i["status"]) for i in items}
    assert ("hr_analyst", "POST", "/v1/audits/hiring", audit_id, 202) in seen
    assert ("worker_rep", "GET", "/v1/audits/{id}", audit_id, 200) in seen
    assert ("worker_rep", "GET", "/v1/evidence", None, 403) in seen
    # another organisation's reads are in its own log, not in ours
    assert not any(i["status"] == 404 for i in items)
    text = str(items)
    assert "applicants.csv" not in text and "awa_" not in text  # no file names, no keys
    other = client.get("/v1/access-log", headers=auth(keys[("globex", "compliance_officer")]))
    assert any(i["status"] == 404 for i in other.json()["items"])


def test_keys_created_by_admin(client: TestClient, keys: dict[Any, str]) -> None:
    # a new organisation's first key: the global admin's (an organisation's admin: its own)
    refused = client.post("/v1/keys", headers=auth(keys[ADMIN]),
                          json={"organisation": "initech", "role": "worker_rep"})
    assert refused.status_code == 403
    response = client.post("/v1/keys", headers=auth(keys[("acme", "global_admin")]),
                           json={"organisation": "initech", "role": "worker_rep"})
    assert response.status_code == 201
    key = response.json()["key"]
    assert client.get("/v1/report-requests", headers=auth(key)).status_code == 200
    bad = client.post("/v1/keys", headers=auth(keys[ADMIN]),
                      json={"organisation": "initech", "role": "boss"})
    assert bad.status_code == 422
