"""Surveillance metrics on small hand-made logs whose answers are known."""

from __future__ import annotations

import time as clock
from collections.abc import Sequence
from datetime import time

import numpy as np
import pandas as pd
import pytest

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.monitoring import (
    WorkingTime,
    measure_surveillance,
    parse_retention,
)


def _events(rows: list[tuple[str, str, str]], **columns: Sequence[object]) -> pd.DataFrame:
    """(UTC timestamp, worker, event type) rows as canonical events."""
    frame = pd.DataFrame({
        "timestamp": pd.to_datetime([r[0] for r in rows], utc=True).astype(
            "datetime64[us, UTC]"),
        "worker_id": pd.Series([r[1] for r in rows], dtype="str"),
        "event_type": pd.Series([r[2] for r in rows], dtype="str"),
    })
    for name, values in columns.items():
        frame[name] = pd.Series(list(values), dtype="str")
    return frame


# Around the switch to summer time in Paris (Sunday 30 March 2025): 17:30 UTC is 18:30 local
# on Friday (working time) and 19:30 local on Monday (not); 06:30 UTC is 07:30 local on Friday
# (not) and 08:30 local on Monday (working time).
DST_ROWS = [
    ("2025-03-28 06:30", "a", "screenshot"),  # Fri 07:30 CET      off
    ("2025-03-28 17:30", "a", "screenshot"),  # Fri 18:30 CET      on
    ("2025-03-29 10:00", "a", "screenshot"),  # Sat                off
    ("2025-03-30 10:00", "b", "screenshot"),  # Sun                off
    ("2025-03-31 06:30", "b", "screenshot"),  # Mon 08:30 CEST     on
    ("2025-03-31 17:30", "b", "screenshot"),  # Mon 19:30 CEST     off
    ("2025-03-31 16:59", "b", "idle"),        # Mon 18:59 CEST     on
    ("2025-03-31 17:00", "b", "idle"),        # Mon 19:00 CEST     off (end is exclusive)
]


def test_off_hours_share_is_exact_across_a_dst_change() -> None:
    report = measure_surveillance(_events(DST_ROWS), timezone="Europe/Paris")
    assert report.off_hours_events == 5
    assert report.off_hours_share == 5 / 8
    assert report.facts["surveillance.off_hours_share"] == 5 / 8
    assert report.by_event_type["screenshot"]["off_hours_events"] == 4
    utc = measure_surveillance(_events(DST_ROWS), timezone="UTC")
    assert utc.off_hours_events == 4  # read in UTC: the weekend, Fri 06:30 and Mon 06:30
    shifted = measure_surveillance(_events(DST_ROWS), timezone="Europe/Paris",
                                   working_time=WorkingTime.parse("07:00-20:00", "mon-sat"))
    assert shifted.off_hours_events == 1  # only Sunday


@pytest.mark.parametrize(("hours", "days", "expected"), [
    ("08:00-19:00", "mon-fri", WorkingTime(time(8), time(19), frozenset(range(5)))),
    ("9:30-17:45", "mon,wed-fri", WorkingTime(time(9, 30), time(17, 45),
                                              frozenset({0, 2, 3, 4}))),
    ("22:00-06:00", "fri-mon", WorkingTime(time(22), time(6), frozenset({4, 5, 6, 0}))),
])
def test_working_time_parsing(hours: str, days: str, expected: WorkingTime) -> None:
    assert WorkingTime.parse(hours, days) == expected


@pytest.mark.parametrize(("hours", "days"), [("8-19", "mon-fri"), ("08:00-25:00", "mon-fri"),
                                             ("08:00-19:00", "monday-funday"),
                                             ("08:00-19:00", "")])
def test_bad_working_time_is_a_config_error(hours: str, days: str) -> None:
    with pytest.raises(ConfigError, match="--working-"):
        WorkingTime.parse(hours, days)


def test_night_shift_hours_wrap_midnight() -> None:
    rows = [("2025-03-03 23:00", "a", "idle"), ("2025-03-03 12:00", "a", "idle")]
    report = measure_surveillance(_events(rows), timezone="UTC",
                                  working_time=WorkingTime.parse("22:00-06:00", "mon-sun"))
    assert report.off_hours_events == 1


