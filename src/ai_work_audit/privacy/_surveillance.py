"""Surveillance-intensity metrics over canonical monitoring events (commitment 5).

A pure function: events (and an optional HR roster) in, counts, shares and distributions out —
never a worker id or a cell value. Sources of the thresholds: rulebook.md WP-03 (working time,
leave), WP-07…WP-10 (keystrokes, screenshots, webcam/audio, idle metrics at minute or second
granularity: CNIL 2023 sanction), WP-11 (retention: individual indicators 31 days, geolocation
2 months, video 1 month — CNIL), WP-13 (full URLs), AI Act art. 5(1)(f) (emotion).
All arithmetic is vectorised (numpy/pandas): a million events take a second or two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.findings import MetricValue
from ai_work_audit.privacy._events import EventBatch
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
    batch's, else UTC). ``as_of`` (default: the last event) dates the retention check;
    ``retention`` overrides ``DEFAULT_RETENTION`` per event type ("31 days", "2 months")."""
    frame = events.events if isinstance(events, EventBatch) else events
    zone = timezone or (events.timezone if isinstance(events, EventBatch) else None) or "UTC"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"--timezone must be an IANA time-zone name such as Europe/Paris; "
                          f"got {zone!r} instead.") from None
    work = working_time or WorkingTime()
    limits = {**DEFAULT_RETENTION, **(retention or {})}
    parsed_limits = {kind: parse_retention(spec) for kind, spec in limits.items()}
    core = _Core(frame, zone)

    in_hours = _in_working_time(core, work)
    off_hours = int((~in_hours).sum())
    content = core.has_content
    pair_median = core.pair_median_interval_s()
    by_type = _by_event_type(core, pair_median, ~in_hours)
    modalities = _modalities(core)
    content_split = {
        kind: {"with_content": int(content[core.type_codes == code].sum()),
               "metadata_only": int((~content[core.type_codes == code]).sum())}
        for code, kind in enumerate(core.types)
    }
    roster_frame = _Roster(roster, roster_id_column, roster_name) if roster is not None else None
    on_leave = roster_frame.on_leave_events(core) if roster_frame is not None else None
    intensity = (roster_frame.intensity(core, group_columns, small_group)
                 if roster_frame is not None else {})
    as_of_ts = _as_of(as_of, core, zone)
    kept = _retention(core, parsed_limits, as_of_ts)

    facts: dict[str, MetricValue] = {
        "surveillance.off_hours_share": off_hours / core.n if core.n else None,
        "surveillance.on_leave_events": on_leave,
        "surveillance.keystroke_content_events": core.count("keystroke", content),
        "surveillance.keystroke_count_events": core.count("keystroke", ~content),
        "surveillance.idle_metric_events": _idle_metric_events(core, pair_median,
                                                               idle_interval_s),
        "privacy.full_url_records": _full_urls(core),
        "retention.records_past_limit": kept["records_past_limit"],
        "retention.share_past_limit": kept["share_past_limit"],
    }
    for name, kind in _COUNTED_TYPES.items():
        facts[name] = core.count(kind)
    facts = dict(sorted(facts.items()))
    parameters = {"timezone": zone, **work.describe(), "idle_interval_s": idle_interval_s,
                  "small_group": small_group}
    return SurveillanceReport(
        by_event_type=by_type,
        off_hours_share=facts["surveillance.off_hours_share"],  # type: ignore[arg-type]
        off_hours_events=off_hours,
        on_leave_events=on_leave,
        modalities_per_worker=modalities,
        content_vs_metadata=content_split,
        intensity_by_group=intensity,
        retention=kept,
        parameters=parameters,
        facts=facts,
    )


