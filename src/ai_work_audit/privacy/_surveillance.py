"""Surveillance-intensity metrics over canonical monitoring events (commitment 5).

A pure function: events (and an optional HR roster) in, counts, shares and distributions out —
never a worker id or a cell value. Sources of the thresholds: rulebook.md WP-03 (working time,
leave), WP-07…WP-10 (keystrokes, screenshots, webcam/audio, idle metrics at minute or second
granularity: CNIL 2023 sanction), WP-11 (retention: individual indicators 31 days, geolocation
2 months, video 1 month — CNIL), WP-13 (full URLs), AI Act art. 5(1)(f) (emotion).
All arithmetic is vectorised (numpy/pandas): a million events take a second or two.
``SurveillanceAccumulator`` folds chunks of events in bounded memory; ``measure_surveillance``
is the same computation over one frame.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.findings import MetricValue
from ai_work_audit.privacy._events import LOCAL_OFFSET, EventBatch
from ai_work_audit.sources import suggest_column

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: rulebook.md WP-11 (CNIL): individual indicators 31 days, geolocation 2 months, video 1 month.
DEFAULT_RETENTION: Mapping[str, str] = {
    "idle": "31 days", "productivity_score": "31 days", "emotion": "31 days",
    "keystroke": "31 days", "location": "2 months", "screenshot": "1 month",
    "screen_recording": "1 month", "webcam": "1 month",
}
#: rulebook.md WP-10: idle or productivity metrics at minute or second granularity.
IDLE_TYPES = ("idle", "productivity_score")
IDLE_INTERVAL_S = 300.0
#: Groups with fewer workers than this are flagged ``small_sample``.
SMALL_GROUP = 5
#: Roster columns compared for monitoring intensity when present (demographic, organisational).
GROUP_COLUMNS = ("sex", "gender", "age_band", "age_group", "race_ethnicity", "race", "ethnicity",
                 "disability", "department", "business_unit", "functional_unit")
ROSTER_ID_COLUMNS = ("worker_id", "user_id", "user", "employee_id", "id")
LEAVE_COLUMNS = ("leave_start", "leave_end")
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
_RETENTION_SPEC = re.compile(r"^\s*(\d+)\s*(d|days?|months?|mo)\s*$", re.IGNORECASE)
_US = 1_000_000
#: ``parameters.timezone`` when local times came from each event's recorded UTC offset.
RECORDED_OFFSETS = "recorded-offsets"
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

WORKING_HOURS_ERROR = ("--working-hours must look like HH:MM-HH:MM (e.g. 08:00-19:00); "
                       "got {value!r} instead.")
WORKING_DAYS_ERROR = ("--working-days must be day names or ranges such as mon-fri or "
                      "mon,tue,thu; got {value!r} instead.")


@dataclass(frozen=True)
class WorkingTime:
    """Working hours (``start`` inclusive, ``end`` exclusive; past midnight when end < start)
    and working days (0 = Monday)."""

    start: time = time(8, 0)
    end: time = time(19, 0)
    days: frozenset[int] = frozenset(range(5))

    @classmethod
    def parse(cls, hours: str = "08:00-19:00", days: str = "mon-fri") -> WorkingTime:
        """From the CLI's ``--working-hours`` and ``--working-days`` values."""
        match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", hours)
        if not match:
            raise ConfigError(WORKING_HOURS_ERROR.format(value=hours))
        h1, m1, h2, m2 = (int(g) for g in match.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise ConfigError(WORKING_HOURS_ERROR.format(value=hours))
        end = time(23, 59, 59, 999999) if h2 == 24 else time(h2, m2)
        chosen: set[int] = set()
        for part in days.lower().replace(" ", "").split(","):
            bounds = part.split("-")
            if not part or len(bounds) > 2 or any(b[:3] not in _DAY_NAMES for b in bounds):
                raise ConfigError(WORKING_DAYS_ERROR.format(value=days))
            first, last = (_DAY_NAMES.index(b[:3]) for b in (bounds[0], bounds[-1]))
            span = range(first, last + 1) if first <= last else [*range(first, 7),
                                                                  *range(0, last + 1)]
            chosen.update(span)
        return cls(time(h1, m1), end, frozenset(chosen))

    def describe(self) -> dict[str, str]:
        days = ",".join(_DAY_NAMES[d] for d in sorted(self.days))
        return {"working_hours": f"{self.start:%H:%M}-{self.end:%H:%M}", "working_days": days}


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
        }


