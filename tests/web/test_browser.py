"""The web front in a real browser: Debian's Chromium driven by Playwright against a real
``ai-work-audit serve`` on 127.0.0.1 (one browser and one server for the whole module).

Each role's journey from login to its result, in English and in French; axe-core (WCAG 2.1 A
and AA rules) on every page, zero violations; a representative cannot reach HR pages or another
organisation's report by URL; forged CSRF tokens and planted session cookies fail; screenshots
of every page at 1366×768 and 390×844 go to ``test-artifacts/web/``, and no page is wider than
either viewport.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

playwright_sync = pytest.importorskip("playwright.sync_api")

from tests.api.server import Service  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: axe-core, installed at set-up (Makefile: npm into the virtual environment's ``axe/``).
AXE_CANDIDATES = [Path(sys.prefix) / "axe/node_modules/axe-core/axe.min.js",
                  Path(__file__).parents[2] / ".venv/axe/node_modules/axe-core/axe.min.js"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "web"
VIEWPORTS = ((1366, 768), (390, 844))
NEW_PASSWORD = "a long new passphrase 42"
ROLES = ("worker_rep", "hr_analyst", "compliance_officer", "admin")
#: user name → the password chosen at its first login in this module
CHANGED: dict[str, str] = {}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("CI must have Debian's chromium: .ci/run installs it with apt")
    pytest.skip("Debian's chromium is not installed (.ci/run installs it with apt)",
                allow_module_level=True)


def _axe_source() -> str | None:
    for path in AXE_CANDIDATES:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    if os.environ.get("CI"):
        raise AssertionError("axe-core is missing in CI: `make install` puts it in .venv/axe")
    return None


@pytest.fixture(scope="module")
def hiring_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ai_work_audit.synthetic import make_hiring_data

    path = tmp_path_factory.mktemp("data") / "applicants.csv"
    make_hiring_data(800, seed=11).candidates.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory, hiring_csv: Path
            ) -> Iterator[dict[str, Any]]:
    """The service with one finished audit per organisation and an account per (role, lang)."""
    from ai_work_audit.api import Settings
    from ai_work_audit.api._db import make_engine, make_sessionmaker, session_scope
    from ai_work_audit.api._migrate import migrate
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.run import run
    from ai_work_audit.web import create_user
    from ai_work_audit.web._demo import demo_accounts

    home = tmp_path_factory.mktemp("web-service")
    old = os.environ.get("AI_WORK_AUDIT_HOME")
    os.environ["AI_WORK_AUDIT_HOME"] = str(home)
    try:
        settings = Settings(home=home)
        audits: dict[str, str] = {}
        for org in ("acme", "globex"):
            folder = home / f"seed-{org}"
            folder.mkdir()
            result = run("hiring", hiring_csv, HiringOptions(
                outcome="screened_in", group=("sex", "race_ethnicity"), organisation=org,
                system=f"{org}-screening"), record=False)
            (folder / "hiring-selection.json").write_text(result.view("json"), "utf-8")
            audits[org] = json.loads(result.view("json"))["audit_id"]
            demo_accounts(folder, settings, organisation=org)
        engine = make_engine(settings.db_url)
        migrate(engine, home)
        accounts: dict[tuple[str, str, str], tuple[str, str]] = {}
        with session_scope(make_sessionmaker(engine)) as session:
            for role in ROLES:
                for lang in ("en", "fr"):
                    name = f"{role}-{lang}"
                    accounts[("acme", role, lang)] = (name, create_user(
                        session, "acme", role, name)[1])
        engine.dispose()
    finally:
        if old is None:
            os.environ.pop("AI_WORK_AUDIT_HOME", None)
        else:
            os.environ["AI_WORK_AUDIT_HOME"] = old
    server = Service(home, workers=1).start()
    try:
        yield {"url": server.url, "accounts": accounts, "audits": audits, "home": home}
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One person's browser tab: every page it opens is checked by axe-core and
    photographed at both viewports."""

    def __init__(self, browser: Any, base: str, label: str) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 768},
                                           accept_downloads=True)
        self.page = self.context.new_page()
        self.base, self.label = base, label
        self.axe = _axe_source()
        self.seen: list[str] = []

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.base + path)
        return response

    def check(self, name: str) -> None:
        """axe-core on the current page (zero WCAG 2.1 A/AA violations), then screenshots."""
        self.seen.append(name)
        if self.axe is not None:
            self.page.evaluate(self.axe)
            result = self.page.evaluate(
                "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
            violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3])
                          for v in result["violations"]]
            assert not violations, f"{self.label}/{name}: {violations}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for width, height in VIEWPORTS:
            self.page.set_viewport_size({"width": width, "height": height})
            # nothing runs off the side of the page: wide tables scroll in their own box
            wide = self.page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{self.label}/{name}: {wide}px wide at {width}px"
            self.page.screenshot(path=str(ARTIFACTS / f"{self.label}-{name}-{width}x{height}.png"),
                                 full_page=True)
        self.page.set_viewport_size({"width": 1366, "height": 768})

    def login(self, name: str, password: str, lang: str) -> None:
        """Log in; a one-time password is replaced at once (and remembered for next time)."""
        password = CHANGED.get(name, password)
        self.goto(f"/login?lang={lang}")
        self.check("login")
        self.page.fill("input[name=username]", name)
        self.page.fill("input[name=password]", password)
        self.submit("main button[type=submit]")
        if "/password" in self.page.url:
            self.check("password")
            self.page.fill("#current", password)
            self.page.fill("#new", NEW_PASSWORD)
            self.page.fill("#confirm", NEW_PASSWORD)
            self.submit()
            self.page.wait_for_url(re.compile(r"/(rep|hr|compliance|admin)$"))
            CHANGED[name] = NEW_PASSWORD

    def submit(self, selector: str = "main button[type=submit]") -> Any:
        """Click a submit button and wait for the page it leads to."""
        with self.page.expect_navigation() as navigation:
            self.page.click(selector)
        return navigation.value

    def close(self) -> None:
        self.context.close()


