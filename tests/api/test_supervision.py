"""Issue 10 item 5: a dead worker is reaped, its job requeued at once and the worker replaced;
/v1/healthz reports workers and queue and says ``degraded`` when jobs cannot run."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from ai_work_audit.api import Settings
from ai_work_audit.api._db import AuditJobRow, session_scope, utcnow
from ai_work_audit.api._jobs import WorkerPool, recover_stale
from ai_work_audit.api.main import create_app


def _job(factory: Any, *, status: str, worker: str | None = None,
         age_s: float = 0.0) -> str:
    job_id = uuid.uuid4().hex
    at = utcnow() - timedelta(seconds=age_s)
    with session_scope(factory) as session:
        session.add(AuditJobRow(
            id=job_id, organisation="acme", kind="hiring", status=status, system="s",
            params={}, lang="en", upload_path=None, upload_name="u.csv", upload_bytes=0,
            created_by="k", created_at=at, started_at=at if worker else None,
            heartbeat_at=utcnow() if worker else None, attempts=1 if worker else 0,
            worker=worker))
    return job_id


def _status(factory: Any, job_id: str) -> str:
    with factory() as session:
        job = session.get(AuditJobRow, job_id)
        assert job is not None
        return job.status


def test_a_killed_worker_is_reaped_its_job_requeued_and_replaced(settings: Settings,
                                                                  app: Any) -> None:
    factory = app.state.sessions
    # a stand-in worker process that dies while "running" a job
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    job_id = _job(factory, status="running", worker=f"{socket.gethostname()}:{proc.pid}")
    pool = WorkerPool(settings.model_copy(update={"workers": 1}), factory, [proc])
    try:
        proc.send_signal(signal.SIGKILL)
        time.sleep(0.3)
        # unreaped, the dead worker is a zombie whose pid still answers: nothing is requeued
        assert recover_stale(factory, settings) == 0
        assert _status(factory, job_id) == "running"
        assert pool.supervise() == 1
        assert _status(factory, job_id) == "queued"  # at once, not after the lease
        assert proc.returncode is not None  # reaped
        assert pool.restarts == 1 and len(pool.processes) == 1
        assert pool.processes[0].pid != proc.pid and pool.alive() == 1
    finally:
        pool.stop(timeout=5)


def test_healthz_reports_workers_and_queue(client: TestClient, app: Any) -> None:
    body = client.get("/v1/healthz").json()
    assert body["status"] == "ok" and body["problems"] == []
    assert body["workers"] == {"configured": 0, "alive": 0, "restarts": 0}
    assert body["queue"] == {"queued": 0, "running": 0, "oldest_queued_age_s": None}
    _job(app.state.sessions, status="queued", age_s=5)
    body = client.get("/v1/healthz").json()
    assert body["status"] == "ok" and body["queue"]["queued"] == 1
    assert 4 <= body["queue"]["oldest_queued_age_s"] < 60


def test_healthz_is_degraded_when_queued_jobs_are_not_taken(client: TestClient,
                                                            app: Any) -> None:
    _job(app.state.sessions, status="queued", age_s=3600)
    body = client.get("/v1/healthz").json()
    assert body["status"] == "degraded"
    assert "no worker is taking jobs" in body["problems"][0]


def test_healthz_is_degraded_when_no_worker_is_alive(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"workers": 1}))
    with TestClient(app) as client:
        pool: WorkerPool = app.state.workers
        assert pool.expected == 1
        for proc in pool.processes:
            proc.kill()
            proc.wait()
        body = client.get("/v1/healthz").json()
        assert body["status"] == "degraded" and body["workers"]["alive"] == 0
        assert "no audit worker is alive" in body["problems"][0]
        # the supervisor replaces it within a few seconds
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and client.get("/v1/healthz").json()[
                "workers"]["restarts"] < 1:
            time.sleep(0.2)
        body = client.get("/v1/healthz").json()
        assert body["workers"]["restarts"] == 1 and body["workers"]["alive"] == 1
        assert body["status"] == "ok"
