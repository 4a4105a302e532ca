"""Escaping of user-supplied values (group names, attribute names, organisation…) for every report.

Values that come from an audited file are untrusted: a category may be called
``<script>…</script>`` or ``=HYPERLINK(…)``. Every report passes them through these helpers:

- :func:`neutralise_formula` — OWASP "CSV injection": a cell that starts (after any spaces) with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe, so that a
  spreadsheet receiving a copy of the table (copy-paste from HTML or PDF, Markdown converted
  to CSV) shows it as text. Applied in every format, so a value reads the same everywhere.
- :func:`strip_control` — drops control and format characters (ANSI escape sequences on a
  terminal, bidirectional overrides, line breaks that would break a table row).
- :func:`escape_markdown`, :func:`escape_html` — the markup of each format.
- :func:`safe_text`, :func:`markdown_cell`, :func:`html_cell` — the combinations reports use.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP)."""

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
_JOINERS = frozenset("\u200c\u200d")  # needed by some scripts and emoji; other Cf are dropped


def neutralise_formula(value: str) -> str:
    """Prefix an apostrophe when ``value`` would start a spreadsheet formula (OWASP).

    Leading spaces do not hide a formula: importers that trim cells would still evaluate it.
    """
    if value.startswith(FORMULA_PREFIXES) or value.lstrip().startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def strip_control(value: str) -> str:
    """Replace line breaks by a space and drop other control characters (C0, C1, DEL)."""
    value = _LINE_BREAKS.sub(" ", value).replace("\t", " ")
    if value.isprintable():  # no character of category C (Cc, Cf, …) nor Z (but space): as is
        return value
    return "".join(
        ch for ch in value if ch in _JOINERS or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def escape_markdown(value: str) -> str:
    """Backslash-escape the characters that Markdown (CommonMark, GFM tables) interprets."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def escape_html(value: object) -> Markup:
    """HTML-escape a value (``& < > " '``); the result is safe to insert in HTML or SVG."""
    return escape(value)


def safe_text(value: object) -> str:
    """A user value as plain text: control characters removed, then formula-neutralised."""
    return neutralise_formula(strip_control(str(value)))


def markdown_cell(value: object) -> str:
    """A user value for a Markdown document (table cell or running text)."""
    return escape_markdown(safe_text(value))


def html_cell(value: object) -> Markup:
    """A user value for HTML or inline SVG, without relying on template autoescaping."""
    return escape_html(safe_text(value))
