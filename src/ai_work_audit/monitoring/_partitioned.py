"""A monitoring log folded where it lies (``--engine spark``): each task folds a range of
consecutive input files (as many tasks as the cluster's default parallelism, at most one per
file).

Each executor task reads its files in order with the local reader (``sources.read_planned_file``),
scans every chunk with ``scan_batch`` (tier 1 and tier 2, its own analyzer and text cache)
and folds it into a ``LogFold``; it returns the fold's state (counts, worker ids, text
hashes, redacted samples: ``LogFold.to_bytes``) and keeps on the cluster only the (event type,
worker, time) of each event. The driver merges the states in file order (``LogFold.merge``,
exact), then one regrouped pass by worker computes the median intervals and the events past
retention (``pair_gaps``, the local code) — so the driver never sees an event's content, and
everything after the merged fold is the local audit's code. Sources: Apache Spark
``DataFrame.mapInArrow``; design.md "Data flow" (sufficient statistics, then shared code).
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ai_work_audit.errors import InputError
from ai_work_audit.monitoring._accumulator import (
    _WORKER_BITS,
    PairIntervals,
    pair_gaps,
    spill_records,
)
from ai_work_audit.monitoring._scan import TextCache, scan_batch
from ai_work_audit.monitoring._stream import BATCH_ROWS, CACHE_TEXTS, LogFold
from ai_work_audit.monitoring._working_time import WorkingTime
from ai_work_audit.privacy import Roster
from ai_work_audit.sources import (
    EventProblems,
    LogInput,
    LogPlan,
    SourceFile,
    plan_log,
    read_planned_file,
)

#: The rows each task keeps on the cluster: one per event, no content.
RECORDS = pa.schema([("event_type", pa.string()), ("worker_id", pa.string()),
                     ("utc", pa.int64())])
#: What the regrouped pass returns: a median per (type, worker), past counts per
#: (type, worker) (median null) and per type (worker null).
INTERVALS = pa.schema([("event_type", pa.string()), ("worker_id", pa.string()),
                       ("median", pa.float64()), ("past", pa.int64())])


@dataclass(frozen=True)
class FileTask:
    """Everything an executor needs to fold one file (plain picklable data)."""

    plan: LogPlan
    timezone: str | None
    working_time: WorkingTime
    batch_rows: int
    no_header: bool
    language: str
    roster: Roster | None
    text_columns: tuple[str, ...]
    sample_types: tuple[str, ...]

    #: The files of each task: consecutive ranges of the plan's files.
    ranges: tuple[tuple[int, int], ...] = ()

    def __call__(self, unit: int) -> Iterator[pa.Table | bytes]:
        """Fold the files of task ``unit`` (in order, one text cache): record tables as the
        chunks go, then the state (bytes)."""
        low, high = self.ranges[unit]
        fold = LogFold(timezone=self.timezone, working_time=self.working_time,
                       sample_types=self.sample_types)
        fold.surveillance.origin = (low,)
        problems = EventProblems()
        cache = TextCache(CACHE_TEXTS)
        files: list[SourceFile] = []
        warnings: list[str] = []
        unknown: dict[str, int] = {}
        normalised = 0
        error: tuple[list[str], str | None] | None = None
        try:
            for number in range(low, high):
                file: SourceFile | None = None
                for chunk in read_planned_file(self.plan, number, self.timezone,
                                               self.batch_rows, problems, self.no_header):
                    if chunk.file is not None:
                        rows = chunk.file.rows + (file.rows if file else 0)
                        file = SourceFile(chunk.file.name, chunk.file.sha256, rows,
                                          chunk.file.pattern)
                    warnings.extend(chunk.warnings)
                    normalised += chunk.normalised
                    for name, count in chunk.unknown.items():
                        unknown[name] = unknown.get(name, 0) + count
                    events = chunk.events
                    del chunk
                    if problems.plain or problems.keyed or events is None or not len(events):
                        continue
                    scan = scan_batch(events, language=self.language, roster=self.roster,
                                      cache=cache, sample_types=self.sample_types,
                                      text_columns=self.text_columns)
                    fold.add(events, scan)
                    del events, scan
                    yield _records(fold)
                if file is not None:
                    files.append(file)
        except InputError as exc:  # a file that cannot be read: the driver raises it
            error = (exc.problems, exc.source)
        yield pickle.dumps({"fold": fold.to_bytes(), "files": files, "warnings": warnings,
                            "unknown": unknown, "normalised": normalised,
                            "problems": (problems.plain, problems.keyed), "error": error})


def task_ranges(files: int, tasks: int) -> tuple[tuple[int, int], ...]:
    """``files`` split into at most ``tasks`` consecutive ranges of near-equal length: each
    task analyses a distinct text once (its own cache), so fewer, longer tasks repeat less."""
    count = max(1, min(files, tasks))
    bounds = [files * i // count for i in range(count + 1)]
    return tuple((bounds[i], bounds[i + 1]) for i in range(count))


def _records(fold: LogFold) -> pa.Table:
    """The (type, worker, time) records the fold's accumulator kept, taken out of it."""
    acc = fold.surveillance
    parts = [part for part in acc._partitions() if len(part)]
    acc.close()
    data = np.concatenate(parts) if parts else spill_records(np.zeros(0, np.uint32),
                                                             np.zeros(0, np.int64))
    pair = data["pair"].astype(np.int64)
    types = pa.array(list(acc._types), pa.string())
    workers = pa.array(list(acc._workers), pa.string())
    return pa.table({
        "event_type": types.take(pa.array(pair >> _WORKER_BITS)),
        "worker_id": workers.take(pa.array(pair & ((1 << _WORKER_BITS) - 1))),
        "utc": pa.array(data["utc"], pa.int64()),
    })


