"""A monitoring log audited chunk by chunk, in bounded memory (design.md, "Defaults and scale").

``sources.LogInput`` reads the log in chunks of canonical events and keeps what reading reported
(files, warnings, input problems — all collected before raising, as ``load_events`` does).
``LogFold``
folds each chunk's ``BatchScan`` (``monitoring._scan.scan_batch``) into running aggregates:
counts per entity type, the codes of the workers exposed, flag sums, the first samples, first
and last timestamps; the surveillance metrics go to a ``SurveillanceAccumulator``. What stays in
memory grows with the numbers of workers, event types, days and distinct texts (a 64-bit hash
each) — not with the number of events.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa

from ai_work_audit.monitoring._accumulator import SurveillanceAccumulator
from ai_work_audit.monitoring._scan import (
    DIRECT_IDENTIFIERS,
    SPECIAL_CATEGORIES,
    TRADE_UNION,
    BatchScan,
)
from ai_work_audit.monitoring._working_time import WorkingTime
from ai_work_audit.sources import STREAM_BATCH_ROWS

#: Rows per chunk of a streamed log.
BATCH_ROWS = STREAM_BATCH_ROWS
#: Distinct texts whose tier-2 result is remembered across chunks.
CACHE_TEXTS = 200_000


def _libc_trim() -> ctypes._NamedFuncPointer | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # glibc only
    except (OSError, AttributeError):
        return None


_TRIM = _libc_trim()


def release_memory() -> None:
    """Give the memory freed by a finished chunk back to the system (Arrow's pool, and glibc's
    heap where there is one), so that a long stream does not ratchet its peak up through
    fragmentation."""
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)


_SUMS = ("special", "union", "direct", "any_pii", "prohibited", "union_recipient",
         "private_message_content", "sensitive_url", "recipient_address")


class LogFold:
    """Running aggregates of the personal-data scan and the surveillance metrics."""

    def __init__(self, *, timezone: str | None, working_time: WorkingTime,
                 sample_types: Sequence[str], samples_per_type: int = 2) -> None:
        self.surveillance = SurveillanceAccumulator(timezone=timezone,
                                                    working_time=working_time)
        self.events = 0
        self.records_by_type: dict[str, int] = {}
        self.workers_by_type: dict[str, set[int]] = {}
        self.sums = dict.fromkeys(_SUMS, 0)
        #: Per sum, the codes of the workers whose records it counts (exposure in workers).
        self.sum_workers: dict[str, set[int]] = {name: set() for name in _SUMS}
        self._sensitive_url = {True: 0, False: 0}
        self._url_column = False
        self._hashes = np.zeros(0, dtype=np.uint64)
        self.sample_types = tuple(sample_types)
        self.samples_per_type = samples_per_type
        self._samples: dict[str, list[str]] = {}
        self._sampled: set[tuple[str, int]] = set()
        self.first: pd.Timestamp | None = None
        self.last: pd.Timestamp | None = None

    def add(self, events: pd.DataFrame, scan: BatchScan) -> None:
        """Fold one chunk and its scan."""
        workers = self.surveillance.add(events)
        self.events += len(events)
        if len(scan.type_sets) > 1:
            records = np.bincount(scan.set_codes, minlength=len(scan.type_sets))
            width = int(workers.max()) + 1
            pairs = np.unique(scan.set_codes[scan.set_codes != 0].astype(np.int64) * width
                              + workers[scan.set_codes != 0])
            bounds = np.searchsorted(pairs // width, np.arange(len(scan.type_sets) + 1))
            for code, types in enumerate(scan.type_sets):
                exposed = (pairs[bounds[code]:bounds[code + 1]] % width).tolist()
                for kind in types:
                    self.records_by_type[kind] = (self.records_by_type.get(kind, 0)
                                                  + int(records[code]))
                    self.workers_by_type.setdefault(kind, set()).update(exposed)
        flags = scan.flags
        special = scan.mask(SPECIAL_CATEGORIES)
        union = scan.mask((TRADE_UNION,))
        emotion = (events["event_type"].astype(str) == "emotion").to_numpy(dtype=bool)
        masks = {
            "special": special,
            "union": union,
            "direct": scan.mask(DIRECT_IDENTIFIERS) | flags["email_worker_id"],
            "any_pii": scan.set_codes != 0,
            "prohibited": (special | union | emotion | flags["union_recipient"]
                           | flags["private_message_content"]),
            "union_recipient": flags["union_recipient"],
            "private_message_content": flags["private_message_content"],
            "sensitive_url": flags["sensitive_url"],
            "recipient_address": flags["recipient_address"],
        }
        for name, mask in masks.items():
            self.sums[name] += int(mask.sum())
            if mask.any():
                self.sum_workers[name].update(np.unique(workers[mask]).tolist())
        self._sensitive_url[scan.url_column] += int(flags["sensitive_url"].sum())
        self._url_column = self._url_column or scan.url_column
        self._hashes = np.union1d(self._hashes, scan.text_hashes)
        for kind, key, text in scan.samples:
            kept = self._samples.setdefault(kind, [])
            if len(kept) < self.samples_per_type and (kind, key) not in self._sampled:
                kept.append(text)
                self._sampled.add((kind, key))
        stamps = events["timestamp"]
        first, last = stamps.min(), stamps.max()
        self.first = first if self.first is None or first < self.first else self.first
        self.last = last if self.last is None or last > self.last else self.last

    @property
    def distinct_texts(self) -> int:
        return len(self._hashes)

    @property
    def sensitive_url_records(self) -> int:
        """As over one frame: from the ``url`` column when any chunk has one, else content."""
        return self._sensitive_url[True] if self._url_column else self._sensitive_url[False]

    @property
    def by_type(self) -> dict[str, dict[str, int]]:
        """Per entity type: records and distinct workers exposed (counts only)."""
        return {kind: {"records": self.records_by_type[kind],
                       "workers": len(self.workers_by_type[kind])}
                for kind in sorted(self.records_by_type)}

    @property
    def samples(self) -> dict[str, list[str]]:
        """Redacted samples per type, in the order of ``sample_types``."""
        return {kind: self._samples[kind] for kind in self.sample_types
                if self._samples.get(kind)}

    def close(self) -> None:
        self.surveillance.close()
