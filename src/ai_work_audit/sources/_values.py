"""Turn raw outcome and score columns into numbers, collecting every bad row (never its value)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ai_work_audit.sources._arrow import to_numpy as arrow_to_numpy
from ai_work_audit.sources._arrow import typed_array, typed_scalar

TRUE_VALUES = ("1", "true", "yes", "selected", "y", "t", "1.0", "oui", "o", "vrai", "retenu",
               "retenue", "sélectionné", "sélectionnée")
FALSE_VALUES = ("0", "false", "no", "rejected", "n", "f", "0.0", "non", "faux", "refusé",
                "refusée", "rejeté", "rejetée", "non retenu", "non retenue")
#: contracts.md ``--unknown`` default, matched trimmed and case-insensitively; nulls count too.
DEFAULT_UNKNOWN = ("", "NA", "Unknown", "Missing", "Missing/Unknown", "Prefer not to say")
_SHOWN_ROWS = 10
#: Invisible and bidirectional control characters (Unicode format characters that render as
#: nothing or reorder text): a category holding one looks like another and must not be merged
#: with it, nor shown as a separate look-alike row (UTS #39, "Trojan Source" CVE-2021-42574).
INVISIBLE_CHARS = ("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                   "\u2066-\u206f\ufeff\ufff9-\ufffb]")
#: The longest category value accepted (characters).
MAX_CATEGORY_CHARS = 200
# Arrow values, not Python literals, for compute functions (see ``_arrow``: start-up).
_TRUE = typed_scalar(True, pa.bool_())
_FALSE = typed_scalar(False, pa.bool_())
_EMPTY = typed_scalar("", pa.string())
_NAN = typed_scalar(float("nan"), pa.float64())
_MAX_CHARS = typed_scalar(MAX_CATEGORY_CHARS, pa.int32())  # utf8_length of string: int32
_TRUE_SET = typed_array(TRUE_VALUES, pa.string())
_FALSE_SET = typed_array(FALSE_VALUES, pa.string())


def row_list(mask: pa.ChunkedArray | pa.Array | np.ndarray) -> tuple[int, str]:
    """The count of true entries of ``mask`` and their first row numbers (1 = first data row)."""
    array = mask if isinstance(mask, np.ndarray) else arrow_to_numpy(pc.fill_null(mask, _TRUE))
    positions = np.flatnonzero(array)
    shown = ", ".join(str(int(p) + 1) for p in positions[:_SHOWN_ROWS])
    more = f" and {len(positions) - _SHOWN_ROWS} more" if len(positions) > _SHOWN_ROWS else ""
    return len(positions), shown + more


def parse_outcomes(column: pa.ChunkedArray, positive: Sequence[str] = ()
                   ) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Selected flags as int8 (1/0) and a mask of invalid rows.

    Accepted, case-insensitive and trimmed: 1/0, true/false, yes/no, selected/rejected (y/n, t/f)
    (contracts.md, ``--outcome``) and their French forms as HR tools export them (oui/non,
    vrai/faux, retenu/refusé); booleans and the numbers 0 and 1. Nulls are invalid. With
    ``positive`` (``--positive``), those values mean selected and every other non-empty value
    means not selected.
    """
    kind = column.type
    if positive:
        wanted = typed_array(sorted({v.strip().casefold() for v in positive}), pa.string())
        text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(column, pa.string())))
        chosen = pc.fill_null(pc.is_in(text, value_set=wanted), _FALSE)
        empty = pc.fill_null(pc.equal(text, _EMPTY), _TRUE)
        return pc.cast(chosen, pa.int8()), empty
    if pa.types.is_boolean(kind):
        values = pc.cast(column, pa.int8())
        return values, pc.is_null(column)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        zero, one = _number(0, kind), _number(1, kind)
        valid = pc.fill_null(pc.or_(pc.equal(column, zero), pc.equal(column, one)), _FALSE)
        values = pc.cast(pc.if_else(valid, column, zero), pa.int8())
        return values, pc.invert(valid)
    text = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(column, pa.string())))
    is_true = pc.fill_null(pc.is_in(text, value_set=_TRUE_SET), _FALSE)
    is_false = pc.fill_null(pc.is_in(text, value_set=_FALSE_SET), _FALSE)
    values = pc.cast(is_true, pa.int8())
    return values, pc.invert(pc.or_(is_true, is_false))


