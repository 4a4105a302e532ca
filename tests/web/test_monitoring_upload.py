"""Issue 15: the HR upload page sends a monitoring audit of several log files with the roster
and the company policy in one submission, as the API's ``files``, ``roster`` and
``company_policy`` parts: the demo's monitoring audit is reproducible through the page, and its
document is the CLI's on the same files. The client's file names are not kept.

Real app on SQLite, real worker code in-process, real CLI in-process.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.api.conftest import (
    cli_monitoring_document,
    comparable_monitoring,
    monitoring_available,
    write_monitoring_upload,
)
from tests.web.conftest import csrf_of, login

from ai_work_audit.api._db import AuditJobRow
from ai_work_audit.api._jobs import run_pending

pytestmark = pytest.mark.skipif(not monitoring_available(), reason="no monitoring extra")


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's CERT-schema logs (smaller), the roster beside them as an HR export."""
    return write_monitoring_upload(tmp_path_factory.mktemp("upload") / "logs")


def _parts(logs: Path, with_extras: bool = True) -> list[tuple[str, tuple[str, bytes, str]]]:
    parts = [("files", (f"{p.stem}_jean.dupont{p.suffix}" if p.stem == "logon" else p.name,
                        p.read_bytes(), "text/csv")) for p in sorted(logs.glob("*.csv"))]
    if with_extras:
        parts.append(("roster", ("Équipe_roster.csv", (logs.parent / "roster.csv").read_bytes(),
                                 "text/csv")))
        parts.append(("company_policy", ("policy.yaml",
                                         (logs.parent / "policy.yaml").read_bytes(),
                                         "application/yaml")))
    return parts


def test_several_logs_a_roster_and_a_policy_through_the_page(
        browser_client: Any, accounts: Any, web_app: Any, logs: Path, cli: Any) -> None:
    hr = browser_client()
    login(hr, *accounts[("acme", "hr_analyst")])
    form = hr.get("/hr/upload")
    assert 'name="files"' in form.text and "multiple" in form.text
    assert 'name="roster"' in form.text and 'name="company_policy"' in form.text
    staged = hr.post("/hr/upload", data={"csrf": csrf_of(form.text), "kind": "monitoring",
                                         "system": "activity-monitoring"}, files=_parts(logs))
    assert staged.status_code == 303, staged.text
    preview = hr.get(staged.headers["location"])
    count = len(list(logs.glob("*.csv")))
    assert f"Log files: {count}" in preview.text and "HR roster: yes" in preview.text
    assert "Company monitoring policy: yes" in preview.text
    assert "dupont" not in preview.text and "Équipe" not in preview.text
    # a refused option: the page says so and the staged files stay for a second try
    refused = hr.post(staged.headers["location"], data={
        "csrf": csrf_of(preview.text), "system": "activity-monitoring",
        "opt_mapping": "../etc/passwd"})
    assert refused.status_code == 400 and "mapping" in refused.text
    started = hr.post(staged.headers["location"], data={
        "csrf": csrf_of(preview.text), "system": "activity-monitoring", "opt_mapping": "cert",
        "opt_language": "auto"})
    assert started.status_code == 303, started.text
    audit_id = started.headers["location"].rsplit("/", 1)[-1]
    assert run_pending(web_app.state.sessions, web_app.state.settings) == 1
    report = hr.get(started.headers["location"])
    assert report.status_code == 200 and "report-embed" in report.text
    with web_app.state.sessions() as session:
        row = session.get(AuditJobRow, audit_id)
        assert row is not None and row.status == "done", row and row.error
        served = dict(row.result or {})
        kept = json.dumps([row.params, row.upload_name, row.upload_path])
    document = cli_monitoring_document(cli, logs)
    # the page's audit is the CLI's on the same files (the logon file was renamed after its
    # mapping entry, so the person's name in the client's file name is not kept)
    assert comparable_monitoring(served) == comparable_monitoring(document)
    assert served["parameters"]["roster"] == "roster.csv"
    assert served["parameters"]["company_policy_declared"]["organisation"] == "example-co"
    assert "dupont" not in kept and "Équipe" not in kept
    assert "dupont" not in json.dumps(served)
    # the staged upload and the job's folder are gone
    uploads = web_app.state.settings.uploads_dir
    assert not any(p.is_file() for p in uploads.rglob("*"))


def test_a_hiring_upload_takes_one_file_only(browser_client: Any, accounts: Any,
                                             logs: Path) -> None:
    hr = browser_client()
    login(hr, *accounts[("acme", "hr_analyst")])
    form = hr.get("/hr/upload")
    refused = hr.post("/hr/upload", data={"csrf": csrf_of(form.text), "kind": "hiring",
                                          "system": "x"}, files=_parts(logs))
    assert refused.status_code == 400
    assert "A hiring audit takes one export file" in refused.text
    none = hr.post("/hr/upload", data={"csrf": csrf_of(form.text), "kind": "monitoring",
                                       "system": "x"}, files=_parts(logs)[-1:])  # policy only
    assert none.status_code == 400 and "Choose the file to audit" in none.text
    # a browser sends the file inputs left empty as parts with filename="" (RFC 7578 4.2):
    # no roster, no policy, so a hiring upload of one file
    boundary = "----browser"
    log = sorted(logs.glob("*.csv"))[0]

    def part(name: str, content: bytes, filename: str | None = None) -> bytes:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        if filename is not None:
            head += f'; filename="{filename}"\r\nContent-Type: application/octet-stream'
        return head.encode() + b"\r\n\r\n" + content + b"\r\n"

    body = b"".join([part("csrf", csrf_of(form.text).encode()), part("kind", b"hiring"),
                     part("system", b"x"), part("files", log.read_bytes(), log.name),
                     part("roster", b"", ""), part("company_policy", b"", ""),
                     f"--{boundary}--\r\n".encode()])
    staged = hr.post("/hr/upload", content=body, headers={
        "content-type": f"multipart/form-data; boundary={boundary}"})
    assert staged.status_code == 303, staged.text
