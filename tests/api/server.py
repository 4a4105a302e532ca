"""A real service (`ai-work-audit serve`) on 127.0.0.1 and a random free port, for the
end-to-end, restart and benchmark runs."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Service:
    """`ai-work-audit serve` in its own process group (so that a kill takes its workers)."""

    def __init__(self, home: Path, *, workers: int = 1, database_url: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.home, self.workers, self.port = home, workers, free_port()
        self.env = {**os.environ, "AI_WORK_AUDIT_HOME": str(home),
                    "AI_WORK_AUDIT_RECORD_RUNS": "false", **(env or {})}
        if database_url:
            self.env["AI_WORK_AUDIT_DATABASE_URL"] = database_url
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / f"service-{self.port}.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60.0) -> Service:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-c", "from ai_work_audit.cli import main; main()", "serve",
                 "--port", str(self.port), "--workers", str(self.workers)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the service exited: " + self.log.read_text()[-2000:])
            try:
                if httpx.get(self.url + "/v1/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("the service did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        """SIGKILL the service and its workers at once (a crash)."""
        assert self.proc is not None
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def key(self, org: str, role: str) -> str:
        out = subprocess.run([sys.executable, "-c", "from ai_work_audit.cli import main; main()",
                              "keys", "create", "--org", org, "--role", role],
                             env=self.env, capture_output=True, text=True, check=True)
        return out.stdout.strip()

    def wait_for(self, client: httpx.Client, audit_id: str, statuses: set[str],
                 timeout: float = 120.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            body: dict[str, Any] = client.get(f"/v1/audits/{audit_id}").json()
            if body["status"] in statuses:
                return body
            time.sleep(0.02)
        raise TimeoutError(f"audit {audit_id} not {statuses} after {timeout} s")