def parse_retention(spec: str) -> tuple[int, str]:
    """``"31 days"`` → (31, "days"); ``"2 months"`` → (2, "months")."""
    match = _RETENTION_SPEC.match(str(spec))
    if not match:
        raise ConfigError(f"a retention limit must look like '31 days' or '2 months'; got "
                          f"{spec!r} instead.")
    unit = "days" if match.group(2).lower().startswith("d") else "months"
    return int(match.group(1)), unit


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
) -> SurveillanceReport:
    """Surveillance metrics of canonical ``events`` evaluated in ``timezone`` (default: the
    batch's; without one, at each event's recorded UTC offset, else in UTC). ``as_of``
    (default: the last event) dates the retention check; ``retention`` overrides
    ``DEFAULT_RETENTION`` per event type ("31 days", "2 months").

    The same computation as ``SurveillanceAccumulator`` fed with one chunk."""
    frame = events.events if isinstance(events, EventBatch) else events
    zone = timezone or (events.timezone if isinstance(events, EventBatch) else None)
    accumulator = SurveillanceAccumulator(timezone=zone, working_time=working_time)
    _parse_limits(retention)
    with accumulator:
        accumulator.add(frame)
        return accumulator.report(
            roster=roster, as_of=as_of, retention=retention, roster_id_column=roster_id_column,
            group_columns=group_columns, idle_interval_s=idle_interval_s,
            small_group=small_group, roster_name=roster_name)


def _check_zone(zone: str) -> None:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone must be an IANA time-zone name such as Europe/Paris; "
                          f"got {zone!r} instead.") from None


