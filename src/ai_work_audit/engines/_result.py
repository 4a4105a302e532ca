"""What every engine returns (hiring sufficient statistics), and its one failure error."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ai_work_audit.engines._counts import APPLICANTS, POSITIVES, SELECTED, TRUE_POSITIVES
from ai_work_audit.errors import AuditError

MSG_ENGINE_FAILED = ("the {engine} engine failed while computing the audit's counts ({reason}). "
                     "Nothing was recorded. {fix}")


class EngineError(AuditError):
    """A failure inside an engine (a Spark executor, the database): one message, no stack."""


@dataclass(frozen=True)
class CountedInput:
    """Hiring sufficient statistics and what the document records about their input."""

    counts: dict[str, list[Any]]
    median: float | None
    rows: int
    sha256: str
    name: str
    #: How errors name the input (file or table; never a URL with credentials).
    source: str
    #: Input warnings (``vocab.Message``), e.g. category names normalised.
    warnings: list[Any] = field(default_factory=list)


def counts_digest(counts: dict[str, list[Any]]) -> str:
    """SHA-256 of the sufficient statistics (what identifies an input never read here)."""
    return hashlib.sha256(json.dumps(counts, sort_keys=True, default=str).encode()).hexdigest()


def middle_of(n: int, low: float, at_or_below: int, following: float | None) -> float:
    """The median of an even sample from its lower middle value ``low``: the mean of ``low``
    and the next value in order (``low`` again when it repeats past the middle)."""
    high = low if at_or_below >= n // 2 + 1 or following is None else float(following)
    return float(np.median(np.array([low, high], dtype=np.float64)))


def counts_table(rows: Sequence[Any], keys: list[str], *, label: bool) -> dict[str, list[Any]]:
    """Rows of (keys, counts) → the column table the hiring audit reads, sorted by keys."""
    ordered = sorted(rows, key=lambda r: tuple((r[k] is None, r[k] or "") for k in keys))
    measures = [APPLICANTS, SELECTED] + ([POSITIVES, TRUE_POSITIVES] if label else [])
    out: dict[str, list[Any]] = {k: [r[k] for r in ordered] for k in keys}
    for m in measures:
        out[m] = [int(r[m] or 0) for r in ordered]
    return out
