"""Surveillance-intensity metrics over canonical monitoring events (commitment 5).

A pure computation: events (and an optional HR roster) in, counts, shares and distributions out —
never a worker id or a cell value. Sources of the thresholds: rulebook.md WP-03 (working time,
leave), WP-07…WP-10 (keystrokes, screenshots, webcam/audio, idle metrics at minute or second
granularity: CNIL 2023 sanction), WP-11 (retention: individual indicators 31 days, geolocation
2 months, video 1 month — CNIL), WP-13 (full URLs), AI Act art. 5(1)(f) (emotion).
All arithmetic is vectorised (numpy/pandas): a million events take a second or two.
``SurveillanceAccumulator`` folds chunks of events in bounded memory; ``measure_surveillance``
is the same computation over one frame; accumulators of parts of a log merge exactly, in any
order (``merge``, ``to_bytes``/``from_bytes``: what an engine's executors send the driver).
Working time, retention, the folded summary and the intensity metrics live in
``_working_time``, ``_retention``, ``_summary`` and ``_intensity``.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ai_work_audit.errors import InputError
from ai_work_audit.findings import MetricValue
from ai_work_audit.monitoring._exposure import PairCounts, exposure_facts, pair_counts
from ai_work_audit.monitoring._intensity import (
    IDLE_INTERVAL_S,
    SMALL_GROUP,
    RosterFacts,
    by_event_type,
    idle_metric_events,
    worker_modalities,
)
from ai_work_audit.monitoring._modality import judge_modalities
from ai_work_audit.monitoring._retention import (
    as_of_timestamp,
    parse_limits,
)
from ai_work_audit.monitoring._summary import EventSummary, per_type
from ai_work_audit.monitoring._working_time import (
    RECORDED_OFFSETS,
    US_PER_S,
    WorkingTime,
    in_working_time,
)
from ai_work_audit.sources import (
    LOCAL_OFFSET,
    EventBatch,
    Modalities,
    check_timezone,
    shipped_modalities,
)

_COUNTED_TYPES = {
    "surveillance.screenshot_events": "screenshot",
    "surveillance.screen_recording_events": "screen_recording",
    "surveillance.webcam_events": "webcam",
    "surveillance.audio_events": "audio",
    "privacy.emotion_inference_events": "emotion",
}
# A URL with a path or a query beyond the host ("host/", "host" alone are not full URLs);
# matched after the scheme is removed.
_SCHEME = r"^\s*[A-Za-z][A-Za-z0-9+.\-]*://"
_FULL_URL = r"^[^/?#\s]+(?:/[^?#\s]*[^/?#\s]|/?[?#]\S)"
#: Events whose (type, worker, time) are kept in memory before they are spilled to temporary
#: files (12 bytes each), and the number of partition files (by worker).
SPILL_ROWS = 1_000_000
SPILL_BUCKETS = 64
_TYPE_BITS = 8
_WORKER_BITS = 24
_DAY_BITS = 24
_DAY_OFFSET = 1 << (_DAY_BITS - 1)
_WORKER_MASK = (1 << _WORKER_BITS) - 1
_SPILL_DTYPE = np.dtype([("pair", "<u4"), ("utc", "<i8")])

@dataclass(frozen=True)
class PairIntervals:
    """What the kept (type, worker, time) of every event yield, computed where the events are
    (an engine's executors, grouped by worker): per (event type, worker id) the median seconds
    between consecutive events, and per event type the events past its retention limit."""

    medians: dict[tuple[str, str], float]
    past: dict[str, int]
    #: Per (event type, worker id), the events past the type's retention limit (none: left out).
    past_pairs: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class SurveillanceReport:
    """contracts.md ``surveillance`` (and extensions), plus the policy facts it yields."""

    by_event_type: dict[str, dict[str, Any]]
    off_hours_share: float | None
    off_hours_events: int
    on_leave_events: int | None
    on_leave_share: float | None
    modalities_per_worker: dict[str, float | int | None]
    content_vs_metadata: dict[str, dict[str, int]]
    intensity_by_group: dict[str, dict[str, Any]]
    retention: dict[str, Any]
    parameters: dict[str, Any]
    facts: dict[str, MetricValue] = field(default_factory=dict)
    #: Kinds of monitoring (rulebook "Passive capture and worker-initiated activity").
    modalities: dict[str, Any] = field(default_factory=dict)
    passive_capture: dict[str, Any] = field(default_factory=dict)
    right_to_disconnect: dict[str, Any] = field(default_factory=dict)
    #: Counts per (event type, worker code) pair, for exposure in workers (not in the
    #: document; worker codes, never ids).
    pairs: PairCounts | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The ``surveillance`` object of the monitoring-audit document (JSON-ready)."""
        return {
            "by_event_type": self.by_event_type,
            "off_hours_share": self.off_hours_share,
            "off_hours_events": self.off_hours_events,
            "on_leave_events": self.on_leave_events,
            "on_leave_share": self.on_leave_share,
            "modalities_per_worker": self.modalities_per_worker,
            "content_vs_metadata": self.content_vs_metadata,
            "intensity_by_group": self.intensity_by_group,
            "retention": self.retention,
            "parameters": self.parameters,
            "modalities": self.modalities,
            "passive_capture": self.passive_capture,
            "right_to_disconnect": self.right_to_disconnect,
        }


def measure_surveillance(
    events: EventBatch | pd.DataFrame,
    *,
    roster: pd.DataFrame | None = None,
    timezone: str | None = None,
    working_time: WorkingTime | None = None,
    as_of: datetime | str | None = None,
    retention: Mapping[str, str] | None = None,
    roster_id_column: str | None = None,
    group_columns: Sequence[str] | None = None,
    idle_interval_s: float = IDLE_INTERVAL_S,
    small_group: int = SMALL_GROUP,
    roster_name: str = "roster",
    modalities: Modalities | None = None,
) -> SurveillanceReport:
    """Surveillance metrics of canonical ``events`` evaluated in ``timezone`` (default: the
    batch's; without one, at each event's recorded UTC offset, else in UTC). ``as_of``
    (default: the last event) dates the retention check; ``retention`` overrides
    ``DEFAULT_RETENTION`` per event type ("31 days", "2 months").

    The same computation as ``SurveillanceAccumulator`` fed with one chunk."""
    frame = events.events if isinstance(events, EventBatch) else events
    zone = timezone or (events.timezone if isinstance(events, EventBatch) else None)
    accumulator = SurveillanceAccumulator(timezone=zone, working_time=working_time)
    parse_limits(retention)
    with accumulator:
        accumulator.add(frame)
        return accumulator.report(
            roster=roster, as_of=as_of, retention=retention, roster_id_column=roster_id_column,
            group_columns=group_columns, idle_interval_s=idle_interval_s,
            small_group=small_group, roster_name=roster_name, modalities=modalities)


class SurveillanceAccumulator:
    """Surveillance metrics folded chunk by chunk (``add``), then computed once (``report``).

    Memory is bounded by the numbers of workers, event types and local days, not by the number
    of events: per chunk, counts per (event type, worker, local day) and per event type are
    folded; only the (event type, worker, UTC time) of each event is kept — 12 bytes, spilled to
    temporary files partitioned by worker beyond ``spill_rows`` events — for the median
    intervals and the retention check, which ``report`` reads back one partition at a time.
    The result is exactly ``measure_surveillance`` over the concatenated chunks.
    Use it as a context manager (or call ``close``) to remove the temporary files.
    """

    def __init__(self, *, timezone: str | None = "UTC", working_time: WorkingTime | None = None,
                 spill_rows: int | None = None, buckets: int = SPILL_BUCKETS) -> None:
        if timezone is not None:
            check_timezone(timezone)
        self.zone = timezone
        #: Whether local times came from the events' own UTC offsets (``timezone=None``).
        self.recorded_offsets = False
        self.work = working_time or WorkingTime()
        self.n = 0
        self._workers: dict[str, int] = {}
        self._types: dict[str, int] = {}
        self._triple_keys = np.zeros(0, dtype=np.int64)
        self._triple_counts = np.zeros(0, dtype=np.int64)
        self._off = np.zeros(0, dtype=np.int64)
        #: Off-hours events per (type, worker) pair key (``type << _WORKER_BITS | worker``).
        self._off_pair_keys = np.zeros(0, dtype=np.int64)
        self._off_pair_counts = np.zeros(0, dtype=np.int64)
        self._content = np.zeros(0, dtype=np.int64)
        #: Events with content per (type, worker) pair key (exposure in workers: keyloggers).
        self._content_pair_keys = np.zeros(0, dtype=np.int64)
        self._content_pair_counts = np.zeros(0, dtype=np.int64)
        #: Full URLs per worker: key ``source << _WORKER_BITS | worker`` (source 0: the url
        #: column, 1: content), as ``_full_url_column`` and ``_full_url_content``.
        self._full_url_worker_keys = np.zeros(0, dtype=np.int64)
        self._full_url_worker_counts = np.zeros(0, dtype=np.int64)
        self._full_url_column = 0
        self._full_url_content = 0
        self._url_column = False
        self._content_column = False
        self._max_utc: int | None = None
        self._buffer: list[np.ndarray] = []
        self._buffered = 0
        self._spill_rows = max(int(SPILL_ROWS if spill_rows is None else spill_rows), 1)
        self._buckets = max(int(buckets), 1)
        self._spill: tempfile.TemporaryDirectory[str] | None = None
        #: Where these events come in the whole log (e.g. an input file's rank): ``merge``
        #: codes workers and types as one pass over the log in ``origin`` order would.
        self.origin: tuple[int, ...] = ()
        #: False once rebuilt from ``to_bytes(records=False)``: ``report`` then needs
        #: ``intervals`` (computed by an engine over the kept records).
        self.has_records = True
        self.intervals: PairIntervals | None = None
        self._positions: dict[str, list[tuple[int, ...]]] = {}

    def __enter__(self) -> SurveillanceAccumulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary files, if any."""
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None
        self._buffer, self._buffered = [], 0

    @property
    def worker_ids(self) -> list[str]:
        """The worker ids seen so far, in the order of their codes (first appearance)."""
        return list(self._workers)

    def add(self, frame: pd.DataFrame) -> np.ndarray:
        """Fold a chunk of canonical events; returns its worker codes (int32, see
        ``worker_ids``)."""
        missing = [c for c in ("timestamp", "worker_id", "event_type") if c not in frame.columns]
        if missing:
            raise InputError(f"the events must have the canonical columns; "
                             f"{', '.join(missing)} missing.")
        stamps = frame["timestamp"]
        if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
            raise InputError("the events' timestamp column must be time-zone aware (UTC); "
                             "load them with load_events.")
        n = len(frame)
        if not n:
            return np.zeros(0, dtype=np.int32)
        empty = int(stamps.isna().sum())
        if empty:
            raise InputError(f"the events' timestamps must not be empty; got {empty} empty "
                             "values.")
        utc_us = stamps.astype("datetime64[us, UTC]").to_numpy(
            dtype="datetime64[us]").astype(np.int64)
        wall_us = self._local_us(frame, utc_us)
        day = np.floor_divide(wall_us, 86_400 * US_PER_S)
        in_hours = in_working_time((wall_us - day * 86_400 * US_PER_S) / US_PER_S, (day + 3) % 7,
                                    self.work)
        if day.min() + _DAY_OFFSET < 0 or day.max() + _DAY_OFFSET >= 1 << _DAY_BITS:
            raise InputError("the events' timestamps must lie between the years 25000 BC and "
                             "AD 25000.")
        workers = _codes(frame["worker_id"], self._workers, "worker_id", 1 << _WORKER_BITS)
        types = _codes(frame["event_type"], self._types, "event_type", 1 << _TYPE_BITS)
        n_types = len(self._types)
        self._off = _grown(self._off, n_types) + np.bincount(types[~in_hours],
                                                             minlength=n_types)
        off_keys, off_counts = np.unique(
            (types[~in_hours].astype(np.int64) << _WORKER_BITS) | workers[~in_hours],
            return_counts=True)
        self._off_pair_keys, self._off_pair_counts = _merged(
            self._off_pair_keys, self._off_pair_counts, off_keys, off_counts)
        if "content" in frame.columns:
            self._content_column = True
            content = _has_text(frame["content"])
            self._content = _grown(self._content, n_types) + np.bincount(types[content],
                                                                         minlength=n_types)
            content_keys, content_counts = np.unique(
                (types[content].astype(np.int64) << _WORKER_BITS) | workers[content],
                return_counts=True)
            self._content_pair_keys, self._content_pair_counts = _merged(
                self._content_pair_keys, self._content_pair_counts, content_keys,
                content_counts)
        else:
            self._content = _grown(self._content, n_types)
        self._fold_urls(frame, types, workers)
        key = ((types.astype(np.int64) << (_WORKER_BITS + _DAY_BITS))
               | (workers.astype(np.int64) << _DAY_BITS) | (day + _DAY_OFFSET))
        keys, counts = np.unique(key, return_counts=True)
        merged, inverse = np.unique(np.concatenate([self._triple_keys, keys]),
                                    return_inverse=True)
        totals = np.zeros(len(merged), dtype=np.int64)
        np.add.at(totals, inverse, np.concatenate([self._triple_counts, counts]))
        self._triple_keys, self._triple_counts = merged, totals
        top = int(utc_us.max())
        self._max_utc = top if self._max_utc is None else max(self._max_utc, top)
        self.n += n
        record = np.empty(n, dtype=_SPILL_DTYPE)
        record["pair"] = (types.astype(np.uint32) << _WORKER_BITS) | workers.astype(np.uint32)
        record["utc"] = utc_us
        self._buffer.append(record)
        self._buffered += n
        if self._buffered >= self._spill_rows:
            self._flush()
        return workers

    # merging and serialisation (engines: one accumulator per partition, merged by the driver)

    def merge(self, other: SurveillanceAccumulator) -> SurveillanceAccumulator:
        """Fold ``other``'s events into this accumulator (in place; returns it): the result is
        the accumulator of both sets of events added in ``origin`` order, field for field —
        workers and event types are coded in that order whichever way round the merge is
        called, so any order of merges gives the same state. Both must use the same time zone
        and working time; the kept (type, worker, time) records are merged when both have
        them (held in memory during the merge)."""
        if (other.zone, other.work) != (self.zone, self.work):
            raise ValueError("accumulators of different time zones or working times cannot "
                             "be merged")
        first, second = (self, other) if self.origin <= other.origin else (other, self)
        workers, worker_positions = _united(first, second, "_workers")
        types, type_positions = _united(first, second, "_types")
        if len(workers) > 1 << _WORKER_BITS or len(types) > 1 << _TYPE_BITS:
            raise InputError(f"the events must have at most {1 << _WORKER_BITS} distinct "
                             f"worker_id values and {1 << _TYPE_BITS} event types; got "
                             f"{len(workers)} and {len(types)}.")
        maps = [(np.array([workers[w] for w in acc._workers], dtype=np.int64),
                 np.array([types[t] for t in acc._types], dtype=np.int64))
                for acc in (first, second)]
        n_types = len(types)

        def per_type(name: str) -> np.ndarray:
            total = np.zeros(n_types, dtype=np.int64)
            for acc, (_, tmap) in zip((first, second), maps, strict=True):
                np.add.at(total, tmap[: len(getattr(acc, name))], getattr(acc, name))
            return total

        def keyed(keys_name: str, counts_name: str, day: bool) -> tuple[np.ndarray, np.ndarray]:
            low = _WORKER_BITS + _DAY_BITS if day else _WORKER_BITS
            all_keys, all_counts = [], []
            for acc, (wmap, tmap) in zip((first, second), maps, strict=True):
                keys = getattr(acc, keys_name)
                t, rest = keys >> low, keys & ((1 << low) - 1)
                w = (rest >> _DAY_BITS) if day else rest
                days = rest & ((1 << _DAY_BITS) - 1) if day else 0
                shifted = ((tmap[t] << low) | ((wmap[w] << _DAY_BITS) | days) if day
                           else (tmap[t] << low) | wmap[w]) if len(keys) else keys
                all_keys.append(shifted.astype(np.int64))
                all_counts.append(getattr(acc, counts_name))
            return _merged(np.zeros(0, np.int64), np.zeros(0, np.int64),
                           np.concatenate(all_keys), np.concatenate(all_counts))

        def by_source(keys_name: str, counts_name: str) -> tuple[np.ndarray, np.ndarray]:
            """Keys ``source << _WORKER_BITS | worker``: only the worker codes move."""
            all_keys, all_counts = [], []
            for acc, (wmap, _) in zip((first, second), maps, strict=True):
                keys = getattr(acc, keys_name)
                moved = ((keys >> _WORKER_BITS) << _WORKER_BITS) | wmap[keys & _WORKER_MASK] \
                    if len(keys) else keys
                all_keys.append(moved.astype(np.int64))
                all_counts.append(getattr(acc, counts_name))
            return _merged(np.zeros(0, np.int64), np.zeros(0, np.int64),
                           np.concatenate(all_keys), np.concatenate(all_counts))

        triple = keyed("_triple_keys", "_triple_counts", True)
        off_pairs = keyed("_off_pair_keys", "_off_pair_counts", False)
        content_pairs = keyed("_content_pair_keys", "_content_pair_counts", False)
        url_workers = by_source("_full_url_worker_keys", "_full_url_worker_counts")
        off, content = per_type("_off"), per_type("_content")
        records = None
        if first.has_records and second.has_records:
            records = []
            for acc, (wmap, tmap) in zip((first, second), maps, strict=True):
                for part in acc._partitions():
                    pair = part["pair"].astype(np.int64)
                    moved = part.copy()
                    moved["pair"] = ((tmap[pair >> _WORKER_BITS] << _WORKER_BITS)
                                     | wmap[pair & _WORKER_MASK]).astype(np.uint32) \
                        if len(part) else part["pair"]
                    records.append(moved)
        self.close()
        self._workers, self._types = workers, types
        self._positions = {"_workers": worker_positions, "_types": type_positions}
        self._triple_keys, self._triple_counts = triple
        self._off_pair_keys, self._off_pair_counts = off_pairs
        self._content_pair_keys, self._content_pair_counts = content_pairs
        self._full_url_worker_keys, self._full_url_worker_counts = url_workers
        self._off, self._content = off, content
        self.n = first.n + second.n
        self.recorded_offsets = first.recorded_offsets or second.recorded_offsets
        self._full_url_column = first._full_url_column + second._full_url_column
        self._full_url_content = first._full_url_content + second._full_url_content
        self._url_column = first._url_column or second._url_column
        self._content_column = first._content_column or second._content_column
        tops = [m for m in (first._max_utc, second._max_utc) if m is not None]
        self._max_utc = max(tops) if tops else None
        self.origin = first.origin
        self.has_records = records is not None
        if records is not None:
            for part in records:
                if len(part):
                    self._buffer.append(part)
                    self._buffered += len(part)
                    if self._buffered >= self._spill_rows:
                        self._flush()
        return self

    def to_bytes(self, *, records: bool = False) -> bytes:
        """The state as bytes (NumPy arrays and a JSON header; no pickle), for ``from_bytes``;
        with ``records``, the kept (type, worker, time) of every event too."""
        header = {
            "zone": self.zone, "start": self.work.start.isoformat(),
            "end": self.work.end.isoformat(), "days": sorted(self.work.days),
            "n": self.n, "workers": list(self._workers), "types": list(self._types),
            "full_url_column": self._full_url_column,
            "full_url_content": self._full_url_content, "url_column": self._url_column,
            "content_column": self._content_column, "max_utc": self._max_utc,
            "recorded_offsets": self.recorded_offsets, "origin": list(self.origin),
            "positions": {name: [list(p) for p in self.positions(name)]
                          for name in ("_workers", "_types")},
            "records": records and self.has_records,
        }
        arrays = {name: getattr(self, f"_{name}") for name in _STATE_ARRAYS}
        if header["records"]:
            kept = [part for part in self._partitions() if len(part)]
            data = np.concatenate(kept) if kept else np.zeros(0, dtype=_SPILL_DTYPE)
            arrays["pair"], arrays["utc"] = data["pair"], data["utc"]
        out = io.BytesIO()
        np.savez(out, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
                 **arrays)
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> SurveillanceAccumulator:
        """The accumulator ``to_bytes`` wrote."""
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            header = json.loads(stored["header"].tobytes().decode())
            work = WorkingTime(time.fromisoformat(header["start"]),
                               time.fromisoformat(header["end"]), frozenset(header["days"]))
            acc = cls(timezone=header["zone"], working_time=work)
            for name in _STATE_ARRAYS:
                setattr(acc, f"_{name}", stored[name].astype(np.int64))
            if header["records"]:
                record = np.empty(len(stored["pair"]), dtype=_SPILL_DTYPE)
                record["pair"], record["utc"] = stored["pair"], stored["utc"]
                if len(record):
                    acc._buffer, acc._buffered = [record], len(record)
        acc.has_records = bool(header["records"])
        acc.n = int(header["n"])
        acc._workers = {w: i for i, w in enumerate(header["workers"])}
        acc._types = {t: i for i, t in enumerate(header["types"])}
        acc._full_url_column = int(header["full_url_column"])
        acc._full_url_content = int(header["full_url_content"])
        acc._url_column = bool(header["url_column"])
        acc._content_column = bool(header["content_column"])
        acc._max_utc = header["max_utc"]
        acc.recorded_offsets = bool(header["recorded_offsets"])
        acc.origin = tuple(header["origin"])
        acc._positions = {name: [tuple(p) for p in found]
                          for name, found in header["positions"].items()}
        return acc

    def positions(self, name: str) -> list[tuple[int, ...]]:
        """Where each worker (``_workers``) or event type (``_types``) first appears in the
        log: ``(*origin, code)`` in an accumulator fed with ``add`` only, kept through
        merges (so that the merged codes follow the first appearances in the whole log)."""
        known = self._positions.get(name)
        codes = getattr(self, name)
        if known is None:
            return [(*self.origin, code) for code in range(len(codes))]
        return known + [(*self.origin, code) for code in range(len(known), len(codes))]

    def retention_cutoffs(self, retention: Mapping[str, str] | None,
                          as_of: datetime | str | None) -> dict[str, int]:
        """Per limited event type present, the UTC time (µs) before which its events are past
        the limit (for an engine computing ``PairIntervals``)."""
        cutoffs, limited = self._cutoffs(parse_limits(retention), as_of_timestamp(
            as_of, self._summary(), self.zone or "UTC"))
        return {kind: int(cutoffs[self._types[kind]]) for kind in limited}

    def _local_us(self, frame: pd.DataFrame, utc_us: np.ndarray) -> np.ndarray:
        """Local wall-clock times (µs): in the time zone, else at each event's recorded UTC
        offset (``LOCAL_OFFSET``), else UTC."""
        if self.zone is not None:
            wall = frame["timestamp"].dt.tz_convert(self.zone).dt.tz_localize(None)
            return np.asarray(wall.astype("datetime64[us]").to_numpy().astype(np.int64))
        if LOCAL_OFFSET not in frame.columns:
            return utc_us
        offsets = pd.to_numeric(frame[LOCAL_OFFSET], errors="coerce").fillna(0)
        minutes = offsets.to_numpy(dtype=np.int64)
        self.recorded_offsets = self.recorded_offsets or bool(minutes.any())
        return np.asarray(utc_us + minutes * 60 * US_PER_S)

    def _fold_urls(self, frame: pd.DataFrame, types: np.ndarray, workers: np.ndarray) -> None:
        """Full URLs of ``url`` events: from the ``url`` column when any chunk has one (as in
        one frame, where the column exists for every row), else from ``content``."""
        code = self._types.get("url")
        has_url = "url" in frame.columns
        self._url_column = self._url_column or has_url
        if code is None:
            return
        mask = types == code
        if not mask.any():
            return
        if has_url:
            full = _full_url_rows(frame.loc[mask, "url"])
            self._full_url_column += int(full.sum())
            self._fold_url_workers(0, workers[mask][full])
        if not self._url_column and "content" in frame.columns:
            full = _full_url_rows(frame.loc[mask, "content"])
            self._full_url_content += int(full.sum())
            self._fold_url_workers(1, workers[mask][full])

    def _fold_url_workers(self, source: int, workers: np.ndarray) -> None:
        keys, counts = np.unique((np.int64(source) << _WORKER_BITS) | workers.astype(np.int64),
                                 return_counts=True)
        self._full_url_worker_keys, self._full_url_worker_counts = _merged(
            self._full_url_worker_keys, self._full_url_worker_counts, keys, counts)

    def _full_url_workers(self) -> int:
        """Workers with full URLs, from the same source as ``EventSummary.full_urls``."""
        source = 0 if self._url_column else 1 if self._content_column else None
        if source is None:
            return 0
        keys = self._full_url_worker_keys
        return int(((keys >> _WORKER_BITS) == source).sum())

    def _flush(self) -> None:
        """Append the buffered events to the partition files (by worker code)."""
        if not self._buffered:
            return
        if self._spill is None:
            self._spill = tempfile.TemporaryDirectory(prefix="ai-work-audit-")
        data = np.concatenate(self._buffer)
        self._buffer, self._buffered = [], 0
        bucket = (data["pair"] & _WORKER_MASK) % self._buckets
        order = np.argsort(bucket, kind="stable")
        data, bucket = data[order], bucket[order]
        bounds = np.searchsorted(bucket, np.arange(self._buckets + 1))
        for number in range(self._buckets):
            low, high = int(bounds[number]), int(bounds[number + 1])
            if high > low:
                with open(Path(self._spill.name) / f"{number}.bin", "ab") as handle:
                    handle.write(data[low:high].tobytes())

    def _partitions(self) -> Iterator[np.ndarray]:
        if self._spill is None:
            yield (np.concatenate(self._buffer) if self._buffer
                   else np.zeros(0, dtype=_SPILL_DTYPE))
            return
        self._flush()
        for number in range(self._buckets):
            path = Path(self._spill.name) / f"{number}.bin"
            if path.exists():
                yield np.fromfile(path, dtype=_SPILL_DTYPE)

    def _summary(self) -> EventSummary:
        names = list(self._types)
        ordered = sorted(range(len(names)), key=names.__getitem__)
        remap = np.zeros(len(names), dtype=np.int64)
        remap[ordered] = np.arange(len(names))
        keys = self._triple_keys
        first_type = keys >> (_WORKER_BITS + _DAY_BITS)
        return EventSummary(
            n=self.n,
            types=[names[i] for i in ordered],
            workers=pd.Index(list(self._workers), dtype="str"),
            events=per_type(first_type, self._triple_counts, ordered),
            off=self._off[ordered] if len(names) else self._off,
            content=self._content[ordered] if len(names) else self._content,
            t=remap[first_type] if len(keys) else np.zeros(0, dtype=np.int64),
            w=(keys >> _DAY_BITS) & _WORKER_MASK,
            day=(keys & ((1 << _DAY_BITS) - 1)) - _DAY_OFFSET,
            counts=self._triple_counts,
            full_urls=(self._full_url_column if self._url_column
                       else self._full_url_content if self._content_column else 0),
            max_utc=self._max_utc,
            remap=remap,
        )

    def report(
        self,
        *,
        roster: pd.DataFrame | None = None,
        as_of: datetime | str | None = None,
        retention: Mapping[str, str] | None = None,
        roster_id_column: str | None = None,
        group_columns: Sequence[str] | None = None,
        idle_interval_s: float = IDLE_INTERVAL_S,
        small_group: int = SMALL_GROUP,
        roster_name: str = "roster",
        modalities: Modalities | None = None,
    ) -> SurveillanceReport:
        """The report of every event added so far (see ``measure_surveillance``);
        ``modalities`` classifies event types as passive capture or worker-initiated activity
        (default: the shipped classification)."""
        zone, work = self.zone, self.work
        parsed_limits = parse_limits(retention)
        core = self._summary()
        off_hours = int(core.off.sum())
        roster_frame = (RosterFacts(roster, roster_id_column, roster_name)
                        if roster is not None else None)
        on_leave = roster_frame.on_leave_events(core) if roster_frame is not None else None
        kinds = modalities or shipped_modalities()
        passive, disconnect, modality_facts = judge_modalities(
            core, self._off_pair_keys, self._off_pair_counts, kinds,
            roster_frame.on_leave_triples(core) if roster_frame is not None else None,
            _WORKER_BITS)
        intensity = (roster_frame.intensity(core, group_columns, small_group)
                     if roster_frame is not None else {})
        as_of_ts = as_of_timestamp(as_of, core, zone or "UTC")
        pair_median, kept, past_keys, past_counts = self._intervals_and_retention(
            core, parsed_limits, as_of_ts)
        pairs = pair_counts(core, self._content_pair_keys, self._content_pair_counts,
                            past_keys, past_counts, _WORKER_BITS)
        by_type = by_event_type(core, pair_median)
        per_worker = worker_modalities(core)
        content_split = {
            kind: {"with_content": int(core.content[code]),
                   "metadata_only": int(core.events[code] - core.content[code])}
            for code, kind in enumerate(core.types)
        }
        facts: dict[str, MetricValue] = {
            "surveillance.off_hours_share": off_hours / core.n if core.n else None,
            "surveillance.on_leave_events": on_leave,
            "surveillance.keystroke_content_events": core.count("keystroke", content=True),
            "surveillance.keystroke_count_events": core.count("keystroke", content=False),
            "surveillance.idle_metric_events": idle_metric_events(core, pair_median,
                                                                   idle_interval_s),
            "privacy.full_url_records": core.full_urls,
            "privacy.full_url_workers": self._full_url_workers(),
            "retention.records_past_limit": kept["records_past_limit"],
            "retention.share_past_limit": kept["share_past_limit"],
            # AI Act art. 26(6): the days the log covers (laws, issue 13)
            "retention.log_coverage_days": core.n_days if core.n else None,
        }
        for name, kind in _COUNTED_TYPES.items():
            facts[name] = core.count(kind)
            if name.endswith("_events") and name.startswith("surveillance."):
                # exposure in workers, not shares of the log (rulebook WP-08, WP-09)
                facts[name.removesuffix("_events") + "_workers"] = (
                    int(by_type[kind]["workers"]) if kind in by_type else 0)
        facts.update(modality_facts)
        # exposure in workers, not events or shares of the log (issue 11)
        facts.update(exposure_facts(core, pairs, pair_median, idle_interval_s,
                                    kept["limits"]))
        facts = dict(sorted(facts.items()))
        local = zone or (RECORDED_OFFSETS if self.recorded_offsets else "UTC")
        parameters = {"timezone": local, **work.describe(), "idle_interval_s": idle_interval_s,
                      "small_group": small_group}
        return SurveillanceReport(
            by_event_type=by_type,
            off_hours_share=facts["surveillance.off_hours_share"],  # type: ignore[arg-type]
            off_hours_events=off_hours,
            on_leave_events=on_leave,
            on_leave_share=on_leave / core.n if on_leave is not None and core.n else None,
            modalities_per_worker=per_worker,
            content_vs_metadata=content_split,
            intensity_by_group=intensity,
            retention=kept,
            parameters=parameters,
            facts=facts,
            modalities=kinds.describe(),
            passive_capture=passive,
            right_to_disconnect=disconnect,
            pairs=pairs,
        )

    def _cutoffs(self, limits: Mapping[str, tuple[int, str]], as_of: pd.Timestamp | None
                 ) -> tuple[np.ndarray, list[str]]:
        """Per first-appearance type code, the retention cutoff (µs; no limit: the minimum),
        and the limited types present."""
        cutoffs = np.full(len(self._types), np.iinfo(np.int64).min, dtype=np.int64)
        limited_kinds = []
        for kind, (amount, unit) in sorted(limits.items()):
            if kind not in self._types or as_of is None:
                continue
            limited_kinds.append(kind)
            offset = (pd.DateOffset(days=amount) if unit == "days"
                      else pd.DateOffset(months=amount))
            cutoffs[self._types[kind]] = (as_of - offset).value // 1000  # ns → µs
        return cutoffs, limited_kinds

    def _intervals_and_retention(self, core: EventSummary, limits: Mapping[str, tuple[int, str]],
                                 as_of: pd.Timestamp | None
                                 ) -> tuple[pd.Series, dict[str, Any], np.ndarray, np.ndarray]:
        """One pass over the kept (type, worker, time) partitions: the median seconds between
        consecutive events per (type, worker) pair key, the events past retention, and those
        per (type, worker) pair key (first-appearance type codes) — or the ``intervals`` an
        engine computed, when the records are not here."""
        cutoffs, limited_kinds = self._cutoffs(limits, as_of)
        width = max(len(self._workers), 1)
        past_pairs: list[tuple[np.ndarray, np.ndarray]]
        if not self.has_records:
            if self.intervals is None:
                raise ValueError("an accumulator without its records needs intervals")
            medians = self.intervals.medians
            keys = np.array([core.remap[self._types[t]] * width + self._workers[w]
                             for t, w in medians], dtype=np.int64)
            pair_median = pd.Series(list(medians.values()), index=keys,
                                    dtype=float).sort_index()
            past_counts = np.array([self.intervals.past.get(t, 0) for t in self._types],
                                   dtype=np.int64)
            past_pairs = [(np.array([(self._types[t] << _WORKER_BITS) | self._workers[w]
                                     for t, w in self.intervals.past_pairs], dtype=np.int64),
                           np.array(list(self.intervals.past_pairs.values()), dtype=np.int64))]
        else:
            past_counts = np.zeros(len(self._types), dtype=np.int64)
            past_pairs = []
            found: list[pd.Series] = []
            for part in self._partitions():
                median, part_past, pair_past = pair_gaps(part, cutoffs)
                past_counts += part_past
                if len(pair_past):  # partitions split workers: a pair lies in one partition
                    past_pairs.append((pair_past.index.to_numpy().astype(np.int64),
                                       pair_past.to_numpy().astype(np.int64)))
                if len(median) and self.n >= 2:
                    pair = median.index.to_numpy()
                    median.index = (core.remap[pair >> _WORKER_BITS] * width
                                    + (pair & _WORKER_MASK))
                    found.append(median)
            pair_median = (pd.concat(found).sort_index() if found
                           else pd.Series(dtype=float))
        past = {kind: int(past_counts[self._types[kind]]) for kind in limited_kinds}
        limited = sum(int(core.events[core.types.index(kind)]) for kind in limited_kinds)
        total = sum(past.values())
        kept = {
            "as_of": as_of.isoformat() if as_of is not None else None,
            "limits": {kind: f"{amount} {unit}" for kind, (amount, unit) in
                       sorted(limits.items())},
            "records_past_limit": total,
            "share_past_limit": total / limited if limited else None,
            "by_event_type": past,
        }
        past_keys = (np.concatenate([k for k, _ in past_pairs]) if past_pairs
                     else np.zeros(0, dtype=np.int64))
        past_pair_counts = (np.concatenate([c for _, c in past_pairs]) if past_pairs
                            else np.zeros(0, dtype=np.int64))
        return pair_median, kept, past_keys, past_pair_counts


_STATE_ARRAYS = ("triple_keys", "triple_counts", "off", "off_pair_keys", "off_pair_counts",
                 "content", "content_pair_keys", "content_pair_counts", "full_url_worker_keys",
                 "full_url_worker_counts")


def pair_gaps(part: np.ndarray, cutoffs: np.ndarray
              ) -> tuple[pd.Series, np.ndarray, pd.Series]:
    """Over kept records (``pair`` = type code << 24 | worker code, ``utc`` µs) holding every
    event of their workers: the median seconds between consecutive events per pair (indexed
    by pair), per type code the events before its ``cutoffs`` entry (past retention), and
    those per pair (indexed by pair; pairs with none left out)."""
    if not len(part):
        return (pd.Series(dtype=float), np.zeros(len(cutoffs), dtype=np.int64),
                pd.Series(dtype=np.int64))
    pair = part["pair"].astype(np.int64)
    utc = part["utc"]
    first_type = pair >> _WORKER_BITS
    is_past = utc < cutoffs[first_type]
    past = np.bincount(first_type[is_past], minlength=len(cutoffs))
    past_keys, past_counts = np.unique(pair[is_past], return_counts=True)
    pair_past = pd.Series(past_counts.astype(np.int64), index=past_keys)
    order = np.lexsort((utc, pair))
    pair_sorted, ts_sorted = pair[order], utc[order]
    same = pair_sorted[1:] == pair_sorted[:-1]
    gaps = (ts_sorted[1:] - ts_sorted[:-1])[same] / US_PER_S
    found = pair_sorted[1:][same]
    return pd.Series(gaps).groupby(found).median(), past.astype(np.int64), pair_past


def spill_records(pair: np.ndarray, utc: np.ndarray) -> np.ndarray:
    """Kept records from their two columns (``pair_gaps``'s input)."""
    record = np.empty(len(pair), dtype=_SPILL_DTYPE)
    record["pair"], record["utc"] = pair, utc
    return record


def _united(first: SurveillanceAccumulator, second: SurveillanceAccumulator, name: str
            ) -> tuple[dict[str, int], list[tuple[int, ...]]]:
    """The workers (or types) of both, coded in order of their first appearance in the log
    (the earliest position of each), and those positions."""
    earliest: dict[str, tuple[int, ...]] = {}
    for acc in (first, second):
        for value, position in zip(getattr(acc, name), acc.positions(name), strict=True):
            if value not in earliest or position < earliest[value]:
                earliest[value] = position
    ordered = sorted(earliest, key=earliest.__getitem__)
    return {value: i for i, value in enumerate(ordered)}, [earliest[v] for v in ordered]


def _codes(column: pd.Series, index: dict[str, int], name: str, limit: int) -> np.ndarray:
    """Codes of ``column``'s values in ``index`` (grown in order of first appearance)."""
    codes, uniques = pd.factorize(column.astype("str"))
    if (codes < 0).any():
        raise InputError(f"the events' {name} column must not be empty; got "
                         f"{int((codes < 0).sum())} empty values.")
    lookup = np.array([index.setdefault(str(u), len(index)) for u in uniques], dtype=np.int32)
    if len(index) > limit:
        raise InputError(f"the events must have at most {limit} distinct {name} values; got "
                         f"{len(index)}.")
    return lookup[codes]


def _merged(keys: np.ndarray, counts: np.ndarray, new_keys: np.ndarray,
            new_counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two sets of (key, count) summed by key (sorted keys)."""
    if not len(new_keys):
        return keys, counts
    merged, inverse = np.unique(np.concatenate([keys, new_keys]), return_inverse=True)
    totals = np.zeros(len(merged), dtype=np.int64)
    np.add.at(totals, inverse, np.concatenate([counts, new_counts]))
    return merged, totals


def _grown(counts: np.ndarray, size: int) -> np.ndarray:
    return np.concatenate([counts, np.zeros(size - len(counts), dtype=np.int64)])


def _has_text(column: pd.Series) -> np.ndarray:
    """Non-missing values that are not blank (each distinct value tested once)."""
    codes, uniques = pd.factorize(column)
    if not len(uniques):
        return np.zeros(len(column), dtype=bool)
    blank = (pd.Series(uniques).astype("str").str.strip() != "").to_numpy(dtype=bool)
    return (codes >= 0) & blank[codes]


def _full_url_rows(values: pd.Series) -> np.ndarray:
    """Which values are URLs with a path or a query (each distinct value tested once)."""
    codes, uniques = pd.factorize(values)
    if not len(uniques):
        return np.zeros(len(values), dtype=bool)
    urls = pd.Series(uniques).astype("str").str.replace(_SCHEME, "", regex=True)
    full = urls.str.contains(_FULL_URL, regex=True, na=False).to_numpy(dtype=bool)
    return (codes >= 0) & full[codes]
