"""The request log (``--requests FILE``): requests for an explanation, a human review or a
correction, with when each was received and answered, and its outcome.

Columns (CSV/TSV/Parquet/JSON Lines/spreadsheet): ``request_id``, ``received``, ``answered``
(empty while unanswered), ``outcome`` (the written answer's outcome, e.g. ``explained``,
``upheld``, ``reversed``; empty when none was given) and, optionally, ``type`` (``explanation``,
``review`` or ``correction``; ``explanation`` when the column is absent). The deadlines each
law sets are the policy pack's data (``deadlines``), not the reader's. Sources: AI Act art. 86
(explanations), Platform Work Directive (EU) 2024/2831 art. 11 (human review), Colorado SB 26-189
(adverse-outcome explanation, correction, review). Errors name file, column and rows, never
values (a request id may identify a person).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from ai_work_audit.errors import InputError
from ai_work_audit.sources._dates import parse_dates
from ai_work_audit.sources._read import read_table
from ai_work_audit.sources._values import as_strings, row_list

REQUEST_COLUMNS: tuple[str, ...] = ("request_id", "received", "answered", "outcome")
TYPE_COLUMN = "type"
REQUEST_TYPES: tuple[str, ...] = ("explanation", "review", "correction")
DEFAULT_TYPE = "explanation"

MSG_RECEIVED = ("column 'received' must hold the date each request was received (ISO 8601, "
                "e.g. 2026-03-01); {count} row(s) hold none or another value (rows {rows}; row "
                "1 is the first data row). Fill in those dates.")
MSG_ANSWERED = ("column 'answered' must be empty (not answered yet) or hold a date; {count} "
                "row(s) hold another value (rows {rows}). Correct those rows.")
MSG_ORDER = ("column 'answered' must not be before 'received'; {count} row(s) are (rows "
             "{rows}). Correct the dates of those rows.")
MSG_TYPE = ("column 'type' must hold one of {allowed}; {count} row(s) hold another value "
            "(rows {rows}). Correct those rows or leave the column out.")
MSG_ID = ("column 'request_id' must identify each request once; {count} row(s) have no id or "
          "repeat one (rows {rows}). Give every request its own id.")
MSG_EMPTY = "the request log has a header but no requests; add at least one or leave it out."


@dataclass(frozen=True)
class Request:
    """One request: its type, when it was received and answered, whether an outcome was
    given in writing. No id, no text: what the deadline checks need."""

    type: str
    received: date
    answered: date | None
    outcome_given: bool


@dataclass(frozen=True)
class RequestLog:
    """The requests of a request log, with the file's name and digest."""

    name: str
    sha256: str
    requests: tuple[Request, ...]

    def of_type(self, kind: str) -> list[Request]:
        return [r for r in self.requests if r.type == kind]


def _day(value: object) -> date | None:
    if value is None or value != value:  # NaT
        return None
    return value.date()  # type: ignore[attr-defined, no-any-return]


def read_request_log(path: str | Path) -> RequestLog:
    """Read and validate a request log; one InputError lists every problem (file, column,
    rows)."""
    label = str(path)
    loaded = read_table(path)
    names = list(loaded.table.column_names)
    missing = [c for c in REQUEST_COLUMNS if c not in names]
    if missing:
        raise InputError(
            f"the request log must have the columns {', '.join(REQUEST_COLUMNS)} (and "
            f"optionally {TYPE_COLUMN}); column(s) {', '.join(missing)} are missing. Rename "
            "the columns of the export.", source=label)
    table = loaded.table
    if table.num_rows == 0:
        raise InputError(MSG_EMPTY, source=label)

    def texts(column: str) -> list[str | None]:
        values = as_strings(table.column(column)).to_pylist()
        return [v.strip() if isinstance(v, str) and v.strip() else None for v in values]

    problems: list[str] = []
    ids = texts("request_id")
    seen: set[str] = set()
    bad_id = np.zeros(len(ids), dtype=bool)
    for i, value in enumerate(ids):
        if value is None or value in seen:
            bad_id[i] = True
        if value is not None:
            seen.add(value)
    if bad_id.any():
        count, rows = row_list(bad_id)
        problems.append(MSG_ID.format(count=count, rows=rows))
    received_text = texts("received")
    answered_text = texts("answered")
    received, bad_received = parse_dates(received_text, column="received")
    answered, bad_answered = parse_dates(answered_text, column="answered")
    if bad_received.any():
        count, rows = row_list(bad_received)
        problems.append(MSG_RECEIVED.format(count=count, rows=rows))
    wrong_answer = bad_answered & np.array([t is not None for t in answered_text])
    if wrong_answer.any():
        count, rows = row_list(wrong_answer)
        problems.append(MSG_ANSWERED.format(count=count, rows=rows))
    order = (~bad_received & ~bad_answered
             & (answered.dt.normalize() < received.dt.normalize()).fillna(False).to_numpy())
    if order.any():
        count, rows = row_list(order)
        problems.append(MSG_ORDER.format(count=count, rows=rows))
    if TYPE_COLUMN in names:
        kinds = [(t or "").lower() for t in texts(TYPE_COLUMN)]
        bad_type = np.array([k not in REQUEST_TYPES for k in kinds])
        if bad_type.any():
            count, rows = row_list(bad_type)
            problems.append(MSG_TYPE.format(allowed=", ".join(REQUEST_TYPES), count=count,
                                            rows=rows))
    else:
        kinds = [DEFAULT_TYPE] * len(ids)
    if problems:
        raise InputError(problems, source=label)
    outcomes = texts("outcome")
    requests = tuple(
        Request(type=kinds[i], received=_day(received.iloc[i]) or date.min,
                answered=_day(answered.iloc[i]), outcome_given=outcomes[i] is not None)
        for i in range(len(ids)))
    return RequestLog(name=loaded.name, sha256=loaded.sha256, requests=requests)
