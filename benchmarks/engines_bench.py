"""Engines benchmark (not a test): the same audits on ``local``, ``spark`` (1 and 2 executor
cores) and ``sql`` (PostgreSQL), with fixed overhead and per-core throughput.

Hiring: a Parquet table of N decisions (``_data.write_decisions``; sex, race/ethnicity, age
band, selected), audited in selection mode with the intersectional table. Monitoring: a log of
M canonical events as a folder of Parquet files of 500,000 events (timestamp, worker_id,
event_type, content; contents drawn from 4,000 distinct texts, as real logs repeat), written
file by file from per-file seeds (reproducible, one file in memory at a time), audited end to
end. Each engine runs once on a small input (its fixed overhead: session start, query
planning) and once on the big one; the throughput is (big − small rows) ÷ (big − small
seconds), both warm (after a first, cold run of the small input: session start, models
loaded). Spark runs in a fresh process per core count (one SparkSession per process). Every
document is checked equal to local's. Each run records its wall time, the CPU time of the
process tree (JVM and Python workers included) and the load average: the machine is shared.

    .venv/bin/python benchmarks/engines_bench.py --rows 10000000 --events 10000000 \
        [--kinds hiring,monitoring] [--url postgresql+psycopg://…]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from _data import write_decisions

HERE = Path(__file__).parent
#: Events per file of the benchmark's log (its memory bound while it is written).
CHUNK = 500_000
WORK = HERE / "data"
RESULTS = HERE / "results" / "engines_bench.json"
GROUPS = ("sex", "race_ethnicity", "age_band")
SMALL = 10_000
ASIDE = ("audit_id", "created_at", "input_sha256", "input_name")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in document.items() if k not in ASIDE}
    out["parameters"] = {k: v for k, v in document["parameters"].items()
                         if k not in ("engine", "table", "system")}
    out.pop("system", None)
    if isinstance(out.get("input"), dict):
        out["input"] = {k: v for k, v in out["input"].items() if k not in ("sha256", "name")}
    return out


def write_log(folder: Path, events: int, seed: int = 7, files: int = 0) -> Path:
    """A canonical monitoring log as a folder of Parquet files (one per stretch of days, as a
    data lake holds them): 2,000 workers over 28 days, 4,000 distinct contents. Written file
    by file (at most ``CHUNK`` events in memory), each from its own seed: reproducible."""
    if folder.exists():
        return folder
    files = files or max(1, -(-events // CHUNK))
    texts = [f"ticket {i} about the invoice for client {i % 97}" for i in range(3900)]
    texts += [f"Call Marie Dupont {i} on +33 6 12 34 {i % 90 + 10} 78" for i in range(50)]
    texts += [f"mail jane.doe{i}@example.com about the union meeting" for i in range(50)]
    pool = pa.array(texts)
    workers = pa.array([f"W{i:05d}" for i in range(2000)])
    kinds = pa.array(["logon", "http", "email", "file", "screenshot", "keystroke"])
    span = 28 * 86400
    start = np.datetime64("2026-03-02T00:00:00", "s")
    tmp = folder.with_name(folder.name + ".tmp")
    tmp.mkdir(parents=True, exist_ok=True)
    for number in range(files):
        rng = np.random.default_rng([seed, number])
        n = events // files + (1 if number < events % files else 0)
        low, high = span * number // files, span * (number + 1) // files
        stamps = start + np.sort(rng.integers(low, high, n)).astype("timedelta64[s]")
        text = np.datetime_as_string(stamps, unit="s", timezone="UTC")
        table = pa.table({
            "timestamp": pa.array(text, pa.string()),
            "worker_id": workers.take(pa.array(rng.integers(0, len(workers), n))),
            "event_type": kinds.take(pa.array(rng.integers(0, len(kinds), n))),
            "content": pool.take(pa.array(rng.integers(0, len(pool), n))),
        })
        pq.write_table(table, tmp / f"part-{number:04d}.parquet")
        del table, stamps
    tmp.rename(folder)
    return folder


def _tree_cpu() -> float:
    """CPU seconds (user + sys) of this process and its live descendants (the JVM, Python
    workers), read from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    tree, total = {os.getpid()}, 0.0
    grown = True
    while grown:
        grown = False
        for pid, (parent, _) in stats.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    for pid in tree:
        total += stats.get(pid, (0, 0.0))[1]
    return total


def _timed(fn: Any) -> tuple[Any, float]:
    start = time.perf_counter()
    cpu = _tree_cpu()
    out = fn()
    _timed.cpu = _tree_cpu() - cpu  # type: ignore[attr-defined]
    return out, time.perf_counter() - start


