"""Loading monitoring logs into canonical events: formats, mappings, time zones, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import pytest

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.sources import (
    CANONICAL_FIELDS,
    OTHER,
    iter_event_batches,
    load_events,
    load_mapping,
    resolve_mapping,
)
from ai_work_audit.synthetic_monitoring import write_monitoring_data

ROWS = [
    {"timestamp": "2025-03-28T07:30:00+01:00", "worker_id": "u1", "event_type": "screenshot",
     "source": "tracker", "content": "", "app": "excel"},
    {"timestamp": "2025-03-31T08:30:00+02:00", "worker_id": "u2", "event_type": "Keystrokes",
     "source": "tracker", "content": "typed text", "app": "mail"},
    {"timestamp": "2025-03-31T10:00:00Z", "worker_id": "u1", "event_type": "url",
     "source": "proxy", "content": "https://a.example/x", "app": "browser"},
]
UTC = ["2025-03-28 06:30:00+00:00", "2025-03-31 06:30:00+00:00", "2025-03-31 10:00:00+00:00"]


def _write(path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    frame = pd.DataFrame(rows)
    if path.suffix == ".csv":
        frame.to_csv(path, index=False)
    elif path.suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cert_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("cert")
    planted = write_monitoring_data(folder, workers=24, days=14, seed=7)
    return folder, planted


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_each_format_loads_into_canonical_events(tmp_path: Path, suffix: str) -> None:
    path = _write(tmp_path / f"events{suffix}", ROWS)
    batch = load_events(path)
    events = batch.events
    assert list(events.columns[: len(CANONICAL_FIELDS)]) == list(CANONICAL_FIELDS)
    assert str(events["timestamp"].dtype) == "datetime64[us, UTC]"
    assert [str(t) for t in events["timestamp"]] == UTC
    assert events["event_type"].tolist() == ["screenshot", "keystroke", "url"]
    assert events["worker_id"].tolist() == ["u1", "u2", "u1"]
    assert events["app"].tolist() == ["excel", "mail", "browser"]  # kept as an attribute
    assert events["content"].isna().tolist() == [True, False, False]
    assert batch.rows == 3 and batch.workers == 2 and batch.skipped == []
    summary = batch.input_summary()
    assert summary["events"] == 3 and summary["first"] == "2025-03-28T06:30:00+00:00"
    assert len(summary["sha256"]) == 64


def test_a_folder_of_mixed_formats_is_read_whole(tmp_path: Path) -> None:
    _write(tmp_path / "a.csv", ROWS[:1])
    _write(tmp_path / "b.jsonl", ROWS[1:2])
    _write(tmp_path / "c.parquet", ROWS[2:])
    batch = load_events(tmp_path)
    assert batch.rows == 3
    assert sorted(f.name for f in batch.files) == ["a.csv", "b.jsonl", "c.parquet"]
    assert set(batch.events["source"]) == {"tracker", "proxy"}


def test_cert_mapping_maps_every_file_and_keeps_row_counts(
        cert_folder: tuple[Path, dict[str, object]]) -> None:
    folder, planted = cert_folder
    batch = load_events(folder, mapping="cert", timezone="Europe/Paris")
    rows = planted["rows"]
    assert isinstance(rows, dict)
    assert {f.name: f.rows for f in batch.files} == rows
    assert batch.rows == sum(rows.values())
    assert any("ignored by the mapping" in w for w in batch.skipped)  # roster.csv
    types = batch.events.groupby("source")["event_type"].agg(lambda s: sorted(set(s)))
    assert types["cert.logon"] == ["logon"]
    assert types["cert.device"] == ["device"]
    assert types["cert.http"] == ["url"]
    assert types["cert.email"] == ["email"]
    assert types["cert.file"] == ["file"]
    assert OTHER not in set(batch.events["event_type"])
    logon = batch.events[batch.events["source"] == "cert.logon"]
    assert set(logon["action"]) == {"logon", "logoff"}
    email = batch.events[batch.events["source"] == "cert.email"]
    assert email["recipients"].notna().all()
    first = pd.read_csv(folder / "email.csv", dtype=str, keep_default_na=False).iloc[0]
    assert first["from"] in email.iloc[0]["recipients"].split(";")


def test_cert_dates_are_month_first_local_times(tmp_path: Path) -> None:
    (tmp_path / "logon.csv").write_text(
        "id,date,user,pc,activity\n"
        "{A},01/02/2010 07:11:45,ACM2278,PC-1,Logon\n"
        "{B},07/02/2010 23:00:00,ACM2278,PC-1,Logoff\n", encoding="utf-8")
    batch = load_events(tmp_path, mapping="cert", timezone="America/New_York")
    assert [str(t) for t in batch.events["timestamp"]] == [
        "2010-01-02 12:11:45+00:00", "2010-07-03 03:00:00+00:00"]


def test_naive_timestamps_without_timezone_name_file_and_column(
        cert_folder: tuple[Path, dict[str, object]]) -> None:
    folder, _ = cert_folder
    with pytest.raises(InputError) as caught:
        load_events(folder, mapping="cert")
    message = str(caught.value)
    assert "logon.csv: column 'date'" in message and "tracker.csv: column 'date'" in message
    assert "--timezone" in message
    assert len(caught.value.problems) == 6  # every file reported at once


def test_naive_iso_timestamps_need_a_timezone_but_offsets_do_not(tmp_path: Path) -> None:
    rows = [{"timestamp": "2025-03-01 10:00:00", "worker_id": "u1", "event_type": "idle"}]
    path = _write(tmp_path / "naive.csv", rows)
    with pytest.raises(InputError, match=r"naive\.csv: column 'timestamp'.*--timezone"):
        load_events(path)
    assert load_events(_write(tmp_path / "aware.csv", ROWS)).rows == 3


def test_dst_gap_and_overlap_are_resolved_in_the_given_zone(tmp_path: Path) -> None:
    rows = [
        {"timestamp": "2025-03-30 02:30:00", "worker_id": "u1", "event_type": "idle"},  # gap
        {"timestamp": "2025-10-26 02:30:00", "worker_id": "u1", "event_type": "idle"},  # twice
    ]
    batch = load_events(_write(tmp_path / "dst.csv", rows), timezone="Europe/Paris")
    assert [str(t) for t in batch.events["timestamp"]] == [
        "2025-03-30 01:00:00+00:00", "2025-10-26 00:30:00+00:00"]


def test_unparsable_timestamps_name_rows_never_values(tmp_path: Path) -> None:
    rows = [dict(ROWS[0]), dict(ROWS[1]), dict(ROWS[2])]
    rows[1]["timestamp"] = "SECRET-not-a-date"
    rows[2]["worker_id"] = ""
    with pytest.raises(InputError) as caught:
        load_events(_write(tmp_path / "bad.csv", rows), timezone="UTC")
    message = str(caught.value)
    assert "SECRET" not in message
    assert "bad.csv: column 'timestamp'" in message and "rows 2" in message
    assert "column 'worker_id' must not be empty" in message and "rows 3" in message


def test_epoch_numbers_are_utc(tmp_path: Path) -> None:
    rows = [{"timestamp": 1_743_000_000, "worker_id": "u1", "event_type": "badge"},
            {"timestamp": 1_743_000_000_000, "worker_id": "u2", "event_type": "badge"}]
    batch = load_events(_write(tmp_path / "epoch.parquet", rows[:1]))
    assert str(batch.events["timestamp"].iloc[0]) == "2025-03-26 14:40:00+00:00"
    batch = load_events(_write(tmp_path / "epoch_ms.parquet", rows[1:]))
    assert str(batch.events["timestamp"].iloc[0]) == "2025-03-26 14:40:00+00:00"


def test_broken_json_lines_are_skipped_and_reported(tmp_path: Path) -> None:
    lines = [json.dumps(ROWS[0]), "{not json", json.dumps(ROWS[1]), "", "[1, 2]",
             json.dumps(ROWS[2]), '{"timestamp": "2025-03-31T10:00:00Z", "SECRET']
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batch = load_events(path)
    assert batch.rows == 3
    assert batch.files[0].rows == 3
    warning = next(w for w in batch.skipped if "not valid JSON" in w)
    assert "3 line(s)" in warning and "lines 2, 5, 7" in warning
    assert "SECRET" not in warning


def test_line_numbers_of_bad_values_in_json_lines(tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    rows[2]["worker_id"] = ""
    path = tmp_path / "e.jsonl"
    path.write_text("\n" + "\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"worker_id.*lines 4"):
        load_events(path)


def test_unknown_event_types_are_counted_and_kept_as_other(tmp_path: Path) -> None:
    rows = [dict(ROWS[0], event_type=t) for t in ("Screen Capture", "teleport", "teleport",
                                                  "", "GPS")]
    batch = load_events(_write(tmp_path / "t.csv", rows))
    assert batch.events["event_type"].tolist() == [
        "screenshot", OTHER, OTHER, OTHER, "location"]
    assert batch.unknown_event_types == {"teleport": 2, "(empty)": 1}
    assert any("3 events of 2 unknown event type(s)" in w for w in batch.skipped)


def test_iterated_batches_are_bounded_and_add_up(
        cert_folder: tuple[Path, dict[str, object]]) -> None:
    folder, _ = cert_folder
    whole = load_events(folder / "logon.csv", mapping="cert", timezone="Europe/Paris")
    parts = list(iter_event_batches(folder / "logon.csv", mapping="cert",
                                    timezone="Europe/Paris", batch_rows=100))
    assert all(p.rows <= 100 for p in parts) and len(parts) > 3
    joined = pd.concat([p.events for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(joined, whole.events)


def test_missing_required_columns_suggest_a_mapping(tmp_path: Path) -> None:
    rows = [{"time": "2025-03-01T10:00:00Z", "user": "u1", "type": "idle"}]
    with pytest.raises(InputError) as caught:
        load_events(_write(tmp_path / "x.csv", rows))
    assert len(caught.value.problems) == 3
    assert "x.csv: column 'timestamp' is missing" in str(caught.value)
    assert "--mapping" in str(caught.value)



def test_cert_logs_without_a_mapping_name_the_shipped_mapping_once(
        cert_folder: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    folder, _ = cert_folder
    logs = tmp_path / "logs"
    logs.mkdir()
    for name in ("logon.csv", "device.csv", "http.csv"):
        (logs / name).write_bytes((folder / name).read_bytes())
    with pytest.raises(InputError) as caught:
        load_events(logs)
    assert caught.value.problems == [
        "device.csv, http.csv, logon.csv: the canonical columns (timestamp, worker_id, "
        "event_type) must all be there; got the columns of the shipped mapping 'cert' instead. "
        "Add --mapping cert."]
    assert len(load_events(logs, mapping="cert", timezone="Europe/Paris").events) > 0

def test_custom_mapping_with_value_maps(tmp_path: Path) -> None:
    mapping = tmp_path / "vendor.yaml"
    mapping.write_text(
        "files:\n"
        "  - match: '*.csv'\n"
        "    source: vendorx\n"
        "    timestamp_format: '%d/%m/%Y %H:%M'\n"
        "    columns: {timestamp: when, worker_id: who, event_type: what, "
        "recipients: [to, cc]}\n"
        "    values: {event_type: {snap: screenshot, Key Log: keystroke}}\n",
        encoding="utf-8")
    data = tmp_path / "log.csv"
    data.write_text("when,who,what,to,cc\n"
                    "02/01/2025 09:00,u1,snap,a@x.example,\n"
                    "02/01/2025 09:05,u1,key log,,b@x.example\n", encoding="utf-8")
    batch = load_events(data, mapping=mapping, timezone="UTC")
    assert batch.events["event_type"].tolist() == ["screenshot", "keystroke"]
    assert batch.events["recipients"].tolist() == ["a@x.example", "b@x.example"]
    assert str(batch.events["timestamp"].iloc[0]) == "2025-01-02 09:00:00+00:00"
    assert set(batch.events["source"]) == {"vendorx"}


# Each problem names file:line, the key, what it must be and the fix (pydantic _MappingFile).
@pytest.mark.parametrize(("text", "expected"), [
    ("files: []\n", "m.yaml:1: files: must hold at least 1 item(s); got 0 instead. Add"),
    ("files:\n  - match: a.csv\n    columns: {timestamp: t}\n",
     "m.yaml:2: files[0]: columns must map the field(s) worker_id, event_type; got nothing"),
    ("colour: red\nfiles:\n  - match: a.csv\n    event_type: logon\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:1: a key of 6 characters: must be one of the keys this section allows "
     "(name, description"),
    ("files:\n  - match: a.csv\n    event_type: teleport\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:3: files[0].event_type: must name canonical event types"),
    ("files:\n  - match: a.csv\n    event_type: logon\n    extra: 1\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:4: files[0]: a key of 5 characters: must be one of the keys this section "
     "allows (match, columns"),
    ("files:\n  - match: a.csv\n    event_type: logon\n"
     "    columns: {timestamp: t, worker_id: [w, v]}\n",
     "files[0]: columns.worker_id must be one column; got a list instead. Name one column."),
    ("files:\n  - match: [a.csv, 3]\n    event_type: logon\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:2: files[0].match[1]: must be a text; got int instead. Correct the value."),
    ("files:\n  - match: a.csv\n    event_type: logon\n    columns: {timestamp: t, worker_id: w}"
     "\n    values: {source: {a: b}}\n",
     "values.source must name fields of columns; got fields absent from columns"),
    # the modalities block: canonical types, one list each, only passive / worker_initiated
    ("modalities:\n  passive: [teleport]\nfiles:\n  - match: a.csv\n    event_type: logon\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:2: modalities.passive: must name canonical event types"),
    ("modalities:\n  passive: [url]\n  worker_initiated: [url]\nfiles:\n  - match: a.csv\n"
     "    event_type: logon\n    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:2: modalities: must name each event type in one list; got 'url' in both"),
    ("modalities:\n  automatic: [url]\nfiles:\n  - match: a.csv\n    event_type: logon\n"
     "    columns: {timestamp: t, worker_id: w}\n",
     "m.yaml:2: modalities: a key of 9 characters: must be one of the keys this section allows "
     "(passive, worker_initiated)"),
    ("files: [\n", "not valid YAML at line"),
    ("files:\n  - match: a.csv\nfiles: []\n", "m.yaml:3: key 'files' must appear once"),
])
def test_invalid_mappings_name_the_file(tmp_path: Path, text: str, expected: str) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_mapping(mapping)
    assert str(mapping) in str(caught.value)
    assert expected in str(caught.value)


def test_mapping_overrides_the_modality_per_event_type(tmp_path: Path) -> None:
    """A vendor whose screen recordings start only when the worker shares a screen, and whose
    URL events are captured in the background: its mapping says so (rulebook "Passive capture
    and worker-initiated activity")."""
    from ai_work_audit.sources import shipped_modalities

    mapping = tmp_path / "vendor.yaml"
    mapping.write_text(
        "modalities:\n  worker_initiated: screen_recording\n  passive: [url]\n"
        "files:\n  - match: '*.csv'\n    event_type: url\n"
        "    columns: {timestamp: t, worker_id: w}\n", encoding="utf-8")
    spec = load_mapping(mapping)
    assert spec.modalities == {"url": "passive", "screen_recording": "worker_initiated"}
    kinds = shipped_modalities().overridden(spec.modalities, "mapping vendor.yaml")
    assert kinds.of("screen_recording") == "worker_initiated" and kinds.of("url") == "passive"
    assert kinds.of("screenshot") == "passive" and kinds.of("email") == "worker_initiated"
    assert kinds.source == "shipped; mapping vendor.yaml"
    assert load_mapping("cert").modalities == {}
    assert shipped_modalities().overridden({}, "mapping x") is shipped_modalities()


def test_shipped_cert_mapping_resolves_and_validates() -> None:
    assert resolve_mapping("cert").name == "cert.yaml"
    spec = load_mapping("cert")
    assert spec.entry_for("http.csv") is not None and spec.ignores("LDAP/2010-01.csv")
    with pytest.raises(ConfigError, match="shipped mapping"):
        resolve_mapping("no-such-mapping")


def test_bad_timezone_and_missing_input(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", ROWS)
    with pytest.raises(ConfigError, match="IANA"):
        load_events(path, timezone="Mars/Olympus")
    with pytest.raises(InputError, match="does not exist"):
        load_events(tmp_path / "missing.csv")


@pytest.mark.parametrize("batch_rows", [2, 3, 100])
def test_an_unclosed_quote_in_the_last_column_is_an_input_error(tmp_path: Path,
                                                                batch_rows: int) -> None:
    """Arrow reads the rest of the file into that value without complaint; rows would be
    lost silently. The check holds whatever the chunking (3 rows: a chunk boundary at 3)."""
    path = tmp_path / "log.csv"
    path.write_text("timestamp,worker_id,event_type,content\n"
                    "2025-03-31T08:00:00Z,u1,chat,fine\n"
                    "2025-03-31T08:01:00Z,u2,chat,fine too\n"
                    '2025-03-31T08:02:00Z,u3,chat,"Zorglub-7731 never closed\n'
                    "2025-03-31T08:03:00Z,u1,chat,swallowed\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(iter_event_batches(path, batch_rows=batch_rows))
    message = str(caught.value)
    assert "log.csv" in message and "data row 3" in message and "'content'" in message
    assert "Zorglub" not in message


def test_quoted_line_breaks_in_the_last_column_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("timestamp,worker_id,event_type,content\n"
                    '2025-03-31T08:00:00Z,u1,email,"Hello,\nsee you"\n'
                    '2025-03-31T08:01:00Z,u2,email,"two\nlines"  \n', encoding="utf-8")
    events = load_events(path).events
    assert events["content"].tolist() == ["Hello,\nsee you", "two\nlines"]


def test_recorded_offsets_are_kept_when_no_timezone_is_given(tmp_path: Path) -> None:
    from ai_work_audit.sources import LOCAL_OFFSET

    text = _write(tmp_path / "text.csv", [
        {"timestamp": "2025-03-03T08:30:00+01:00", "worker_id": "u1", "event_type": "idle"},
        {"timestamp": "2025-06-02T08:30:00-0530", "worker_id": "u1", "event_type": "idle"},
        {"timestamp": "2025-06-02T08:30:00Z", "worker_id": "u1", "event_type": "idle"}])
    assert load_events(text).events[LOCAL_OFFSET].tolist() == [60, -330, 0]
    assert LOCAL_OFFSET not in load_events(text, timezone="Europe/Paris").events
    zoned = tmp_path / "zoned.parquet"
    pd.DataFrame({"timestamp": pd.to_datetime(["2025-03-03T08:30:00", "2025-07-01T08:30:00"])
                  .tz_localize("Europe/Paris"), "worker_id": ["u1", "u2"],
                  "event_type": ["idle", "idle"]}).to_parquet(zoned)
    assert load_events(zoned).events[LOCAL_OFFSET].tolist() == [60, 120]
    utc_only = _write(tmp_path / "utc.jsonl", [{"timestamp": "2025-03-03T08:30:00Z",
                                               "worker_id": "u1", "event_type": "idle"}])
    assert LOCAL_OFFSET not in load_events(utc_only).events


def test_reading_tables_does_not_import_pandas() -> None:
    """The event-log names are imported on first use: ``sources`` alone stays light."""
    code = ("import sys, ai_work_audit.sources as s; assert 'pandas' not in sys.modules; "
            "s.load_events; assert 'pandas' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
