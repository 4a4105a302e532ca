"""The monitoring scan's tier 2 (Presidio/NER) mapped over a Spark cluster.

``SparkAnalysisPool`` has ``privacy.AnalysisPool``'s ``detect``: the distinct texts a chunk
brings (``monitoring._scan.scan_batch`` factorises each chunk and skips the texts its cache
knows) are spread over the executors with ``mapInArrow``; each executor's Python worker builds
its analyzer once (``privacy._engine`` caches it per process) and returns, per text, the types,
offsets, scores and recognizers found — never the text. The results are ``detect_pii``'s, in
order, so the document is the local engine's. Source: Apache Spark, ``DataFrame.mapInArrow``;
Presidio ``BatchAnalyzerEngine``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from ai_work_audit.engines._spark import failures, session
from ai_work_audit.privacy import Entity, Roster, detect_pii

INDEX = "i"
TEXT = "text"
FOUND = "entities"


def _detect_partition(language: str, roster: Roster | None, mode: str = "full") -> Any:
    """The executor step: ``detect_pii`` on each batch of (index, text)."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            texts = batch.column(TEXT).to_pylist()
            found = detect_pii(texts, language=language, roster=roster,  # type: ignore[arg-type]
                               mode=mode)  # type: ignore[arg-type]
            encoded = [json.dumps([[e.type, e.start, e.end, e.score, e.recognizer]
                                   for e in entities]) for entities in found]
            yield pa.RecordBatch.from_pydict({INDEX: batch.column(INDEX),
                                              FOUND: pa.array(encoded, pa.string())})
    return run


class SparkAnalysisPool:
    """``detect(texts, language=...)`` on the executors of a Spark session (tier 2)."""

    def __init__(self, master: str = "local[*]", conf: Sequence[str] = (), *,
                 roster: Roster | None = None) -> None:
        self.roster = roster
        self.spark = session(master, conf)
        #: Calls whose texts went to the executors, and how many texts (tests, progress).
        self.shared_calls = 0
        self.texts_sent = 0

    def __enter__(self) -> SparkAnalysisPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to stop: the session belongs to the process (or to spark-submit)."""

    def detect(self, texts: Sequence[str], *, language: str, mode: str = "full"
               ) -> list[list[Entity]]:
        """One list of Entity per text, as ``detect_pii(texts, ..., mode=mode)``, computed
        remotely."""
        if not texts:
            return []
        table = pa.table({INDEX: pa.array(range(len(texts)), pa.int64()),
                          TEXT: pa.array(list(texts), pa.string())})
        with failures("spark"):
            frame = self.spark.createDataFrame(table)
            parts = max(1, min(len(texts) // 64 + 1,
                               int(self.spark.sparkContext.defaultParallelism)))
            out = frame.repartition(parts).mapInArrow(
                _detect_partition(language, self.roster, mode), f"{INDEX} long, {FOUND} string")
            rows = out.collect()
        self.shared_calls += 1
        self.texts_sent += len(texts)
        found: list[list[Entity]] = [[] for _ in texts]
        for row in rows:
            found[int(row[INDEX])] = [Entity(t, int(s), int(e), float(score), str(rec))
                                      for t, s, e, score, rec in json.loads(row[FOUND])]
        return found
