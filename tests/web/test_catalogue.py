"""The pages' texts exist in both languages, every key a template uses is catalogued, the
pages carry the service's security headers, and the demo's accounts and audits appear."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.web.conftest import login

from ai_work_audit.web._i18n import catalogue
from ai_work_audit.web._render import TEMPLATES


def test_both_languages_have_the_same_keys() -> None:
    assert catalogue("en").keys() == catalogue("fr").keys()


def test_every_key_the_templates_use_is_catalogued() -> None:
    used = set()
    for path in Path(TEMPLATES).glob("*.j2"):
        used |= set(re.findall(r't\("([a-z_.]+[a-z_])"', path.read_text(encoding="utf-8")))
    assert used and not used - catalogue("en").keys()


def test_pages_carry_the_security_headers(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    page = client.get("/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["x-content-type-options"] == "nosniff"
    login(client, *accounts[("acme", "worker_rep")])
    assert "frame-ancestors 'none'" in client.get("/rep").headers["content-security-policy"]


def test_the_demo_accounts_see_the_demo_audits(tmp_path: Path, web_settings: Any,
                                               browser_client: Any, web_app: Any) -> None:
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.run import run
    from ai_work_audit.synthetic import make_hiring_data
    from ai_work_audit.web._demo import demo_accounts

    data = tmp_path / "candidates.csv"
    make_hiring_data(400, seed=3).candidates.to_csv(data, index=False)
    result = run("hiring", data, HiringOptions(outcome="screened_in", group=("sex",),
                                               organisation="demo-org", system="demo-tool"),
                 record=False)
    (tmp_path / "hiring-selection.json").write_text(result.view("json"), encoding="utf-8")
    accounts = demo_accounts(tmp_path, web_settings)
    assert [a[0] for a in accounts] == ["hr_analyst", "worker_rep", "compliance_officer",
                                        "admin"]
    again = demo_accounts(tmp_path, web_settings)  # a second demo run: new passwords
    assert {a[2] for a in again}.isdisjoint({a[2] for a in accounts})
    rep = browser_client()
    name, password = next((a[1], a[2]) for a in again if a[0] == "worker_rep")
    login(rep, name, password)
    assert "demo-tool" in rep.get("/rep").text
