"""Read CSV / TSV / Parquet / JSON Lines files into Arrow tables, with digests and clear errors.

CSV and TSV: the delimiter is sniffed; a UTF-16/32 byte-order mark is honoured; UTF-8 (with or
without BOM) is tried next, then cp1252, the encoding French HR tools commonly export — but only
when the text reads like a Western language: a guess of low confidence (e.g. a Shift-JIS export,
whose two-byte characters decode as runs of cp1252 symbols) is refused, never read as mojibake.
A first row that looks like data is refused unless ``no_header`` (``--no-header``) is given; then
the columns are named ``column_1`` … ``column_N`` (sources/_header.py).
Large files are parsed by pyarrow's multi-threaded readers, never row by row in Python.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json

from ai_work_audit.errors import InputError
from ai_work_audit.sources._header import column_label, header_error, positional_names
from ai_work_audit.sources._spreadsheet import SPREADSHEET_SUFFIXES, read_spreadsheet

CSV_SUFFIXES = {".csv", ".tsv", ".txt", ".tab"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUPPORTED = sorted(CSV_SUFFIXES | PARQUET_SUFFIXES | JSONL_SUFFIXES | SPREADSHEET_SUFFIXES)
_SNIFF_BYTES = 1 << 20
_DELIMITERS = ",;\t|"
#: Deepest nesting of objects and lists accepted in a JSON line (deeper is an input error).
MAX_JSON_DEPTH = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth(value: Any) -> int:
    """How deeply objects and lists nest in a parsed JSON value (a scalar: 0), iteratively."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend((v, depth) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def has_surrogate(value: Any) -> bool:
    """Whether a parsed JSON value holds a lone surrogate in a key or a text."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def load_json_line(raw: bytes) -> tuple[Any, str | None]:
    """One JSON line parsed, with the problem that makes it unusable: None, "invalid" (not
    JSON), "deep" (nested more than ``MAX_JSON_DEPTH``) or "surrogate" (not valid Unicode)."""
    try:
        value = json.loads(raw)
    except RecursionError:
        return None, "deep"
    except ValueError:
        return None, "invalid"
    if json_depth(value) > MAX_JSON_DEPTH:
        return None, "deep"
    if has_surrogate(value):
        return None, "surrogate"
    return value, None


@dataclass(frozen=True)
class LoadedTable:
    """A table read from a file, with what an audit must record about the input."""

    table: pa.Table
    name: str
    sha256: str
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def rows(self) -> int:
        return int(self.table.num_rows)


def file_sha256(path: Path) -> str:
    """SHA-256 of the file's bytes, streamed (the audit-grade input digest)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def suggest_column(name: str, available: Sequence[str]) -> str:
    """A hint naming the closest available columns, for error messages (names only)."""
    names = list(available)
    position = {c: i for i, c in reversed(list(enumerate(names, start=1)))}
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    lowered = {c.lower(): c for c in available}
    if name.lower() in lowered and lowered[name.lower()] not in close:
        close.insert(0, lowered[name.lower()])
    if close:
        return "did you mean " + ", ".join(column_label(c, position[c]) for c in close) + "?"
    shown = ", ".join(column_label(c, i) for i, c in enumerate(names[:12], start=1))
    more = "" if len(available) <= 12 else f" and {len(available) - 12} more"
    return f"available columns: {shown}{more}."


#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"),
         (b"\xfe\xff", "utf-16"), (b"\xff\xfe", "utf-16"))
#: Returned by ``detect_encoding`` when no encoding can be trusted.
UNKNOWN_ENCODING = "unknown"
ENCODING_MSG = ("the file's text encoding could not be recognised (it is neither UTF-8, "
                "UTF-16/32 with a byte-order mark, nor Western-European cp1252 text); reading it "
                "in a guessed encoding would garble its values. Re-export it as UTF-8.")


def detect_encoding(sample: bytes) -> str:
    """The encoding of a text sample: 'utf-16' / 'utf-32' by byte-order mark, 'utf-8' when it
    decodes as UTF-8 (BOM allowed), 'cp1252' when it decodes so and reads like a Western
    language, else ``UNKNOWN_ENCODING`` (a guess of low confidence is not made)."""
    for mark, name in _BOMS:
        if sample.startswith(mark):
            return name
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # a multi-byte character cut by the end of the sample is still UTF-8
        if exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return UNKNOWN_ENCODING
    return "cp1252" if _reads_as_western(sample) else UNKNOWN_ENCODING


def _reads_as_western(sample: bytes) -> bool:
    """Whether the non-ASCII bytes of a cp1252 sample look like accented Western letters.

    In French, German or Spanish text most bytes ≥ 0x80 stand alone between ASCII letters
    (é, ü, ñ); in a two-byte East-Asian encoding (Shift-JIS, GBK, Big5) they come in runs.
    Refused when more than a third of the high bytes have a high neighbour.
    """
    high = [i for i, b in enumerate(sample) if b >= 0x80]
    if not high:
        return True
    marked = set(high)
    paired = sum(1 for i in high if i - 1 in marked or i + 1 in marked)
    return paired * 3 <= len(high)