class _Core:
    """Codes and local-time arrays shared by every metric (computed once)."""

    def __init__(self, frame: pd.DataFrame, zone: str) -> None:
        missing = [c for c in ("timestamp", "worker_id", "event_type") if c not in frame.columns]
        if missing:
            raise InputError(f"the events must have the canonical columns; "
                             f"{', '.join(missing)} missing.")
        self.frame = frame
        self.n = len(frame)
        stamps = frame["timestamp"]
        if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
            raise InputError("the events' timestamp column must be time-zone aware (UTC); "
                             "load them with load_events.")
        self.utc_us = stamps.astype("datetime64[us, UTC]").to_numpy(
            dtype="datetime64[us]").astype(np.int64)
        wall = stamps.dt.tz_convert(zone).dt.tz_localize(None).astype("datetime64[us]")
        wall_us = wall.to_numpy().astype(np.int64)
        self.day = np.floor_divide(wall_us, 86_400 * _US)
        self.second_of_day = (wall_us - self.day * 86_400 * _US) / _US
        self.weekday = (self.day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        self.worker_codes, workers = pd.factorize(frame["worker_id"].astype("str"))
        self.workers = pd.Index(workers)
        self.type_codes, types = pd.factorize(frame["event_type"].astype("str"), sort=True)
        self.types = [str(t) for t in types]
        self.n_workers = len(self.workers)
        self.n_types = len(self.types)
        if "content" in frame.columns:
            text = frame["content"]
            self.has_content = (text.notna() & (text.astype("str").str.strip() != "")).to_numpy(
                dtype=bool)
        else:
            self.has_content = np.zeros(self.n, dtype=bool)
        self.first_day = int(self.day.min()) if self.n else 0
        self.n_days = int(self.day.max()) - self.first_day + 1 if self.n else 0

    def type_mask(self, kind: str) -> np.ndarray:
        if kind not in self.types:
            return np.zeros(self.n, dtype=bool)
        return np.asarray(self.type_codes == self.types.index(kind))

    def count(self, kind: str, mask: np.ndarray | None = None) -> int:
        selected = self.type_mask(kind)
        return int((selected & mask).sum() if mask is not None else selected.sum())

    def pair_key(self) -> np.ndarray:
        """One integer per (event type, worker)."""
        return self.type_codes.astype(np.int64) * max(self.n_workers, 1) + self.worker_codes

    def worker_day_key(self) -> np.ndarray:
        return np.asarray(self.worker_codes.astype(np.int64) * max(self.n_days, 1)
                          + (self.day - self.first_day))

    @cached_property
    def worker_days(self) -> tuple[np.ndarray, np.ndarray]:
        """The distinct (worker, local day) keys and their event counts."""
        keys, counts = np.unique(self.worker_day_key(), return_counts=True)
        return keys, counts

    def pair_median_interval_s(self) -> pd.Series:
        """Median seconds between consecutive events, per (type, worker) pair key."""
        if self.n < 2:
            return pd.Series(dtype=float)
        key = self.pair_key()
        by_time = np.argsort(self.utc_us, kind="stable")
        order = by_time[np.argsort(key[by_time], kind="stable")]
        key_sorted = key[order]
        ts_sorted = self.utc_us[order]
        same = key_sorted[1:] == key_sorted[:-1]
        gaps = (ts_sorted[1:] - ts_sorted[:-1])[same] / _US
        return pd.Series(gaps).groupby(key_sorted[1:][same]).median()


def _in_working_time(core: _Core, work: WorkingTime) -> np.ndarray:
    start = work.start.hour * 3600 + work.start.minute * 60 + work.start.second
    end = (work.end.hour * 3600 + work.end.minute * 60 + work.end.second
           + work.end.microsecond / _US)
    sod = core.second_of_day
    # a shift past midnight when end < start
    hours = (sod >= start) & (sod < end) if start <= end else (sod >= start) | (sod < end)
    days = np.isin(core.weekday, sorted(work.days))
    return np.asarray(hours & days)


def _number(value: Any) -> float | int | None:
    if value is None or pd.isna(value):
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 6)


