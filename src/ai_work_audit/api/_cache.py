"""Small in-process caches of the read path: API keys (short TTL), finished audits and their
rendered views (immutable once done), and the buffered access log."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._db import AccessLogRow, session_scope

K = TypeVar("K")
V = TypeVar("V")


class LRU(Generic[K, V]):
    """A thread-safe least-recently-used map, with an optional time to live."""

    def __init__(self, size: int, ttl_s: float | None = None) -> None:
        self.size, self.ttl_s = size, ttl_s
        self.items: OrderedDict[K, tuple[float, V]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self.lock:
            found = self.items.get(key)
            if found is None:
                return None
            if self.ttl_s is not None and time.monotonic() - found[0] > self.ttl_s:
                del self.items[key]
                return None
            self.items.move_to_end(key)
            return found[1]

    def put(self, key: K, value: V) -> None:
        with self.lock:
            self.items[key] = (time.monotonic(), value)
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


class AccessLogBuffer:
    """Access-log rows written in batches (every ``interval_s`` and before the log is read or
    the service stops), so that a read costs no database write of its own."""

    def __init__(self, factory: sessionmaker[Session], interval_s: float = 0.25) -> None:
        self.factory, self.interval_s = factory, interval_s
        self.rows: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.flush_lock = threading.Lock()

    def add(self, row: dict[str, Any]) -> None:
        with self.lock:
            self.rows.append(row)

    def pending(self) -> bool:
        return bool(self.rows)

    def flush(self) -> int:
        with self.flush_lock:
            with self.lock:
                rows, self.rows = self.rows, []
            if not rows:
                return 0
            try:
                with session_scope(self.factory) as session:
                    session.add_all([AccessLogRow(**r) for r in rows])
            except Exception:
                with self.lock:  # keep them for the next flush
                    self.rows[:0] = rows
                raise
            return len(rows)
