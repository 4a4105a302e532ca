"""Monitoring folds merged from parts of a log equal one fold over the whole log, whatever the
order of the merges (the Spark engine folds one part per executor task; issue 14)."""

from __future__ import annotations

import itertools
import random
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_work_audit.monitoring._accumulator import (
    PairIntervals,
    SurveillanceAccumulator,
    pair_gaps,
)
from ai_work_audit.monitoring._working_time import WorkingTime

KINDS = ["logon", "url", "email", "screenshot", "keystroke", "idle", "webcam"]
ROSTER = pd.DataFrame({"worker_id": [f"w{i}" for i in range(8)],
                       "department": ["a", "a", "b", "b", "b", "c", "c", "a"]})
RETENTION = {"screenshot": "3 days", "keystroke": "1 months"}


def _events(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    workers = int(rng.integers(2, 40))
    start = pd.Timestamp("2026-03-02", tz="UTC").value // 1000
    stamps = start + rng.integers(0, 9 * 86_400, n) * 1_000_000
    contents = np.array(["", None, "host/path/x", "https://a.example/x?q=1", "note"],
                        dtype=object)
    return pd.DataFrame({
        "timestamp": pd.to_datetime(stamps, unit="us", utc=True),
        "worker_id": pd.Series([f"w{i}" for i in rng.integers(0, workers, n)], dtype="str"),
        "event_type": pd.Series(np.array(KINDS)[rng.integers(0, len(KINDS), n)], dtype="str"),
        "content": pd.Series(contents[rng.integers(0, len(contents), n)], dtype="str"),
    })


def _report(acc: SurveillanceAccumulator) -> dict[str, Any]:
    """The document's ``surveillance`` and the facts (per-worker exposure counts included)."""
    report = acc.report(roster=ROSTER, retention=RETENTION, roster_id_column="worker_id",
                        group_columns=["department"], small_group=2)
    return {**report.to_dict(), "facts": report.facts}


def _parts(frame: pd.DataFrame, cuts: list[int], zone: str | None,
           spill_rows: int | None = None) -> list[SurveillanceAccumulator]:
    bounds = [0, *sorted(set(cuts)), len(frame)]
    parts = []
    for number, (low, high) in enumerate(itertools.pairwise(bounds)):
        acc = SurveillanceAccumulator(timezone=zone, working_time=WorkingTime(),
                                      spill_rows=spill_rows, buckets=3)
        acc.origin = (number,)
        if high > low:
            acc.add(frame.iloc[low:high].reset_index(drop=True))
        parts.append(acc)
    return parts


def _tree_merge(parts: list[Any], order: random.Random) -> Any:
    """Merge any two of the parts (adjacent or not, either as the receiver) until one is
    left: the result must not depend on the order."""
    parts = list(parts)
    while len(parts) > 1:
        one, other = order.sample(range(len(parts)), 2)
        receiver, given = parts[one], parts[other]
        parts = [p for i, p in enumerate(parts) if i not in (one, other)]
        parts.append(receiver.merge(given))
    return parts[0]


def _whole(frame: pd.DataFrame, zone: str | None) -> dict[str, Any]:
    with SurveillanceAccumulator(timezone=zone, working_time=WorkingTime()) as acc:
        acc.add(frame)
        return _report(acc)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(1, 300),
       cuts=st.lists(st.integers(0, 300), max_size=4), order=st.randoms(use_true_random=False),
       zone=st.sampled_from(["UTC", "Europe/Paris", "America/New_York"]),
       spill=st.sampled_from([None, 7]))
def test_merge_in_any_order_equals_one_pass(seed: int, n: int, cuts: list[int],
                                            order: random.Random, zone: str,
                                            spill: int | None) -> None:
    frame = _events(seed, n)
    expected = _whole(frame, zone)
    parts = _parts(frame, [c for c in cuts if c < n], zone, spill)
    merged = _tree_merge(parts, order)
    assert merged.worker_ids == list(dict.fromkeys(frame["worker_id"]))
    assert _report(merged) == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), n=st.integers(2, 200),
       cuts=st.lists(st.integers(0, 200), max_size=3), order=st.randoms(use_true_random=False))
