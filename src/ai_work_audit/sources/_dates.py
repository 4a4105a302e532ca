"""Dates of a column as exported: ISO 8601, an explicit ``--date-format``, or day/month dates
read one way for the whole column.

Spreadsheet exports write ``01/04/2026``; read alone, it is 1 April (day first, as in France)
or 4 January (month first, as in the US). A column is read in one order only: the order its
unambiguous rows show (a day above 12), and an input error naming the ambiguous rows when no
row settles it or rows disagree (``--date-format`` then says which). Errors name rows, never
values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ai_work_audit.errors import InputError
from ai_work_audit.sources._values import row_list

_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:[ T].*)?$")

MSG_AMBIGUOUS = (
    "column {column!r} has {count} date(s) whose day/month order is ambiguous (rows {rows}; "
    "row 1 is the first data row): no row of the column shows which comes first. Give "
    "--date-format %d/%m/%Y (day first) or --date-format %m/%d/%Y (month first).")
MSG_CONFLICT = (
    "column {column!r} mixes day-first dates (rows {day_rows}) and month-first dates "
    "(rows {month_rows}); a column must use one order. Correct those rows, or give "
    "--date-format to say which order the column uses.")


def parse_dates(values: Sequence[str | None], *, column: str,
                date_format: str | None = None) -> tuple[Any, np.ndarray]:
    """The dates (a pandas datetime Series, UTC) and a mask of the rows that are not dates.

    Each distinct text is parsed once (a date column has few). InputError when day/month
    order is ambiguous or inconsistent within the column.
    """
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(list(values), dtype=object), use_na_sentinel=True)
    present = np.asarray(codes >= 0, dtype=bool)
    texts = [str(u) for u in uniques]

    def rows(unique_mask: np.ndarray) -> np.ndarray:
        expanded: np.ndarray = present & np.append(unique_mask, False)[codes]
        return expanded

    if date_format is not None:
        parsed_u = pd.to_datetime(pd.Series(texts, dtype=object), errors="coerce",
                                  format=date_format, utc=True)
    else:
        matches = [_NUMERIC.match(v) for v in texts]
        numeric = np.array([m is not None for m in matches], dtype=bool)
        first = np.array([int(m.group(1)) if m else 0 for m in matches])
        second = np.array([int(m.group(2)) if m else 0 for m in matches])
        day_first = numeric & (first > 12) & (second <= 12)
        month_first = numeric & (second > 12) & (first <= 12)
        if day_first.any() and month_first.any():
            raise InputError(MSG_CONFLICT.format(
                column=column, day_rows=row_list(rows(day_first))[1],
                month_rows=row_list(rows(month_first))[1]))
        ambiguous = numeric & (first <= 12) & (second <= 12) & (first != second)
        if ambiguous.any() and not day_first.any() and not month_first.any():
            count, shown = row_list(rows(ambiguous))
            raise InputError(MSG_AMBIGUOUS.format(column=column, count=count, rows=shown))
        parsed_u = _parse_uniques(texts, numeric, dayfirst=bool(day_first.any()))
    parsed_values = np.append(parsed_u.to_numpy(dtype="datetime64[ns]"),
                              np.datetime64("NaT", "ns"))[codes]
    parsed = pd.Series(pd.to_datetime(parsed_values, utc=True))
    return parsed, parsed.isna().to_numpy()


def _parse_uniques(texts: list[str], numeric: np.ndarray, *, dayfirst: bool) -> Any:
    """Parse distinct texts: d/m/y or m/d/y ones in the column's order, the rest as ISO 8601
    (or any layout pandas recognises)."""
    import pandas as pd

    series = pd.Series(texts, dtype=object)
    parsed = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
    if numeric.any():
        text = series[numeric].map(lambda v: re.split(r"[ T]", v.strip(), maxsplit=1)[0])
        separators = text.str.replace(r"\d", "", regex=True).str[:1]
        for sep in separators.unique():
            part = text[separators == sep]
            order = ("%d{s}%m{s}" if dayfirst else "%m{s}%d{s}").format(s=sep)
            four = part.str.len() - part.str.rfind(sep) - 1 == 4
            for mask, year in ((four, "%Y"), (~four, "%y")):
                if mask.any():
                    parsed.loc[part[mask].index] = pd.to_datetime(
                        part[mask], errors="coerce", format=order + year, utc=True)
    rest = ~numeric
    if rest.any():
        parsed.loc[series.index[rest]] = pd.to_datetime(series[rest], errors="coerce",
                                                        format="mixed", utc=True)
    return parsed
