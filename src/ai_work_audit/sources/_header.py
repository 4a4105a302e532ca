"""Is the first row of a table a header, or the first record of a file that has none?

A headerless export read as if it had a header turns its first record (an e-mail address, a
name, a date) into column names, which then travel into every report, run and error message.
A first row is taken for data when one of its cells looks like a value rather than a name — an
e-mail address, a URL, an IP address, a phone number, a date or time, a number — or when a cell
reappears as a value further down its own column. The reasons name columns by position and the
kind of value, never the value itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an e-mail address", re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")),
    ("a web address", re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)),
    ("an IP address", re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")),
    ("a date or time", re.compile(
        r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?"
        r"(Z|[+-]\d{2}:?\d{2})?)?$|^\d{1,2}:\d{2}(:\d{2})?$")),
    ("a phone number", re.compile(r"^\+?[\d ()./-]{8,}$")),
    ("a number", re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")),
)


def value_kind(cell: str) -> str | None:
    """The kind of value a cell looks like (e.g. "an e-mail address"), or None for a name."""
    text = cell.strip()
    if not text:
        return None
    for kind, pattern in _KINDS:
        if pattern.match(text):
            return kind
    return None


def header_problems(header: Sequence[str], rows: Sequence[Sequence[str]],
                    limit: int = 3) -> list[str]:
    """Why ``header`` looks like a data row ("column 2 holds an e-mail address"); [] if not.

    ``rows``: a sample of the rows below it, used to see header cells repeated as values.
    """
    reasons: list[str] = []
    for position, cell in enumerate(header, start=1):
        kind = value_kind(cell)
        if kind is not None:
            reasons.append(f"column {position} holds {kind}")
            continue
        name = cell.strip()
        if not name:
            continue
        if any(len(r) >= position and r[position - 1].strip() == name for r in rows):
            reasons.append(f"column {position}'s name appears again as a value below it")
    return reasons[:limit]


NO_HEADER_BODY = ("the first row must hold column names; got a row that looks like data "
                  "instead ({reasons}). Add a header row to the file, or pass --no-header.")
NO_HEADER_MSG = "{file}: " + NO_HEADER_BODY


def positional_names(width: int) -> list[str]:
    """The column names of a file read with ``--no-header``: column_1 … column_N."""
    return [f"column_{i}" for i in range(1, width + 1)]


def looks_personal(name: str) -> bool:
    """Whether a column name looks like a value (an e-mail address, a phone number, a date …)
    or a line of text rather than a name, so that a message says "column N" instead."""
    return (value_kind(name) is not None or "@" in name or len(name) > 40
            or len(name.split()) > 4)


def column_label(name: str, position: int | None) -> str:
    """How a message names a column: ``'name'``, or "column N" when the name looks personal."""
    if looks_personal(name):
        return f"column {position}" if position is not None else "a column"
    return repr(name)


def header_error(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str | None:
    """``NO_HEADER_BODY`` when ``header`` looks like a data row (positions only), else None."""
    reasons = header_problems(header, rows)
    return NO_HEADER_BODY.format(reasons="; ".join(reasons)) if reasons else None