def test_median_interval_is_the_median_over_workers_of_their_median() -> None:
    rows = [("2025-03-03 09:00:00", "a", "screenshot"), ("2025-03-03 09:01:00", "a", "screenshot"),
            ("2025-03-03 09:03:00", "a", "screenshot"),  # a: 60 s, 120 s → 90 s
            ("2025-03-03 10:05:00", "b", "screenshot"), ("2025-03-03 10:00:00", "b", "screenshot"),
            # b: 300 s (unsorted input)
            ("2025-03-04 10:00:00", "c", "screenshot"),  # one event: no interval
            ("2025-03-03 09:00:30", "a", "url")]
    report = measure_surveillance(_events(rows), timezone="UTC")
    shots = report.by_event_type["screenshot"]
    assert shots["events"] == 6 and shots["workers"] == 3
    assert shots["median_interval_s"] == 195  # median of 90 and 300
    # worker-days: a has 3 screenshots on 3 March, b 2, c 1 on 4 March
    assert shots["events_per_worker_day"] == {"median": 2, "p95": 2.9, "max": 3}
    assert report.by_event_type["url"]["median_interval_s"] is None
    assert report.modalities_per_worker == {"median": 1, "max": 2}


def test_idle_metrics_count_only_fine_grained_series() -> None:
    base = pd.Timestamp("2025-03-03 09:00", tz="UTC")
    rows = [(str(base + pd.Timedelta(minutes=i)), "a", "idle") for i in range(10)]
    rows += [(str(base + pd.Timedelta(minutes=5 * i)), "b", "productivity_score")
             for i in range(4)]
    rows += [(str(base + pd.Timedelta(days=i)), "c", "productivity_score") for i in range(3)]
    rows += [(str(base + pd.Timedelta(seconds=10 * i)), "c", "screenshot") for i in range(3)]
    report = measure_surveillance(_events(rows), timezone="UTC")
    assert report.facts["surveillance.idle_metric_events"] == 14  # a (60 s) and b (300 s)
    strict = measure_surveillance(_events(rows), timezone="UTC", idle_interval_s=120)
    assert strict.facts["surveillance.idle_metric_events"] == 10


def test_leave_events_use_local_dates_inclusive() -> None:
    rows = [("2025-03-09 23:30", "a", "keystroke"),  # Mon 10 March 00:30 in Paris: on leave
            ("2025-03-09 22:30", "a", "keystroke"),  # Sun 9 March 23:30 in Paris: not yet
            ("2025-03-12 12:00", "a", "keystroke"),  # on leave
            ("2025-03-14 21:00", "a", "keystroke"),  # Fri 14 22:00 local: last day, on leave
            ("2025-03-14 23:30", "a", "keystroke"),  # Sat 15 00:30 local: back
            ("2025-03-12 12:00", "b", "keystroke"),  # b has no leave
            ("2025-03-12 12:00", "z", "keystroke")]  # not in the roster
    roster = pd.DataFrame({"user_id": ["a", "a", "b"],
                           "leave_start": ["2025-03-10", "2025-03-12", ""],
                           "leave_end": ["2025-03-14", "2025-03-12", ""]})
    report = measure_surveillance(_events(rows), roster=roster, timezone="Europe/Paris")
    assert report.on_leave_events == 3  # overlapping periods count an event once
    assert report.facts["surveillance.on_leave_events"] == 3
    assert report.to_dict()["on_leave_share"] == 3 / 7
    without = measure_surveillance(_events(rows), timezone="Europe/Paris")
    assert without.on_leave_events is None and without.on_leave_share is None


def test_bad_roster_leave_periods_name_rows_not_values() -> None:
    roster = pd.DataFrame({"user_id": ["a", "b", "c"],
                           "leave_start": ["2025-03-10", "SECRET", "2025-03-10"],
                           "leave_end": ["2025-03-14", "2025-03-14", ""]})
    with pytest.raises(InputError) as caught:
        measure_surveillance(_events(DST_ROWS), roster=roster)
    assert "rows 2" in str(caught.value) and "SECRET" not in str(caught.value)
    roster = pd.DataFrame({"user_id": ["a"], "leave_start": ["2025-03-10"], "leave_end": [""]})
    with pytest.raises(InputError, match="both leave_start and leave_end"):
        measure_surveillance(_events(DST_ROWS), roster=roster)
    with pytest.raises(InputError, match="worker id column"):
        measure_surveillance(_events(DST_ROWS), roster=pd.DataFrame({"name": ["x"]}))


