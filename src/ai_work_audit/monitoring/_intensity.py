"""Surveillance intensity: per event type (events, workers, intervals, events per worker-day),
modalities per worker, idle metrics (rulebook.md WP-10), and, from the HR roster, events on
leave (WP-03) and monitoring intensity per group (demographic, organisational).

Counts and shares only; never a worker id or a cell value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ai_work_audit.errors import InputError
from ai_work_audit.monitoring._summary import EventSummary, number
from ai_work_audit.sources import suggest_column

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

def by_event_type(core: EventSummary, pair_median: pd.Series) -> dict[str, dict[str, Any]]:
    """contracts.md ``surveillance.by_event_type``: events, workers, median interval, events
    per worker-day and off-hours events of each event type."""
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
            "median_interval_s": number(median_interval.get(code)),
            "events_per_worker_day": (
                {k: number(v) for k, v in stats.loc[code].items()} if code in stats.index
                else dict(empty)),
            "off_hours_events": int(core.off[code]),
        }
    return result


def worker_modalities(core: EventSummary) -> dict[str, float | int | None]:
    """How many event types (modalities) monitor each worker: median and maximum."""
    if not core.n:
        return {"median": None, "max": None}
    per_worker = np.bincount(core.pair_keys % max(core.n_workers, 1), minlength=core.n_workers)
    return {"median": number(np.median(per_worker)), "max": int(per_worker.max())}


def idle_metric_events(core: EventSummary, pair_median: pd.Series, threshold: float) -> int:
    """Idle or productivity events of workers measured every ``threshold`` seconds or more
    often (rulebook.md WP-10, CNIL 2023)."""
    fine = pair_median[pair_median <= threshold].index.to_numpy()
    if not len(fine):
        return 0
    idle_codes = [core.types.index(t) for t in IDLE_TYPES if t in core.types]
    width = max(core.n_workers, 1)
    fine = fine[np.isin(fine // width, idle_codes)]
    return int(core.pair_counts[np.isin(core.pair_keys, fine)].sum())


class RosterFacts:
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

    def _codes(self, core: EventSummary, ids: pd.Series) -> np.ndarray:
        return np.asarray(core.workers.get_indexer(pd.Index(ids.fillna("\0missing"))))

    def _leave(self, core: EventSummary) -> pd.DataFrame | None:
        """Leave periods of the roster's workers seen in the log: worker code, first and last
        day (epoch days); None without leave columns."""
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
        return pd.DataFrame({
            "w": codes[usable],
            "start": epoch_days(starts[usable]), "end": epoch_days(ends[usable]),
        })

    def on_leave_events(self, core: EventSummary) -> int | None:
        """Events recorded on a day of the worker's leave (rulebook WP-03)."""
        leave = self._leave(core)
        if leave is None:
            return None
        if leave.empty or not core.n:
            return 0
        key, counts = core.worker_days
        width = max(core.n_days, 1)
        days = pd.DataFrame({"w": key // width, "day": key % width + core.first_day,
                             "n": counts})
        joined = days.merge(leave, on="w")
        inside = joined[(joined["day"] >= joined["start"]) & (joined["day"] <= joined["end"])]
        return int(inside.drop_duplicates(["w", "day"])["n"].sum())

    def on_leave_triples(self, core: EventSummary) -> pd.DataFrame | None:
        """Events on leave per (event type code, worker code, day): columns t, w, n; None
        without leave columns (rulebook WP-03, per worker and per modality)."""
        leave = self._leave(core)
        if leave is None:
            return None
        triples = pd.DataFrame({"t": core.t, "w": core.w, "day": core.day, "n": core.counts})
        if leave.empty or not core.n:
            return triples.iloc[0:0]
        joined = triples.merge(leave, on="w")
        inside = joined[(joined["day"] >= joined["start"]) & (joined["day"] <= joined["end"])]
        return inside.drop_duplicates(["t", "w", "day"])[["t", "w", "day", "n"]]

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

    def intensity(self, core: EventSummary, group_columns: Sequence[str] | None,
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
                 "events_per_worker_day": number(row.rate),
                 "ratio_to_least": number(row.rate / least) if least else None,
                 "small_sample": bool(row.small)}
                for group, row in grouped.iterrows()
            ]
            result[column] = {"groups": rows, "reference_group": reference,
                              "unknown_workers": unknown_workers,
                              "events_not_in_roster": unmatched}
        return result


def epoch_days(values: pd.Series) -> np.ndarray:
    """Dates as days since 1970-01-01."""
    return np.asarray(values.to_numpy(dtype="datetime64[D]").astype(np.int64))
