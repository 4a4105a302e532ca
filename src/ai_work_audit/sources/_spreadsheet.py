"""Spreadsheets as HR tools export them: Excel (``.xlsx``, ``.xlsm``, ``.xls``) and
OpenDocument (``.ods``), read with python-calamine (pandas ``engine="calamine"``).

The first sheet is read; its first row is the header. Every cell becomes text as it would
appear in a CSV export (whole numbers without ``.0``, dates in ISO 8601), so that the audit
validates and reports the values the same way whatever the file type. Errors name the file
and the columns, never a cell.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pyarrow as pa

from ai_work_audit.errors import InputError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def _cell_text(value: Any) -> str | None:
    """A cell as the text a CSV export would hold (None for an empty cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_spreadsheet(file: Path, label: str, wanted: Sequence[str] | None
                     ) -> tuple[pa.Table, list[str]]:
    """The first sheet of ``file`` as a table of text columns, and every header name."""
    import pandas as pd

    try:
        frame = pd.read_excel(file, sheet_name=0, engine="calamine", dtype=object, header=0)
    except ImportError:
        raise InputError("spreadsheets need python-calamine, which is not installed; install "
                         "it with `pip install python-calamine`, or export the sheet as CSV.",
                         source=label) from None
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise InputError(f"the file is not a readable spreadsheet ({type(exc).__name__}). "
                         "Re-export it, or export the sheet as CSV.", source=label) from None
    names = [str(c) for c in frame.columns]
    frame.columns = names
    keep = [c for c in (wanted if wanted is not None else names) if c in names]
    columns = {name: pa.array([_cell_text(v) for v in frame[name].tolist()], type=pa.string())
               for name in keep}
    return pa.table(columns) if columns else pa.table({}), names
