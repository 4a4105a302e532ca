"""Issue 10 item 4: bad input is an input error (exit 2) naming file, column and rows — never
an internal error (exit 3), never silently misread."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tests.cli.helpers import run_cli

from ai_work_audit.errors import InputError
from ai_work_audit.sources import load_events, parse_duration, read_table

HEADER = "timestamp,worker_id,event_type,content\n"
ROW = "2026-03-02T09:00:00Z,w1,email,hello\n"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def invoke(*args: str) -> tuple[int, str]:
        result = run_cli(capsys, *args, "--no-ledger")
        return result.code, result.stdout + result.stderr
    return invoke


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


@pytest.mark.parametrize("stamp", ["1850-01-01T09:00:00Z", "2500-06-01T09:00:00Z",
                                   "1970-01-01T00:00:00Z"])
def test_timestamps_outside_1990_2100_are_refused(cli: Any, tmp_path: Path,
                                                   stamp: str) -> None:
    path = _write(tmp_path / "log.csv", HEADER + ROW + f"{stamp},w2,email,hi\n")
    code, out = cli("monitoring", str(path))
    assert code == 2, out
    assert "log.csv" in out and "'timestamp'" in out and "between 1990 and 2100" in out
    assert "rows 2" in out


def test_integer_parquet_timestamps_without_a_unit(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    # nanoseconds since the epoch: neither seconds nor milliseconds in 1990-2100
    pq.write_table(pa.table({"timestamp": pa.array([1_700_000_000_000_000_000] * 2, pa.int64()),
                             "worker_id": ["w1", "w2"], "event_type": ["email", "chat"]}), path)
    with pytest.raises(InputError, match=r"'timestamp'.*no declared unit.*rows 1, 2"):
        load_events(path)


def test_epoch_seconds_and_milliseconds_are_each_read_in_their_unit(tmp_path: Path) -> None:
    path = tmp_path / "log.parquet"
    pq.write_table(pa.table({"timestamp": pa.array([1_772_442_000, 1_772_442_000_000],
                                                   pa.int64()),
                             "worker_id": ["w1", "w2"], "event_type": ["email", "chat"]}), path)
    stamps = load_events(path).events["timestamp"]
    assert stamps.iloc[0] == stamps.iloc[1]  # the same instant; not one in 1970


def test_texts_over_the_bound_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "log.csv", HEADER + ROW
                  + "2026-03-02T09:01:00Z,w1,email," + "a" * 1_000_001 + "\n")
    with pytest.raises(InputError, match="log.csv: column 'content' must hold texts of at most "
                       r"1,000,000 characters; got 1 longer ones \(rows 2\)"):
        load_events(path)


@pytest.mark.parametrize(("line", "problem"), [
    ('"content":"x\\ud800y"', "not valid Unicode"),
    ('"content":' + '{"a":' * 3000 + "1" + "}" * 3000, "more than 32 levels deep"),
])
def test_lone_surrogates_and_deep_nesting_in_json_lines(cli: Any, tmp_path: Path, line: str,
                                                         problem: str) -> None:
    good = '{"timestamp":"2026-03-02T09:00:00Z","worker_id":"w1","event_type":"email"}\n'
    bad = '{"timestamp":"2026-03-02T09:00:00Z","worker_id":"w2","event_type":"email",' + line
    for body in (good + bad + "}\n", bad + "}\n" + good):
        path = _write(tmp_path / "log.jsonl", body)
        code, out = cli("monitoring", str(path))
        assert code == 2, out
        assert "log.jsonl" in out and problem in out


def test_deep_nesting_in_a_hiring_json_lines_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.jsonl", '{"sex":"F","selected":1}\n{"sex":'
                  + "[" * 3000 + "]" * 3000 + ',"selected":1}\n')
    with pytest.raises(InputError, match="line 2"):
        read_table(path, ["sex", "selected"])


def test_an_unreadable_file_in_an_input_folder_is_named(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    _write(folder / "a.csv", HEADER + ROW)
    os.symlink(tmp_path / "gone.csv", folder / "b.csv")
    code, out = cli("monitoring", str(folder))
    assert code == 2, out
    assert "b.csv" in out and "cannot be read" in out


@pytest.mark.parametrize("text", ["P99999Y", "P36526D", "P999999999999M"])
def test_absurd_durations_are_refused(text: str) -> None:
    assert parse_duration(text) is None
    assert parse_duration("P100Y") is not None and parse_duration("P6M") is not None


def test_shift_jis_export_is_refused_not_read_as_cp1252(cli: Any, tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", "sex,selected\n男性,1\n女性,0\n男性,1\n女性,1\n"
                  .encode("shift_jis"))
    code, out = cli("hiring", str(path), "--group", "sex", "--outcome", "selected")
    assert code == 2, out
    assert "encoding could not be recognised" in out and "UTF-8" in out


@pytest.mark.parametrize("codec", ["utf-16", "utf-32", "utf-16-le", "cp1252"])
def test_utf16_32_by_bom_and_french_cp1252_are_read(tmp_path: Path, codec: str) -> None:
    text = "sexe,retenu\nFéminin,1\nMasculin,0\nFéminin,1\n"
    data = text.encode(codec)
    if codec == "utf-16-le":
        data = b"\xff\xfe" + data
    path = _write(tmp_path / "h.csv", data)
    loaded = read_table(path, ["sexe", "retenu"])
    assert loaded.table.column("sexe").to_pylist() == ["Féminin", "Masculin", "Féminin"]


@pytest.mark.parametrize("mark", ["\u200b", "\u202e", "\u2066", "\ufeff", "\u00ad"])
def test_invisible_and_bidi_characters_in_categories_are_normalised_with_a_warning(
        cli: Any, tmp_path: Path, mark: str) -> None:
    """Never two rows that look the same, never merged without saying (the warning counts the
    rows). Control: the raw file does hold two distinct values."""
    path = _write(tmp_path / "h.csv", f"sex,selected\nF,1\nF{mark},0\nM,1\nM,0\n")
    assert len(set(read_table(path).table.column("sex").to_pylist())) == 3  # control
    code, out = cli("hiring", str(path), "--group", "sex", "--outcome", "selected",
                    "--format", "json", "--k", "2")
    assert code == 0, out
    assert "1 row(s) of column 'sex'" in out and "normalised" in out
    document = _json(out)
    rows = {r["group"]["sex"]: r["applicants"] for r in document["tables"][0]["rows"]}
    assert rows == {"F": 2, "M": 2}
    assert document["warnings"] and document["warning_messages"][0]["fr"].startswith("1 ligne")


def _json(out: str) -> Any:
    return json.loads(out[out.index("{"):out.rindex("}") + 1])


def test_composed_and_decomposed_categories_are_one_with_a_warning(cli: Any, tmp_path: Path
                                                                   ) -> None:
    composed, decomposed = "H\u00e9l\u00e8ne", "He\u0301le\u0300ne"
    assert composed != decomposed  # control: two strings that look alike
    lines = [f"{composed},{i % 2}" for i in range(4)] + [f"{decomposed},1", f"{decomposed},0"]
    path = _write(tmp_path / "h.csv", "team,selected\n" + "\n".join(lines) + "\nB,1\nB,0\n")
    code, out = cli("hiring", str(path), "--group", "team", "--outcome", "selected",
                    "--format", "json", "--k", "2")
    assert code == 0, out
    document = _json(out)
    rows = {r["group"]["team"]: r["applicants"] for r in document["tables"][0]["rows"]}
    assert rows == {composed: 6, "B": 2}
    assert len(document["warnings"]) == 1
    assert "2 row(s) of column 'team'" in document["warnings"][0]
    # a clean file gives no warning
    clean = _write(tmp_path / "c.csv", "team,selected\nA,1\nA,0\nB,1\nB,0\n")
    code, out = cli("hiring", str(clean), "--group", "team", "--outcome", "selected",
                    "--format", "json", "--k", "2")
    assert code == 0 and "warnings" not in _json(out)


def test_worker_ids_and_roster_values_are_normalised_with_a_warning(tmp_path: Path) -> None:
    """A worker id with a zero-width space is the same worker; a roster group written
    decomposed is the same group."""
    import unicodedata

    from ai_work_audit.monitoring import MonitoringOptions
    from ai_work_audit.pipeline import run_monitoring_audit

    events = [f"2026-03-0{d}T09:00:00Z,w{w},email,hello" for d in (2, 3) for w in range(4)]
    events.append("2026-03-04T09:00:00Z,w1\u200b,email,hello")
    log = _write(tmp_path / "log.csv", HEADER + "\n".join(events) + "\n")
    roster = _write(tmp_path / "people.csv", "worker_id,name,department\n" + "\n".join(
        f"w{w},Person {w},{unicodedata.normalize('NFD', 'Équipe') if w == 0 else 'Équipe'}"
        for w in range(4)) + "\n")
    assert load_events(log).events["worker_id"].nunique() == 4  # the id was normalised
    document = run_monitoring_audit(log, MonitoringOptions(roster=str(roster)),
                                    record=False, jobs=1).to_dict()
    assert document["input"]["workers"] == 4
    groups = document["surveillance"]["intensity_by_group"]["department"]["groups"]
    assert [(g["group"], g["workers"]) for g in groups] == [("Équipe", 4)]
    text = " ".join(document["warnings"])
    assert "1 event(s) carried worker ids" in text and "1 row(s) of column 'department" in text


@pytest.mark.parametrize("args", [("run", "{f}"), ("policies", "validate", "{f}"),
                                  ("monitoring", "{d}", "--mapping", "{f}"),
                                  ("monitoring", "{d}", "--company-policy", "{f}")])
def test_a_file_that_is_not_what_it_claims_never_has_its_keys_echoed(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, args: tuple[str, ...]) -> None:
    """A roster-like YAML passed as a specification, pack, mapping or company policy: the
    error describes its keys ("a key of 23 characters"), never quotes them; a typo of a real
    key is still quoted, so the hint stays useful."""
    path = _write(tmp_path / "thing.yaml", "jean.dupont@example.org: Jean Dupont\nschema: x\n")
    logs = tmp_path / "logs"
    logs.mkdir()
    _write(logs / "log.csv", HEADER + ROW)
    def cli(*words: str) -> tuple[int, str]:
        result = run_cli(capsys, *words)
        return result.code, result.stdout + result.stderr

    extra = ("--no-ledger",) if args[0] == "monitoring" else ()
    code, out = cli(*(a.format(f=path, d=logs) for a in args), *extra)
    assert code == 2, out
    assert "dupont" not in out.lower(), out
    assert args[0] == "policies" or "a key of 23 characters" in out, out
    typo = _write(tmp_path / "typo.yaml", "schema: x\naudt: hiring\n")
    code, out = cli("run", str(typo))
    assert code == 2 and "'audt'" in out