def _by_event_type(core: _Core, pair_median: pd.Series,
                   off_hours: np.ndarray) -> dict[str, dict[str, Any]]:
    if not core.n:
        return {}
    events = np.bincount(core.type_codes, minlength=core.n_types)
    off = np.bincount(core.type_codes, weights=off_hours, minlength=core.n_types)
    width = max(core.n_workers, 1)
    pairs = np.unique(core.pair_key())
    workers = np.bincount(pairs // width, minlength=core.n_types)
    median_interval = pair_median.groupby(pair_median.index.to_numpy() // width).median()
    # events per worker-day (local days), per type
    day_width = max(core.n_days, 1) * width
    triple = core.type_codes.astype(np.int64) * day_width + core.worker_day_key()
    uniq, counts = np.unique(triple, return_counts=True)
    per_day = pd.Series(counts).groupby(uniq // day_width)
    stats = pd.DataFrame({"median": per_day.median(), "p95": per_day.quantile(0.95),
                          "max": per_day.max()})
    empty = {"median": None, "p95": None, "max": None}
    result: dict[str, dict[str, Any]] = {}
    for code, kind in enumerate(core.types):
        result[kind] = {
            "events": int(events[code]),
            "workers": int(workers[code]),
            "median_interval_s": _number(median_interval.get(code)),
            "events_per_worker_day": (
                {k: _number(v) for k, v in stats.loc[code].items()} if code in stats.index
                else dict(empty)),
            "off_hours_events": int(off[code]),
        }
    return result


def _modalities(core: _Core) -> dict[str, float | int | None]:
    if not core.n:
        return {"median": None, "max": None}
    pairs = np.unique(core.pair_key())
    per_worker = np.bincount(pairs % max(core.n_workers, 1), minlength=core.n_workers)
    return {"median": _number(np.median(per_worker)), "max": int(per_worker.max())}


def _idle_metric_events(core: _Core, pair_median: pd.Series, threshold: float) -> int:
    fine = pair_median[pair_median <= threshold].index.to_numpy()
    if not len(fine):
        return 0
    idle_codes = [core.types.index(t) for t in IDLE_TYPES if t in core.types]
    key = core.pair_key()
    width = max(core.n_workers, 1)
    fine = fine[np.isin(fine // width, idle_codes)]
    return int(np.isin(key, fine).sum())


def _full_urls(core: _Core) -> int:
    mask = core.type_mask("url")
    if not mask.any():
        return 0
    frame = core.frame
    column = "url" if "url" in frame.columns else "content"
    if column not in frame.columns:
        return 0
    urls = frame.loc[mask, column].astype("str").str.replace(_SCHEME, "", regex=True)
    return int(urls.str.contains(_FULL_URL, regex=True, na=False).sum())


def _as_of(as_of: datetime | str | None, core: _Core, zone: str) -> pd.Timestamp | None:
    if as_of is None:
        return pd.Timestamp(int(core.utc_us.max()), unit="us", tz="UTC") if core.n else None
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise ConfigError(f"as_of must be a date or an ISO-8601 timestamp; got {as_of!r} "
                          "instead.") from None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return stamp.tz_convert("UTC")


def _retention(core: _Core, limits: Mapping[str, tuple[int, str]],
               as_of: pd.Timestamp | None) -> dict[str, Any]:
    past: dict[str, int] = {}
    limited = 0
    for kind, (amount, unit) in sorted(limits.items()):
        mask = core.type_mask(kind)
        if not mask.any() or as_of is None:
            continue
        limited += int(mask.sum())
        offset = pd.DateOffset(days=amount) if unit == "days" else pd.DateOffset(months=amount)
        cutoff = (as_of - offset).value // 1000  # ns → µs
        past[kind] = int((mask & (core.utc_us < cutoff)).sum())
    total = sum(past.values())
    return {
        "as_of": as_of.isoformat() if as_of is not None else None,
        "limits": {kind: f"{amount} {unit}" for kind, (amount, unit) in sorted(limits.items())},
        "records_past_limit": total,
        "share_past_limit": total / limited if limited else None,
        "by_event_type": past,
    }


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

    def _codes(self, core: _Core, ids: pd.Series) -> np.ndarray:
        return np.asarray(core.workers.get_indexer(ids.fillna("\0missing")))

    def on_leave_events(self, core: _Core) -> int | None:
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
        parsed = pd.to_datetime(text, format="ISO8601", errors="coerce")
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

    def intensity(self, core: _Core, group_columns: Sequence[str] | None,
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
        events = np.bincount(core.worker_codes, minlength=core.n_workers)
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
