"""Through a real uvicorn on 127.0.0.1: end to end, and a crash in the middle of a job."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update
from tests.api.conftest import FULL_HIRING_PARAMS, HIRING_PARAMS
from tests.api.server import Service

from ai_work_audit.api import Settings
from ai_work_audit.api._db import AuditJobRow, make_engine, make_sessionmaker, utcnow
from ai_work_audit.api._jobs import INTERRUPTED_MSG, recover_stale

pytestmark = pytest.mark.slow


@pytest.fixture
def service(_isolated_workspace: Path, database_url: str) -> Iterator[Service]:
    svc = Service(_isolated_workspace, workers=1, database_url=database_url)
    yield svc
    svc.stop()


def _client(service: Service, key: str) -> httpx.Client:
    return httpx.Client(base_url=service.url, headers={"Authorization": f"Bearer {key}"},
                        timeout=30)


def test_end_to_end(service: Service, hiring_csv: Path, database_url: str) -> None:
    if database_url.startswith("postgres"):
        pytest.skip("uvicorn end to end once is enough; the restart test runs on PostgreSQL")
    hr_key = service.key("acme", "hr_analyst")
    rep_key = service.key("acme", "worker_rep")
    service.start()
    with _client(service, hr_key) as hr, _client(service, rep_key) as rep:
        request = rep.post("/v1/report-requests", json={
            "system": "screening", "period": "2026", "audit_kind": "hiring"}).json()
        submitted = hr.post("/v1/audits/hiring", files={
            "file": (hiring_csv.name, hiring_csv.read_bytes(), "text/csv")},
            data={"params": json.dumps(HIRING_PARAMS)})
        assert submitted.status_code == 202
        done = service.wait_for(hr, submitted.json()["id"], {"done", "failed"})
        assert done["status"] == "done", done["error"]
        fulfilled = hr.post(f"/v1/report-requests/{request['id']}/fulfil",
                            json={"audit_id": done["id"]})
        assert fulfilled.status_code == 200
        report = rep.get(f"/v1/audits/{done['id']}/report?format=html")
        assert report.status_code == 200 and "suppressed: fewer than 10" in report.text
        assert rep.get("/v1/audits").json()["items"][0]["id"] == done["id"]
        assert httpx.get(service.url + "/v1/audits").status_code == 401


@pytest.fixture(scope="session")
def big_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export whose full audit takes a few seconds (time to kill the service mid-job)."""
    from ai_work_audit.synthetic import make_hiring_data

    big = tmp_path_factory.mktemp("big") / "big.csv"
    make_hiring_data(150_000, seed=1).candidates.to_csv(big, index=False)
    return big


def test_restart_mid_job(service: Service, big_csv: Path) -> None:
    """Kill the service and its worker while an audit runs; on restart the job completes."""
    big = big_csv
    hr_key = service.key("acme", "hr_analyst")
    service.start()
    with _client(service, hr_key) as hr:
        params = {**FULL_HIRING_PARAMS, "by": "month",
                  "group": ["sex", "race_ethnicity", "age_band"]}
        submitted = hr.post("/v1/audits/hiring", files={
            "file": ("big.csv", big.read_bytes(), "text/csv")},
            data={"params": json.dumps(params)})
        assert submitted.status_code == 202, submitted.text
        audit_id = submitted.json()["id"]
        assert service.wait_for(hr, audit_id, {"running", "done"})["status"] == "running"
    service.kill()
    service.start()  # a new port, the same workspace and database
    with _client(service, hr_key) as hr:
        body = service.wait_for(hr, audit_id, {"done", "failed"}, timeout=180)
    assert body["status"] == "done", body["error"]
    engine = make_engine(service.env["AI_WORK_AUDIT_DATABASE_URL"])
    with make_sessionmaker(engine)() as session:
        job = session.get(AuditJobRow, audit_id)
        assert job is not None and job.attempts == 2
    engine.dispose()


def test_interrupted_twice_is_failed(tmp_path: Path) -> None:
    """A job whose worker died on its last allowed attempt is failed with the reason."""
    settings = Settings(home=tmp_path, workers=0)
    from ai_work_audit.api.main import create_app

    app = create_app(settings)
    factory = app.state.sessions
    with factory() as session:
        for job_id, attempts in (("a" * 32, 1), ("b" * 32, 2)):
            session.add(AuditJobRow(
                id=job_id, organisation="acme", kind="hiring", status="running", params={},
                lang="en", upload_path=None, upload_name="x.csv", upload_bytes=1,
                created_by="k", created_at=utcnow(), started_at=utcnow(),
                heartbeat_at=utcnow(), attempts=attempts, worker="ghost-host:1"))
        session.commit()
        # another host's worker: alive until its lease runs out
        assert recover_stale(factory, settings) == 0
        session.execute(update(AuditJobRow).values(heartbeat_at=None, started_at=None))
        session.commit()
        assert recover_stale(factory, settings) == 2
        retried, failed = session.get(AuditJobRow, "a" * 32), session.get(AuditJobRow, "b" * 32)
        session.refresh(retried)
        session.refresh(failed)
        assert retried is not None and retried.status == "queued"
        assert failed is not None and failed.status == "failed"
        assert failed.error == INTERRUPTED_MSG.format(n=2)
