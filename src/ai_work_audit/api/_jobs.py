"""Audit jobs: the job table is the queue; worker processes claim, run and finish jobs.

A job's state lives in the database, so a restart loses nothing: a job left ``running`` by a
worker that died (its process is gone, or it stopped reporting for ``job_lease_s``) is queued
again until it has run ``max_attempts`` times, then marked failed with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._db import AuditJobRow, make_engine, make_sessionmaker, utcnow
from ai_work_audit.api._settings import Settings
from ai_work_audit.errors import AuditError, InputError

INTERRUPTED_MSG = ("the audit was interrupted {n} time(s) (its worker stopped: crash or "
                   "restart) and is not retried again; submit it again.")
INTERNAL_MSG = "internal error ({name}) while auditing; the service log has the details."
PARAM_KEYS_NOT_FOR_AUDIT = ("lang",)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _worker_dead(worker: str | None) -> bool:
    """True when ``worker`` (host:pid) ran on this host and its process is gone."""
    if not worker or ":" not in worker:
        return False
    host, _, pid = worker.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


#: How an error names an upload: never by the client's file name, which may name a person
#: ("jean.dupont_export.csv") and which the job table would keep and show (issue 10).
UPLOAD_LABEL = "the uploaded file"


def public_error(exc: BaseException, label: str = UPLOAD_LABEL) -> str:
    """The message a client may see: input errors name the upload by ``label`` (the uploaded
    file, or its part in a submission of several), never by our path or the client's name."""
    if isinstance(exc, InputError):
        problems = exc.problems
        text = problems[0] if len(problems) == 1 else (
            f"{len(problems)} problems: " + " | ".join(problems))
        return f"{label}: {text}"
    if isinstance(exc, AuditError):
        return str(exc)
    return INTERNAL_MSG.format(name=type(exc).__name__)


def recover_stale(factory: sessionmaker[Session], settings: Settings) -> int:
    """Requeue (or fail, after ``max_attempts``) jobs whose worker is gone; return how many."""
    cutoff = utcnow() - timedelta(seconds=settings.job_lease_s)
    changed = 0
    with factory() as session:
        running = session.scalars(select(AuditJobRow).where(AuditJobRow.status == "running")).all()
        for job in running:
            beat = job.heartbeat_at or job.started_at
            if not (_worker_dead(job.worker) or beat is None or beat < cutoff):
                continue
            values: dict[str, Any]
            if job.attempts >= settings.max_attempts:
                values = {"status": "failed", "finished_at": utcnow(), "worker": None,
                          "error": INTERRUPTED_MSG.format(n=job.attempts)}
            else:
                values = {"status": "queued", "worker": None, "heartbeat_at": None}
            result = session.execute(update(AuditJobRow).where(
                AuditJobRow.id == job.id, AuditJobRow.status == "running",
                AuditJobRow.worker == job.worker).values(**values))
            changed += int(getattr(result, "rowcount", 0) or 0)
            if values["status"] == "failed":
                _delete_upload(job, settings)
        session.commit()
    return changed


def claim_next(factory: sessionmaker[Session], worker: str) -> str | None:
    """Atomically move the oldest queued job to ``running`` for ``worker``; its id or None."""
    with factory() as session:
        for _ in range(5):
            job_id = session.scalar(select(AuditJobRow.id).where(AuditJobRow.status == "queued")
                                    .order_by(AuditJobRow.created_at).limit(1))
            if job_id is None:
                return None
            now = utcnow()
            result = session.execute(update(AuditJobRow).where(
                AuditJobRow.id == job_id, AuditJobRow.status == "queued").values(
                status="running", worker=worker, started_at=now, heartbeat_at=now,
                attempts=AuditJobRow.attempts + 1))
            session.commit()
            if getattr(result, "rowcount", 0) == 1:
                return job_id
    return None


@contextlib.contextmanager
def _in_folder(folder: Path) -> Iterator[None]:
    """Run in the job's upload folder: an uploaded roster or company policy is named there by
    its stored name only (``roster.csv``), so documents never carry a server path. A worker
    process runs one job at a time."""
    if not folder.is_dir():
        yield
        return
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _delete_upload(job: AuditJobRow, settings: Settings) -> None:
    if settings.keep_uploads or not job.upload_path:
        return
    path = Path(job.upload_path)
    folder = settings.uploads_dir / job.id
    if folder.is_dir() and path.is_relative_to(folder):  # the file, logs, roster, policy
        shutil.rmtree(folder, ignore_errors=True)
        return
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        path.parent.rmdir()


def _heartbeat(factory: sessionmaker[Session], job_id: str, worker: str, every: float,
               stop: threading.Event) -> None:
    while not stop.wait(every):
        try:
            with factory() as session:
                session.execute(update(AuditJobRow).where(
                    AuditJobRow.id == job_id, AuditJobRow.worker == worker).values(
                    heartbeat_at=utcnow()))
                session.commit()
        except Exception:  # a missed beat is not fatal; the lease is generous
            pass