def _parse_limits(retention: Mapping[str, str] | None) -> dict[str, tuple[int, str]]:
    limits = {**DEFAULT_RETENTION, **(retention or {})}
    return {kind: parse_retention(spec) for kind, spec in limits.items()}


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
            _check_zone(timezone)
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
        self._content = np.zeros(0, dtype=np.int64)
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
        day = np.floor_divide(wall_us, 86_400 * _US)
        in_hours = _in_working_time((wall_us - day * 86_400 * _US) / _US, (day + 3) % 7,
                                    self.work)
        if day.min() + _DAY_OFFSET < 0 or day.max() + _DAY_OFFSET >= 1 << _DAY_BITS:
            raise InputError("the events' timestamps must lie between the years 25000 BC and "
                             "AD 25000.")
        workers = _codes(frame["worker_id"], self._workers, "worker_id", 1 << _WORKER_BITS)
        types = _codes(frame["event_type"], self._types, "event_type", 1 << _TYPE_BITS)
        n_types = len(self._types)
        self._off = _grown(self._off, n_types) + np.bincount(types[~in_hours],
                                                             minlength=n_types)
        if "content" in frame.columns:
            self._content_column = True
            content = _has_text(frame["content"])
            self._content = _grown(self._content, n_types) + np.bincount(types[content],
                                                                         minlength=n_types)
        else:
            self._content = _grown(self._content, n_types)
        self._fold_urls(frame, types)
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
        return np.asarray(utc_us + minutes * 60 * _US)

    def _fold_urls(self, frame: pd.DataFrame, types: np.ndarray) -> None:
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
            self._full_url_column += _full_urls(frame.loc[mask, "url"])
        if not self._url_column and "content" in frame.columns:
            self._full_url_content += _full_urls(frame.loc[mask, "content"])

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

    def _summary(self) -> _Summary:
        names = list(self._types)
        ordered = sorted(range(len(names)), key=names.__getitem__)
        remap = np.zeros(len(names), dtype=np.int64)
        remap[ordered] = np.arange(len(names))
        keys = self._triple_keys
        first_type = keys >> (_WORKER_BITS + _DAY_BITS)
        return _Summary(
            n=self.n,
            types=[names[i] for i in ordered],
            workers=pd.Index(list(self._workers), dtype="str"),
            events=_per_type(first_type, self._triple_counts, ordered),
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
    ) -> SurveillanceReport:
        """The report of every event added so far (see ``measure_surveillance``)."""
        zone, work = self.zone, self.work
        parsed_limits = _parse_limits(retention)
        core = self._summary()
        off_hours = int(core.off.sum())
        roster_frame = (_Roster(roster, roster_id_column, roster_name)
                        if roster is not None else None)
        on_leave = roster_frame.on_leave_events(core) if roster_frame is not None else None
        intensity = (roster_frame.intensity(core, group_columns, small_group)
                     if roster_frame is not None else {})
        as_of_ts = _as_of(as_of, core, zone or "UTC")
        pair_median, kept = self._intervals_and_retention(core, parsed_limits, as_of_ts)
        by_type = _by_event_type(core, pair_median)
        modalities = _modalities(core)
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
            "surveillance.idle_metric_events": _idle_metric_events(core, pair_median,
                                                                   idle_interval_s),
            "privacy.full_url_records": core.full_urls,
            "retention.records_past_limit": kept["records_past_limit"],
            "retention.share_past_limit": kept["share_past_limit"],
        }
        for name, kind in _COUNTED_TYPES.items():
            facts[name] = core.count(kind)
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
            modalities_per_worker=modalities,
            content_vs_metadata=content_split,
            intensity_by_group=intensity,
            retention=kept,
            parameters=parameters,
            facts=facts,
        )

    def _intervals_and_retention(self, core: _Summary, limits: Mapping[str, tuple[int, str]],
                                 as_of: pd.Timestamp | None
                                 ) -> tuple[pd.Series, dict[str, Any]]:
        """One pass over the kept (type, worker, time) partitions: the median seconds between
        consecutive events per (type, worker) pair key, and the events past retention."""
        first_names = list(self._types)
        cutoffs = np.full(len(first_names), np.iinfo(np.int64).min, dtype=np.int64)
        limited_kinds = []
        for kind, (amount, unit) in sorted(limits.items()):
            if kind not in self._types or as_of is None:
                continue
            limited_kinds.append(kind)
            offset = (pd.DateOffset(days=amount) if unit == "days"
                      else pd.DateOffset(months=amount))
            cutoffs[self._types[kind]] = (as_of - offset).value // 1000  # ns → µs
        past_counts = np.zeros(len(first_names), dtype=np.int64)
        medians: list[pd.Series] = []
        width = max(len(self._workers), 1)
        for part in self._partitions():
            if not len(part):
                continue
            pair = part["pair"].astype(np.int64)
            utc = part["utc"]
            first_type = pair >> _WORKER_BITS
            past_counts += np.bincount(first_type[utc < cutoffs[first_type]],
                                       minlength=len(first_names))
            if self.n < 2:
                continue
            order = np.lexsort((utc, pair))
            pair_sorted, ts_sorted = pair[order], utc[order]
            same = pair_sorted[1:] == pair_sorted[:-1]
            gaps = (ts_sorted[1:] - ts_sorted[:-1])[same] / _US
            found = pair_sorted[1:][same]
            key = core.remap[found >> _WORKER_BITS] * width + (found & _WORKER_MASK)
            medians.append(pd.Series(gaps).groupby(key).median())
        pair_median = (pd.concat(medians).sort_index() if medians
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
        return pair_median, kept


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


def _grown(counts: np.ndarray, size: int) -> np.ndarray:
    return np.concatenate([counts, np.zeros(size - len(counts), dtype=np.int64)])


def _has_text(column: pd.Series) -> np.ndarray:
    """Non-missing values that are not blank (each distinct value tested once)."""
    codes, uniques = pd.factorize(column)
    if not len(uniques):
        return np.zeros(len(column), dtype=bool)
    blank = (pd.Series(uniques).astype("str").str.strip() != "").to_numpy(dtype=bool)
    return (codes >= 0) & blank[codes]


def _full_urls(values: pd.Series) -> int:
    """How many values are URLs with a path or a query (each distinct value tested once)."""
    codes, uniques = pd.factorize(values)
    if not len(uniques):
        return 0
    urls = pd.Series(uniques).astype("str").str.replace(_SCHEME, "", regex=True)
    full = urls.str.contains(_FULL_URL, regex=True, na=False).to_numpy(dtype=bool)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    return int(counts[full].sum())


def _per_type(first_type: np.ndarray, counts: np.ndarray, ordered: list[int]) -> np.ndarray:
    totals = np.bincount(first_type, weights=counts, minlength=len(ordered))
    return np.asarray(totals.astype(np.int64)[ordered], dtype=np.int64)


@dataclass
class _Summary:
    """What every metric needs, folded over the events: counts per event type (sorted names),
    per (type, worker, local day) triple, and the workers in order of first appearance."""

    n: int
    types: list[str]
    workers: pd.Index
    events: np.ndarray
    off: np.ndarray
    content: np.ndarray
    t: np.ndarray
    w: np.ndarray
    day: np.ndarray
    counts: np.ndarray
    full_urls: int
    max_utc: int | None
    remap: np.ndarray

    def __post_init__(self) -> None:
        self.n_types = len(self.types)
        self.n_workers = len(self.workers)
        self.first_day = int(self.day.min()) if self.n else 0
        self.n_days = int(self.day.max()) - self.first_day + 1 if self.n else 0
        width = max(self.n_workers, 1)
        pair = self.t * width + self.w
        self.pair_keys, inverse = np.unique(pair, return_inverse=True)
        self.pair_counts = np.bincount(inverse, weights=self.counts,
                                       minlength=len(self.pair_keys)).astype(np.int64)
        self.worker_events = np.bincount(self.w, weights=self.counts,
                                         minlength=self.n_workers).astype(np.int64)
        day_key = self.w * max(self.n_days, 1) + (self.day - self.first_day)
        keys, inverse = np.unique(day_key, return_inverse=True)
        self.worker_days = (keys, np.bincount(inverse, weights=self.counts,
                                              minlength=len(keys)).astype(np.int64))

    def code(self, kind: str) -> int | None:
        return self.types.index(kind) if kind in self.types else None

    def count(self, kind: str, *, content: bool | None = None) -> int:
        """Events of type ``kind`` (only those with content, or without, when asked)."""
        code = self.code(kind)
        if code is None:
            return 0
        if content is None:
            return int(self.events[code])
        with_content = int(self.content[code])
        return with_content if content else int(self.events[code]) - with_content


def _in_working_time(second_of_day: np.ndarray, weekday: np.ndarray,
                     work: WorkingTime) -> np.ndarray:
    start = work.start.hour * 3600 + work.start.minute * 60 + work.start.second
    end = (work.end.hour * 3600 + work.end.minute * 60 + work.end.second
           + work.end.microsecond / _US)
    sod = second_of_day
    # a shift past midnight when end < start
    hours = (sod >= start) & (sod < end) if start <= end else (sod >= start) | (sod < end)
    days = np.isin(weekday, sorted(work.days))
    return np.asarray(hours & days)


def _number(value: Any) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 6)