def _number(value: int, kind: pa.DataType) -> pa.Scalar | int:
    """``value`` as a scalar of the column's type (a Python literal for a type ``typed_scalar``
    does not build, e.g. float16)."""
    try:
        return typed_scalar(value, kind)
    except TypeError:
        return value


def parse_scores(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """Scores as float64 and a mask of invalid rows (empty, non-numeric, NaN or infinite).

    A decimal comma ("12,5", as French exports write it) is accepted.
    """
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        values = arrow_to_numpy(pc.fill_null(pc.cast(column, pa.float64()), _NAN))
    else:  # pandas only for scores written as text: a hiring table is Arrow (start-up)
        import pandas as pd

        text = pc.utf8_trim_whitespace(pc.cast(column, pa.string()))
        text = pc.replace_substring(text, ",", ".")
        series = pd.Series(text.to_numpy(zero_copy_only=False), dtype=object)
        values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)
    values = np.asarray(values, dtype=np.float64)
    invalid = ~np.isfinite(values)
    return values, invalid


def as_strings(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A column as strings, nulls kept (group values are reported as they appear).

    Dictionary-encoded string columns are kept encoded: grouping on them is cheaper, and their
    values are strings already.
    """
    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column
    if pa.types.is_dictionary(kind) and (
        pa.types.is_string(kind.value_type) or pa.types.is_large_string(kind.value_type)
    ):
        return column
    return pc.cast(column, pa.string())


def normalise_categories(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, int]:
    """Category values in Unicode Normalization Form C with invisible and bidirectional control
    characters removed, and how many rows that changed (0: the column is returned as is).

    "Hélène" written composed (U+00E9) and decomposed (e + U+0301) look the same and are the
    same category; so are "F" and "F" followed by a zero-width space. Left alone they would be
    two rows that look alike; the caller warns with the count, so they are never merged
    without saying. Sources: Unicode Standard Annex #15 (Normalization Forms, canonical
    equivalence), Unicode Technical Standard #39 §4 (confusable detection), CVE-2021-42574
    ("Trojan Source": bidirectional overrides).
    """
    text = pc.cast(column, pa.string())
    clean = pc.utf8_normalize(pc.replace_substring_regex(text, INVISIBLE_CHARS, ""), form="NFC")
    changed = int(pc.sum(pc.fill_null(pc.not_equal(text, clean), _FALSE)).as_py() or 0)
    if not changed:
        return column, 0
    return (clean if isinstance(clean, pa.ChunkedArray) else pa.chunked_array([clean])), changed


def normalise_text_values(values: Any) -> tuple[Any, int]:
    """``normalise_categories`` for a pandas Series of text (worker ids, roster columns):
    distinct values only are normalised, so a log of millions of rows costs its ids."""
    import unicodedata

    pattern = re.compile(INVISIBLE_CHARS)
    distinct = values.dropna().unique()
    mapping = {}
    for value in distinct:
        if isinstance(value, str):
            clean = unicodedata.normalize("NFC", pattern.sub("", value))
            if clean != value:
                mapping[value] = clean
    if not mapping:
        return values, 0
    changed = int(values.isin(list(mapping)).sum())
    return values.replace(mapping), changed


def category_problems(column: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray]:
    """Masks of category values holding invisible or bidirectional control characters, and of
    values longer than ``MAX_CATEGORY_CHARS`` (both refused, never merged or shown)."""
    text = pc.cast(column, pa.string())
    controls = pc.fill_null(pc.match_substring_regex(text, INVISIBLE_CHARS), _FALSE)
    long = pc.fill_null(pc.greater(pc.utf8_length(text), _MAX_CHARS), _FALSE)
    return controls, long


def unknown_mask(values: Sequence[str | None], unknown: Sequence[str]) -> list[bool]:
    """Which distinct category values count as unknown (trimmed, case-insensitive)."""
    folded = {u.strip().casefold() for u in unknown}
    return [v is None or v.strip().casefold() in folded for v in values]
