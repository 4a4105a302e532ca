"""Arrow values built from buffers, and Arrow arrays read into numpy from buffers.

pyarrow imports pandas (≈ 0.25–0.4 s) the first time it converts any Python or numpy object:
``pa.scalar``, ``pa.array``, a Python literal given to a compute function
(``pc.fill_null(x, False)``), ``Array.to_numpy()``. Built from buffers
(``pa.Array.from_buffers``) and read through ``np.frombuffer``, the same values cost nothing,
so a small audit starts in well under half a second (issue 9, item 9: import what the command
needs). The values are identical: these are the Arrow columnar layouts
(https://arrow.apache.org/docs/format/Columnar.html: validity bitmap, LSB bit order; offsets
and data buffers of ``string``), little-endian as on every supported machine.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if sys.byteorder != "little":  # pragma: no cover - no big-endian machine is supported
    raise ImportError("ai_work_audit.sources._arrow assumes a little-endian machine")

_NUMERIC = {
    pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64,
    pa.uint8(): np.uint8, pa.uint16(): np.uint16, pa.uint32(): np.uint32,
    pa.uint64(): np.uint64, pa.float32(): np.float32, pa.float64(): np.float64,
}


def _bits(flags: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(flags.astype(bool), bitorder="little"))


def typed_array(values: Sequence[Any] | np.ndarray, arrow_type: pa.DataType) -> pa.Array:
    """``pa.array(values, type)`` for booleans, numbers and strings (``None`` is null),
    without pyarrow's Python conversion (which imports pandas)."""
    data: Sequence[Any] | np.ndarray
    if isinstance(values, np.ndarray) and values.dtype != object:
        valid = None
        data = values
    else:
        items = list(values)
        present = np.fromiter((v is not None for v in items), dtype=bool, count=len(items))
        valid = None if present.all() else present
        data = items if arrow_type in (pa.string(), pa.large_string()) else np.array(
            [v if v is not None else 0 for v in items])
    length = len(data)
    validity = None if valid is None else _bits(valid)
    nulls = 0 if valid is None else int(length - valid.sum())
    if arrow_type == pa.bool_():
        return pa.Array.from_buffers(arrow_type, length, [validity, _bits(np.asarray(data))],
                                     null_count=nulls)
    if arrow_type in _NUMERIC:
        numbers = np.ascontiguousarray(np.asarray(data, dtype=_NUMERIC[arrow_type]))
        buffer = pa.py_buffer(numbers)
        return pa.Array.from_buffers(arrow_type, length, [validity, buffer], null_count=nulls)
    if arrow_type in (pa.string(), pa.large_string()):
        encoded = [b"" if v is None else str(v).encode("utf-8") for v in data]
        wide = arrow_type == pa.large_string()
        offsets = np.zeros(length + 1, dtype=np.int64 if wide else np.int32)
        np.cumsum(np.fromiter((len(e) for e in encoded), dtype=np.int64, count=length),
                  out=offsets[1:], dtype=offsets.dtype)
        return pa.Array.from_buffers(arrow_type, length, [validity, pa.py_buffer(offsets),
                                                    pa.py_buffer(b"".join(encoded))],
                                     null_count=nulls)
    raise TypeError(f"typed_array does not build {arrow_type} arrays")


def typed_scalar(value: Any, arrow_type: pa.DataType) -> pa.Scalar:
    """``pa.scalar(value, type)``, without pyarrow's Python conversion (see ``typed_array``).
    Give compute functions this instead of a Python literal."""
    return typed_array([value], arrow_type)[0]


def chunked(values: Sequence[Any] | np.ndarray, arrow_type: pa.DataType) -> pa.ChunkedArray:
    """``pa.chunked_array([pa.array(values, type)])``, see ``typed_array``."""
    return pa.chunked_array([typed_array(values, arrow_type)], type=arrow_type)


def to_numpy(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean or numeric column without nulls as a numpy array (a copy), read from its
    buffers (``to_numpy()`` imports pandas). Fill nulls first; ValueError otherwise."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if array.null_count:
        raise ValueError("to_numpy reads columns without nulls: fill them first")
    length, offset = len(array), array.offset
    if array.type == pa.bool_():
        data = array.buffers()[1]
        if data is None or length == 0:
            return np.zeros(length, dtype=bool)
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        return bits[offset:offset + length].astype(bool)
    if array.type in _NUMERIC:
        dtype = np.dtype(_NUMERIC[array.type])
        data = array.buffers()[1]
        if data is None or length == 0:
            return np.zeros(length, dtype=dtype)
        return np.frombuffer(data, dtype=dtype, count=length,
                             offset=offset * dtype.itemsize).copy()
    raise TypeError(f"to_numpy does not read {array.type} columns")


#: The largest number of key combinations counted in one ``np.bincount`` (else ``np.unique``).
_DENSE_GROUPS = 1 << 22


def group_sums(keys: dict[str, pa.ChunkedArray], sums: dict[str, pa.ChunkedArray],
               count: str | None = None, *, dense_limit: int = _DENSE_GROUPS,
               ) -> dict[str, list[Any]]:
    """One row per combination of ``keys`` present (nulls are a value of their own): the key
    values, the sum of each column of ``sums`` and, as ``count``, the number of rows.

    The result of ``pa.table(...).group_by(keys).aggregate([(c, "sum")...])``, without Acero
    (``pyarrow.acero`` imports ``pyarrow.dataset``, which imports pandas), rows sorted by key
    codes. The summed columns are integers without nulls; sums are exact below 2**53.
    """
    codes: list[np.ndarray] = []
    values: list[list[Any]] = []
    for column in keys.values():
        text = pc.cast(column, pa.string()) if pa.types.is_dictionary(column.type) else column
        encoded = pc.dictionary_encode(text.combine_chunks(), null_encoding="encode")
        codes.append(to_numpy(encoded.indices).astype(np.int64))
        values.append(encoded.dictionary.to_pylist())
    rows = len(codes[0]) if codes else 0
    code = np.zeros(rows, dtype=np.int64)
    size = 1
    for part, dictionary in zip(codes, values, strict=True):
        code = code * len(dictionary) + part
        size *= max(len(dictionary), 1)
    if size <= dense_limit:
        tally = np.bincount(code, minlength=size)
        present = np.flatnonzero(tally)
        inverse = None
    else:
        present, inverse = np.unique(code, return_inverse=True)
        tally = np.bincount(inverse)
    out: dict[str, list[Any]] = {}
    remainder = present.copy()
    parts: list[np.ndarray] = []
    for dictionary in reversed(values):
        parts.append(remainder % len(dictionary))
        remainder //= len(dictionary)
    for name, dictionary, part in zip(keys, values, reversed(parts), strict=True):
        out[name] = [dictionary[int(i)] for i in part]
    index = code if inverse is None else inverse
    for name, column in sums.items():
        numbers = to_numpy(column).astype(np.float64)
        totals = np.bincount(index, weights=numbers, minlength=len(tally))
        out[name] = np.rint(totals[present if inverse is None else slice(None)]).astype(
            np.int64).tolist()
    if count is not None:
        out[count] = tally[present if inverse is None else slice(None)].astype(np.int64).tolist()
    return out
