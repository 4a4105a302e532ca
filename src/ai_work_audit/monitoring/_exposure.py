"""Exposure in workers, not in events or shares of the log (issue 11; rulebook "Passive capture
and worker-initiated activity"): for each monitoring finding that judges a practice (keylogger,
keystroke counts, idle or productivity metrics, emotion inference, full URLs, records past
retention), how many workers it concerns, beside its events, and the event types concerned.

Reads the accumulator's per-(event type, worker) state; counts only, never a worker id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ai_work_audit.findings import MetricValue
from ai_work_audit.monitoring._intensity import IDLE_TYPES
from ai_work_audit.monitoring._summary import EventSummary


@dataclass(frozen=True)
class PairCounts:
    """Counts per (event type, worker code) pair — codes, never worker ids; not in the
    document. ``types``: the event type of each pair; ``workers``: its worker code."""

    types: np.ndarray
    workers: np.ndarray
    events: np.ndarray
    with_content: np.ndarray
    past_limit: np.ndarray

    def workers_with(self, event_types: Iterable[str], column: str = "events") -> int:
        """Distinct workers with at least one event (or one of ``column``: ``with_content``,
        ``past_limit``) of the given event types."""
        wanted = np.isin(self.types, list(event_types)) & (getattr(self, column) > 0)
        return len(np.unique(self.workers[wanted]))

    def events_of(self, event_types: Iterable[str], column: str = "events") -> int:
        wanted = np.isin(self.types, list(event_types))
        return int(getattr(self, column)[wanted].sum())


def pair_counts(core: EventSummary, content_keys: np.ndarray, content_counts: np.ndarray,
                past_keys: np.ndarray, past_counts: np.ndarray, worker_bits: int) -> PairCounts:
    """Every (type, worker) pair of the log with its events, events with content and events
    past their retention limit. ``content_keys``/``past_keys`` use the accumulator's
    first-appearance type codes (``type << worker_bits | worker``)."""
    width = max(core.n_workers, 1)
    mask = (1 << worker_bits) - 1
    # re-key the accumulator's pairs on the summary's sorted type codes
    def rekey(keys: np.ndarray) -> np.ndarray:
        if not len(keys):
            return np.zeros(0, dtype=np.int64)
        return np.asarray(core.remap[keys >> worker_bits] * width + (keys & mask))

    keys = core.pair_keys
    content = _aligned(keys, rekey(content_keys), content_counts)
    past = _aligned(keys, rekey(past_keys), past_counts)
    names = np.asarray(core.types, dtype=object)
    return PairCounts(types=names[keys // width] if len(keys) else np.zeros(0, dtype=object),
                      workers=keys % width, events=core.pair_counts, with_content=content,
                      past_limit=past)


def _aligned(keys: np.ndarray, other: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``counts`` of ``other`` keys placed on the sorted ``keys`` (0 where absent)."""
    out = np.zeros(len(keys), dtype=np.int64)
    if len(other):
        position = np.searchsorted(keys, other)
        out[position] = counts
    return out


def idle_pairs(core: EventSummary, pair_median: pd.Series, threshold: float) -> np.ndarray:
    """Pair keys (sorted type codes) of idle or productivity metrics measured every
    ``threshold`` seconds or more often (rulebook WP-10, CNIL 2023)."""
    fine = pair_median[pair_median <= threshold].index.to_numpy()
    idle_codes = [core.types.index(t) for t in IDLE_TYPES if t in core.types]
    width = max(core.n_workers, 1)
    return np.asarray(fine[np.isin(fine // width, idle_codes)], dtype=np.int64)


def _names(types: Iterable[str]) -> str | None:
    names = sorted(set(types))
    return ", ".join(names) if names else None


def exposure_facts(core: EventSummary, pairs: PairCounts, pair_median: pd.Series,
                   idle_interval_s: float, limited: Iterable[str]) -> dict[str, MetricValue]:
    """The workers (and, where a finding needs them, the event types) of each exposure;
    ``limited``: the event types with a retention limit."""
    width = max(core.n_workers, 1)
    keystroke = pairs.types == "keystroke"
    count_only = keystroke & (pairs.events > pairs.with_content)
    fine = np.isin(core.pair_keys, idle_pairs(core, pair_median, idle_interval_s))
    past = pairs.past_limit > 0
    limited_types = set(limited)
    return {
        "surveillance.keystroke_content_workers": pairs.workers_with(["keystroke"],
                                                                     "with_content"),
        "surveillance.keystroke_count_workers": len(np.unique(pairs.workers[count_only])),
        "surveillance.idle_metric_workers": len(np.unique(core.pair_keys[fine] % width)),
        "surveillance.idle_metric_types": _names(pairs.types[fine]),
        "privacy.emotion_inference_workers": pairs.workers_with(["emotion"]),
        "retention.workers_past_limit": len(np.unique(pairs.workers[past])),
        "retention.types_past_limit": _names(t for t in pairs.types[past]
                                              if t in limited_types),
    }