def run_job(factory: sessionmaker[Session], settings: Settings, job_id: str,
            worker: str) -> str:
    """Run a claimed job to ``done`` or ``failed``; return the final status."""
    from ai_work_audit.kinds import Progress, kind_spec
    from ai_work_audit.run import run

    with factory() as session:
        job = session.get(AuditJobRow, job_id)
        if job is None or job.status != "running" or job.worker != worker:
            return "lost"
        kind, params, lang = job.kind, dict(job.params), job.lang
        path = job.upload_path
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(
        factory, job_id, worker, max(0.5, settings.job_lease_s / 4), stop), daemon=True)
    beat.start()
    status, result, error = "done", None, None
    try:
        record = settings.record_runs and not params.pop("no_ledger", False)
        for key in PARAM_KEYS_NOT_FOR_AUDIT:
            params.pop(key, None)
        options = kind_spec(kind).options_from_params(params)
        with _in_folder(settings.uploads_dir / job_id):
            result = run(kind, path or "", options, lang="fr" if lang == "fr" else "en",
                         record=record, progress=Progress(jobs=settings.scan_jobs)).document
    except Exception as exc:
        status, error = "failed", public_error(exc)
    finally:
        stop.set()
        beat.join()
    with factory() as session:
        outcome = session.execute(update(AuditJobRow).where(
            AuditJobRow.id == job_id, AuditJobRow.worker == worker,
            AuditJobRow.status == "running").values(
            status=status, result=result, error=error, finished_at=utcnow(), worker=None))
        session.commit()
        job = session.get(AuditJobRow, job_id)
        if job is not None and getattr(outcome, "rowcount", 0) == 1:
            _delete_upload(job, settings)
    return status


def run_pending(factory: sessionmaker[Session], settings: Settings, limit: int = 1000) -> int:
    """Run queued jobs in this process until none is left (tests, one-shot use)."""
    worker = worker_name()
    done = 0
    while done < limit:
        job_id = claim_next(factory, worker)
        if job_id is None:
            break
        run_job(factory, settings, job_id, worker)
        done += 1
    return done


# --- worker processes ------------------------------------------------------------------------


def worker_loop(settings: Settings) -> None:
    """Claim and run jobs until told to stop (SIGTERM) or orphaned by the service."""
    parent = os.getppid()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    engine = make_engine(settings.db_url)
    factory = make_sessionmaker(engine)
    worker = worker_name()
    last_recovery = 0.0
    while not stopping.is_set() and os.getppid() == parent:
        if time.monotonic() - last_recovery > settings.job_lease_s / 2:
            recover_stale(factory, settings)
            last_recovery = time.monotonic()
        job_id = claim_next(factory, worker)
        if job_id is None:
            stopping.wait(settings.poll_interval_s)
            continue
        run_job(factory, settings, job_id, worker)
    engine.dispose()


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that gives a child process the same settings."""
    env = dict(os.environ)
    for name, value in settings.model_dump().items():
        key = f"AI_WORK_AUDIT_{name.upper()}"
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value).lower() if isinstance(value, bool) else str(value)
    env["AI_WORK_AUDIT_HOME"] = str(settings.workspace)
    env["AI_WORK_AUDIT_DATABASE_URL"] = settings.db_url
    return env


def start_workers(settings: Settings, count: int) -> list[subprocess.Popen[bytes]]:
    """Start ``count`` worker processes (``python -m ai_work_audit.api._worker``)."""
    return [subprocess.Popen([sys.executable, "-m", "ai_work_audit.api._worker"],
                             env=settings_env(settings)) for _ in range(count)]


class WorkerPool:
    """The service's worker processes, supervised: a worker that exits is reaped (no zombie),
    its running job requeued at once (``recover_stale``: its process is gone), and a new
    worker started in its place."""

    def __init__(self, settings: Settings, factory: sessionmaker[Session],
                 processes: list[subprocess.Popen[bytes]] | None = None) -> None:
        self.settings = settings
        self.factory = factory
        self.processes: list[subprocess.Popen[bytes]] = list(processes or [])
        self.restarts = 0
        self.expected = len(self.processes)

    @classmethod
    def start(cls, settings: Settings, factory: sessionmaker[Session], count: int
              ) -> WorkerPool:
        return cls(settings, factory, start_workers(settings, count) if count else [])

    def alive(self) -> int:
        """How many workers are running now (exited ones are reaped by ``poll``)."""
        return sum(1 for p in self.processes if p.poll() is None)

    def supervise(self) -> int:
        """Reap exited workers, requeue their jobs and replace them; return how many died."""
        dead = [p for p in self.processes if p.poll() is not None]
        if not dead:
            return 0
        self.processes = [p for p in self.processes if p not in dead]
        recover_stale(self.factory, self.settings)  # their pids are gone: requeued now
        self.processes.extend(start_workers(self.settings, len(dead)))
        self.restarts += len(dead)
        return len(dead)

    def stop(self, timeout: float = 10.0) -> None:
        stop_workers(self.processes, timeout)


def queue_state(factory: sessionmaker[Session]) -> dict[str, Any]:
    """Queued and running jobs, and the age in seconds of the oldest queued one (or None)."""
    from sqlalchemy import func

    with factory() as session:
        counts = dict(session.execute(
            select(AuditJobRow.status, func.count()).where(
                AuditJobRow.status.in_(("queued", "running"))).group_by(AuditJobRow.status))
            .all())
        oldest = session.scalar(select(func.min(AuditJobRow.created_at)).where(
            AuditJobRow.status == "queued"))
    age = None
    if oldest is not None:
        now = utcnow()
        if oldest.tzinfo is None:
            now = now.replace(tzinfo=None)
        age = max(0.0, round((now - oldest).total_seconds(), 1))
    return {"queued": int(counts.get("queued", 0)), "running": int(counts.get("running", 0)),
            "oldest_queued_age_s": age}


def stop_workers(processes: list[subprocess.Popen[bytes]], timeout: float = 10.0) -> None:
    """SIGTERM each worker (a running audit finishes first), then wait; kill laggards."""
    for proc in processes:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + timeout
    for proc in processes:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
