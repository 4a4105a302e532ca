"""Issue 10 item 3: no leak paths — a headerless file is an input error naming columns by
position, never its first row; ``--no-header`` reads it; monitoring never falls back silently
to a table audit; messages never repeat a column name that looks like personal data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.cli.helpers import run_cli

from ai_work_audit.errors import InputError
from ai_work_audit.sources import read_table, suggest_column

SECRET = "jean.dupont@example.org"
HEADERLESS_HIRING = (f"C001,{SECRET},F,1\nC002,luc.martin@example.org,M,0\n"
                     "C003,anne.durand@example.org,F,1\nC004,paul.petit@example.org,M,1\n")
HEADERLESS_LOG = (f"{SECRET},2026-03-02T09:15:00+01:00,email,bonjour\n"
                  "luc.martin@example.org,2026-03-02T09:16:00+01:00,chat,salut\n")


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def invoke(*args: str) -> tuple[int, str]:
        result = run_cli(capsys, *args)
        return result.code, result.stdout + result.stderr
    return invoke


@pytest.fixture
def headerless(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    path.write_text(HEADERLESS_HIRING, encoding="utf-8")
    return path


def test_headerless_hiring_csv_is_an_input_error_without_its_values(cli: Any,
                                                                     headerless: Path) -> None:
    code, out = cli("hiring", str(headerless), "--group", "sex", "--outcome", "selected",
                     "--no-ledger")
    assert code == 2, out
    assert "dupont" not in out and "C001" not in out
    assert "--no-header" in out and "column 2 holds an e-mail address" in out


def test_no_header_reads_columns_by_position(cli: Any, headerless: Path) -> None:
    code, out = cli("hiring", str(headerless), "--no-header", "--group", "column_3",
                     "--outcome", "column_4", "--no-ledger", "--format", "json")
    assert code == 0, out
    assert '"column_3"' in out and "dupont" not in out
    loaded = read_table(headerless, no_header=True)
    assert loaded.table.column_names == ["column_1", "column_2", "column_3", "column_4"]
    assert loaded.rows == 4  # the first row is data, not skipped


def test_missing_column_hint_names_personal_looking_columns_by_position() -> None:
    hint = suggest_column("sex", ["C001", SECRET, "Free text of a note written by someone"])
    assert "dupont" not in hint and "note" not in hint
    assert "column 2" in hint and "column 3" in hint and "'C001'" in hint


def test_headerless_monitoring_log_is_an_input_error(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(HEADERLESS_LOG, encoding="utf-8")
    code, out = cli("monitoring", str(path), "--no-ledger")
    assert code == 2, out
    assert "dupont" not in out and "bonjour" not in out and "--no-header" in out


def test_partial_log_is_not_audited_as_a_table(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("timestamp,user,activity\n2026-03-02T09:15:00Z,w1,email\n",
                    encoding="utf-8")
    code, out = cli("monitoring", str(path), "--no-ledger")
    assert code == 2, out
    assert "'worker_id'" in out and "not audited as a table" in out


def test_stray_text_file_in_a_log_folder_is_named_not_echoed(cli: Any, tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "events.csv").write_text(
        "timestamp,worker_id,event_type\n2026-03-02T09:15:00Z,w1,email\n", encoding="utf-8")
    (folder / "notes.txt").write_text(
        "Rappel confidentiel pour Jean Dupont au sujet de son arret maladie\nsuite\n",
        encoding="utf-8")
    code, out = cli("monitoring", str(folder), "--no-ledger")
    assert code == 2, out
    assert "notes.txt" in out
    assert "Dupont" not in out and "maladie" not in out


def test_read_table_refuses_a_first_row_of_data_and_names_the_file(headerless: Path) -> None:
    with pytest.raises(InputError) as caught:
        read_table(headerless, ["sex"])
    assert caught.value.source == str(headerless)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("pack", ["roster", "/etc/passwd"])
def test_a_file_that_is_not_a_pack_is_not_printed(cli: Any, tmp_path: Path, pack: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,email\nJean Dupont,{SECRET}\n", encoding="utf-8")
    target = str(roster) if pack == "roster" else pack
    code, out = cli("policies", "validate", target)
    assert code == 2, out
    assert "Dupont" not in out and "root:" not in out


@pytest.mark.parametrize("option", ["--mapping", "--company-policy"])
def test_a_file_that_is_not_a_mapping_or_policy_is_not_printed(cli: Any, tmp_path: Path,
                                                                option: str) -> None:
    log = tmp_path / "log.csv"
    log.write_text("timestamp,worker_id,event_type\n2026-03-02T09:00:00Z,w1,email\n",
                   encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text(f"name,email\nJean Dupont,{SECRET}\n", encoding="utf-8")
    code, out = cli("monitoring", str(log), option, str(roster), "--no-ledger")
    assert code == 2, out
    assert "roster.csv" in out and "Dupont" not in out and "dupont" not in out


def test_a_spec_naming_a_system_file_as_a_pack_does_not_print_it(cli: Any,
                                                                 tmp_path: Path) -> None:
    data = tmp_path / "h.csv"
    data.write_text("sex,selected\nF,1\nM,0\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    spec.write_text("schema: ai-work-audit/audit-spec/v1\nname: x\naudit: hiring\n"
                    f"data: {data}\norganisation: acme\nsystem: s\nowner: o\ncadence: P1Y\n"
                    "policies: [/etc/passwd]\noptions: {group: [sex], outcome: selected}\n",
                    encoding="utf-8")
    code, out = cli("run", str(spec))
    assert code == 2, out
    assert "/etc/passwd" in out and "root:" not in out and "nologin" not in out