def run_one(engine: str, kind: str, path: str, cores: int, url: str | None) -> dict[str, Any]:
    """One engine in this process: the small input, then the big one (seconds each)."""
    from ai_work_audit.hiring import HiringOptions, audit_hiring_file
    from ai_work_audit.monitoring import MonitoringOptions, audit_monitoring

    extra: dict[str, Any] = {}
    if engine == "spark":
        extra = {"engine": "spark", "spark_master": f"local[{cores}]",
                 "spark_conf": (f"spark.sql.shuffle.partitions={max(2, 2 * cores)}",)}
    small = _small_name(Path(path))
    out: dict[str, Any] = {"engine": engine, "kind": kind, "cores": cores}
    for label, source in (("cold", small), ("small", small), ("big", path)):
        if kind == "hiring":
            if engine == "sql":
                table = Path(source).stem.replace(".", "_")
                options = HiringOptions(group=GROUPS, outcome="selected", engine="sql",
                                        source=url, table=table)
                doc, seconds = _timed(lambda o=options: audit_hiring_file(None, o).to_dict())
            else:
                options = HiringOptions(group=GROUPS, outcome="selected", **extra)
                doc, seconds = _timed(lambda o=options, s=source: audit_hiring_file(s, o)
                                      .to_dict())
        else:
            options = MonitoringOptions(timezone="UTC", **extra)
            doc, seconds = _timed(lambda o=options, s=source: audit_monitoring(
                s, o, jobs=cores).to_dict())
        out[label] = {"seconds": round(seconds, 2), "rows": _rows(source),
                      "cpu_s": round(_timed.cpu, 1),  # type: ignore[attr-defined]
                      "load_average": [round(x, 2) for x in os.getloadavg()]}
        if label != "cold":
            out[f"{label}_document"] = comparable(doc)
    return out


def _subprocess(engine: str, kind: str, path: Path, cores: int, url: str | None
                ) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(HERE.parent / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, __file__, "--one", engine, "--kind", kind, "--path", str(path),
           "--cores", str(cores)] + (["--url", url] if url else [])
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{engine}/{kind}/{cores} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _small_name(path: Path) -> str:
    return str(path.with_name(path.name.removesuffix(".parquet") + ".small.parquet"))


def _rows(source: str) -> int:
    files = sorted(Path(source).glob("*.parquet")) if Path(source).is_dir() else [Path(source)]
    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def _small_copy(path: Path, rows: int) -> None:
    small = Path(_small_name(path))
    if not small.exists():
        first = min(path.glob("*.parquet")) if path.is_dir() else path
        pq.write_table(pq.ParquetFile(first).read_row_group(0).slice(0, rows), small)


def _load_postgres(url: str, path: Path) -> None:
    """The decisions as a table (loaded with COPY; not timed)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        for source in (path, Path(_small_name(path))):
            table = source.stem.replace(".", "_")
            frame = pq.read_table(source).to_pandas()
            for column in GROUPS:
                frame[column] = frame[column].astype(str)
            with engine.begin() as conn:
                conn.exec_driver_sql(f'DROP TABLE IF EXISTS "{table}"')
                conn.exec_driver_sql(f'CREATE TABLE "{table}" (sex text, race_ethnicity text, '
                                     'age_band text, selected smallint)')
                raw = conn.connection.driver_connection
                with raw.cursor() as cursor, cursor.copy(
                        f'COPY "{table}" FROM STDIN') as copy:
                    for row in frame.itertuples(index=False):
                        copy.write_row(row)
                conn.exec_driver_sql(f'ANALYZE "{table}"')
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--url", default=os.environ.get("ENGINES_BENCH_PG"),
                        help="PostgreSQL URL for the sql engine (a role that may CREATE)")
    parser.add_argument("--kinds", default="hiring,monitoring",
                        help="which audits to run (comma-separated)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--kind", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--cores", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.kind, args.path, args.cores, args.url)))
        return
    kinds = args.kinds.split(",")
    runs: list[dict[str, Any]] = []
    plan: list[tuple[str, str, Path, int]] = []
    if "hiring" in kinds:
        decisions = write_decisions(WORK / f"decisions_{args.rows}.parquet", args.rows)
        _small_copy(decisions, SMALL)
        plan += [("local", "hiring", decisions, 2), ("spark", "hiring", decisions, 1),
                 ("spark", "hiring", decisions, 2)]
        if args.url:
            _load_postgres(args.url, decisions)
            plan.append(("sql", "hiring", decisions, 1))
    if "monitoring" in kinds:
        log = write_log(WORK / f"events_{args.events}", args.events)
        _small_copy(log, SMALL)
        plan += [("local", "monitoring", log, 2), ("spark", "monitoring", log, 1),
                 ("spark", "monitoring", log, 2)]
    for engine, kind, path, cores in plan:
        result = _subprocess(engine, kind, path, cores, args.url)
        runs.append(result)
        print(f"{kind:10} {engine:5} cores={cores} cold={result['cold']['seconds']}s "
              f"small={result['small']['seconds']}s "
              f"big={result['big']['seconds']}s load={result['big']['load_average']}",
              flush=True)
    for kind in kinds:
        base = next(r["big_document"] for r in runs if r["kind"] == kind
                    and r["engine"] == "local")
        for r in runs:
            if r["kind"] == kind:
                r["equal_to_local"] = r["big_document"] == base
    for r in runs:
        r.pop("small_document", None)
        r.pop("big_document", None)
        rows = r["big"]["rows"] - r["small"]["rows"]
        seconds = r["big"]["seconds"] - r["small"]["seconds"]
        if seconds <= 0:  # the fixed cost hides the per-row cost: a lower bound only
            rows, seconds = r["big"]["rows"], r["big"]["seconds"]
            r["throughput_is_lower_bound"] = True
        r["cold_start_s"] = r["cold"]["seconds"]  # session start, models loaded
        r["overhead_s"] = r["small"]["seconds"]  # warm: a 10,000-row audit
        r["rows_per_s"] = round(rows / seconds)
        r["rows_per_s_per_core"] = round(rows / seconds / r["cores"])
    load = os.getloadavg()
    args.results.write_text(json.dumps({"runs": runs, "load_average": load}, indent=2) + "\n")
    print(json.dumps(runs, indent=2))
    print("load average", load)


if __name__ == "__main__":
    main()
