"""Check a published NYC Local Law 144 bias-audit summary for internal consistency.

6 RCNY § 5-301 and § 5-303: an employer publishes, per table (sex, race/ethnicity and their
intersection), each category's number of applicants, selection (or scoring) rate and impact
ratio, the number of people of unknown category, and the categories excluded for holding under
2 % of the data. Whoever reads such a summary can check that its numbers agree with each other:

- selection rate = selected ÷ applicants (scoring rate likewise, § 5-300);
- impact ratio = the category's rate ÷ the highest rate of its table (§ 5-300), never above 1,
  exactly 1 for the top category;
- a category left out of the ratios holds under 2 % of its table (§ 5-301(d));
- every required field is present.

Published numbers are rounded: a value agrees when it lies within half a unit of its last
published decimal of the exact value (or of the value computed from the published rates, as
some auditors compute ratios from rounded rates).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ai_work_audit.errors import InputError

REQUIRED_COLUMNS = ("table", "category", "applicants", "selected", "impact_ratio")
RATE_COLUMNS = ("selection_rate", "scoring_rate")
EXCLUDED_MARKS = frozenset({"", "excluded", "n/a", "na", "-", "—", "none", "null"})
EXCLUSION_SHARE = Fraction(2, 100)
MAX_ROWS = 100_000
MAX_BYTES = 20 * 2**20

MSG_COLUMNS = ("{file}: the summary must have the columns {columns} and one of {rates}; "
               "missing {missing}. Export the published tables with one row per category.")
MSG_NUMBER = ("{file}: row {row}, column '{column}' must be {expected}; got text that is not "
              "instead. Publish numbers without thousands separators (a trailing % is allowed "
              "for rates).")
MSG_TOO_LARGE = ("{file}: a published summary must be at most {limit} rows and 20 MiB; got "
                 "more instead. Pass the summary's own CSV, not the applicant data.")
MSG_ENCODING = ("{file}: the summary must be UTF-8 text; got bytes that are not instead. "
                "Save the CSV as UTF-8.")


@dataclass(frozen=True)
class Inconsistency:
    """One number of the summary that disagrees with the others."""

    table: str
    category: str
    field: str
    expected: str
    published: str

    def line(self) -> str:
        return (f"table {self.table!r}, category {self.category!r}: {self.field} expected "
                f"{self.expected}, published {self.published}")


@dataclass(frozen=True)
class _Row:
    number: int
    table: str
    category: str
    applicants: int | None
    selected: int | None
    rate: tuple[float, float] | None  # value, half a unit of its last decimal
    rate_field: str
    ratio: tuple[float, float] | None
    excluded: bool


def _decimal(text: str, percent_allowed: bool) -> tuple[float, float] | None:
    """(value, rounding half-unit) of a published number; None when it is not a number."""
    raw = text.strip()
    scale = 1.0
    if percent_allowed and raw.endswith("%"):
        raw, scale = raw[:-1].strip(), 0.01
    try:
        value = float(raw)
    except ValueError:
        return None
    if not math.isfinite(value):
        return None
    decimals = len(raw.split(".", 1)[1]) if "." in raw and "e" not in raw.lower() else 0
    return value * scale, 0.5 * 10.0 ** (-decimals) * scale


def _count(text: str) -> int | None:
    raw = text.strip()
    if raw.endswith(".0"):
        raw = raw[:-2]
    return int(raw) if raw.isdigit() else None


def read_summary(path: str | Path) -> list[_Row]:
    """The rows of a published summary CSV; an InputError naming file, row and column."""
    source = Path(path)
    name = source.name
    try:
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise InputError(MSG_TOO_LARGE.format(file=name, limit=MAX_ROWS))
        text = source.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(MSG_ENCODING.format(file=name)) from exc
    except OSError as exc:
        raise InputError(f"{name}: the summary file must be readable; got "
                         f"{type(exc).__name__} instead. Check the path.") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing or not any(r in header for r in RATE_COLUMNS):
        raise InputError(MSG_COLUMNS.format(
            file=name, columns=", ".join(REQUIRED_COLUMNS), rates=" or ".join(RATE_COLUMNS),
            missing=", ".join(missing) or " or ".join(RATE_COLUMNS)))
    rows: list[_Row] = []
    problems: list[str] = []
    for number, record in enumerate(reader, start=1):
        if number > MAX_ROWS:
            raise InputError(MSG_TOO_LARGE.format(file=name, limit=MAX_ROWS))
        cells = {k.strip().lower(): (v or "") for k, v in record.items() if k is not None}
        counts: dict[str, int | None] = {}
        for column in ("applicants", "selected"):
            raw = cells.get(column, "").strip()
            counts[column] = _count(raw) if raw else None
            if raw and counts[column] is None:
                problems.append(MSG_NUMBER.format(file=name, row=number, column=column,
                                                  expected="a whole number"))
        rate_field = next((c for c in RATE_COLUMNS if cells.get(c, "").strip()),
                          next(c for c in RATE_COLUMNS if c in header))
        rate_raw = cells.get(rate_field, "").strip()
        rate = _decimal(rate_raw, True) if rate_raw else None
        if rate_raw and rate is None:
            problems.append(MSG_NUMBER.format(file=name, row=number, column=rate_field,
                                              expected="a number"))
        ratio_raw = cells.get("impact_ratio", "").strip()
        excluded = ratio_raw.lower() in EXCLUDED_MARKS
        ratio = None if excluded else _decimal(ratio_raw, False)
        if not excluded and ratio is None:
            problems.append(MSG_NUMBER.format(file=name, row=number, column="impact_ratio",
                                              expected="a number or empty (excluded)"))
        rows.append(_Row(number, cells.get("table", "").strip(),
                         cells.get("category", "").strip(), counts["applicants"],
                         counts["selected"], rate, rate_field, ratio, excluded))
    if problems:
        raise InputError(" ".join(problems[:20]) + (
            f" ({len(problems) - 20} more.)" if len(problems) > 20 else ""))
    if not rows:
        raise InputError(f"{name}: the summary must have at least one category row; got "
                         "none instead.")
    return rows


def _agrees(published: tuple[float, float], *expected: float) -> bool:
    value, half = published
    return any(abs(value - e) <= half + 1e-9 for e in expected)


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def verify_summary(rows: Sequence[_Row]) -> list[Inconsistency]:
    """Every inconsistency between the numbers of a summary (empty: consistent)."""
    found: list[Inconsistency] = []
    tables: dict[str, list[_Row]] = {}
    for row in rows:
        tables.setdefault(row.table, []).append(row)

    def note(row: _Row, field: str, expected: str, published: str) -> None:
        found.append(Inconsistency(row.table or "(none)", row.category or f"(row {row.number})",
                                   field, expected, published))

    for table_rows in tables.values():
        exact: dict[int, Fraction] = {}
        for row in table_rows:
            for field, value in (("table", row.table), ("category", row.category)):
                if not value:
                    note(row, field, "a name", "nothing")
            if row.applicants is None or row.selected is None:
                note(row, "applicants" if row.applicants is None else "selected",
                     "a count", "nothing")
                continue
            if row.selected > row.applicants:
                note(row, "selected", f"at most applicants ({row.applicants})",
                     str(row.selected))
                continue
            if row.rate is None:
                note(row, row.rate_field, "a rate", "nothing")
            if row.applicants == 0:
                continue
            rate = Fraction(row.selected, row.applicants)
            exact[row.number] = rate
            if row.rate is not None and not _agrees(row.rate, float(rate)):
                note(row, row.rate_field, _fmt(float(rate)), _fmt(row.rate[0]))
        counted = [r for r in table_rows if not r.excluded and r.number in exact]
        if not counted:
            continue
        top = max(exact[r.number] for r in counted)
        published_rates = [r.rate[0] for r in counted if r.rate is not None]
        top_published = max(published_rates) if published_rates else None
        for row in counted:
            assert row.ratio is not None
            expected = float(exact[row.number] / top) if top > 0 else None
            if row.ratio[0] > 1 + row.ratio[1] + 1e-9:
                note(row, "impact_ratio", "at most 1", _fmt(row.ratio[0]))
                continue
            if expected is None:
                continue
            alternatives = [expected]
            if row.rate is not None and top_published:
                alternatives.append(row.rate[0] / top_published)
            if not _agrees(row.ratio, *alternatives):
                note(row, "impact_ratio", _fmt(expected), _fmt(row.ratio[0]))
        if any(r.applicants is None for r in table_rows) or top == 0:
            continue  # shares cannot be judged without every count, nor ratios at a 0 top rate
        known = sum(r.applicants or 0 for r in table_rows)
        for row in table_rows:
            if row.excluded and row.applicants is not None and known > 0:
                share = Fraction(row.applicants, known)
                if share >= EXCLUSION_SHARE:
                    note(row, "impact_ratio",
                         "a ratio (the category holds 2 % or more of the table, so it may "
                         "not be excluded)", f"excluded at {float(share):.1%}")
    return found
