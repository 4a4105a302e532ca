"""A monitoring log audited chunk by chunk, in bounded memory (design.md, "Defaults and scale").

``sources.LogInput`` reads the log in chunks of canonical events and keeps what reading reported
(files, warnings, input problems — all collected before raising, as ``load_events`` does).
``LogFold``
folds each chunk's ``BatchScan`` (``monitoring._scan.scan_batch``) into running aggregates:
counts per entity type, the codes of the workers exposed, flag sums, the first samples, first
and last timestamps; the surveillance metrics go to a ``SurveillanceAccumulator``. What stays in
memory grows with the numbers of workers, event types, days and distinct texts (a 64-bit hash
each) — not with the number of events. Folds of parts of a log merge exactly (``merge``,
``to_bytes``/``from_bytes``): the Spark engine folds one part per executor task
(``monitoring._partitioned``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import io
import json
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
        #: Per type, where each kept sample stands in the log ((origin…, chunk, rank)): a
        #: merge keeps the first ones of the log whichever way round it is called.
        self._sample_positions: dict[str, list[tuple[int, ...]]] = {}
        self._sample_keys: dict[str, list[int]] = {}
        self._chunks = 0

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
        ranks: dict[str, int] = {}
        for kind, key, text in scan.samples:
            kept = self._samples.setdefault(kind, [])
            rank = ranks[kind] = ranks.get(kind, -1) + 1
            if len(kept) < self.samples_per_type and (kind, key) not in self._sampled:
                kept.append(text)
                self._sampled.add((kind, key))
                self._sample_keys.setdefault(kind, []).append(key)
                self._sample_positions.setdefault(kind, []).append(
                    (*self.surveillance.origin, self._chunks, rank))
        self._chunks += 1
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

    # merging and serialisation (engines: one fold per partition, merged by the driver)

    def _worker_sets(self) -> dict[str, set[str]]:
        ids = self.surveillance.worker_ids
        named = {f"type:{k}": v for k, v in self.workers_by_type.items()}
        named.update({f"sum:{k}": v for k, v in self.sum_workers.items()})
        return {name: {ids[c] for c in codes} for name, codes in named.items()}

    def merge(self, other: LogFold) -> LogFold:
        """Fold ``other`` into this fold (in place; returns it): the aggregates of both parts
        of the log, as one pass over them in ``surveillance.origin`` order would give —
        counts summed, worker sets united, first and last timestamps, the distinct texts,
        and the first samples of the log (by position, so the order of merges does not
        matter). Worker sets are matched by worker id (each part codes its own)."""
        if (self.sample_types, self.samples_per_type) != (other.sample_types,
                                                          other.samples_per_type):
            raise ValueError("folds of different samples cannot be merged")
        sets, theirs = self._worker_sets(), other._worker_sets()
        by_kind: dict[str, list[tuple[tuple[int, ...], int, str]]] = {}
        for fold in (self, other):
            for kind in fold._samples:
                by_kind.setdefault(kind, []).extend(zip(
                    fold._sample_positions[kind], fold._sample_keys[kind],
                    fold._samples[kind], strict=True))
        self.surveillance.merge(other.surveillance)
        codes = self.surveillance._workers
        for name in set(sets) | set(theirs):
            united = {codes[w] for w in sets.get(name, set()) | theirs.get(name, set())}
            group, _, label = name.partition(":")
            if group == "type":
                self.workers_by_type[label] = united
            else:
                self.sum_workers[label] = united
        self.events += other.events
        for kind, count in other.records_by_type.items():
            self.records_by_type[kind] = self.records_by_type.get(kind, 0) + count
        self.records_by_type = dict(sorted(self.records_by_type.items()))
        for name in self.sums:
            self.sums[name] += other.sums[name]
        for flag in (True, False):
            self._sensitive_url[flag] += other._sensitive_url[flag]
        self._url_column = self._url_column or other._url_column
        self._hashes = np.union1d(self._hashes, other._hashes)
        self._samples, self._sampled = {}, set()
        self._sample_positions, self._sample_keys = {}, {}
        for kind, found in sorted(by_kind.items()):
            seen: set[int] = set()
            for position, key, text in sorted(found, key=lambda item: item[0]):
                if key in seen or len(seen) >= self.samples_per_type:
                    continue
                seen.add(key)
                self._samples.setdefault(kind, []).append(text)
                self._sample_keys.setdefault(kind, []).append(key)
                self._sample_positions.setdefault(kind, []).append(position)
                self._sampled.add((kind, key))
        stamps = [t for t in (self.first, other.first) if t is not None]
        self.first = min(stamps) if stamps else None
        stamps = [t for t in (self.last, other.last) if t is not None]
        self.last = max(stamps) if stamps else None
        self._chunks += other._chunks
        return self

    def to_bytes(self) -> bytes:
        """The fold as bytes (its accumulator without the per-event records, NumPy arrays and
        a JSON header; no pickle), for ``from_bytes``. Carries counts, worker ids, text hashes
        and redacted samples only — never an event's content."""
        header = {
            "events": self.events, "records_by_type": self.records_by_type,
            "worker_sets": {k: sorted(v) for k, v in self._worker_sets().items()},
            "sums": self.sums, "sensitive_url": [self._sensitive_url[True],
                                                 self._sensitive_url[False]],
            "url_column": self._url_column, "sample_types": list(self.sample_types),
            "samples_per_type": self.samples_per_type,
            "samples": {kind: [[list(pos), str(key), text] for pos, key, text in zip(
                self._sample_positions[kind], self._sample_keys[kind],
                texts, strict=True)] for kind, texts in self._samples.items()},
            "first": self.first.isoformat() if self.first is not None else None,
            "last": self.last.isoformat() if self.last is not None else None,
            "chunks": self._chunks,
        }
        out = io.BytesIO()
        np.savez(out, header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8),
                 hashes=self._hashes,
                 surveillance=np.frombuffer(self.surveillance.to_bytes(), dtype=np.uint8))
        return out.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LogFold:
        """The fold ``to_bytes`` wrote (its accumulator has no records: see
        ``SurveillanceAccumulator.intervals``)."""
        with np.load(io.BytesIO(data), allow_pickle=False) as stored:
            header = json.loads(stored["header"].tobytes().decode())
            hashes = stored["hashes"].astype(np.uint64)
            surveillance = SurveillanceAccumulator.from_bytes(stored["surveillance"].tobytes())
        fold = cls(timezone=surveillance.zone, working_time=surveillance.work,
                   sample_types=header["sample_types"],
                   samples_per_type=header["samples_per_type"])
        fold.surveillance = surveillance
        codes = surveillance._workers
        fold.events = int(header["events"])
        fold.records_by_type = {k: int(v) for k, v in header["records_by_type"].items()}
        for name, ids in header["worker_sets"].items():
            group, _, label = name.partition(":")
            target = fold.workers_by_type if group == "type" else fold.sum_workers
            target[label] = {codes[w] for w in ids}
        fold.sums = {k: int(v) for k, v in header["sums"].items()}
        fold._sensitive_url = {True: header["sensitive_url"][0],
                               False: header["sensitive_url"][1]}
        fold._url_column = bool(header["url_column"])
        fold._hashes = hashes
        for kind, items in header["samples"].items():
            for pos, key, text in items:
                fold._samples.setdefault(kind, []).append(text)
                fold._sample_keys.setdefault(kind, []).append(int(key))
                fold._sample_positions.setdefault(kind, []).append(tuple(pos))
                fold._sampled.add((kind, int(key)))
        fold.first = pd.Timestamp(header["first"]) if header["first"] else None
        fold.last = pd.Timestamp(header["last"]) if header["last"] else None
        fold._chunks = int(header["chunks"])
        return fold
