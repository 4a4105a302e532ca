"""Hiring audit against fairlearn's MetricFrame, side by side in one process (not a test).

For each size: the same four selection-rate tables (sex, race/ethnicity, age band and their
intersection) computed by our audit and by MetricFrame; the numbers are asserted equal, then the
time ratio and each side's peak memory (VmHWM, reset between phases) are reported. Finally the
CLI end to end on the largest Parquet file (``--format json --no-ledger``).

    .venv/bin/python benchmarks/hiring_bench.py [--sizes 1000000 5000000 10000000]
"""

from __future__ import annotations

import argparse
import contextlib
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _data import write_decisions
from ai_work_audit.hiring import HiringOptions, audit_hiring_table
from ai_work_audit.sources import LoadedTable

GROUPS = ("sex", "race_ethnicity", "age_band")
TABLES: list[list[str]] = [["sex"], ["race_ethnicity"], ["age_band"], list(GROUPS)]
DATA = Path(__file__).resolve().parent / "data"


def _reset_peak() -> None:
    with contextlib.suppress(OSError):  # reset VmHWM (Linux)
        Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    _reset_peak()
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start, _peak_mb()


def ours(path: Path) -> dict[tuple[str, ...], dict[str, float]]:
    table = pq.read_table(path)
    loaded = LoadedTable(table=table, name=path.name, sha256="-")
    audit = audit_hiring_table(loaded, HiringOptions(group=GROUPS, outcome="selected"))
    return {tuple(t.attributes): {" × ".join(r.group.values()): r.rate for r in t.rows
                                  if r.rate is not None}
            for t in audit.tables}


def fairlearn_tables(path: Path) -> dict[tuple[str, ...], dict[str, float]]:
    from fairlearn.metrics import MetricFrame, selection_rate

    frame = pq.read_table(path).to_pandas()
    out: dict[tuple[str, ...], dict[str, float]] = {}
    for attrs in TABLES:
        mf = MetricFrame(metrics=selection_rate, y_true=frame["selected"],
                         y_pred=frame["selected"], sensitive_features=frame[attrs])
        by_group = mf.by_group
        out[tuple(attrs)] = {
            (" × ".join(str(k) for k in key) if isinstance(key, tuple) else str(key)): float(v)
            for key, v in by_group.items()
        }
    return out


def cli_end_to_end(path: Path) -> tuple[float, float]:
    """Wall time and peak RSS of the CLI in a fresh process (GNU time reports the peak of the
    exec'd command alone; a forked child's own ru_maxrss would count this process's pages)."""
    command = [sys.executable, "-m", "ai_work_audit.cli", "hiring", str(path),
               *[a for g in GROUPS for a in ("--group", g)], "--outcome", "selected",
               "--format", "json", "--no-ledger", "--output", "/dev/null"]
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], check=True,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    return elapsed, int(done.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+",
                        default=[1_000_000, 5_000_000, 10_000_000])
    parser.add_argument("--skip-fairlearn-above", type=int, default=10_000_000)
    args = parser.parse_args()
    print(f"# hiring benchmark — {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}")
    print("| rows | ours (s) | ours peak (MB) | MetricFrame (s) | MetricFrame peak (MB) "
          "| speed-up |")
    print("|---:|---:|---:|---:|---:|---:|")
    largest = None
    for rows in args.sizes:
        path = write_decisions(DATA / f"decisions_{rows}.parquet", rows)
        largest = path
        ours(path)  # warm imports and the file cache once
        mine, t_ours, m_ours = _measure(lambda p=path: ours(p))
        if rows > args.skip_fairlearn_above:
            print(f"| {rows:,} | {t_ours:.2f} | {m_ours:.0f} | skipped | | |")
            continue
        theirs, t_fl, m_fl = _measure(lambda p=path: fairlearn_tables(p))
        for key, rates in theirs.items():
            assert set(rates) == set(mine[key]), key
            for group, value in rates.items():
                assert abs(mine[key][group] - value) < 1e-12, (key, group)
        print(f"| {rows:,} | {t_ours:.2f} | {m_ours:.0f} | {t_fl:.1f} | {m_fl:.0f} "
              f"| {t_fl / t_ours:.0f}× |", flush=True)
    if largest is not None:
        cli_end_to_end(largest)  # warm the file cache
        elapsed, peak = min(cli_end_to_end(largest) for _ in range(3))
        print(f"\nCLI end to end on {largest.name} (--format json --no-ledger): "
              f"{elapsed:.2f} s, peak {peak:.0f} MB")


if __name__ == "__main__":
    main()
