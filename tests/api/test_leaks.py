"""Issue 10 item 3 through the service: a headerless upload's 400 body never shows its first
row; the ``system`` label representatives see is never the upload's file name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import auth, run_jobs, submit_hiring

HR = ("acme", "hr_analyst")
SECRET = "jean.dupont@example.org"


def test_headerless_upload_is_a_400_without_its_values(client: TestClient,
                                                       keys: dict[Any, str],
                                                       tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(f"C001,{SECRET},F,1\nC002,luc.martin@example.org,M,0\n", encoding="utf-8")
    response = submit_hiring(client, keys[HR], path, {"group": ["sex"], "outcome": "selected"})
    assert response.status_code == 400, response.text
    assert "dupont" not in response.text and "C001" not in response.text
    assert "--no-header" in response.text and "column 2" in response.text


def test_no_header_param_and_unnamed_system(client: TestClient, app: Any,
                                            keys: dict[Any, str], hiring_csv: Path,
                                            tmp_path: Path) -> None:
    lines = hiring_csv.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    path = tmp_path / "Jean_Dupont_candidates.csv"
    path.write_text("\n".join(lines[1:]) + "\n", encoding="utf-8")
    params = {"no_header": True, "group": [f"column_{header.index('sex') + 1}"],
              "outcome": f"column_{header.index('screened_in') + 1}"}
    response = submit_hiring(client, keys[HR], path, params)
    assert response.status_code == 202, response.text
    run_jobs(app)
    done = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[HR])).json()
    assert done["status"] == "done", done
    assert done["result"]["system"] == "unnamed system"
    assert done["system"] == "unnamed system"
    rep = ("acme", "worker_rep")
    listed = client.get("/v1/audits", headers=auth(keys[rep]))
    assert "Dupont" not in listed.text
    seen = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[rep]))
    assert seen.status_code == 200 and "Dupont" not in seen.text  # input.name neither


def test_a_failed_job_never_names_the_clients_file(client: TestClient, app: Any,
                                                   keys: dict[Any, str], tmp_path: Path
                                                   ) -> None:
    """The error of a failed audit (and of a refused upload) names "the uploaded file", not
    the client's file name, which may name a person; the job table keeps no such name."""
    from ai_work_audit.api._db import AuditJobRow

    rows = "\n".join(f"C{i:03},{'F' if i % 2 else 'M'},{'maybe' if i == 7 else i % 3 % 2}"
                     for i in range(40))  # one outcome is neither yes nor no
    path = tmp_path / "jean.dupont_export.csv"
    path.write_text("applicant_id,sex,selected\n" + rows + "\n", encoding="utf-8")
    response = submit_hiring(client, keys[HR], path, {"group": ["sex"], "outcome": "selected"})
    assert response.status_code == 202, response.text
    run_jobs(app)
    failed = client.get(f"/v1/audits/{response.json()['id']}", headers=auth(keys[HR])).json()
    assert failed["status"] == "failed", failed
    assert failed["error"].startswith("the uploaded file: "), failed["error"]
    assert "dupont" not in failed["error"].lower()
    with app.state.sessions() as session:
        names = [row.upload_name for row in session.query(AuditJobRow).all()]
    assert names and not any("dupont" in n.lower() for n in names)
    # refused before queueing: the same
    refused = submit_hiring(client, keys[HR], path, {"group": ["sex"], "outcome": "hired"})
    assert refused.status_code == 400
    assert "dupont" not in refused.text.lower() and "the uploaded file" in refused.text