def _by_event_type(core: _Summary, pair_median: pd.Series) -> dict[str, dict[str, Any]]:
    if not core.n:
        return {}
    width = max(core.n_workers, 1)
    workers = np.bincount(core.pair_keys // width, minlength=core.n_types)
    median_interval = pair_median.groupby(pair_median.index.to_numpy() // width).median()
    # events per worker-day (local days), per type
    per_day = pd.Series(core.counts).groupby(core.t)
    stats = pd.DataFrame({"median": per_day.median(), "p95": per_day.quantile(0.95),
                          "max": per_day.max()})
    empty = {"median": None, "p95": None, "max": None}
    result: dict[str, dict[str, Any]] = {}
    for code, kind in enumerate(core.types):
        result[kind] = {
            "events": int(core.events[code]),
            "workers": int(workers[code]),
            "median_interval_s": _number(median_interval.get(code)),
            "events_per_worker_day": (
                {k: _number(v) for k, v in stats.loc[code].items()} if code in stats.index
                else dict(empty)),
            "off_hours_events": int(core.off[code]),
        }
    return result


def _modalities(core: _Summary) -> dict[str, float | int | None]:
    if not core.n:
        return {"median": None, "max": None}
    per_worker = np.bincount(core.pair_keys % max(core.n_workers, 1), minlength=core.n_workers)
    return {"median": _number(np.median(per_worker)), "max": int(per_worker.max())}


def _idle_metric_events(core: _Summary, pair_median: pd.Series, threshold: float) -> int:
    fine = pair_median[pair_median <= threshold].index.to_numpy()
    if not len(fine):
        return 0
    idle_codes = [core.types.index(t) for t in IDLE_TYPES if t in core.types]
    width = max(core.n_workers, 1)
    fine = fine[np.isin(fine // width, idle_codes)]
    return int(core.pair_counts[np.isin(core.pair_keys, fine)].sum())


def _as_of(as_of: datetime | str | None, core: _Summary, zone: str) -> pd.Timestamp | None:
    if as_of is None:
        return (pd.Timestamp(int(core.max_utc), unit="us", tz="UTC")
                if core.n and core.max_utc is not None else None)
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise ConfigError(f"as_of must be a date or an ISO-8601 timestamp; got {as_of!r} "
                          "instead.") from None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return stamp.tz_convert("UTC")


class _Roster:
    """The HR roster's worker ids, leave periods and group columns, validated once."""

    def __init__(self, frame: pd.DataFrame, id_column: str | None, name: str) -> None:
        self.name = name
        columns = [str(c) for c in frame.columns]
        if id_column is None:
            id_column = next((c for c in ROSTER_ID_COLUMNS if c in columns), None)
            if id_column is None:
                raise InputError(f"{name}: a worker id column is required (one of "
                                 f"{', '.join(ROSTER_ID_COLUMNS)}); "
                                 f"{suggest_column('worker_id', columns)}")
        elif id_column not in columns:
            raise InputError(f"{name}: column {id_column!r} is missing; "
                             f"{suggest_column(id_column, columns)}")
        ids = frame[id_column].astype("str").str.strip()
        self.frame = frame.assign(_worker=ids.where(ids != ""))
        self.id_column = id_column

    def _codes(self, core: _Summary, ids: pd.Series) -> np.ndarray:
        return np.asarray(core.workers.get_indexer(pd.Index(ids.fillna("\0missing"))))

    def on_leave_events(self, core: _Summary) -> int | None:
        if not all(c in self.frame.columns for c in LEAVE_COLUMNS):
            return None
        starts = self._dates(LEAVE_COLUMNS[0])
        ends = self._dates(LEAVE_COLUMNS[1])
        problems = []
        half = starts.isna() ^ ends.isna()
        if half.any():
            problems.append(self._rows_problem(half.to_numpy(), "leave periods must have both "
                                               "leave_start and leave_end"))
        backwards = (ends < starts).fillna(False).to_numpy(dtype=bool)
        if backwards.any():
            problems.append(self._rows_problem(backwards, "leave_end must not be before "
                                               "leave_start"))
        if problems:
            raise InputError(problems, source=self.name)
        codes = self._codes(core, self.frame["_worker"])
        usable = (codes >= 0) & starts.notna().to_numpy() & ends.notna().to_numpy()
        if not usable.any() or not core.n:
            return 0
        leave = pd.DataFrame({
            "w": codes[usable],
            "start": _epoch_days(starts[usable]), "end": _epoch_days(ends[usable]),
        })
        key, counts = core.worker_days
        width = max(core.n_days, 1)
        days = pd.DataFrame({"w": key // width, "day": key % width + core.first_day,
                             "n": counts})
        joined = days.merge(leave, on="w")
        inside = joined[(joined["day"] >= joined["start"]) & (joined["day"] <= joined["end"])]
        return int(inside.drop_duplicates(["w", "day"])["n"].sum())

    def _dates(self, column: str) -> pd.Series:
        raw = self.frame[column]
        if isinstance(raw.dtype, pd.DatetimeTZDtype):
            return pd.Series(raw.dt.tz_localize(None).dt.normalize())
        if pd.api.types.is_datetime64_dtype(raw.dtype):
            return pd.Series(raw.dt.normalize())
        text = raw.astype("str").str.strip()
        text = text.where(text != "")
        try:
            parsed = pd.to_datetime(text, format="ISO8601", errors="coerce", utc=True)
        except (ValueError, TypeError):
            parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns, UTC]")
        parsed = parsed.dt.tz_localize(None)
        bad = (parsed.isna() & text.notna()).to_numpy()
        if bad.any():
            raise InputError(self._rows_problem(
                bad, f"column {column!r} must hold dates as YYYY-MM-DD"), source=self.name)
        return parsed.dt.normalize()

    def _rows_problem(self, mask: np.ndarray, what: str) -> str:
        rows = np.flatnonzero(mask)
        shown = ", ".join(str(r + 1) for r in rows[:10])
        more = f" and {len(rows) - 10} more" if len(rows) > 10 else ""
        return f"{what}; got {len(rows)} rows that do not (rows {shown}{more})."

    def intensity(self, core: _Summary, group_columns: Sequence[str] | None,
                  small_group: int) -> dict[str, dict[str, Any]]:
        columns = list(group_columns) if group_columns is not None else [
            c for c in GROUP_COLUMNS if c in self.frame.columns]
        missing = [c for c in columns if c not in self.frame.columns]
        if missing:
            raise InputError([f"column {c!r} is missing; "
                              f"{suggest_column(c, list(map(str, self.frame.columns)))}"
                              for c in missing], source=self.name)
        people = self.frame.dropna(subset=["_worker"]).drop_duplicates("_worker")
        codes = self._codes(core, people["_worker"])
        events = core.worker_events
        worker_days = np.bincount(core.worker_days[0] // max(core.n_days, 1),
                                  minlength=core.n_workers)
        known = codes >= 0
        matched_workers = np.zeros(core.n_workers, dtype=bool)
        matched_workers[codes[known]] = True
        unmatched = int(events[~matched_workers].sum())
        result: dict[str, dict[str, Any]] = {}
        for column in columns:
            text = people[column].astype("str").str.strip()
            values = text.where(text != "").to_numpy(dtype=object)
            table = pd.DataFrame({"group": values[known], "events": events[codes[known]],
                                  "days": worker_days[codes[known]]})
            unknown_workers = int(pd.isna(table["group"]).sum())
            table = table.dropna(subset=["group"])
            table = table[table["days"] > 0]
            grouped = table.groupby("group", sort=True).agg(
                workers=("events", "size"), events=("events", "sum"),
                worker_days=("days", "sum"))
            grouped["rate"] = grouped["events"] / grouped["worker_days"]
            grouped["small"] = grouped["workers"] < small_group
            pool = grouped[~grouped["small"] & (grouped["rate"] > 0)]
            if pool.empty:
                pool = grouped[grouped["rate"] > 0]
            reference = str(pool["rate"].idxmin()) if not pool.empty else None
            least = float(pool["rate"].min()) if not pool.empty else None
            rows = [
                {"group": str(group), "workers": int(row.workers), "events": int(row.events),
                 "worker_days": int(row.worker_days),
                 "events_per_worker_day": _number(row.rate),
                 "ratio_to_least": _number(row.rate / least) if least else None,
                 "small_sample": bool(row.small)}
                for group, row in grouped.iterrows()
            ]
            result[column] = {"groups": rows, "reference_group": reference,
                              "unknown_workers": unknown_workers,
                              "events_not_in_roster": unmatched}
        return result


def _epoch_days(values: pd.Series) -> np.ndarray:
    return np.asarray(values.to_numpy(dtype="datetime64[D]").astype(np.int64))
