"""Every role's pages through the service's app: the journeys, what each role may reach, and
that a representative's page shows what the API shows them (the same view), nothing more."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import csrf_of, login

from ai_work_audit.api._db import session_scope
from ai_work_audit.api._jobs import run_pending
from ai_work_audit.api._keys import create_key

SYSTEM = 'screening <b>"model"</b>'


@pytest.fixture(scope="module")
def hiring_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ai_work_audit.synthetic import make_hiring_data

    path = tmp_path_factory.mktemp("data") / "applicants.csv"
    make_hiring_data(600, seed=7).candidates.to_csv(path, index=False)
    return path


def _as(browser_client: Any, accounts: Any, org: str, role: str) -> Any:
    client = browser_client()
    login(client, *accounts[(org, role)])
    return client


def upload_and_run(client: Any, app: Any, path: Path, system: str = SYSTEM) -> str:
    """The HR journey: upload, preview (suggested roles), options, run; the audit's id."""
    form = client.get("/hr/upload")
    staged = client.post("/hr/upload", data={"csrf": csrf_of(form.text), "kind": "hiring",
                                             "system": system},
                         files={"file": ("Jean_Dupont.csv", path.read_bytes(), "text/csv")})
    assert staged.status_code == 303, staged.text
    preview = client.get(staged.headers["location"])
    assert preview.status_code == 200
    assert 'name="role__screened_in"' in preview.text
    # suggestions from the names: outcome, groups, period, label
    for column, role in (("screened_in", "outcome"), ("sex", "group"),
                         ("race_ethnicity", "group"), ("qualified", "label")):
        select = re.search(rf'name="role__{column}">(.*?)</select>', preview.text, re.S)
        assert select and f'value="{role}" selected' in select.group(1), column
    assert "Jean_Dupont" not in preview.text
    roles = {"role__screened_in": "outcome", "role__sex": "group",
             "role__race_ethnicity": "group"}
    started = client.post(staged.headers["location"], data={
        "csrf": csrf_of(preview.text), "system": system, "opt_intersectional": "1", **roles})
    assert started.status_code == 303, started.text
    audit_url = started.headers["location"]
    progress = client.get(audit_url)
    assert "<progress" in progress.text and "queued" in progress.text
    assert client.get(audit_url + "/status").json()["status"] == "queued"
    assert run_pending(app.state.sessions, app.state.settings) == 1
    report = client.get(audit_url)
    assert report.status_code == 200 and "impact" in report.text.lower()
    return str(audit_url.rsplit("/", 1)[-1])


