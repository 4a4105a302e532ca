"""/v1/healthz: liveness, database reachability, workers and queue (no authentication).

``degraded`` when jobs cannot run: the service should run workers and none is alive, or jobs
have been queued longer than ``job_lease_s`` while none runs (no worker takes them)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import text

from ai_work_audit import __version__
from ai_work_audit.api._jobs import WorkerPool, queue_state
from ai_work_audit.api._models import Health
from ai_work_audit.api.deps import SessionDep, SessionsDep, SettingsDep

NO_WORKER_MSG = "no audit worker is alive ({configured} configured); queued jobs cannot run."
STALLED_MSG = ("the oldest queued job has waited {age:.0f} s and no job is running; no worker "
               "is taking jobs.")

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health, summary="Health check")
def healthz(session: SessionDep, factory: SessionsDep, settings: SettingsDep,
            request: Request) -> dict[str, Any]:
    session.execute(text("SELECT 1"))
    pool: WorkerPool = request.app.state.workers
    alive = pool.alive()
    queue = queue_state(factory)
    problems = []
    if pool.expected and not alive:
        problems.append(NO_WORKER_MSG.format(configured=pool.expected))
    age = queue["oldest_queued_age_s"]
    if age is not None and age > settings.job_lease_s and not queue["running"]:
        problems.append(STALLED_MSG.format(age=age))
    return {"status": "degraded" if problems else "ok", "database": "ok",
            "version": __version__, "problems": problems, "queue": queue,
            "workers": {"configured": pool.expected, "alive": alive,
                        "restarts": pool.restarts}}
