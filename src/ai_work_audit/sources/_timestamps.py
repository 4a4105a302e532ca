"""Event timestamps: parsing (ISO-8601, epoch, strftime formats), UTC offsets, time zones.

Naive local times need ``--timezone``; times with offsets keep each event's own offset in
``LOCAL_OFFSET`` (rulebook WP-03). Problems are collected per file and column by
``EventProblems`` and raised together as one InputError naming rows and counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ai_work_audit.errors import ConfigError, InputError

#: Column added to the canonical events when their timestamps carry UTC offsets and no
#: --timezone is given: each event's own offset in minutes, so that working time is judged on
#: the local clock the log recorded (rulebook WP-03).
LOCAL_OFFSET = "utc_offset_min"
_OFFSET_TAIL = r"(?P<tail>[Zz]|[+-]\d{1,2}(?::?\d{2})?)\s*$"
_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)$")
_SHOWN = 10

MISSING_TIMEZONE = (
    "{file}: column {column!r} holds {count} timestamps without a time zone (no UTC offset); "
    "pass --timezone with the IANA zone they were recorded in, e.g. --timezone Europe/Paris."
)
BAD_TIMESTAMPS = (
    "{file}: column {column!r} must hold timestamps{expected}; got {count} values that are "
    "not ({where}) instead. {fix}"
)
OUT_OF_RANGE = (
    "{file}: column {column!r} must hold timestamps between 1990 and 2100; got {count} values "
    "outside ({where}) instead. Fix the rows, or declare the unit or format of the column in a "
    "mapping (timestamp_format)."
)
#: Timestamps outside [TIME_MIN, TIME_MAX) are an input error (a unit or format misread).
TIME_MIN = pd.Timestamp("1990-01-01", tz="UTC")
TIME_MAX = pd.Timestamp("2100-01-01", tz="UTC")
#: Epoch numbers accepted without a declared unit: seconds or milliseconds in 1990–2100.
_EPOCH_S = (TIME_MIN.timestamp(), TIME_MAX.timestamp())
MISSING_VALUES = (
    "{file}: column {column!r} must not be empty ({field}); got {count} empty values ({where})."
)



class EventProblems:
    """Input problems keyed by (file, column, kind), merged over chunks: counts and rows."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.keyed: dict[tuple[str, str, str], tuple[int, list[str], dict[str, str]]] = {}

    def add(self, key: tuple[str, str, str], labels: Sequence[str], count: int,
            extra: dict[str, str]) -> None:
        old_count, old_labels, _ = self.keyed.get(key, (0, [], extra))
        self.keyed[key] = (old_count + count, (old_labels + list(labels))[:_SHOWN], extra)

    def raise_if_any(self) -> None:
        messages = list(self.plain)
        for (file, column, kind), (count, labels, extra) in self.keyed.items():
            where = ", ".join(labels) + (f" and {count - len(labels)} more"
                                         if count > len(labels) else "")
            unit = extra.get("unit", "rows")
            where = f"{unit} {where}"
            if kind == "timezone":
                messages.append(MISSING_TIMEZONE.format(file=file, column=column, count=count))
            elif kind == "range":
                messages.append(OUT_OF_RANGE.format(file=file, column=column, count=count,
                                                    where=where))
            elif kind == "text":
                messages.append(extra["template"].format(file=file, column=column, count=count,
                                                         where=where))
            elif kind == "timestamp":
                messages.append(BAD_TIMESTAMPS.format(
                    file=file, column=column, count=count, where=where,
                    expected=extra.get("expected", ""), fix=extra.get("fix", "")))
            else:
                messages.append(MISSING_VALUES.format(file=file, column=column, count=count,
                                                      where=where,
                                                      field=kind.removeprefix("empty:")))
        if messages:
            self.plain, self.keyed = [], {}
            raise InputError(messages)


def check_timezone(timezone: str | None) -> None:
    """ConfigError unless ``timezone`` is None or an IANA time-zone name."""
    if timezone is None:
        return
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"--timezone must be an IANA time-zone name such as Europe/Paris; got {timezone!r} "
            "instead."
        ) from None



def _strings(column: pd.Series) -> pd.Series:
    text = column.astype("str") if column.dtype != "str" else column
    text = text.str.strip()
    return text.where(text.notna() & (text != "") & column.notna())



def _timestamps(column: pd.Series, labels: Callable[[np.ndarray], list[str]], relative: str,
                name: str, fmt: str | None, timezone: str | None, problems: EventProblems,
                unit: str) -> pd.Series:
    """The column as UTC timestamps; unparsable, empty and out-of-range (outside 1990–2100)
    values are problems naming rows."""
    result = _parse_timestamps(column, labels, relative, name, fmt, timezone, problems, unit)
    outside = (result.notna() & ((result < TIME_MIN) | (result >= TIME_MAX))).to_numpy()
    if outside.any():
        problems.add((relative, name, "range"), labels(np.flatnonzero(outside)),
                     int(outside.sum()), {"unit": unit})
    return result


def _epoch(numbers: pd.Series) -> pd.Series:
    """Epoch numbers → UTC: each value read as seconds or milliseconds, whichever lands in
    1990–2100; NaT when neither does (another unit, e.g. nanoseconds, must be declared)."""
    values = numbers.to_numpy(dtype=np.float64)
    low, high = _EPOCH_S
    seconds = (values >= low) & (values < high)
    millis = (values >= low * 1000) & (values < high * 1000)
    scaled = np.where(seconds, values * 1000, np.where(millis, values, np.nan))
    return pd.Series(pd.to_datetime(scaled, unit="ms", utc=True, errors="coerce"),
                     index=numbers.index)