def sniff_delimiter(text: str, suffix: str) -> str:
    """The delimiter of a delimited text sample; tab for .tsv files."""
    if suffix in {".tsv", ".tab"}:
        return "\t"
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = lines[0]
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_table(
    path: str | Path,
    columns: Sequence[str] | None = None,
    *,
    numeric_columns: Sequence[str] = (),
    no_header: bool = False,
) -> LoadedTable:
    """Read ``path`` (CSV/TSV/Parquet/JSON Lines), keeping only ``columns`` when given.

    Delimited-text columns are read as strings so that values are reported as they appear in the
    input (leading zeros, "01"), except ``numeric_columns``, whose type pyarrow infers.
    ``no_header``: delimited text has no header row; its columns are ``column_1`` … (a first
    row that looks like data is an error otherwise). Raises InputError naming the file, the
    missing columns (by position when a name looks like personal data) and close matches.
    """
    file = Path(path)
    label = str(path)
    if not file.exists():
        raise InputError(f"file {label!r} does not exist. Check the path.")
    if file.is_dir():
        raise InputError(f"{label!r} is a folder; a file is expected here.")
    suffix = file.suffix.lower()
    if suffix not in CSV_SUFFIXES | PARQUET_SUFFIXES | JSONL_SUFFIXES | SPREADSHEET_SUFFIXES:
        raise InputError(
            f"the file type must be one of {', '.join(SUPPORTED)}; got {suffix or 'no suffix'!r}"
            " instead. Export the data as CSV, Parquet, JSON Lines, .xlsx or .ods.",
            source=label,
        )
    if file.stat().st_size == 0:
        raise InputError("the file is empty; a header row and at least one data row are expected.",
                         source=label)
    sha = file_sha256(file)
    wanted = list(dict.fromkeys(columns)) if columns is not None else None
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(file, label, sha, wanted)
    if suffix in JSONL_SUFFIXES:
        return _read_jsonl(file, label, sha, wanted)
    if suffix in SPREADSHEET_SUFFIXES:
        table, names = read_spreadsheet(file, label, wanted)
        _check_columns(names, wanted, label)
        return LoadedTable(table=table, name=file.name, sha256=sha)
    return _read_csv(file, label, sha, wanted, suffix, set(numeric_columns), no_header)


def _check_columns(available: Sequence[str], wanted: Sequence[str] | None, label: str) -> None:
    if wanted is None:
        return
    missing = [c for c in wanted if c not in available]
    if missing:
        problems = [f"column {column_label(c, None)} is missing; {suggest_column(c, available)}"
                    for c in missing]
        raise InputError(problems, source=label)


def _read_parquet(file: Path, label: str, sha: str, wanted: list[str] | None) -> LoadedTable:
    import pyarrow.parquet as pq  # Parquet inputs only (start-up: a CSV audit skips it)

    try:
        parquet = pq.ParquetFile(file)  # not pq.read_table: its dataset layer imports pandas
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(
            f"the file is not a readable Parquet file ({type(exc).__name__}). Re-export it.",
            source=label,
        ) from None
    _check_columns(parquet.schema_arrow.names, wanted, label)
    try:
        table = parquet.read(columns=wanted, use_threads=True)
    except (pa.ArrowException, OSError):
        raise InputError("the Parquet file is damaged (a page could not be read). Re-export it.",
                         source=label) from None
    _check_flat(table, label)
    return LoadedTable(table=table, name=file.name, sha256=sha)


def _read_jsonl(file: Path, label: str, sha: str, wanted: list[str] | None) -> LoadedTable:
    with file.open("rb") as handle:
        head = handle.read(64).lstrip()
    if head.startswith(b"["):
        raise InputError(
            "a JSON array was given where JSON Lines (one object per line) is expected. "
            "Convert it, e.g. with `jq -c '.[]'`.",
            source=label,
        )
    try:
        table = pa_json.read_json(file)
    except pa.ArrowInvalid as exc:
        line = _first_bad_json_line(file)
        where = f" at line {line}" if line else ""
        raise InputError(
            f"the file is not valid JSON Lines{where} ({_arrow_reason(exc)}). "
            "Each line must be one JSON object.",
            source=label,
        ) from None
    _check_columns(table.column_names, wanted, label)
    if wanted is not None:
        table = table.select(wanted)
    _check_flat(table, label)
    return LoadedTable(table=table, name=file.name, sha256=sha)


def _check_flat(table: pa.Table, label: str) -> None:
    """Every column must hold text, numbers, booleans or dates (no lists, maps, bytes)."""
    problems = []
    for position, (name, kind) in enumerate(zip(table.column_names, table.schema.types,
                                                strict=True), start=1):
        value = kind.value_type if pa.types.is_dictionary(kind) else kind
        if (pa.types.is_nested(value) or pa.types.is_binary(value)
                or pa.types.is_large_binary(value) or pa.types.is_fixed_size_binary(value)):
            problems.append(f"column {column_label(name, position)} must hold text or numbers; "
                            f"got {value} instead. Flatten it or leave it out of the export.")
    if problems:
        raise InputError(problems, source=label)


