"""Issue 15 item 6 (API part): self-assessments and consolidated reports as HTML, Markdown,
PDF and OSCAL (``?format=``; an unknown format is a 400 naming the allowed ones, where it used
to be ignored silently), in either language, and built for representatives
(``?audience=representative``). Real app, real workspace, real renderers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import auth, done_audit

from ai_work_audit.ledger import add_evidence

CO = ("acme", "compliance_officer")
ADMIN = ("acme", "admin")
HR = ("acme", "hr_analyst")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_self_assessment_formats(client: TestClient, keys: dict[Any, str]) -> None:
    add_evidence(organisation="acme", indicator="1.2", level=50)
    url = "/v1/self-assessments/2026"
    plain = client.get(url, headers=auth(keys[CO]))
    assert plain.status_code == 200 and plain.headers["content-type"] == "application/json"
    assert plain.json()["schema"] == "ai-work-audit/self-assessment/v1"
    html = client.get(f"{url}?format=html", headers=auth(keys[CO]))
    assert html.status_code == 200, html.text
    assert html.headers["content-type"].startswith("text/html")  # was JSON: ignored
    assert "<html" in html.text and "receipt" in html.text.lower()
    assert html.headers["x-content-type-options"] == "nosniff"
    french = client.get(f"{url}?format=html&lang=fr", headers=auth(keys[CO])).text
    assert french != html.text and 'lang="fr"' in french
    md = client.get(f"{url}?format=md", headers=auth(keys[CO]))
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("#")
    pdf = client.get(f"{url}?format=pdf", headers=auth(keys[CO]))
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    oscal = client.get(f"{url}?format=oscal", headers=auth(keys[CO]))
    assert oscal.status_code == 200 and "assessment-results" in oscal.json()
    bad = client.get(f"{url}?format=xml", headers=auth(keys[CO]))
    assert bad.status_code == 400
    assert "json, html, md, pdf, oscal" in bad.json()["error"]["message"]
    audience = client.get(f"{url}?audience=everyone", headers=auth(keys[CO]))
    assert audience.status_code == 400 and "full, representative" in audience.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_consolidated_formats(client: TestClient, keys: dict[Any, str]) -> None:
    url = "/v1/consolidated/2026"
    html = client.get(f"{url}?format=html", headers=auth(keys[ADMIN]))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    pdf = client.get(f"{url}?format=pdf&lang=fr", headers=auth(keys[ADMIN]))
    assert pdf.content[:5] == b"%PDF-"
    md = client.get(f"{url}?format=md", headers=auth(keys[ADMIN]))
    assert md.status_code == 200 and md.headers["content-type"].startswith("text/markdown")
    oscal = client.get(f"{url}?format=oscal", headers=auth(keys[ADMIN]))
    assert oscal.status_code == 400 and "json, html, md, pdf" in oscal.text
    # the authorisation matrix is unchanged by the formats
    assert client.get(f"{url}?format=html", headers=auth(keys[CO])).status_code == 403
    assert client.get("/v1/self-assessments/2026?format=html",
                      headers=auth(keys[("acme", "worker_rep")])).status_code == 403


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_self_assessment_for_representatives(client: TestClient, app: Any,
                                               keys: dict[Any, str], hiring_csv: Path) -> None:
    """The audits' figures are those representatives may see: the release goes through the
    organisation's register (the full one shows the full document's figures)."""
    from ai_work_audit.api._keys import Role
    from ai_work_audit.api.deps import Caller
    from ai_work_audit.api.routes.audits import view_of

    app.state.settings.record_runs = True
    audit_id = done_audit(client, app, keys[HR], hiring_csv)
    full = client.get(f"/v1/audits/{audit_id}", headers=auth(keys[HR])).json()["result"]
    url = "/v1/self-assessments/2026"
    released = client.get(f"{url}?audience=representative", headers=auth(keys[CO])).json()
    assert released["disclosure"]["audience"] == "representative"
    control = client.get(url, headers=auth(keys[CO])).json()
    caller = Caller(key_id="x", organisation="acme", role=Role.worker_rep)
    view = view_of(full, caller, 10, app.state.settings.workspace)

    def value(document: dict[str, Any], ident: str) -> Any:
        return next(i["value"] for c in document["commitments"] for i in c["indicators"]
                    if i["id"] == ident)

    assert value(released, "4.4") == view["facts"]["hiring.min_representativeness"]
    assert value(control, "4.4") == full["facts"]["hiring.min_representativeness"]
    assert value(control, "4.4") != value(released, "4.4")