@dataclass(frozen=True)
class IntervalTask:
    """The regrouped pass: every event of some workers → ``pair_gaps`` (local code)."""

    cutoffs: dict[str, int]

    def __call__(self, table: pa.Table) -> pa.Table:
        type_codes, type_names = pd.factorize(table.column("event_type").to_pandas())
        worker_codes, worker_ids = pd.factorize(table.column("worker_id").to_pandas())
        records = spill_records(
            ((type_codes.astype(np.int64) << _WORKER_BITS) | worker_codes).astype(np.uint32),
            table.column("utc").to_numpy())
        low = np.iinfo(np.int64).min
        cutoffs = np.array([self.cutoffs.get(str(t), low) for t in type_names], dtype=np.int64)
        median, past, pair_past = pair_gaps(records, cutoffs)
        pair = median.index.to_numpy().astype(np.int64)
        past_pair = pair_past.index.to_numpy().astype(np.int64)
        kinds = [str(type_names[i]) for i in range(len(type_names))]
        low = (1 << _WORKER_BITS) - 1
        return pa.table({
            "event_type": [kinds[i] for i in (pair >> _WORKER_BITS)]
            + [kinds[i] for i in (past_pair >> _WORKER_BITS)] + kinds,
            "worker_id": [str(worker_ids[i]) for i in (pair & low)]
            + [str(worker_ids[i]) for i in (past_pair & low)] + [None] * len(kinds),
            "median": [float(v) for v in median.to_numpy()]
            + [None] * (len(past_pair) + len(kinds)),
            "past": [None] * len(pair) + [int(v) for v in pair_past.to_numpy()]
            + [int(v) for v in past],
        }, schema=INTERVALS)


def fold_log_on_spark(path: Path, *, mapping: str | None, timezone: str | None,
                      working_time: WorkingTime, no_header: bool, language: str,
                      roster: Roster | None, text_columns: Sequence[str],
                      sample_types: Sequence[str], retention: Mapping[str, str] | None,
                      as_of: datetime | str | None, master: str, conf: Sequence[str],
                      batch_rows: int = BATCH_ROWS) -> tuple[LogFold, LogInput]:
    """The log's merged fold (its accumulator's intervals computed on the cluster) and what
    reading it reported (files, warnings), as ``LogInput`` gives them locally."""
    from ai_work_audit.engines import PartialRun, require_spark, session

    require_spark()
    plan = plan_log(path, mapping, timezone, no_header)
    spark = session(master, conf)
    ranges = task_ranges(len(plan.files), int(spark.sparkContext.defaultParallelism))
    task = FileTask(plan, timezone, working_time, batch_rows, no_header, language, roster,
                    tuple(text_columns), tuple(sample_types), ranges)
    source = LogInput(path, mapping, timezone, batch_rows, no_header)
    with PartialRun(spark, len(ranges), task, RECORDS) as run:
        parts: list[dict[str, Any]] = [pickle.loads(state) for state in run.states()]
        problems = EventProblems()
        fold: LogFold | None = None
        for number, part in enumerate(parts):
            if part["error"] is not None:
                messages, where = part["error"]
                raise InputError(messages, source=where)
            if number == 0:
                source.warnings.extend(plan.warnings)
            for file in part["files"]:
                source.files[file.name] = file
            source.warnings.extend(part["warnings"])
            source.normalised += part["normalised"]
            for name, count in part["unknown"].items():
                source.unknown[name] = source.unknown.get(name, 0) + count
            plain, keyed = part["problems"]
            problems.plain.extend(plain)
            for key, (count, labels, extra) in keyed.items():
                problems.add(key, labels, count, extra)
            piece = LogFold.from_bytes(part["fold"])
            fold = piece if fold is None else fold.merge(piece)
        problems.raise_if_any()
        assert fold is not None  # a plan has at least one file
        cutoffs = fold.surveillance.retention_cutoffs(retention, as_of) if fold.events else {}
        found = (run.regroup("worker_id", IntervalTask(cutoffs), INTERVALS)
                 if fold.events else INTERVALS.empty_table())
    medians: dict[tuple[str, str], float] = {}
    past: dict[str, int] = {}
    past_pairs: dict[tuple[str, str], int] = {}
    for row in found.to_pylist():
        if row["worker_id"] is None:
            past[row["event_type"]] = past.get(row["event_type"], 0) + int(row["past"])
        elif row["median"] is not None:
            medians[(row["event_type"], row["worker_id"])] = float(row["median"])
        else:  # a worker's events lie in one group: one row per (type, worker)
            past_pairs[(row["event_type"], row["worker_id"])] = int(row["past"])
    fold.surveillance.intervals = PairIntervals(medians, past, past_pairs)
    return fold, source
