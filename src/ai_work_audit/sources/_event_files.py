"""Read the files of an event log in chunks: CSV/TSV (pyarrow streaming), JSON Lines, Parquet.

Each reader yields raw frames of at most ``batch_rows`` rows with a function that labels rows
(or lines) for messages, so memory stays bounded. Messages name files, rows and counts — never
cell values. Encoding and delimiter detection are shared with ``sources/_read.py``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq

from ai_work_audit.errors import InputError
from ai_work_audit.sources._header import column_label, header_error, positional_names
from ai_work_audit.sources._read import (
    ENCODING_MSG,
    MAX_JSON_DEPTH,
    UNKNOWN_ENCODING,
    detect_encoding,
    ends_inside_quotes,
    load_json_line,
    sample_rows,
    sniff_delimiter,
    unclosed_quote_message,
)
from ai_work_audit.sources._timestamps import _SHOWN
from ai_work_audit.vocab._messages import Message

#: File suffixes read as event logs, and the reader of each.
EVENT_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv",
             ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}
_JSON_BLOCK = 1 << 25
JSON_DEPTH_MSG = ("{file}: {count} line(s) nest objects or lists more than {depth} levels deep "
                  "(lines {lines}); an event is a flat object. Flatten those lines.")
JSON_SURROGATE_MSG = ("{file}: {count} line(s) hold text that is not valid Unicode (an unpaired "
                      "surrogate escape such as \\ud800; lines {lines}). Re-export the file.")




def _list_files(root: Path) -> list[tuple[Path, str]]:
    if root.is_file():
        return [(root, root.name)]
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.suffix.lower() not in EVENT_SUFFIXES or path.is_dir():
            continue
        if not path.is_file():
            raise InputError(f"{relative}: the file cannot be read (a broken link or not a "
                             "regular file). Remove it from the input folder or fix it.")
        if not os.access(path, os.R_OK):
            raise InputError(f"{relative}: the file cannot be read (permission denied). Give "
                             "the audit read access to it, or remove it from the input folder.")
        found.append((path, relative))
    return found


def read_event_header(path: Path, relative: str, no_header: bool = False) -> list[str]:
    """The column names of an event file (JSON Lines: the keys of its first 1,000 lines).

    CSV/TSV: an InputError when the first row looks like data, unless ``no_header`` (then the
    names are ``column_1`` …).
    """
    kind = EVENT_SUFFIXES[path.suffix.lower()]
    if kind == "parquet":
        try:
            return list(pq.read_schema(path).names)
        except (pa.ArrowInvalid, OSError):
            raise InputError(f"{relative}: the file is not a readable Parquet file. "
                             "Re-export it.") from None
    if kind == "csv":
        return _csv_header(path, relative, no_header)
    names: dict[str, None] = {}
    with path.open("rb") as handle:
        for number, raw_line in enumerate(handle):
            if number >= 1000:
                break
            value, problem = load_json_line(raw_line)
            if problem in ("deep", "surrogate"):
                raise InputError(_refused_message(relative, problem, [number + 1]))
            if problem is None and isinstance(value, dict):
                names.update(dict.fromkeys(map(str, value)))
    return list(names)


def _csv_header(path: Path, relative: str, no_header: bool) -> list[str]:
    encoding, delimiter = _csv_dialect(path, relative)
    with path.open("rb") as handle:
        sample = handle.read(1 << 16)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    rows = sample_rows(text, delimiter)
    header = [h.strip() for h in rows[0]] if rows else []
    if no_header:
        return positional_names(len(header))
    problem = header_error(header, rows[1:])
    if problem:
        raise InputError(f"{relative}: {problem}")
    return header


def _csv_dialect(path: Path, relative: str) -> tuple[str, str]:
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    encoding = detect_encoding(sample)
    if encoding == UNKNOWN_ENCODING:
        raise InputError(f"{relative}: {ENCODING_MSG}")
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    return encoding, sniff_delimiter(text, path.suffix.lower())


_RawChunk = tuple[pd.DataFrame, Callable[[np.ndarray], list[str]], list[str]]


def _read_raw(path: Path, relative: str, batch_rows: int,
              no_header: bool = False) -> Iterator[_RawChunk]:
    kind = EVENT_SUFFIXES[path.suffix.lower()]
    if kind == "parquet":
        yield from _read_parquet(path, batch_rows)
    elif kind == "csv":
        yield from _read_csv(path, relative, batch_rows, no_header)
    else:
        yield from _read_jsonl(path, relative, batch_rows)


def _row_labels(offset: int) -> Callable[[np.ndarray], list[str]]:
    return lambda positions: [str(offset + int(p) + 1) for p in positions[:_SHOWN]]


#: Bytes read at a time from a Parquet column chunk (what the reader holds per column).
PARQUET_BUFFER = 1 << 20


def _read_parquet(path: Path, batch_rows: int) -> Iterator[_RawChunk]:
    offset = 0
    try:
        # Without pre-buffering the reader holds a megabyte per column instead of a whole
        # row group (measured: 31 MiB instead of 57–89 MiB on the benchmark's log).
        reader = pq.ParquetFile(path, pre_buffer=False, buffer_size=PARQUET_BUFFER)
        for batch in reader.iter_batches(batch_size=batch_rows):
            frame = batch.to_pandas()
            rows = len(frame)
            del batch  # not held while the consumer works on the chunk
            yield frame, _row_labels(offset), []
            del frame
            offset += rows
    except (pa.ArrowException, OSError):
        raise InputError(f"{path.name}: the file is not a readable Parquet file (it breaks "
                         f"after row {offset}). Re-export it.") from None


def _read_csv(path: Path, relative: str, batch_rows: int,
              no_header: bool = False) -> Iterator[_RawChunk]:
    encoding, delimiter = _csv_dialect(path, relative)
    header = _csv_header(path, relative, no_header)
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise InputError(f"{relative}: column names must be unique; {len(duplicates)} repeated: "
                         + ", ".join(column_label(d, header.index(d) + 1) for d in duplicates)
                         + ". Rename them in the header.")
    read_options = pa_csv.ReadOptions(
        encoding="utf8" if encoding == "utf-8" else encoding, column_names=header,
        skip_rows=0 if no_header else 1, block_size=1 << 24)
    parse_options = pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    convert = pa_csv.ConvertOptions(column_types={c: pa.string() for c in header},
                                    strings_can_be_null=False, quoted_strings_can_be_null=False)
    offset = 0
    try:
        reader = pa_csv.open_csv(path, read_options, parse_options, convert)
        pending: list[pa.RecordBatch] = []
        pending_rows = 0
        for batch in reader:
            pending.append(batch)
            pending_rows += batch.num_rows
            del batch
            while pending_rows > batch_rows:  # the last row is checked below
                table = pa.Table.from_batches(pending)
                frame = _arrow_frame(table.slice(0, batch_rows))
                rest = table.slice(batch_rows)
                pending, pending_rows = rest.to_batches(), rest.num_rows
                del table, rest  # only the frame is held while the consumer works
                yield frame, _row_labels(offset), []
                del frame
                offset += batch_rows
        if pending_rows:
            table = pa.Table.from_batches(pending)
            if ends_inside_quotes(path, table.column(header[-1])[-1].as_py()):
                raise InputError(f"{relative}: "
                                 + unclosed_quote_message(offset + table.num_rows, header[-1]))
            yield _arrow_frame(table), _row_labels(offset), []
    except UnicodeDecodeError:
        raise InputError(f"{relative}: the file is not valid {encoding} text after row {offset}. "
                         "Re-export it as UTF-8.") from None
    except pa.ArrowInvalid as exc:
        reason = str(exc).split(":")[0].strip()[:80] or "malformed delimited text"
        raise InputError(
            f"{relative}: the file could not be parsed as delimited text after row {offset} "
            f"({reason}). Check that every row has as many fields as the header and that "
            "quotes are closed.") from None


def _arrow_frame(table: pa.Table) -> pd.DataFrame:
    frame: pd.DataFrame = table.to_pandas()
    return frame


def _read_jsonl(path: Path, relative: str, batch_rows: int) -> Iterator[_RawChunk]:
    with path.open("rb") as handle:
        head = handle.read(64).lstrip()
    if head.startswith(b"["):
        raise InputError(f"{relative}: a JSON array was given where JSON Lines (one object per "
                         "line) is expected. Convert it, e.g. with `jq -c '.[]'`.")
    line_offset = 0
    bad_total = 0
    bad_lines: list[int] = []
    refused: dict[str, list[int]] = {}
    with path.open("rb") as handle:
        rest = b""
        while True:
            block = handle.read(_JSON_BLOCK)
            data = rest + block
            if not block:
                rest = b""
            else:
                cut = data.rfind(b"\n") + 1
                data, rest = data[:cut], data[cut:]
                if not data:
                    rest = data + rest
                    continue
            if data:
                frame, lines, bad, unusable = _parse_json_block(data, line_offset)
                for problem, numbers in unusable.items():
                    refused.setdefault(problem, []).extend(numbers)
                bad_total += len(bad)
                bad_lines.extend(bad[: max(0, _SHOWN - len(bad_lines))])
                line_offset += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
                for start in range(0, len(frame), batch_rows):
                    part = frame.iloc[start:start + batch_rows].reset_index(drop=True)
                    part_lines = lines[start:start + batch_rows]
                    yield part, _line_labels(part_lines), []
            if not block:
                break
    if refused:
        raise InputError([_refused_message(relative, problem, numbers)
                          for problem, numbers in refused.items()])
    if bad_total:
        shown: str = ", ".join(map(str, bad_lines))
        if bad_total > len(bad_lines):
            shown = Message("warning.more_lines", lines=shown, more=bad_total - len(bad_lines))
        warning = Message("warning.invalid_json_lines", file=relative, count=bad_total,
                          lines=shown)
        yield pd.DataFrame(), _row_labels(0), [warning]


def _refused_message(relative: str, problem: str, numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:_SHOWN])) + (
        f" and {len(numbers) - _SHOWN} more" if len(numbers) > _SHOWN else "")
    template = JSON_DEPTH_MSG if problem == "deep" else JSON_SURROGATE_MSG
    return template.format(file=relative, count=len(numbers), lines=shown, depth=MAX_JSON_DEPTH)


def _arrow_depth(kind: pa.DataType) -> int:
    """How deeply a type nests (a struct of scalars: 1)."""
    if pa.types.is_struct(kind):
        return 1 + max((_arrow_depth(kind.field(i).type) for i in range(kind.num_fields)),
                       default=0)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return 1 + _arrow_depth(kind.value_type)
    return 0


def _line_labels(lines: np.ndarray) -> Callable[[np.ndarray], list[str]]:
    return lambda positions: [str(int(lines[p])) for p in positions[:_SHOWN]]


def _parse_json_block(data: bytes, line_offset: int
                      ) -> tuple[pd.DataFrame, np.ndarray, list[int], dict[str, list[int]]]:
    """Rows of a block of JSON lines, their line numbers, the numbers of broken lines (skipped
    with a warning) and of unusable ones by problem ("deep", "surrogate": input errors)."""
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    numbers = [line_offset + i + 1 for i, line in enumerate(raw_lines) if line.strip()]
    options = pa_json.ReadOptions(block_size=1 << 24)
    try:
        table = pa_json.read_json(io.BytesIO(data), read_options=options)
        inferred = [f.name for f in table.schema if pa.types.is_timestamp(f.type)]
        if inferred:  # Arrow drops UTC offsets when it infers timestamps: read them as text
            schema = pa.schema([pa.field(f.name, pa.string()) if f.name in inferred else f
                                for f in table.schema])
            table = pa_json.read_json(io.BytesIO(data), read_options=options,
                                      parse_options=pa_json.ParseOptions(
                                          explicit_schema=schema,
                                          unexpected_field_behavior="infer"))
        shallow = all(_arrow_depth(f.type) < MAX_JSON_DEPTH for f in table.schema)
        if table.num_rows == len(numbers) and shallow:
            return table.to_pandas(), np.asarray(numbers, dtype=np.int64), [], {}
    except pa.ArrowInvalid:
        pass
    records: list[dict[str, Any]] = []
    good: list[int] = []
    bad: list[int] = []
    unusable: dict[str, list[int]] = {}
    for number, line in zip(numbers, (ln for ln in raw_lines if ln.strip()), strict=True):
        value, problem = load_json_line(line)
        if problem in ("deep", "surrogate"):
            unusable.setdefault(problem, []).append(number)
        elif problem is None and isinstance(value, dict):
            records.append(value)
            good.append(number)
        else:
            bad.append(number)
    return (pd.DataFrame.from_records(records), np.asarray(good, dtype=np.int64), bad,
            unusable)

