"""The monitoring audit streams a log chunk by chunk; the result must not depend on the chunks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ai_work_audit.errors import InputError
from ai_work_audit.monitoring import (
    MonitoringOptions,
    SurveillanceAccumulator,
    audit_monitoring,
    measure_surveillance,
)
from ai_work_audit.monitoring._scan import TextCache, scan_batch
from ai_work_audit.sources import load_events
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("stream")
    write_monitoring_data(folder, workers=40, days=10)
    return folder


@pytest.fixture(autouse=True)
def _workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(tmp_path / "ws"))


def _document(folder: Path, batch_rows: int, stages: list[str] | None = None,
              counts: list[int] | None = None) -> dict[str, Any]:
    options = MonitoringOptions(mapping="cert", timezone=TIMEZONE,
                                roster=str(folder / "roster.csv"))
    audit = audit_monitoring(folder, options, stages.append if stages is not None else
                             (lambda _: None), batch_rows=batch_rows,
                             on_events=counts.append if counts is not None else None)
    document = audit.to_dict()
    del document["audit_id"], document["created_at"]
    return document


def test_small_chunks_give_the_same_document(logs: Path) -> None:
    whole = _document(logs, batch_rows=10_000_000)
    stages: list[str] = []
    counts: list[int] = []
    chunked = _document(logs, batch_rows=7_000, stages=stages, counts=counts)
    assert chunked == whole
    assert whole["input"]["events"] > 7_000 * 2
    assert stages.count("scanning events") == len(counts) > 2  # one per chunk
    assert counts == sorted(counts) and counts[-1] == whole["input"]["events"]
    assert stages[-1] == "measuring surveillance"


def test_expected_events_only_when_parquet_metadata_tells(tmp_path: Path, logs: Path) -> None:
    from ai_work_audit.monitoring import expected_events

    assert expected_events(logs) is None  # CSV: unknown without reading
    events = pd.DataFrame({"timestamp": pd.to_datetime(["2026-03-02T10:00:00Z"] * 3),
                           "worker_id": ["a", "b", "c"], "event_type": ["screenshot"] * 3})
    folder = tmp_path / "parquet"
    folder.mkdir()
    events.to_parquet(folder / "one.parquet")
    events.iloc[:2].to_parquet(folder / "two.parquet")
    assert expected_events(folder / "one.parquet") == 3
    assert expected_events(folder) == 5
    (folder / "broken.parquet").write_bytes(b"PAR1 not really")
    assert expected_events(folder) is None


def test_evicted_cache_and_spilled_events_change_nothing(logs: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    whole = _document(logs, batch_rows=10_000_000)
    monkeypatch.setattr("ai_work_audit.monitoring._audit.CACHE_TEXTS", 3)
    monkeypatch.setattr("ai_work_audit.monitoring._accumulator.SPILL_ROWS", 1_000)
    assert _document(logs, batch_rows=2_500) == whole


def test_input_problems_are_all_reported_as_when_loading_at_once(logs: Path) -> None:
    with pytest.raises(InputError) as loading:
        load_events(logs, mapping="cert")
    with pytest.raises(InputError) as streaming:
        audit_monitoring(logs, MonitoringOptions(mapping="cert"), batch_rows=5_000)
    assert str(streaming.value) == str(loading.value)
    assert str(streaming.value).count("--timezone") >= 5  # every file, not just the first


def _frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    stamps = pd.to_datetime(1_740_000_000 + rng.integers(0, 60 * 86_400, n), unit="s", utc=True)
    types = np.array(["screenshot", "keystroke", "url", "idle", "email", "location"])
    pick = rng.integers(0, 4, n)
    return pd.DataFrame({
        "timestamp": pd.Series(stamps).astype("datetime64[us, UTC]"),
        "worker_id": pd.Series(np.char.add("u", rng.integers(0, 50, n).astype(str)), dtype="str"),
        "event_type": pd.Series(types[rng.integers(0, len(types), n)], dtype="str"),
        "content": pd.Series(np.array(["", "typed", None, "intranet.example/a"],
                                      dtype=object)[pick], dtype="str"),
        "url": pd.Series(np.array([None, "https://a.example/", "a.example/p?q", "b.example"],
                                  dtype=object)[pick], dtype="str"),
    })


def test_surveillance_accumulator_equals_one_frame() -> None:
    frame = _frame(30_000, 1)
    roster = pd.DataFrame({"user_id": [f"u{i}" for i in range(50)],
                           "sex": ["F", "M"] * 25,
                           "leave_start": ["2025-03-01"] * 25 + [""] * 25,
                           "leave_end": ["2025-03-10"] * 25 + [""] * 25})
    # the url column only in later chunks: as in one frame, where it exists for every row
    chunks = [frame.iloc[:8_000].drop(columns="url"), frame.iloc[8_000:19_000],
              frame.iloc[19_000:]]
    expected = measure_surveillance(pd.concat(chunks, ignore_index=True), roster=roster,
                                    timezone="Europe/Paris")
    with SurveillanceAccumulator(timezone="Europe/Paris", spill_rows=3_000,
                                 buckets=5) as accumulator:
        for chunk in chunks:
            accumulator.add(chunk.reset_index(drop=True))
        report = accumulator.report(roster=roster)
    assert report == expected
    assert report.facts["privacy.full_url_records"] > 0
    # exposure in workers, folded chunk by chunk and read back from the spilled partitions
    assert 0 < report.facts["privacy.full_url_workers"] <= 50
    assert report.facts["retention.workers_past_limit"] == expected.facts[
        "retention.workers_past_limit"]


def test_scan_batch_is_pure_and_the_cache_only_saves_work() -> None:
    events = pd.DataFrame({
        "timestamp": pd.Series(pd.to_datetime(["2025-03-03T10:00:00Z"] * 6, utc=True)),
        "worker_id": ["a", "b", "a", "c", "jo@corp.example", "b"],
        "event_type": ["email", "chat", "email", "url", "file", "email"],
        "content": ["call me at jane.doe@mail.fr", "ok", None,
                    "https://health-clinic.example/x", "arrêt maladie", "ok"],
        "recipients": ["cse-syndicat@corp.example", None, None, None, None, "x@gmail.com"],
    })
    cache = TextCache(2)
    first = scan_batch(events, language="auto", roster=None, cache=cache,
                       sample_types=("EMAIL_ADDRESS",))
    again = scan_batch(events, language="auto", roster=None, cache=cache)
    plain = scan_batch(events, language="auto", roster=None)
    assert len(cache) == 2 and again.analysed < first.analysed
    for other in (again, plain):
        assert [first.type_sets[c] for c in first.set_codes] == \
            [other.type_sets[c] for c in other.set_codes]
    assert first.mask(("EMAIL_ADDRESS",)).tolist() == [True, False, False, False, False, False]
    assert first.mask(("HEALTH",))[4]
    assert first.flags["union_recipient"].tolist() == [True] + [False] * 5
    assert first.flags["private_message_content"].tolist() == [False] * 5 + [True]
    assert first.flags["email_worker_id"].tolist() == [False] * 4 + [True, False]
    assert [(kind, text) for kind, _, text in first.samples] == [
        ("EMAIL_ADDRESS", "call me at <EMAIL_ADDRESS>")]
    assert len(first.text_hashes) == 4


def test_a_records_ner_depends_on_its_own_event_type_not_its_batch() -> None:
    """NER runs on free-text event types only; the same text under a URL-type event gets
    patterns only, whichever records share its batch or its cache (engines' partitions)."""
    text = "Please ask Marie Dupont about the schedule"
    rows = pd.DataFrame({
        "timestamp": pd.Series(pd.to_datetime(["2025-03-03T10:00:00Z"] * 2, utc=True)),
        "worker_id": ["a", "b"], "event_type": ["url", "email"], "content": [text, text]})

    def kinds(frame: pd.DataFrame, cache: TextCache | None = None) -> list[frozenset[str]]:
        scan = scan_batch(frame.reset_index(drop=True), language="en", roster=None, cache=cache)
        return [scan.type_sets[c] for c in scan.set_codes]

    together = kinds(rows)
    assert "PERSON" not in together[0] and "PERSON" in together[1]
    cache = TextCache()
    assert kinds(rows.iloc[[0]], cache) == [together[0]]  # url first, into the cache
    assert kinds(rows.iloc[[1]], cache) == [together[1]]  # the e-mail still gets NER
