"""Fixtures of the service tests: one app per test on SQLite and on PostgreSQL, API keys of two
organisations for every role, small hiring (and monitoring) exports."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from ai_work_audit.api import Settings
from ai_work_audit.api._db import Base, make_engine, make_sessionmaker, session_scope
from ai_work_audit.api._jobs import run_pending
from ai_work_audit.api._keys import Role, create_key
from ai_work_audit.api.main import create_app

ORGS = ("acme", "globex")
ROLES = tuple(r.value for r in Role)
PG_ROLE = "awa_test"
PG_PASSWORD = "awa_test_pw"  # a throw-away role on the local test server only


def _psql(sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["su", "postgres", "-c", f"psql -v ON_ERROR_STOP=1 -qAt -c \"{sql}\""],
                          capture_output=True, text=True, timeout=30)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the local PostgreSQL server for this session (dropped after)."""
    if shutil.which("su") is None or shutil.which("psql") is None:
        pytest.skip("PostgreSQL client tools (psql) are not installed")
    probe = _psql("SELECT 1")
    if probe.returncode != 0:
        pytest.skip("PostgreSQL is not reachable over the local socket (start it with "
                    "`pg_ctlcluster --skip-systemctl-redirect 15 main start`): "
                    + probe.stderr.strip()[:200])
    exists = _psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{PG_ROLE}'").stdout.strip()
    if not exists:
        _psql(f"CREATE ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'")
    name = f"awa_test_{uuid.uuid4().hex[:12]}"
    created = _psql(f"CREATE DATABASE {name} OWNER {PG_ROLE}")
    if created.returncode != 0:
        pytest.skip("cannot create a PostgreSQL test database: " + created.stderr.strip()[:200])
    yield f"postgresql+psycopg://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432/{name}"
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, _isolated_workspace: Path) -> str:
    """The service database: SQLite in the test's workspace, or the session's PostgreSQL
    database emptied before the test."""
    if request.param == "sqlite":
        return f"sqlite:///{_isolated_workspace / 'service.db'}"
    url: str = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    with engine.begin() as conn:
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        if conn.dialect.has_table(conn, "api_keys"):
            conn.execute(text(f"TRUNCATE {names}"))
    engine.dispose()
    return url


@pytest.fixture
def settings(database_url: str, _isolated_workspace: Path) -> Settings:
    return Settings(home=_isolated_workspace, database_url=database_url, workers=0,
                    record_runs=False, min_cell=10)


@pytest.fixture
def app(settings: Settings) -> Any:
    return create_app(settings)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def keys(app: Any) -> dict[tuple[str, str], str]:
    """An API key for every (organisation, role)."""
    out = {}
    with session_scope(app.state.sessions) as session:
        for org in ORGS:
            for role in ROLES:
                out[(org, role)] = create_key(session, org, role)[1]
    return out


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def run_jobs(app: Any) -> int:
    """Run the queued audits in this process (the tests' stand-in for worker processes)."""
    return run_pending(app.state.sessions, app.state.settings)


@pytest.fixture(scope="session")
def hiring_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 synthetic applicants: several categories (and most intersections) under 10."""
    from ai_work_audit.synthetic import make_hiring_data

    path = tmp_path_factory.mktemp("data") / "applicants.csv"
    make_hiring_data(600, seed=7).candidates.to_csv(path, index=False)
    return path


HIRING_PARAMS = {"outcome": "screened_in", "group": ["sex", "race_ethnicity"]}
#: Every table the hiring document has: trends, model metrics (slower: fairlearn).
FULL_HIRING_PARAMS = {**HIRING_PARAMS, "label": "qualified", "period": "applied_on",
                      "by": "quarter"}


def submit_hiring(client: TestClient, key: str, path: Path,
                  params: dict[str, Any] | None = None, name: str | None = None) -> Any:
    import json

    return client.post("/v1/audits/hiring", headers=auth(key), files={
        "file": (name or path.name, path.read_bytes(), "text/csv")},
        data={"params": json.dumps(HIRING_PARAMS if params is None else params)})


def done_audit(client: TestClient, app: Any, key: str, path: Path,
               params: dict[str, Any] | None = None) -> str:
    response = submit_hiring(client, key, path, params)
    assert response.status_code == 202, response.text
    run_jobs(app)
    audit_id: str = response.json()["id"]
    return audit_id


def monitoring_available() -> bool:
    try:
        import ai_work_audit.monitoring  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.fixture(scope="session")
def monitoring_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not monitoring_available():
        pytest.skip("ai_work_audit.monitoring is not installed yet")
    from ai_work_audit.synthetic_monitoring import write_monitoring_data

    folder = tmp_path_factory.mktemp("monitoring")
    write_monitoring_data(folder, workers=40, days=7)
    return folder / "tracker.csv"


__all__ = ["ORGS", "ROLES", "auth", "done_audit", "make_sessionmaker", "run_jobs",
           "submit_hiring"]


#: The example company policy the demo's monitoring audit uses.
MONITORING_POLICY = (Path(__file__).parents[2] / "policies"
                     / "company-monitoring-policy.example.yaml")
#: Fields of a monitoring document that differ between two runs (ids, times) or name places.
MONITORING_VOLATILE = ("audit_id", "created_at", "ledger")


def write_monitoring_upload(folder: Path) -> Path:
    """The demo's CERT-schema logs (20 workers, a week) in ``folder``, with the roster beside
    them as an HR export (``roster.csv``) and the example company policy (``policy.yaml``)."""
    from ai_work_audit.synthetic_monitoring import write_monitoring_data

    write_monitoring_data(folder, workers=20, days=7)
    shutil.move(folder / "roster.csv", folder.parent / "roster.csv")
    shutil.copy(MONITORING_POLICY, folder.parent / "policy.yaml")
    return folder


def comparable_monitoring(document: dict[str, Any]) -> dict[str, Any]:
    """A monitoring document without what differs between two runs of the same audit (the
    roster's and policy's names: the service's stored names, the CLI's paths)."""
    out = {k: v for k, v in document.items() if k not in MONITORING_VOLATILE}
    out["parameters"] = {k: v for k, v in document["parameters"].items()
                         if k not in ("roster", "company_policy")}
    return out


def cli_monitoring_document(cli: Any, logs: Path) -> dict[str, Any]:
    """The CLI's document of the monitoring audit of ``write_monitoring_upload``'s files (as
    the service's ``acme`` audit of system ``activity-monitoring`` with the mapping cert)."""
    import json

    local = cli("monitoring", str(logs), "--mapping", "cert", "--roster",
                str(logs.parent / "roster.csv"),
                "--company-policy", str(logs.parent / "policy.yaml"),
                "--org", "acme", "--system", "activity-monitoring", "--format", "json",
                "--no-ledger")
    assert local.code == 0, local.stderr
    document: dict[str, Any] = json.loads(local.stdout)
    return document
