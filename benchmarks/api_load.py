"""Load benchmark of the HTTP service (not a timed test).

Starts `ai-work-audit serve` on 127.0.0.1 (a free port, a fresh temporary workspace, SQLite,
two audit workers), seeds finished audits, then runs N concurrent clients for D seconds reading
audit results and reports (as HR analysts and as worker representatives, whose views are
suppressed), while a stream of audit submissions goes in. Bounded in time and in count.

    .venv/bin/python benchmarks/api_load.py --clients 50 --duration 30 \
        --output benchmarks/results/api_load.md
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PARAMS = {"outcome": "screened_in", "group": ["sex", "race_ethnicity"], "no_ledger": True}
CLI = [sys.executable, "-c", "from ai_work_audit.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


class RawClient:
    """A minimal HTTP/1.1 keep-alive GET client on asyncio streams: httpx's AsyncClient costs
    milliseconds of CPU per request here and, at 50 connections, would measure itself."""

    def __init__(self, host: str, port: int, key: str) -> None:
        self.host, self.port, self.key = host, port, key
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        """GET ``path``; a keep-alive connection the server closed while idle is reopened
        once (as every HTTP client does for idempotent requests)."""
        reused = self.writer is not None
        try:
            return await self._get(path)
        except (asyncio.IncompleteReadError, ConnectionResetError):
            await self.close()
            self.writer = None
            if not reused:
                raise
            return await self._get(path)

    async def _get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write((f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                           f"Authorization: Bearer {self.key}\r\n\r\n").encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = next(int(ln.split(":", 1)[1]) for ln in lines
                      if ln.lower().startswith("content-length:"))
        body = await self.reader.readexactly(length)
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def wait_done(client: httpx.AsyncClient, audit_id: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = (await client.get(f"/v1/audits/{audit_id}")).json()
        if body["status"] in ("done", "failed"):
            return
        await asyncio.sleep(0.1)
    raise TimeoutError(audit_id)


async def run(url: str, hr_key: str, rep_key: str, csv: bytes, clients: int, duration: float,
              max_submissions: int, submit_every: float, think_s: float) -> dict[str, object]:
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    hr = httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {hr_key}"},
                           timeout=60, limits=limits)
    rep = httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {rep_key}"},
                            timeout=60, limits=limits)

    async def submit() -> str:
        response = await hr.post("/v1/audits/hiring", files={"file": ("a.csv", csv, "text/csv")},
                                 data={"params": json.dumps(PARAMS)})
        response.raise_for_status()
        audit_id: str = response.json()["id"]
        return audit_id

    seeded = [await submit() for _ in range(5)]
    for audit_id in seeded:
        await wait_done(hr, audit_id)
    paths = [p for a in seeded for p in (f"/v1/audits/{a}", f"/v1/audits/{a}/report?format=md",
                                         f"/v1/audits/{a}/report?format=html")]
    for client in (hr, rep):  # warm-up: every view rendered once (cached afterwards)
        for path in paths:
            (await client.get(path)).raise_for_status()
    latencies: dict[str, list[float]] = {"read": [], "submit": []}
    errors: dict[str, int] = {"read": 0, "submit": 0}
    failures: dict[str, int] = {}
    stop_at = time.monotonic() + duration

    host, port = url.removeprefix("http://").split(":")

    async def reader(seed: int) -> None:
        rng = random.Random(seed)
        clients = {k: RawClient(host, int(port), k) for k in (hr_key, rep_key)}
        while time.monotonic() < stop_at:
            client = clients[hr_key if rng.random() < 0.5 else rep_key]
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                status, _ = await client.get(path)
                ok = status == 200
                if not ok:
                    failures[str(status)] = failures.get(str(status), 0) + 1
            except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                ok = False
                failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
                await client.close()
                client.writer = None
            latencies["read"].append(time.perf_counter() - started)
            errors["read"] += not ok
            if think_s:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)
        for client in clients.values():
            await client.close()

    async def submitter() -> None:
        count = 0
        while time.monotonic() < stop_at and count < max_submissions:
            started = time.perf_counter()
            try:
                await submit()
            except httpx.HTTPError:
                errors["submit"] += 1
            latencies["submit"].append(time.perf_counter() - started)
            count += 1
            await asyncio.sleep(submit_every)

    began = time.monotonic()
    await asyncio.gather(*(reader(i) for i in range(clients)), submitter())
    elapsed = time.monotonic() - began
    await hr.aclose()
    await rep.aclose()
    out: dict[str, object] = {"elapsed_s": elapsed, "failures": failures}
    for kind in ("read", "submit"):
        values = [v * 1000 for v in latencies[kind]]
        out[kind] = {"requests": len(values), "rps": len(values) / elapsed,
                     "p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
                     "p99_ms": percentile(values, 99), "errors": errors[kind]}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--rows", type=int, default=2000, help="rows per submitted audit")
    parser.add_argument("--max-submissions", type=int, default=60)
    parser.add_argument("--submit-every", type=float, default=0.5)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean pause of a client between reads, in s (0: closed loop)")
    parser.add_argument("--output", type=Path)
    args = parser.parse_args()

    from ai_work_audit.synthetic import make_hiring_data

    with tempfile.TemporaryDirectory(prefix="awa-bench-") as tmp:
        home = Path(tmp)
        csv = make_hiring_data(args.rows, seed=3).candidates.to_csv(index=False).encode()
        env = {**os.environ, "AI_WORK_AUDIT_HOME": tmp, "AI_WORK_AUDIT_RECORD_RUNS": "false",
               "AI_WORK_AUDIT_WORKERS": "2"}
        env.pop("AI_WORK_AUDIT_DATABASE_URL", None)
        keys = [subprocess.run([*CLI, "keys", "create", "--org", "bench", "--role", role],
                               env=env, capture_output=True, text=True, check=True).stdout.strip()
                for role in ("hr_analyst", "worker_rep")]
        port = free_port()
        log = (home / "service.log").open("wb")
        proc = subprocess.Popen([*CLI, "serve", "--port", str(port)], env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(url + "/v1/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise SystemExit("the service did not start")
                time.sleep(0.1)
            result = asyncio.run(asyncio.wait_for(run(
                url, keys[0], keys[1], csv, args.clients, args.duration, args.max_submissions,
                args.submit_every, args.think), timeout=args.duration + 300))
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()
    command = " ".join(["python", "benchmarks/api_load.py", f"--clients {args.clients}",
                        f"--duration {args.duration:g}", f"--rows {args.rows}",
                        f"--think {args.think:g}"])
    lines = [
        "# HTTP service load benchmark", "",
        f"Command: `{command}` (uvicorn on 127.0.0.1, SQLite, 2 audit workers; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}).",
        f"{args.clients} concurrent clients ("
        + (f"each pausing ~{args.think:g} s between reads" if args.think else "closed loop: "
           "each sends its next read as soon as the previous one is answered")
        + f") for {result['elapsed_s']:.1f} s reading audit "
        "results (JSON) and reports (Markdown, HTML) as HR analysts and worker "
        "representatives (suppressed views), with a stream of hiring audit submissions "
        f"({args.rows} rows each, one every {args.submit_every:g} s, at most "
        f"{args.max_submissions}). Each result and report was read once before timing "
        "(finished audits and their rendered views are cached by the service).", "",
        "| traffic | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind in ("read", "submit"):
        r = result[kind]
        assert isinstance(r, dict)
        lines.append(f"| {kind} | {r['requests']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | "
                     f"{r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.output:
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
