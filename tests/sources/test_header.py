"""Header detection (issue 10): a first row that looks like data is not taken for names."""

from __future__ import annotations

import pytest

from ai_work_audit.sources._header import NO_HEADER_MSG, header_problems, value_kind

REAL_HEADERS = [
    ["worker_id", "timestamp", "event_type", "content", "recipients"],
    ["Candidate ID", "Sex", "Race/Ethnicity", "Selected", "Score"],
    ["Date d'embauche", "Nom", "Prénom", "Sexe", "Retenu (oui/non)", "Âge"],
    ["id", "date", "user", "pc", "to", "cc", "bcc", "from", "size", "attachments"],
    ["stage", "period", "e-mail", "phone", "ip_address", "url"],
]
ROWS = [["x1", "2026-03-02", "email", "hello", "a@b.org"], ["x2", "2026-03-03", "chat", "", ""]]


@pytest.mark.parametrize("header", REAL_HEADERS)
def test_real_headers_pass(header: list[str]) -> None:
    assert header_problems(header, ROWS) == []


@pytest.mark.parametrize(("first", "reason"), [
    (["jean.dupont@example.org", "2026-03-02T09:15:00+01:00", "email", "hello"],
     "column 1 holds an e-mail address"),
    (["C001", "F", "Black", "1"], "column 4 holds a number"),
    (["{A1B2}", "01/04/2026 09:15:07", "PC-1234", "https://intranet.example/x"],
     "column 2 holds a date or time"),
    (["w1", "10.0.0.7", "logon"], "column 2 holds an IP address"),
    (["w1", "+33 6 12 34 56 78"], "column 2 holds a phone number"),
])
def test_data_rows_are_named_by_column_and_kind(first: list[str], reason: str) -> None:
    assert reason in header_problems(first, [])


def test_a_header_cell_repeated_below_is_data() -> None:
    first = ["Dupont", "Jean", "F"]
    rows = [["Martin", "Luc", "M"], ["Durand", "Anne", "F"]]
    assert header_problems(first, rows) == ["column 3's name appears again as a value below it"]


def test_reasons_never_carry_the_value() -> None:
    reasons = header_problems(["jean.dupont@example.org", "Jean Dupont", "jean"],
                              [["x", "y", "jean"]])
    text = NO_HEADER_MSG.format(file="log.csv", reasons="; ".join(reasons))
    assert "dupont" not in text.lower() and "jean" not in text.lower()
    assert "--no-header" in text


@pytest.mark.parametrize(("cell", "kind"), [("", None), ("sex", None), ("3.5", "a number"),
                                            ("2026-12-01", "a date or time")])
def test_value_kind(cell: str, kind: str | None) -> None:
    assert value_kind(cell) == kind
