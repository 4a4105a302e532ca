"""Arrow values from buffers (sources/_arrow.py) equal what pyarrow's conversions give."""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ai_work_audit.sources import group_sums, to_numpy, typed_array, typed_scalar

CASES = [
    (pa.bool_(), [True, False, None, True, True, False, False, True, True]),
    (pa.int8(), [1, 0, None, -3]),
    (pa.int32(), [200, None]),
    (pa.int64(), [2**40, -1, 0]),
    (pa.float64(), [0.5, None, float("inf")]),
    (pa.string(), ["a", None, "", "é×ü", "\u200b"]),
    (pa.large_string(), ["long", None]),
    (pa.string(), []),
    (pa.int64(), []),
]


@pytest.mark.parametrize(("arrow_type", "values"), CASES)
def test_typed_array_equals_pa_array(arrow_type: pa.DataType, values: list[object]) -> None:
    built = typed_array(values, arrow_type)
    built.validate(full=True)
    assert built.type == arrow_type
    assert built.equals(pa.array(values, type=arrow_type))
    assert built.to_pylist() == values


@pytest.mark.parametrize(("value", "arrow_type"), [
    (True, pa.bool_()), (False, pa.bool_()), ("", pa.string()), (200, pa.int32()),
    (0, pa.float64()), (None, pa.int8()),
])
def test_typed_scalar_equals_pa_scalar(value: object, arrow_type: pa.DataType) -> None:
    assert typed_scalar(value, arrow_type).equals(pa.scalar(value, type=arrow_type))


def test_typed_scalar_nan() -> None:
    got = typed_scalar(float("nan"), pa.float64()).as_py()
    assert isinstance(got, float) and math.isnan(got)


def test_typed_array_from_numpy() -> None:
    values = np.array([3, 1, 2], dtype=np.int64)
    assert typed_array(values, pa.int64()).equals(pa.array(values))
    flags = np.array([True, False, True])
    assert typed_array(flags, pa.bool_()).equals(pa.array(flags))


def test_typed_array_refuses_a_type_it_does_not_build() -> None:
    with pytest.raises(TypeError, match="does not build"):
        typed_array([1], pa.date32())


@pytest.mark.parametrize("column", [
    pa.chunked_array([[True, False], [], [True, True, False]]),
    pa.chunked_array([[1, 2, 3], [4]], type=pa.int8()),
    pa.chunked_array([[0.5, 2.5]], type=pa.float64()),
    pa.array([False] * 13 + [True]).slice(5),  # an offset inside a byte of the bitmap
    pa.array([1, 2, 3, 4], type=pa.int64()).slice(1, 2),
    pa.chunked_array([], type=pa.bool_()),
])
def test_to_numpy_equals_pyarrow(column: pa.Array | pa.ChunkedArray) -> None:
    got = to_numpy(column)
    want = column.to_numpy(zero_copy_only=False) if isinstance(column, pa.Array) \
        else column.to_numpy()
    assert got.dtype == want.dtype and got.tolist() == want.tolist()


def test_to_numpy_refuses_nulls_and_strings() -> None:
    with pytest.raises(ValueError, match="without nulls"):
        to_numpy(pa.array([1, None]))
    with pytest.raises(TypeError, match="does not read"):
        to_numpy(pa.array(["a"]))


def _acero(keys: dict[str, pa.ChunkedArray], sums: dict[str, pa.ChunkedArray],
           count: str) -> list[tuple[object, ...]]:
    """The same aggregation by pyarrow's own group-by, as sorted rows."""
    first = next(iter(sums))
    table = pa.table({**keys, **sums})
    grouped = table.group_by(list(keys)).aggregate(
        [(name, "sum") for name in sums] + [(first, "count")])
    rows = zip(*(grouped.column(k).to_pylist() for k in keys),
               *(grouped.column(f"{n}_sum").to_pylist() for n in sums),
               grouped.column(f"{first}_count").to_pylist(), strict=True)
    del count
    return sorted(rows, key=repr)


def _ours(keys: dict[str, pa.ChunkedArray], sums: dict[str, pa.ChunkedArray], count: str,
          dense_limit: int) -> list[tuple[object, ...]]:
    out = group_sums(keys, sums, count=count, dense_limit=dense_limit)
    rows = zip(*(out[k] for k in keys), *(out[n] for n in sums), out[count], strict=True)
    return sorted(rows, key=repr)


@pytest.mark.parametrize("dense_limit", [1 << 22, 1])  # bincount, and the np.unique path
def test_group_sums_equals_pyarrow_group_by(dense_limit: int) -> None:
    sex = pa.chunked_array([["F", "M", None], ["F", "F", "X"]])
    race = pa.chunked_array([pa.array(["a", "b", "a"]).dictionary_encode(),
                             pa.array(["b", "b", None]).dictionary_encode()])
    selected = pa.chunked_array([[1, 0, 1], [1, 1, 0]], type=pa.int8())
    weights = pa.chunked_array([[5, 3, 2], [7, 1, 4]], type=pa.int64())
    keys = {"sex": sex, "race": race}
    sums = {"selected": selected, "applicants": weights}
    ours = _ours(keys, sums, "rows", dense_limit)
    race_text = pa.chunked_array([c.cast(pa.string()) for c in race.chunks])
    assert ours == _acero({"sex": sex, "race": race_text}, sums, "rows")
    assert sum(r[2] for r in ours) == 4 and sum(r[4] for r in ours) == 6


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]),
                          st.sampled_from(["x", "y", None]),
                          st.integers(0, 1), st.integers(0, 10**6)),
                min_size=1, max_size=40),
       st.sampled_from([1, 1 << 22]))
def test_group_sums_property(rows: list[tuple[str | None, str | None, int, int]],
                             dense_limit: int) -> None:
    first, second, flags, weights = (list(c) for c in zip(*rows, strict=True))
    keys = {"g": pa.chunked_array([first], type=pa.string()),
            "h": pa.chunked_array([second], type=pa.string())}
    sums = {"s": pa.chunked_array([flags], type=pa.int8()),
            "w": pa.chunked_array([weights], type=pa.int64())}
    assert _ours(keys, sums, "n", dense_limit) == _acero(keys, sums, "n")