def _first_bad_json_line(file: Path) -> int | None:
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            value, problem = load_json_line(raw)
            if problem is not None or not isinstance(value, dict):
                return number
    return None


def _arrow_reason(exc: Exception) -> str:
    # Arrow messages can quote the offending text; keep only the kind of failure.
    text = str(exc).split(":")[0].strip()
    return text[:80] if text else type(exc).__name__


def _read_csv(
    file: Path,
    label: str,
    sha: str,
    wanted: list[str] | None,
    suffix: str,
    numeric: set[str],
    no_header: bool = False,
) -> LoadedTable:
    with file.open("rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    encoding = detect_encoding(sample)
    if encoding == UNKNOWN_ENCODING:
        raise InputError(ENCODING_MSG, source=label)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    delimiter = sniff_delimiter(text, suffix)
    first_rows = sample_rows(text, delimiter)
    header = [h.strip() for h in first_rows[0]] if first_rows else []
    if not header or all(not h for h in header):
        raise InputError("the first line must be a header naming the columns; got an empty "
                         "line instead.", source=label)
    if no_header:
        header = positional_names(len(header))
    else:
        problem = header_error(header, first_rows[1:])
        if problem:
            raise InputError(problem, source=label)
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise InputError(
            f"column names must be unique; {len(duplicates)} repeated: "
            + ", ".join(column_label(d, header.index(d) + 1) for d in duplicates)
            + ". Rename them in the header.",
            source=label,
        )
    _check_columns(header, wanted, label)
    read_options = pa_csv.ReadOptions(
        encoding="utf8" if encoding == "utf-8" else encoding,
        column_names=header,
        skip_rows=0 if no_header else 1,
        block_size=1 << 24,
    )
    parse_options = pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True)
    # The last column is always read: an unclosed quote there swallows the rest of the file.
    last = header[-1]
    included = wanted if wanted is None or last in wanted else [*wanted, last]
    convert = pa_csv.ConvertOptions(
        include_columns=included,
        column_types={c: pa.string() for c in (included or header) if c not in numeric},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    try:
        table = pa_csv.read_csv(file, read_options, parse_options, convert)
    except UnicodeDecodeError:
        raise InputError(f"the file is not valid {encoding} text past its first megabyte. "
                         "Re-export it as UTF-8.", source=label) from None
    except pa.ArrowInvalid as exc:
        line = _first_bad_csv_line(file, encoding, delimiter, len(header))
        where = f" at line {line}" if line else ""
        raise InputError(
            f"the file could not be parsed as delimited text{where} ({_csv_reason(exc)}). "
            "Check that every row has as many fields as the header and that quotes are closed.",
            source=label,
        ) from None
    if table.num_rows and ends_inside_quotes(file, table.column(last)[-1].as_py()):
        raise InputError(unclosed_quote_message(table.num_rows, last), source=label)
    if included is not wanted:
        table = table.drop_columns([last])
    return LoadedTable(table=table, name=file.name, sha256=sha, encoding=encoding,
                       delimiter=delimiter)


def sample_rows(text: str, delimiter: str, rows: int = 50) -> list[list[str]]:
    """The first ``rows`` records of a delimited text sample (for header detection)."""
    lines = text.splitlines()[: rows * 2]
    out: list[list[str]] = []
    try:
        for record in csv.reader(lines, delimiter=delimiter):
            out.append(record)
            if len(out) >= rows:
                break
    except csv.Error:
        pass
    return out


def ends_inside_quotes(file: Path, last_value: object) -> bool:
    """Whether delimited text ends inside a quoted value of its last column.

    Arrow raises no error then: the rest of the file becomes that one value (its lines
    included). A value with a line break in the last column must be quoted, so it is closed
    exactly when the file's last non-blank byte is the quote.
    """
    if not isinstance(last_value, str) or not ("\n" in last_value or "\r" in last_value):
        return False
    with file.open("rb") as handle:
        handle.seek(max(0, file.stat().st_size - 4096))
        tail = handle.read().rstrip()
    return not tail.endswith(b'"')


def unclosed_quote_message(row: int, column: str) -> str:
    """The error for ``ends_inside_quotes`` (a data row number, never the value)."""
    return (f"data row {row} opens a quoted value in column {column_label(column, None)} "
            "that is never closed, "
            "so the rest of the file was read as that one value. Close the quote (write a "
            'quote inside a value as "") and export the file again.')


def _csv_reason(exc: Exception) -> str:
    message = str(exc)
    if "Expected" in message and "columns" in message:
        # "CSV parse error: Expected 3 columns, got 4: <row text>" — drop the row text.
        return message.split(":")[1].strip() if ":" in message else "wrong number of fields"
    return "malformed delimited text"


def _first_bad_csv_line(file: Path, encoding: str, delimiter: str, width: int) -> int | None:
    """The line number of the first record whose field count differs from the header's."""
    with file.open(encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            for record in reader:
                if record and len(record) != width:
                    return reader.line_num
        except csv.Error:  # e.g. an unclosed quote swallowing the rest of the file
            return reader.line_num
    return None
