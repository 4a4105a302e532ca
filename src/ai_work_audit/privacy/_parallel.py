"""Tier 2 across all cores: Presidio in worker processes (design.md, "Defaults and scale").

Each worker builds its analyzers once (a model per process, platform-notes.md) and receives
parts of a list of texts; it sends back entity types and offsets only. spaCy's own
``n_process`` was slower here because it ships documents between processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol, TypeVar

from ai_work_audit.errors import AuditError, ConfigError
from ai_work_audit.privacy._detect import Entity, Language, Mode, detect_pii
from ai_work_audit.privacy._engine import DetectionConfig
from ai_work_audit.privacy._roster import Roster

#: Texts in one call before worker processes are started (each takes seconds to load its
#: analyzer; Presidio takes ≈ 3 ms per text on these machines).
START_TEXTS = 1_000
#: Texts in one call, once the workers run, below which this process analyses them itself.
SHARE_TEXTS = 64

WORKER_STOPPED = ("a personal-data scanning process stopped before finishing (out of memory, or "
                  "a Python script without an `if __name__ == \"__main__\":` guard); run again "
                  "with --jobs 1 (jobs=1), or with fewer jobs.")

T = TypeVar("T")
_roster: Roster | None = None
_config: DetectionConfig | None = None


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def check_jobs(jobs: int | None) -> int:
    """``--jobs``: a positive number of processes, or None for every usable core."""
    if jobs is None:
        return usable_cores()
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ConfigError(f"--jobs must be a whole number of processes, 1 or more; got {jobs!r} "
                          "instead.")
    return jobs


def _start_worker(roster: Roster | None, config: DetectionConfig | None) -> None:
    global _roster, _config
    _roster, _config = roster, config


def _detect_part(texts: list[str], language: Language, mode: Mode = "full"
                 ) -> list[list[Entity]]:
    return list(detect_pii(texts, language=language, roster=_roster, config=_config,
                           mode=mode))


class TextDetector(Protocol):
    """What runs tier 2 for ``scan_texts_fast``: this ``AnalysisPool``, or an engine's
    (``engines.SparkAnalysisPool``); the results are ``detect_pii``'s, in order."""

    def detect(self, texts: Sequence[str], *, language: Language, mode: Mode = "full"
               ) -> list[list[Entity]]: ...

    def close(self) -> None: ...


class AnalysisPool:
    """``detect_pii`` over lists of texts, shared by this process and ``jobs - 1`` workers.

    The first call with at least ``start_texts`` texts starts the workers, which load their
    analyzers in the background while this process goes on alone; once they are ready, every
    call with at least ``share_texts`` texts is split in ``jobs`` equal parts, one done here.
    Smaller calls, ``jobs=1`` and calls before the workers are ready run in this process.
    The results are exactly ``detect_pii``'s, in order. Use as a context manager. Workers are
    spawned (fresh interpreters): a script using a pool needs ``if __name__ == "__main__":``.
    """

    def __init__(self, jobs: int | None = None, *, roster: Roster | None = None,
                 config: DetectionConfig | None = None, start_texts: int | None = None,
                 share_texts: int | None = None) -> None:
        self.jobs = check_jobs(jobs)
        self.roster = roster
        self.config = config
        self.start_texts = START_TEXTS if start_texts is None else start_texts
        self.share_texts = SHARE_TEXTS if share_texts is None else share_texts
        #: Calls whose texts were shared with the workers (for progress and tests).
        self.shared_calls = 0
        self._executor: Executor | None = None
        self._warming: list[Future[list[list[Entity]]]] = []

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def started(self) -> bool:
        """Whether the worker processes run."""
        return self._executor is not None

    def ready(self, timeout: float | None = 0.0) -> bool:
        """Whether the workers have loaded their analyzers (waiting up to ``timeout`` s).
        A worker that failed to start raises its error here."""
        if self._executor is None:
            return False
        done, _ = wait(self._warming, timeout=timeout)
        for future in done:
            self._result(future)
        return len(done) == len(self._warming)

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
            self._warming = []

    def detect(self, texts: Sequence[str], *, language: Language, mode: Mode = "full"
               ) -> list[list[Entity]]:
        """One list of Entity per text, as ``detect_pii(texts, ..., mode=mode)``."""
        if self.jobs > 1 and not self.started and len(texts) >= self.start_texts:
            self._start(language)
        if not (self.started and len(texts) >= self.share_texts and self.ready()):
            return self._here(texts, language, mode)
        assert self._executor is not None
        size = -(-len(texts) // self.jobs)
        parts = [list(texts[i:i + size]) for i in range(0, len(texts), size)]
        sent = [self._executor.submit(_detect_part, part, language, mode)
                for part in parts[1:]]
        found = self._here(parts[0], language, mode)
        for future in sent:
            part_found: list[list[Entity]] = self._result(future)
            found.extend(part_found)
        self.shared_calls += 1
        return found

    def _here(self, texts: Sequence[str], language: Language, mode: Mode = "full"
              ) -> list[list[Entity]]:
        return list(detect_pii(texts, language=language, roster=self.roster,
                               config=self.config, mode=mode))

    def _start(self, language: Language) -> None:
        workers = self.jobs - 1
        # spawn: a fresh interpreter, safe whatever threads (Arrow's) this process runs
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(self.roster, self.config))
        self._warming = [self._executor.submit(_detect_part, ["warm up"], language)
                         for _ in range(workers)]

    def _result(self, future: Future[T]) -> T:
        try:
            return future.result()
        except BrokenProcessPool:
            self.close()
            raise AuditError(WORKER_STOPPED) from None
