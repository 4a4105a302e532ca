"""The request log (``--requests``) and the declarations file (``--declarations``): read, or
refused with a clear error naming file, column, rows or line, never a value (exit 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ai_work_audit.errors import InputError
from ai_work_audit.sources._declarations import load_declarations, parse_declarations
from ai_work_audit.sources._requests import read_request_log

from .conftest import DECLARATIONS_EXAMPLE


def test_a_request_log_is_read(requests_log: Path) -> None:
    log = read_request_log(requests_log)
    assert len(log.requests) == 7 and len(log.sha256) == 64
    assert [r.type for r in log.requests].count("review") == 3
    first = log.requests[0]
    assert first.received == date(2027, 1, 10) and first.answered == date(2027, 1, 20)
    assert first.outcome_given
    assert log.requests[2].answered is None and not log.requests[2].outcome_given


def test_without_a_type_column_every_request_is_an_explanation(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("request_id,received,answered,outcome\na,2027-01-01,2027-01-02,ok\n",
                    encoding="utf-8")
    assert [r.type for r in read_request_log(path).requests] == ["explanation"]


@pytest.mark.parametrize(("body", "expected"), [
    ("request_id,received,answered\nsecret-id,2027-01-01,\n", "outcome are missing"),
    ("request_id,received,answered,outcome\nsecret-id,not a date,,\n",
     "column 'received' must hold the date"),
    ("request_id,received,answered,outcome\nsecret-id,2027-01-05,2027-01-01,x\n",
     "must not be before 'received'"),
    ("request_id,received,answered,outcome\nsecret-id,2027-01-05,soon,x\n",
     "column 'answered' must be empty"),
    ("request_id,received,answered,outcome\nsecret-id,2027-01-05,,\nsecret-id,2027-01-06,,\n",
     "rows 2"),
    ("request_id,received,answered,outcome,type\nsecret-id,2027-01-05,,,appeal\n",
     "column 'type' must hold one of explanation, review, correction"),
])
def test_a_bad_request_log_names_column_and_rows_not_values(tmp_path: Path, body: str,
                                                           expected: str) -> None:
    path = tmp_path / "log.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_request_log(path)
    text = str(error.value)
    assert expected in text and str(path) in text
    for value in ("secret-id", "not a date", "soon", "appeal"):
        assert value not in text


def test_a_bad_request_log_is_exit_2_on_the_command_line(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         candidates: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("request_id,received,answered,outcome\nalice,yesterday,,\n",
                    encoding="utf-8")
    result = cli("hiring", str(candidates), "--group", "sex", "--outcome", "decision",
                 "--requests", str(path), "--no-ledger")
    assert result.code == 2
    assert "column 'received'" in result.stderr and "rows 1" in result.stderr
    assert "alice" not in result.stderr and "Traceback" not in result.stderr


def test_the_example_declarations_are_valid() -> None:
    declarations = load_declarations(DECLARATIONS_EXAMPLE)
    assert [s.id for s in declarations.systems] == ["workforce-analytics", "cv-screening"]
    assert declarations.fria_required is False
    assert declarations.systems[1].get("notice") == date(2025, 12, 15)


@pytest.mark.parametrize(("text", "expected"), [
    ("schema: other\nsystems: [{id: a}]\n", ":1: 'schema' must be"),
    ("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n    first_use: 2027-13-40\n",
     ":4: 'systems' item 1 'first_use' must be a date"),
    ("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n    overseer_named: yes please\n",
     ":4: 'systems' item 1 'overseer_named' must be true or false"),
    ("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n    overseer: Jane Doe\n",
     ":4: 'systems' item 1 must only use the keys"),
    ("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n  - id: a\n",
     ":4: system ids must be unique"),
    ("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n    notice_fields: [salary]\n",
     "must list fields of product_name"),
    ("schema: ai-work-audit/declarations/v1\n", "'systems' must be a non-empty list"),
])
def test_bad_declarations_name_the_line_not_the_value(text: str, expected: str) -> None:
    with pytest.raises(InputError) as error:
        parse_declarations(text, filename="decl.yaml")
    message = str(error.value)
    assert expected in message and "decl.yaml:" in message
    assert "Jane Doe" not in message and "yes please" not in message and "salary" not in message


def test_bad_declarations_are_exit_2_on_the_command_line(cli, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         candidates: Path) -> None:
    path = tmp_path / "decl.yaml"
    path.write_text("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n"
                    "    first_use: soon\n", encoding="utf-8")
    result = cli("hiring", str(candidates), "--group", "sex", "--outcome", "decision",
                 "--declarations", str(path), "--no-ledger")
    assert result.code == 2 and "decl.yaml:4:" in result.stderr
    assert "Traceback" not in result.stderr