def test_intensity_ratio_by_group_with_small_sample_flags() -> None:
    rows = []
    # group A: 5 workers, 2 days, 10 events a day; group B: 6 workers, 1 day, 2 events;
    # group C: 2 workers, 1 day, 1 event a day (least monitored but a small sample)
    for w in range(5):
        for day in (3, 4):
            rows += [(f"2025-03-0{day} 10:{m:02d}", f"a{w}", "screenshot") for m in range(10)]
    for w in range(6):
        rows += [(f"2025-03-03 1{m}:00", f"b{w}", "url") for m in range(2)]
    for w in range(2):
        rows += [("2025-03-03 10:00", f"c{w}", "url")]
    roster = pd.DataFrame({
        "user_id": [f"a{w}" for w in range(5)] + [f"b{w}" for w in range(6)]
        + ["c0", "c1", "d0"],
        "department": ["A"] * 5 + ["B"] * 6 + ["C"] * 2 + ["D"],
        "sex": ["F", "M"] * 7,
    })
    report = measure_surveillance(_events(rows), roster=roster, timezone="UTC")
    table = report.intensity_by_group["department"]
    groups = {g["group"]: g for g in table["groups"]}
    assert groups["A"] == {"group": "A", "workers": 5, "events": 100, "worker_days": 10,
                           "events_per_worker_day": 10, "ratio_to_least": 5,
                           "small_sample": False}
    assert groups["B"]["ratio_to_least"] == 1 and groups["B"]["events_per_worker_day"] == 2
    assert groups["C"]["small_sample"] is True and groups["C"]["ratio_to_least"] == 0.5
    assert "D" not in groups  # no events
    assert table["reference_group"] == "B"
    assert set(report.intensity_by_group) == {"sex", "department"}
    chosen = measure_surveillance(_events(rows), roster=roster, group_columns=["sex"])
    assert set(chosen.intensity_by_group) == {"sex"}


def test_retention_counts_against_as_of() -> None:
    as_of = "2025-06-30T12:00:00+00:00"
    rows = [("2025-05-20 12:00", "a", "idle"),        # 41 days: past 31 days
            ("2025-06-10 12:00", "a", "idle"),        # 20 days
            ("2025-04-20 12:00", "a", "location"),    # past 2 months (cut-off 30 April)
            ("2025-05-10 12:00", "a", "location"),    # within 2 months
            ("2025-05-25 12:00", "a", "screenshot"),  # past 1 month (cut-off 30 May)
            ("2025-06-05 12:00", "a", "screenshot"),
            ("2024-01-01 12:00", "a", "url")]         # no limit for URLs by default
    report = measure_surveillance(_events(rows), as_of=as_of, timezone="UTC")
    assert report.retention["by_event_type"] == {"idle": 1, "location": 1, "screenshot": 1}
    assert report.facts["retention.records_past_limit"] == 3
    assert report.facts["retention.share_past_limit"] == 0.5
    override = measure_surveillance(_events(rows), as_of=as_of, timezone="UTC",
                                    retention={"url": "90 days", "idle": "7 days"})
    assert override.facts["retention.records_past_limit"] == 5
    default_as_of = measure_surveillance(_events(rows), timezone="UTC")
    assert default_as_of.retention["as_of"] == "2025-06-10T12:00:00+00:00"  # the last event
    assert parse_retention("2 months") == (2, "months")
    with pytest.raises(ConfigError, match="retention limit"):
        parse_retention("forever")


