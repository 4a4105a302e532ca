"""The folded counts every surveillance metric reads: per event type, per (type, worker, local
day) triple, and the workers in order of first appearance (``SurveillanceAccumulator``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd


def per_type(first_type: np.ndarray, counts: np.ndarray, ordered: list[int]) -> np.ndarray:
    """Events per event type (in ``ordered``: sorted names) from the triple counts."""
    totals = np.bincount(first_type, weights=counts, minlength=len(ordered))
    return np.asarray(totals.astype(np.int64)[ordered], dtype=np.int64)


@dataclass
class EventSummary:
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



def number(value: Any) -> float | int | None:
    """A JSON number: None for missing, an int when whole, else rounded to 6 decimals."""
    if value is None or pd.isna(value):
        return None
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 6)