TEXT = {
    "en": {"rep": "Published reports", "sent": "Your request was sent.",
           "ok": "Everything you received is still in the log, unchanged.",
           "hr": "HR data team", "run": "Run the audit", "co": "Pledge dashboard",
           "attached": "Evidence stored", "admin": "Users", "answered": "The request is answered.",
           "e404": "Page not found", "roster": "HR roster: yes"},
    "fr": {"rep": "Rapports publiés", "sent": "Votre demande a été envoyée.",
           "ok": "Tout ce que vous avez reçu est toujours dans le journal, inchangé.",
           "hr": "Équipe données RH", "run": "Lancer l'audit",
           "co": "Tableau de bord de la charte", "attached": "Preuve enregistrée",
           "admin": "Utilisateurs", "answered": "La demande a reçu une réponse.",
           "e404": "Page introuvable", "roster": "Liste du personnel (RH) : oui"},
}


@pytest.fixture
def visit(browser: Any, service: dict[str, Any]) -> Iterator[Any]:
    opened: list[Visit] = []

    def make(label: str) -> Visit:
        v = Visit(browser, service["url"], label)
        opened.append(v)
        return v

    yield make
    for v in opened:
        v.close()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_representative_requests_reads_and_verifies(visit: Any, service: dict[str, Any],
                                                    lang: str) -> None:
    v = visit(f"rep-{lang}")
    v.login(*service["accounts"][("acme", "worker_rep", lang)], lang)
    page, text = v.page, TEXT[lang]
    assert page.url.endswith("/rep")
    assert page.locator("h2").first.inner_text() == text["rep"]
    v.check("home")
    # keyboard: the first Tab reaches the skip link, which moves focus to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    # request a report
    v.submit("a.button[href='/rep/requests/new']")
    v.check("request-form")
    page.fill("#system", "acme-screening")
    page.fill("#period", "2026")
    page.fill("#question", "<script>alert(1)</script> fair to women?")
    page.fill("#reason", "Works council, March")
    v.submit()
    assert text["sent"] in page.inner_text("main")
    assert "<script>alert(1)</script>" in page.inner_text("main")  # shown as text, not run
    v.check("request-status")
    # read the published report in the page, then as PDF, and keep its receipt
    v.goto("/rep")
    v.submit(f"a[href='/rep/reports/{service['audits']['acme']}']")
    assert page.locator("h1").count() >= 1
    assert ("suppressed" in page.inner_text("main")) or ("masqué" in page.inner_text("main"))
    v.check("report")
    with page.expect_download() as pdf:
        page.click("a[href$='report.pdf']")
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"
    with page.expect_download() as kept:
        page.click("a[href$='receipt.json']")
    receipt = Path(kept.value.path())
    # check it in words
    v.goto("/rep/verify")
    v.check("verify-form")
    page.set_input_files("#receipts", str(receipt))
    v.submit()
    assert text["ok"] in page.inner_text("main")
    v.check("verify-result")
    # HR pages and another organisation's report are out of reach by URL
    assert v.goto("/hr").status == 403
    v.check("forbidden")
    assert v.goto("/hr/upload").status == 403
    assert v.goto(f"/rep/reports/{service['audits']['globex']}").status == 404
    v.check("not-found")
    # an unknown address and a form's target opened as a page: the site's own pages
    assert v.goto("/rep/no-such-page").status == 404
    assert page.locator("h1").inner_text() == TEXT[lang]["e404"]
    v.check("unknown-page")
    assert v.goto("/rep/requests").status == 405
    v.check("wrong-method")
    cookies = {c["name"]: c for c in v.context.cookies()}
    session = cookies["awa_session"]  # a Secure cookie kept on http://127.0.0.1 by Chromium
    assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Strict"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hr_uploads_runs_reads_and_answers(visit: Any, service: dict[str, Any], lang: str,
                                           hiring_csv: Path) -> None:
    rep = visit(f"rep-ask-{lang}")
    rep.login(*service["accounts"][("acme", "worker_rep", lang)], lang)
    rep.goto("/rep/requests/new")
    rep.page.fill("#system", f"web-upload-{lang}")
    rep.page.fill("#period", "2026")
    rep.page.fill("#question", "Impact ratios?")
    rep.submit()
    v = visit(f"hr-{lang}")
    v.login(*service["accounts"][("acme", "hr_analyst", lang)], lang)
    page, text = v.page, TEXT[lang]
    assert text["hr"] in page.inner_text("h1")
    v.check("home")
    v.goto("/hr/upload")
    v.check("upload")
    page.fill("#system", f"web-upload-{lang}")
    page.set_input_files("#file", str(hiring_csv))
    v.submit()
    page.wait_for_url(re.compile(r"/hr/upload/[0-9a-f]{32}$"))
    assert page.locator("select[name='role__screened_in']").input_value() == "outcome"
    assert page.locator("select[name='role__sex']").input_value() == "group"
    page.select_option("select[name='role__qualified']", "ignore")
    page.select_option("select[name='role__applied_on']", "ignore")
    v.check("preview")
    v.submit(f"button:has-text(\"{text['run']}\")")
    page.wait_for_url(re.compile(r"/hr/audits/[0-9a-f]{32}$"))
    if page.locator("progress").count():
        v.check("progress")
    # the plain script polls the status and reloads with the report when it is done
    page.wait_for_selector(".report-embed", timeout=120_000)
    v.check("report")
    v.submit("a[href^='/hr/systems/']")
    assert page.locator("figure.chart svg[role=img]").count() == 1
    v.check("history")
    v.goto("/hr")
    v.submit(f"tr:has-text('web-upload-{lang}') a[href^='/hr/requests/']")
    v.check("request")
    page.fill("#answer", "Here is the audit.")
    v.submit()
    assert text["answered"] in page.inner_text("main")