def _parse_timestamps(column: pd.Series, labels: Callable[[np.ndarray], list[str]],
                      relative: str, name: str, fmt: str | None, timezone: str | None,
                      problems: EventProblems, unit: str) -> pd.Series:
    n = len(column)
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return pd.Series(column.dt.tz_convert("UTC").astype("datetime64[us, UTC]"))
    if pd.api.types.is_datetime64_dtype(dtype):
        return _localise(column, relative, name, timezone, problems)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        parsed = _epoch(pd.to_numeric(column, errors="coerce"))
        _flag(parsed.isna().to_numpy(), labels, relative, name, problems, unit,
              " (epoch seconds or milliseconds between 1990 and 2100; numbers in another unit "
              "have no declared unit)",
              "Check the column mapped to timestamp, or store it as a Parquet timestamp type.")
        return pd.Series(parsed.astype("datetime64[us, UTC]"))
    text = _strings(column)
    empty = text.isna().to_numpy()
    result = pd.Series(pd.NaT, index=column.index, dtype="datetime64[us, UTC]")
    if fmt is not None:
        aware = "%z" in fmt or "%Z" in fmt
        formatted = _strptime(text, fmt, aware)
        bad = formatted.isna().to_numpy() & ~empty
        _flag(bad, labels, relative, name, problems, unit, f" in the format {fmt!r}",
              "Fix the rows or the mapping's timestamp_format.")
        result = formatted.astype("datetime64[us, UTC]") if aware else _localise(
            formatted, relative, name, timezone, problems)
    else:
        has_offset = text.str.contains(_OFFSET, na=False).to_numpy()
        bad = np.zeros(n, dtype=bool)
        if has_offset.any():
            with_offset = pd.to_datetime(text[has_offset], format="ISO8601", errors="coerce",
                                         utc=True)
            result[has_offset] = with_offset.astype("datetime64[us, UTC]")  # type: ignore[index]
            bad[has_offset] = with_offset.isna().to_numpy()
        naive_rows = ~has_offset & ~empty
        if naive_rows.any():
            try:
                naive = pd.to_datetime(text[naive_rows], format="ISO8601", errors="coerce")
            except (ValueError, TypeError):  # offsets of an unusual shape among naive times
                naive = pd.Series(pd.NaT, index=text[naive_rows].index, dtype="datetime64[us]")
            if isinstance(naive.dtype, pd.DatetimeTZDtype):
                naive = pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us]")
            bad[naive_rows] = naive.isna().to_numpy()
            result[naive_rows] = _localise(naive, relative, name, timezone, problems)
        _flag(bad, labels, relative, name, problems, unit, " in ISO-8601",
              "Fix the rows, or give the format in a mapping (timestamp_format).")
    if empty.any():
        problems.add((relative, name, "empty:timestamp"), labels(np.flatnonzero(empty)),
                     int(empty.sum()), {"unit": unit})
    return result


def _offset_minutes(column: pd.Series) -> pd.Series | None:
    """The UTC offset (minutes) each timestamp was written with, when any is not UTC: from
    ISO-8601 text ("…+02:00", "…Z") or a time-zone-aware column; None otherwise."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        if str(column.dt.tz) in ("UTC", "UTC+00:00", "+00:00"):
            return None
        local = column.dt.tz_localize(None).astype("datetime64[us]").to_numpy()
        utc = column.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
        minutes = (local - utc.to_numpy()) // np.timedelta64(1, "m")
        return pd.Series(minutes.astype(np.int16), index=column.index)
    if column.dtype.kind in "biufcmM":
        return None
    text = pa.array(column.astype("str"), type=pa.string(), from_pandas=True)
    tails = pc.struct_field(pc.extract_regex(text, _OFFSET_TAIL), [0]).to_pandas()
    codes, uniques = pd.factorize(tails)
    minutes = np.array([_tail_minutes(str(u)) for u in uniques] + [0], dtype=np.int16)
    found = minutes[np.where(codes < 0, len(uniques), codes)]
    if not found.any():
        return None
    return pd.Series(found, index=column.index)


def _tail_minutes(tail: str) -> int:
    """"+02:00", "-0530", "+2", "Z" → minutes east of UTC."""
    if tail in ("Z", "z"):
        return 0
    digits = tail[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    value = int(hours) * 60 + int(minutes)
    return -value if tail.startswith("-") else value


def _strptime(text: pd.Series, fmt: str, aware: bool) -> pd.Series:
    """Parse with an explicit format: Arrow's C++ parser (fast), pandas' for zone offsets."""
    if aware:
        return pd.Series(pd.to_datetime(text, format=fmt, errors="coerce", utc=True))
    parsed = pc.strptime(pa.array(text), format=fmt, unit="us", error_is_null=True)
    return pd.Series(parsed.to_pandas(), index=text.index).astype("datetime64[us]")


def _flag(bad: np.ndarray, labels: Callable[[np.ndarray], list[str]], relative: str, name: str,
          problems: EventProblems, unit: str, expected: str, fix: str) -> None:
    if bad.any():
        problems.add((relative, name, "timestamp"), labels(np.flatnonzero(bad)), int(bad.sum()),
                     {"unit": unit, "expected": expected, "fix": fix})


def _localise(naive: pd.Series, relative: str, name: str, timezone: str | None,
              problems: EventProblems) -> pd.Series:
    """Naive local times → UTC; ambiguous times (DST end) are read as the first occurrence."""
    known = int(naive.notna().sum())
    if timezone is None:
        if known:
            problems.add((relative, name, "timezone"), [], known, {})
        return pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us, UTC]")
    local = naive.dt.tz_localize(timezone, ambiguous=np.ones(len(naive), dtype=bool),
                                 nonexistent="shift_forward")
    return pd.Series(local.dt.tz_convert("UTC").astype("datetime64[us, UTC]"))
