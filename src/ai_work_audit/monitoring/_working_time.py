"""Working time: hours and days of work, and whether an event's local time falls inside them.

rulebook.md WP-03: events outside working time (and on leave) are counted; local times come
from ``--timezone``, else from each event's recorded UTC offset (``RECORDED_OFFSETS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

import numpy as np

from ai_work_audit.errors import ConfigError

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
US_PER_S = 1_000_000
#: ``parameters.timezone`` when local times came from each event's recorded UTC offset.
RECORDED_OFFSETS = "recorded-offsets"
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


def in_working_time(second_of_day: np.ndarray, weekday: np.ndarray,
                     work: WorkingTime) -> np.ndarray:
    """Whether each local time (second of day, weekday 0 = Monday) is inside working time."""
    start = work.start.hour * 3600 + work.start.minute * 60 + work.start.second
    end = (work.end.hour * 3600 + work.end.minute * 60 + work.end.second
           + work.end.microsecond / US_PER_S)
    sod = second_of_day
    # a shift past midnight when end < start
    hours = (sod >= start) & (sod < end) if start <= end else (sod >= start) | (sod < end)
    days = np.isin(weekday, sorted(work.days))
    return np.asarray(hours & days)