def test_merge_of_serialised_states_with_intervals_from_the_records(
        seed: int, n: int, cuts: list[int], order: random.Random) -> None:
    """States without their records (what executors send) merge to the same counts; the
    intervals computed over the records grouped by worker complete the same report."""
    frame = _events(seed, n)
    expected = _whole(frame, "Europe/Paris")
    parts = _parts(frame, [c for c in cuts if c < n], "Europe/Paris")
    # the records, by names (as the executors regroup them by worker)
    records = frame.assign(utc=frame["timestamp"].astype("datetime64[us, UTC]").astype("int64"))
    merged = _tree_merge([SurveillanceAccumulator.from_bytes(p.to_bytes()) for p in parts],
                         order)
    assert not merged.has_records
    cutoffs = merged.retention_cutoffs(RETENTION, None)
    medians: dict[tuple[str, str], float] = {}
    past: dict[str, int] = {}
    past_pairs: dict[tuple[str, str], int] = {}
    for _, group in records.groupby(records["worker_id"].str[-1:].astype(int) % 2):
        types, names = pd.factorize(group["event_type"])
        workers, ids = pd.factorize(group["worker_id"])
        data = np.empty(len(group), dtype=[("pair", "<u4"), ("utc", "<i8")])
        data["pair"] = (types.astype(np.uint32) << 24) | workers.astype(np.uint32)
        data["utc"] = group["utc"].to_numpy()
        low = np.iinfo(np.int64).min
        median, counts, by_pair = pair_gaps(data, np.array([cutoffs.get(t, low) for t in names]))
        for key, value in median.items():
            medians[(names[int(key) >> 24], ids[int(key) & 0xFFFFFF])] = float(value)
        for key, value in by_pair.items():
            past_pairs[(names[int(key) >> 24], ids[int(key) & 0xFFFFFF])] = int(value)
        for code, count in enumerate(counts):
            past[names[code]] = past.get(names[code], 0) + int(count)
    merged.intervals = PairIntervals(medians, past, past_pairs)
    assert _report(merged) == expected


def test_round_trip_keeps_the_records() -> None:
    frame = _events(5, 120)
    acc = _parts(frame, [], "UTC")[0]
    again = SurveillanceAccumulator.from_bytes(acc.to_bytes(records=True))
    assert again.has_records and _report(again) == _report(acc)
    assert SurveillanceAccumulator.from_bytes(acc.to_bytes()).has_records is False


def test_different_working_times_do_not_merge() -> None:
    one = SurveillanceAccumulator(timezone="UTC")
    other = SurveillanceAccumulator(timezone="UTC",
                                    working_time=WorkingTime.parse("09:00-17:00"))
    with pytest.raises(ValueError, match="working times"):
        one.merge(other)


def test_without_records_or_intervals_the_report_says_so() -> None:
    acc = SurveillanceAccumulator.from_bytes(_parts(_events(1, 10), [], "UTC")[0].to_bytes())
    with pytest.raises(ValueError, match="needs intervals"):
        _report(acc)


# --- the whole fold (personal-data scan and surveillance), as the Spark engine merges it ----

TEXTS = ["mail jane.doe@example.com now", "call +33 6 12 34 56 78", "nothing here",
         "write to bob.smith@example.org", "ring +1 212 555 0134 today", None,
         "ann.lee@example.net and +44 20 7946 0958", "see x.y@example.com"]


def _log(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = _events(seed, n).sort_values("timestamp", kind="stable").reset_index(drop=True)
    frame["content"] = pd.Series(np.array(TEXTS, dtype=object)[rng.integers(0, len(TEXTS), n)],
                                 dtype="str")
    frame["recipients"] = pd.Series([None] * n, dtype="str")
    frame["source"] = "test"
    return frame


def _fold_view(fold: Any) -> dict[str, Any]:
    return {"events": fold.events, "by_type": fold.by_type, "sums": fold.sums,
            "workers": {k: len(v) for k, v in fold.sum_workers.items()},
            "samples": fold.samples, "distinct": fold.distinct_texts,
            "urls": fold.sensitive_url_records, "first": fold.first, "last": fold.last,
            "surveillance": _report(fold.surveillance) if fold.surveillance.has_records
            else None}


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1000), n=st.integers(1, 120),
       cuts=st.lists(st.integers(0, 120), max_size=3), order=st.randoms(use_true_random=False))
def test_log_folds_merge_in_any_order(seed: int, n: int, cuts: list[int],
                                      order: random.Random) -> None:
    """Parts scanned apart (each with its own text cache, as executor tasks), serialised and
    merged in any order: the same counts, worker sets and first samples as one pass."""
    pytest.importorskip("presidio_analyzer")
    from ai_work_audit.monitoring._scan import TextCache, scan_batch
    from ai_work_audit.monitoring._stream import LogFold

    types = ("EMAIL_ADDRESS", "PHONE_NUMBER")
    frame = _log(seed, n)
    bounds = [0, *sorted({c for c in cuts if c < n}), n]
    whole = LogFold(timezone="UTC", working_time=WorkingTime(), sample_types=types,
                    samples_per_type=2)
    cache = TextCache(100)
    states = []
    for number, (low, high) in enumerate(itertools.pairwise(bounds)):
        part = LogFold(timezone="UTC", working_time=WorkingTime(), sample_types=types,
                       samples_per_type=2)
        part.surveillance.origin = (number,)
        chunk = frame.iloc[low:high].reset_index(drop=True)
        if len(chunk):
            whole.add(chunk, scan_batch(chunk, language="en", roster=None, cache=cache,
                                        sample_types=types))
            part.add(chunk, scan_batch(chunk, language="en", roster=None,
                                       cache=TextCache(100), sample_types=types))
        states.append(part.to_bytes())
    merged = _tree_merge([LogFold.from_bytes(state) for state in states], order)
    expected = _fold_view(whole)
    expected["surveillance"] = None
    assert _fold_view(merged) == expected
    assert merged.surveillance.worker_ids == whole.surveillance.worker_ids
