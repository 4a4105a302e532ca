"""Monitoring judged per worker and per modality (rulebook.md, "Passive capture and
worker-initiated activity").

- Passive capture (screenshots, webcam, audio, keystrokes, screen recording, location, emotion
  or productivity scores) outside working time or during leave: a breach on any occurrence,
  reported as workers and events by event type (Directive (EU) 2024/2831 art. 7(1)(c); WP-03).
- Activity the worker started (log-on, e-mail sent, file saved) outside working time: a
  right-to-disconnect measure per worker (Code du travail L2242-17 7°): the share of workers
  whose own started activity falls outside working time more often than ``DISCONNECT_SHARE``;
  the policy pack sets the threshold on that share. Not a prohibition.

Counts only; never a worker id.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ai_work_audit.findings import MetricValue
from ai_work_audit.monitoring._summary import EventSummary, number
from ai_work_audit.sources import PASSIVE, UNCLASSIFIED, WORKER_INITIATED, Modalities

#: A worker is counted for the right to disconnect when more than this share of the activity
#: they started themselves falls outside working time (this project's cut-off, recorded in the
#: document; the pack's rule sets the threshold on the share of workers).
DISCONNECT_SHARE = 0.10


def _types_of(core: EventSummary, modalities: Modalities, kind: str) -> np.ndarray:
    """The (sorted) codes of the event types of one modality."""
    return np.asarray([code for code, name in enumerate(core.types)
                       if modalities.of(name) == kind], dtype=np.int64)


def _by_type(core: EventSummary, t: np.ndarray, w: np.ndarray, n: np.ndarray
             ) -> tuple[int, int, dict[str, dict[str, int]]]:
    """Events, distinct workers and, per event type, events and workers of (t, w, n) rows."""
    if not len(t):
        return 0, 0, {}
    frame = pd.DataFrame({"t": t, "w": w, "n": n})
    per_type = frame.groupby("t").agg(events=("n", "sum"), workers=("w", "nunique"))
    by_type = {core.types[int(code)]: {"events": int(events), "workers": int(workers)}
               for code, events, workers in zip(per_type.index.tolist(),
                                                per_type["events"].tolist(),
                                                per_type["workers"].tolist(), strict=True)}
    return int(frame["n"].sum()), int(frame["w"].nunique()), dict(sorted(by_type.items()))


def _names(by_type: dict[str, dict[str, int]]) -> str | None:
    """``screenshot, webcam``: the event types concerned (no counts: they are in the
    document's section, annotated for disclosure)."""
    return ", ".join(by_type) if by_type else None


def judge_modalities(core: EventSummary, off_keys: np.ndarray, off_counts: np.ndarray,
                     modalities: Modalities, leave: pd.DataFrame | None,
                     worker_bits: int) -> tuple[dict[str, Any], dict[str, Any],
                                                dict[str, MetricValue]]:
    """``passive_capture``, ``right_to_disconnect`` (document sections) and their facts.

    ``off_keys``/``off_counts``: off-hours events per ``type << worker_bits | worker`` key with
    the accumulator's first-appearance type codes (``core.remap`` turns them into sorted
    codes); ``leave``: events on leave per (t, w, day) (``RosterFacts.on_leave_triples``), or
    None without leave periods.
    """
    mask = (1 << worker_bits) - 1
    off_t = core.remap[off_keys >> worker_bits] if len(off_keys) else np.zeros(0, np.int64)
    off_w = off_keys & mask
    passive = _types_of(core, modalities, PASSIVE)
    started = _types_of(core, modalities, WORKER_INITIATED)

    is_passive = np.isin(off_t, passive)
    events, workers, by_type = _by_type(core, off_t[is_passive], off_w[is_passive],
                                        off_counts[is_passive])
    off_hours = {"events": events, "workers": workers, "by_event_type": by_type}
    on_leave: dict[str, Any] | None = None
    leave_events: int | None = None
    leave_workers: int | None = None
    leave_types: str | None = None
    if leave is not None:
        rows = leave[np.isin(leave["t"].to_numpy(), passive)]
        leave_events, leave_workers, leave_by_type = _by_type(
            core, rows["t"].to_numpy(), rows["w"].to_numpy(), rows["n"].to_numpy())
        on_leave = {"events": leave_events, "workers": leave_workers,
                    "by_event_type": leave_by_type}
        leave_types = _names(leave_by_type)
    passive_capture = {
        "event_types": [core.types[int(c)] for c in passive],
        "off_hours": off_hours,
        "on_leave": on_leave,
    }

    # right to disconnect: per worker, the share of the activity they started that falls
    # outside working time
    width = max(core.n_workers, 1)
    pair_t, pair_w = core.pair_keys // width, core.pair_keys % width
    own = np.isin(pair_t, started)
    total = np.bincount(pair_w[own], weights=core.pair_counts[own], minlength=core.n_workers)
    is_started = np.isin(off_t, started)
    off = np.bincount(off_w[is_started], weights=off_counts[is_started],
                      minlength=core.n_workers)
    active = total > 0
    shares = off[active] / total[active]
    above = int((shares > DISCONNECT_SHARE).sum())
    n_active = int(active.sum())
    unclassified = [name for name in core.types if modalities.of(name) == UNCLASSIFIED]
    right_to_disconnect = {
        "event_types": [core.types[int(c)] for c in started],
        "workers_active": n_active,
        "workers_off_hours": int((shares > 0).sum()),
        "workers_above": above,
        "share_above": above / n_active if n_active else None,
        "worker_share_threshold": DISCONNECT_SHARE,
        "off_hours_events": int(off[active].sum()),
        "off_hours_share_per_worker": {
            "median": number(np.median(shares)) if n_active else None,
            "p95": number(np.quantile(shares, 0.95)) if n_active else None,
            "max": number(shares.max()) if n_active else None,
        },
    }
    facts: dict[str, MetricValue] = {
        "surveillance.passive_off_hours_events": events,
        "surveillance.passive_off_hours_workers": workers,
        "surveillance.passive_off_hours_types": _names(by_type),
        "surveillance.passive_on_leave_events": leave_events,
        "surveillance.passive_on_leave_workers": leave_workers,
        "surveillance.passive_on_leave_types": leave_types,
        "surveillance.disconnect_workers_active": n_active,
        "surveillance.disconnect_workers_above": above,
        "surveillance.disconnect_share": above / n_active if n_active else None,
        "surveillance.unclassified_event_types": len(unclassified),
    }
    return passive_capture, right_to_disconnect, facts
