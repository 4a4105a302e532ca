"""Issue 15 item 6 (API part): a monitoring audit of several log files with a roster and a
company policy in one submission gives the CLI's document on the same files (where the
service used to refuse ``params.roster``, so the demo's audit could not be reproduced through
it). The client's file names are never stored or shown; the roster and policy are named in
the document by their stored names, never by a server path.

Real app on SQLite, real worker code in-process, real CLI in-process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import (
    auth,
    cli_monitoring_document,
    comparable_monitoring,
    monitoring_available,
    run_jobs,
    write_monitoring_upload,
)

HR = ("acme", "hr_analyst")
REP = ("acme", "worker_rep")
PARAMS = {"mapping": "cert", "system": "activity-monitoring"}

pytestmark = pytest.mark.skipif(not monitoring_available(), reason="no monitoring extra")


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_monitoring_upload(tmp_path_factory.mktemp("upload") / "logs")


def _submit(client: TestClient, key: str, logs: Path, names: dict[str, str] | None = None,
            params: dict[str, Any] | None = None) -> Any:
    names = names or {}
    parts: list[tuple[str, tuple[str, bytes, str]]] = [
        ("files", (names.get(p.name, p.name), p.read_bytes(), "text/csv"))
        for p in sorted(logs.glob("*.csv"))]
    parts.append(("roster", ("Équipe_roster_jean.dupont.csv",
                             (logs.parent / "roster.csv").read_bytes(), "text/csv")))
    parts.append(("company_policy", ("policy.yaml", (logs.parent / "policy.yaml").read_bytes(),
                                     "application/yaml")))
    return client.post("/v1/audits/monitoring", headers=auth(key), files=parts,
                       data={"params": json.dumps(params or PARAMS)})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_several_logs_a_roster_and_a_policy_give_the_clis_document(
        client: TestClient, app: Any, keys: dict[Any, str], logs: Path, cli: Any) -> None:
    response = _submit(client, keys[HR], logs)
    assert response.status_code == 202, response.text
    run_jobs(app)
    done = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[HR])).json()
    assert done["status"] == "done", done
    served = done["result"]
    document = cli_monitoring_document(cli, logs)
    assert comparable_monitoring(served) == comparable_monitoring(document)
    # what the roster and the policy gave is there
    assert served["surveillance"]["intensity_by_group"]
    assert served["parameters"]["company_policy_declared"]["organisation"] == "example-co"
    assert served["parameters"]["roster"] == "roster.csv"
    assert served["parameters"]["company_policy"] == "company-policy.yaml"
    text = json.dumps(served)
    assert str(app.state.settings.workspace) not in text and "dupont" not in text
    # nothing is left in the uploads folder once the job is done
    assert not any(app.state.settings.uploads_dir.rglob("*.*"))


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_client_file_names_are_never_kept(client: TestClient, app: Any,
                                          keys: dict[Any, str], logs: Path) -> None:
    """A log named after a person is stored after its mapping entry (logon.csv); a file no
    entry takes is stored as upload-N and skipped with a warning that names that only."""
    from ai_work_audit.api._db import AuditJobRow

    names = {"logon.csv": "logon_jean.dupont.csv", "device.csv": "marie.curie-notes.csv"}
    response = _submit(client, keys[HR], logs, names)
    assert response.status_code == 202, response.text
    run_jobs(app)
    done = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[HR])).json()
    assert done["status"] == "done", done
    files = [f["name"] for f in done["result"]["input"]["files"]]
    assert "logon.csv" in files and not any("dupont" in f or "curie" in f for f in files)
    assert any("upload-" in w for w in done["result"]["warnings"])  # device's file skipped
    seen = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[REP])).text
    assert "dupont" not in seen and "curie" not in seen and "Équipe_roster" not in seen
    with app.state.sessions() as session:
        row = session.get(AuditJobRow, response.json()["id"])
        assert row is not None
        kept = json.dumps([row.params, row.upload_name, row.upload_path, row.error])
    assert "dupont" not in kept and "curie" not in kept and "Équipe" not in kept


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_bad_parts_are_a_400_naming_the_part(client: TestClient, keys: dict[Any, str],
                                             logs: Path, tmp_path: Path) -> None:
    headers = auth(keys[HR])
    log = ("files", ("logon.csv", (logs / "logon.csv").read_bytes(), "text/csv"))
    bad_policy = client.post("/v1/audits/monitoring", headers=headers, files=[
        log, ("company_policy", ("p.yaml", b"schema: nothing\n", "application/yaml"))],
        data={"params": json.dumps(PARAMS)})
    assert bad_policy.status_code == 400
    message = bad_policy.json()["error"]["message"]
    assert message.startswith("the uploaded company policy: ") and "/" not in message.split(
        ": ", 1)[1].split(":")[0]
    empty_roster = client.post("/v1/audits/monitoring", headers=headers, files=[
        log, ("roster", ("r.csv", b"", "text/csv"))], data={"params": json.dumps(PARAMS)})
    assert empty_roster.status_code == 400
    assert empty_roster.json()["error"]["message"].startswith("the uploaded roster: ")
    both = client.post("/v1/audits/monitoring", headers=headers, files=[
        log, ("file", ("x.csv", b"a\n1\n", "text/csv"))], data={"params": json.dumps(PARAMS)})
    assert both.status_code == 400 and "either" in both.text
    none = client.post("/v1/audits/monitoring", headers=headers, files=[
        ("roster", ("r.csv", (logs.parent / "roster.csv").read_bytes(), "text/csv"))],
        data={"params": json.dumps(PARAMS)})
    assert none.status_code == 400 and "'files'" in none.text
    hiring = client.post("/v1/audits/hiring", headers=headers, files=[
        ("file", ("a.csv", b"sex,selected\nF,1\n", "text/csv")), log],
        data={"params": json.dumps({"group": ["sex"], "outcome": "selected"})})
    assert hiring.status_code == 400 and "one 'file' part" in hiring.text
    # a server path in params is still refused
    named = client.post("/v1/audits/monitoring", headers=headers, files=[log],
                        data={"params": json.dumps({**PARAMS, "roster": "/etc/passwd"})})
    assert named.status_code == 422 and "'roster' part" in named.text
