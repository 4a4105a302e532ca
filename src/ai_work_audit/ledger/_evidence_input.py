"""Normalise and check the fields of a new evidence entry (texts, level, value, dates).

Problems are collected as messages naming the parameter and the type or length of what was
given — never the value itself (errors.py).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

LEVELS = (0, 25, 50, 75, 100)
LEVEL_MSG = "'level' must be one of 0, 25, 50, 75, 100"
VALUE_MSG = "'value' must be a finite number"
DATE_MSG = "{name!r} must be an ISO-8601 date or date-time such as '2026-03-31'"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _got(message: str, value: object) -> str:
    what = (
        f"a string of {len(value)} characters" if isinstance(value, str) else type(value).__name__
    )
    return f"{message}; got {what} instead"


def _text(
    value: object, limit: int, message: str, problems: list[str], *, multiline: bool = False
) -> str:
    if not isinstance(value, str):
        problems.append(_got(message, value))
        return ""
    text = value.strip()
    bad = (_CONTROL_MULTILINE_RE if multiline else _CONTROL_RE).search(text)
    if not text or len(text) > limit or bad:
        problems.append(_got(message, value))
    return text


def _level(level: object, problems: list[str]) -> int | None:
    if level is None:
        return None
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        got = "another integer" if isinstance(level, int) else type(level).__name__
        problems.append(f"{LEVEL_MSG}; got {got} instead")
        return None
    return level


def _value(value: object, problems: list[str]) -> float | None:
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is None or not math.isfinite(number):
        problems.append(_got(VALUE_MSG, value))
        return None
    return int(number) if isinstance(value, int) else number


def _when(name: str, value: object, problems: list[str]) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        for parse in (date.fromisoformat, datetime.fromisoformat):
            try:
                return parse(value.strip())
            except ValueError:
                continue
    problems.append(_got(DATE_MSG.format(name=name), value))
    return None


def _as_utc(when: datetime | date) -> datetime:
    if not isinstance(when, datetime):
        return datetime(when.year, when.month, when.day, tzinfo=UTC)
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def _iso(when: datetime | date) -> str:
    if isinstance(when, datetime):
        return _as_utc(when).isoformat(timespec="seconds")
    return when.isoformat()