def test_content_keystrokes_urls_and_type_counts() -> None:
    rows = [("2025-03-03 10:00", "a", "keystroke")] * 3 + [("2025-03-03 10:00", "a", "url")] * 6
    rows += [("2025-03-03 10:00", "a", t) for t in ("webcam", "audio", "emotion",
                                                    "screen_recording", "screenshot")]
    content = ["typed text", "", None] + [None] * 11
    urls = [None] * 3 + ["https://a.example/", "https://a.example", "a.example/path",
                         "http://a.example/?q=x", "https://a.example:8443/x/", None] + [None] * 5
    report = measure_surveillance(_events(rows, content=content, url=urls), timezone="UTC")
    facts = report.facts
    assert facts["surveillance.keystroke_content_events"] == 1
    assert facts["surveillance.keystroke_count_events"] == 2
    assert facts["privacy.full_url_records"] == 3
    for name in ("webcam", "audio", "screen_recording", "screenshot"):
        assert facts[f"surveillance.{name}_events"] == 1
    assert facts["privacy.emotion_inference_events"] == 1
    assert report.content_vs_metadata["keystroke"] == {"with_content": 1, "metadata_only": 2}
    assert set(facts) == {
        "surveillance.off_hours_share", "surveillance.on_leave_events",
        "surveillance.keystroke_content_events", "surveillance.keystroke_count_events",
        "surveillance.screenshot_events", "surveillance.screen_recording_events",
        "surveillance.webcam_events", "surveillance.audio_events",
        "surveillance.idle_metric_events", "privacy.emotion_inference_events",
        "privacy.full_url_records", "retention.records_past_limit",
        "retention.share_past_limit", "retention.log_coverage_days",  # AI Act 26(6)
        # per worker and per modality (issue 11 item 4)
        "surveillance.screenshot_workers", "surveillance.screen_recording_workers",
        "surveillance.webcam_workers", "surveillance.audio_workers",
        "surveillance.passive_off_hours_events", "surveillance.passive_off_hours_workers",
        "surveillance.passive_off_hours_types", "surveillance.passive_on_leave_events",
        "surveillance.passive_on_leave_workers", "surveillance.passive_on_leave_types",
        "surveillance.disconnect_workers_active", "surveillance.disconnect_workers_above",
        "surveillance.disconnect_share", "surveillance.unclassified_event_types",
        # exposure in workers, not events (issue 11)
        "surveillance.keystroke_content_workers", "surveillance.keystroke_count_workers",
        "surveillance.idle_metric_workers", "surveillance.idle_metric_types",
        "privacy.emotion_inference_workers", "privacy.full_url_workers",
        "retention.workers_past_limit", "retention.types_past_limit"}
    for name in ("webcam", "audio", "screen_recording", "screenshot"):
        assert facts[f"surveillance.{name}_workers"] == 1
    assert facts["surveillance.keystroke_content_workers"] == 1
    assert facts["surveillance.keystroke_count_workers"] == 1
    assert facts["privacy.full_url_workers"] == 1
    assert facts["privacy.emotion_inference_workers"] == 1


def test_document_has_no_worker_ids_and_serialises() -> None:
    import json

    roster = pd.DataFrame({"user_id": ["a", "b"], "sex": ["F", "M"]})
    report = measure_surveillance(_events(DST_ROWS), roster=roster, timezone="Europe/Paris")
    text = json.dumps(report.to_dict())
    assert '"a"' not in text and '"b"' not in text
    assert json.loads(text)["parameters"]["working_hours"] == "08:00-19:00"


def test_empty_events() -> None:
    report = measure_surveillance(_events([]))
    assert report.off_hours_share is None and report.by_event_type == {}
    assert report.facts["retention.share_past_limit"] is None


def test_a_million_events_in_seconds() -> None:
    rng = np.random.default_rng(0)
    n = 1_000_000
    stamps = pd.to_datetime(1_740_000_000 + rng.integers(0, 40 * 86_400, n), unit="s", utc=True)
    types = np.array(["screenshot", "keystroke", "url", "idle", "email", "productivity_score"])
    frame = pd.DataFrame({
        "timestamp": pd.Series(stamps).astype("datetime64[us, UTC]"),
        "worker_id": pd.Series(np.char.add("u", rng.integers(0, 2000, n).astype(str)),
                               dtype="str"),
        "event_type": pd.Series(types[rng.integers(0, len(types), n)], dtype="str"),
    })
    roster = pd.DataFrame({"user_id": [f"u{i}" for i in range(2000)],
                           "department": [f"d{i % 7}" for i in range(2000)],
                           "leave_start": ["2025-03-01"] * 2000,
                           "leave_end": ["2025-03-07"] * 2000})
    started = clock.perf_counter()
    report = measure_surveillance(frame, roster=roster, timezone="Europe/Paris")
    assert clock.perf_counter() - started < 10  # about 1.5 s on a laptop core
    assert sum(v["events"] for v in report.by_event_type.values()) == n