def test_request_answer_read_verify(browser_client: Any, accounts: Any, web_app: Any,
                                    hiring_csv: Path) -> None:
    rep = _as(browser_client, accounts, "acme", "worker_rep")
    hr = _as(browser_client, accounts, "acme", "hr_analyst")
    # the representative asks
    form = rep.get("/rep/requests/new")
    sent = rep.post("/rep/requests", data={
        "csrf": csrf_of(form.text), "system": SYSTEM, "period": "2026",
        "audit_kind": "hiring", "question": "Does the screening model treat women fairly?",
        "reason": "Works-council meeting in March."})
    assert sent.status_code == 303
    status = rep.get(sent.headers["location"])
    assert "Your request was sent" in status.text and "No answer yet" in status.text
    assert "&lt;b&gt;" in status.text and "<b>" not in status.text  # escaped
    request_id = sent.headers["location"].split("/")[-1].split("?")[0]
    # HR runs an audit and answers
    audit_id = upload_and_run(hr, web_app, hiring_csv)
    assert request_id in hr.get("/hr").text
    page = hr.get(f"/hr/requests/{request_id}")
    answered = hr.post(f"/hr/requests/{request_id}", data={
        "csrf": csrf_of(page.text), "audit_id": audit_id, "answer": "See the attached audit."})
    assert answered.status_code == 303
    # the representative reads the answer and the report, in the representative view
    status = rep.get(f"/rep/requests/{request_id}")
    assert "See the attached audit." in status.text and f"/rep/reports/{audit_id}" in status.text
    report = rep.get(f"/rep/reports/{audit_id}")
    assert report.status_code == 200
    assert "suppressed: fewer than 10 people" in report.text
    pdf = rep.get(f"/rep/reports/{audit_id}/report.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    # the receipt kept, then checked
    kept = rep.get(f"/rep/reports/{audit_id}/receipt.json")
    assert json.loads(kept.content)["disclosure"]["receipt"]["tree_size"] >= 0
    verify = rep.get("/rep/verify")
    checked = rep.post("/rep/verify", data={"csrf": csrf_of(verify.text)},
                       files={"receipts": ("mine.json", kept.content, "application/json")})
    assert "Everything you received is still in the log, unchanged." in checked.text
    forged = json.loads(kept.content)
    forged["disclosure"]["receipt"]["root_hash"] = "0" * 64
    checked = rep.post("/rep/verify", data={"csrf": csrf_of(verify.text)}, files={
        "receipts": ("forged.json", json.dumps(forged).encode(), "application/json")})
    assert "missing or was changed" in checked.text and "forged.json" in checked.text


def test_a_representative_page_shows_what_the_api_shows(browser_client: Any, accounts: Any,
                                                        web_app: Any, hiring_csv: Path
                                                        ) -> None:
    hr = _as(browser_client, accounts, "acme", "hr_analyst")
    audit_id = upload_and_run(hr, web_app, hiring_csv, system="ranking")
    rep = _as(browser_client, accounts, "acme", "worker_rep")
    with session_scope(web_app.state.sessions) as session:
        key = create_key(session, "acme", "worker_rep")[1]
    api = browser_client()
    from_api = api.get(f"/v1/audits/{audit_id}/report?format=html",
                       headers={"Authorization": f"Bearer {key}"}).text
    page = rep.get(f"/rep/reports/{audit_id}").text
    full = hr.get(f"/hr/audits/{audit_id}").text

    def numbers(html: str) -> set[str]:
        body = re.sub(r"<[^>]+>", " ", html)
        body = re.sub(r"(issued|émis)[^<]{0,60}|\d{4}-\d\d-\d\d[T ][\d:.]+", " ", body)
        return set(re.findall(r"\b\d[\d,.]*\b", body))

    # every figure of the page is one the API's representative report shows
    shown = numbers(page) - numbers(from_api)
    assert not shown - {"10"}, sorted(shown)[:10]
    assert numbers(full) - numbers(page)  # and the full view shows more


@pytest.mark.parametrize(("role", "blocked"), [
    ("worker_rep", ("/hr", "/hr/upload", "/compliance", "/admin", "/admin/access-log")),
    ("hr_analyst", ("/rep", "/compliance", "/admin")),
    ("compliance_officer", ("/rep", "/hr", "/admin")),
    ("admin", ("/rep", "/hr", "/compliance")),
])
def test_each_role_reaches_its_pages_only(browser_client: Any, accounts: Any, role: str,
                                          blocked: tuple[str, ...]) -> None:
    client = _as(browser_client, accounts, "acme", role)
    home = client.get("/")
    assert client.get(home.headers["location"]).status_code == 200
    for url in blocked:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Your role may not open this page." in response.text


def test_another_organisations_records_are_not_found(browser_client: Any, accounts: Any,
                                                     web_app: Any, hiring_csv: Path) -> None:
    hr = _as(browser_client, accounts, "acme", "hr_analyst")
    audit_id = upload_and_run(hr, web_app, hiring_csv, system="acme-tool")
    rep = _as(browser_client, accounts, "globex", "worker_rep")
    hr_other = _as(browser_client, accounts, "globex", "hr_analyst")
    for client, url in ((rep, f"/rep/reports/{audit_id}"),
                        (rep, f"/rep/reports/{audit_id}/report.pdf"),
                        (rep, f"/rep/reports/{audit_id}/receipt.json"),
                        (hr_other, f"/hr/audits/{audit_id}"),
                        (hr_other, "/hr/systems/acme-tool")):
        response = client.get(url)
        assert response.status_code == 404, url
    assert "acme-tool" not in rep.get("/rep").text
    # the history of the system, as a chart with its table
    history = hr.get("/hr/systems/acme-tool")
    assert '<svg' in history.text and 'role="img"' in history.text and "<table" in history.text


def test_compliance_dashboard_evidence_and_exports(browser_client: Any, accounts: Any) -> None:
    co = _as(browser_client, accounts, "acme", "compliance_officer")
    home = co.get("/compliance")
    assert home.status_code == 200
    assert home.text.count("<svg") == 2 and "Critical gate" in home.text
    form = co.get("/compliance/evidence?indicator=1.2")
    assert '<option value="interview">interview (people asked)</option>' in form.text
    stored = co.post("/compliance/evidence", data={
        "csrf": csrf_of(form.text), "indicator": "1.2", "level": "50", "method": "examine",
        "expires": "2030-01-01"}, files={"file": ("minutes.txt", b"minutes\n", "text/plain")})
    assert stored.status_code == 303, stored.text
    import hashlib

    digest = hashlib.sha256(b"minutes\n").hexdigest()
    assert digest in co.get(stored.headers["location"]).text
    detail = co.get("/compliance/indicators/1.2")
    assert "scored" in detail.text and digest[:16] in detail.text
    assert "What would change it" in detail.text
    assert co.get("/compliance/export.pdf").content[:4] == b"%PDF"
    assert json.loads(co.get("/compliance/export.json").content)["schema"].startswith(
        "ai-work-audit/self-assessment/")
    assert "assessment-results" in co.get("/compliance/export.oscal.json").text
    # expiring within 60 days
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    co.post("/compliance/evidence", data={"csrf": csrf_of(form.text), "indicator": "4.5",
                                          "level": "25", "expires": soon})
    assert soon in co.get("/compliance").text


def test_admin_users_keys_and_access_log(browser_client: Any, accounts: Any) -> None:
    admin = _as(browser_client, accounts, "acme", "admin")
    page = admin.get("/admin")
    added = admin.post("/admin/users", data={"csrf": csrf_of(page.text), "name": "new.rep",
                                             "role": "worker_rep"})
    password = re.search(r'<span class="secret">([^<]+)</span>', added.text)
    assert password
    fresh = browser_client()
    assert login(fresh, "new.rep", password.group(1)).status_code == 303
    key = admin.post("/admin/keys", data={"csrf": csrf_of(page.text), "role": "hr_analyst"})
    assert re.search(r'<span class="secret">awa_', key.text)
    assert "globex" not in admin.get("/admin").text
    log = admin.get("/admin/access-log")
    assert "/admin/users" in log.text and "/v1/admin" not in log.text


def test_language_is_per_user_and_switchable(browser_client: Any, accounts: Any) -> None:
    client = _as(browser_client, accounts, "acme", "worker_rep")
    page = client.get("/rep")
    assert 'lang="en"' in page.text and "Published reports" in page.text
    client.post("/lang", data={"csrf": csrf_of(page.text), "lang": "fr"})
    page = client.get("/rep")
    assert 'lang="fr"' in page.text and "Rapports publiés" in page.text
    other = _as(browser_client, accounts, "acme", "hr_analyst")
    assert 'lang="en"' in other.get("/hr").text