@pytest.fixture(scope="module")
def monitoring_logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's CERT-schema logs (20 workers, a week), its roster beside them as an HR
    export, and the example company policy the demo uses."""
    from tests.api.conftest import write_monitoring_upload

    return write_monitoring_upload(tmp_path_factory.mktemp("monitoring") / "logs")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hr_runs_the_demos_monitoring_audit(visit: Any, service: dict[str, Any], lang: str,
                                            monitoring_logs: Path) -> None:
    """The demo's monitoring audit through the page: several log files, the roster and the
    company policy in one upload, the demo's mapping and time zone, the report shown."""
    from ai_work_audit.synthetic_monitoring import TIMEZONE

    v = visit(f"hr-monitoring-{lang}")
    v.login(*service["accounts"][("acme", "hr_analyst", lang)], lang)
    page = v.page
    v.goto("/hr/upload")
    page.select_option("#kind", "monitoring")
    page.fill("#system", f"activity-monitoring-{lang}")
    logs = sorted(str(p) for p in monitoring_logs.glob("*.csv"))
    page.set_input_files("#file", logs)
    page.set_input_files("#roster", str(monitoring_logs.parent / "roster.csv"))
    page.set_input_files("#company_policy", str(monitoring_logs.parent / "policy.yaml"))
    v.check("monitoring-upload")
    v.submit()
    page.wait_for_url(re.compile(r"/hr/upload/[0-9a-f]{32}$"))
    assert TEXT[lang]["roster"] in page.inner_text("main")
    assert str(len(logs)) in page.inner_text("main")
    page.fill("#opt-mapping", "cert")
    page.fill("#opt-timezone", TIMEZONE)
    v.check("monitoring-preview")
    v.submit(f"button:has-text(\"{TEXT[lang]['run']}\")")
    page.wait_for_url(re.compile(r"/hr/audits/[0-9a-f]{32}$"))
    page.wait_for_selector(".report-embed", timeout=300_000)
    shown = page.inner_text("main")
    assert "company.retention" in shown  # the company policy's pack was evaluated
    v.check("monitoring-report")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_compliance_dashboard_evidence_exports(visit: Any, service: dict[str, Any], lang: str,
                                               tmp_path: Path) -> None:
    v = visit(f"compliance-{lang}")
    v.login(*service["accounts"][("acme", "compliance_officer", lang)], lang)
    page, text = v.page, TEXT[lang]
    assert text["co"] in page.inner_text("h1")
    assert page.locator("figure.chart svg[role=img]").count() == 2
    v.check("dashboard")
    v.submit("a[href^='/compliance/indicators/4.1']")
    v.check("indicator")
    v.goto("/compliance/evidence")
    v.check("evidence-form")
    document = tmp_path / "minutes.txt"
    document.write_text("Minutes of the consultation.\n")
    page.fill("#indicator", "1.2")
    page.set_input_files("#file", str(document))
    page.select_option("#level", "50")
    page.fill("#expires", "2027-01-31")
    v.submit()
    assert text["attached"] in page.inner_text("main")
    v.check("evidence-stored")
    v.goto("/compliance")
    with page.expect_download() as oscal:
        page.click("a[href^='/compliance/export.oscal.json']")
    assert "assessment-results" in Path(oscal.value.path()).read_text()
    with page.expect_download() as pdf:
        page.click("a[href^='/compliance/export.pdf']")
    assert Path(pdf.value.path()).read_bytes()[:4] == b"%PDF"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_admin_users_keys_log(visit: Any, service: dict[str, Any], lang: str) -> None:
    v = visit(f"admin-{lang}")
    v.login(*service["accounts"][("acme", "admin", lang)], lang)
    page, text = v.page, TEXT[lang]
    assert text["admin"] in page.inner_text("main")
    v.check("home")
    page.fill("#name", f"added-{lang}")
    v.submit("form[action='/admin/users'] button")
    assert page.locator(".secret").count() == 1, page.inner_text("main")[:300]
    v.submit("form[action='/admin/keys'] button")
    assert page.locator(".secret").inner_text().startswith("awa_")
    v.check("created")
    v.goto("/admin/access-log")
    assert "/admin/users" in page.inner_text("main")
    v.check("access-log")


def test_forged_csrf_and_planted_session_fail(visit: Any, service: dict[str, Any]) -> None:
    v = visit("attack")
    name, password = service["accounts"][("acme", "worker_rep", "en")]
    v.context.add_cookies([{"name": "awa_session", "value": "planted-by-attacker",
                            "url": service["url"]}])
    v.login(name, password, "en")
    tokens = [c["value"] for c in v.context.cookies() if c["name"] == "awa_session"]
    assert tokens and "planted-by-attacker" not in tokens
    v.goto("/rep/requests/new")
    v.page.evaluate("document.querySelector('main form input[name=csrf]').value = 'forged'")
    v.page.fill("#system", "x")
    v.page.fill("#period", "2026")
    v.page.fill("#question", "q")
    assert v.submit().status == 403
