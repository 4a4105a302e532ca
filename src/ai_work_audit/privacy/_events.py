"""Load monitoring logs (CSV, JSON Lines, Parquet; a file or a folder) into canonical events.

contracts.md, ``monitoring``: canonical fields ``timestamp`` (UTC), ``worker_id``,
``event_type``, ``source``, ``content``, ``recipients``; any other column is kept as an
attribute. A mapping YAML (``privacy/mappings/*.yaml``; ``cert`` ships for the CMU CERT
insider-threat schema) maps vendor columns and values to these fields per file pattern.

Files are read in chunks by pyarrow's streaming readers, so ``iter_event_batches`` keeps memory
bounded; ``load_events`` concatenates the chunks. Messages name files, columns, row or line
numbers and counts — never cell values.
"""

from __future__ import annotations

import fnmatch
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.json as pa_json
import pyarrow.parquet as pq
import yaml

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.sources import (
    detect_encoding,
    ends_inside_quotes,
    file_sha256,
    sniff_delimiter,
    suggest_column,
    unclosed_quote_message,
)

#: contracts.md, ``monitoring``: the canonical event types.
EVENT_TYPES: tuple[str, ...] = (
    "keystroke", "screenshot", "screen_recording", "webcam", "audio", "url", "app_usage",
    "email", "chat", "file", "location", "badge", "biometric", "idle", "productivity_score",
    "emotion", "logon", "device",
)
#: Events whose type is not in ``EVENT_TYPES`` are kept under this type (and counted).
OTHER = "other"
#: The canonical fields, in the order of ``EventBatch.events``' first columns.
CANONICAL_FIELDS: tuple[str, ...] = (
    "timestamp", "worker_id", "event_type", "source", "content", "recipients",
)
_REQUIRED = ("timestamp", "worker_id")
#: Common vendor spellings of event types (after lower-casing, spaces and dashes → "_").
EVENT_TYPE_ALIASES: Mapping[str, str] = {
    "keystrokes": "keystroke", "keylog": "keystroke", "keylogger": "keystroke",
    "keyboard": "keystroke", "key_count": "keystroke", "keystroke_count": "keystroke",
    "screen_capture": "screenshot", "screenshots": "screenshot", "screen_shot": "screenshot",
    "screen_share": "screen_recording", "screen_video": "screen_recording",
    "video": "screen_recording", "camera": "webcam", "webcam_snapshot": "webcam",
    "microphone": "audio", "voice": "audio", "http": "url", "web": "url", "browser": "url",
    "website": "url", "app": "app_usage", "application": "app_usage", "process": "app_usage",
    "mail": "email", "e_mail": "email", "im": "chat", "message": "chat", "messaging": "chat",
    "gps": "location", "geolocation": "location", "badge_swipe": "badge", "access": "badge",
    "fingerprint": "biometric", "face": "biometric", "idle_time": "idle", "inactivity": "idle",
    "pause": "idle", "productivity": "productivity_score", "activity_score": "productivity_score",
    "sentiment": "emotion", "mood": "emotion", "stress": "emotion", "engagement": "emotion",
    "login": "logon", "logoff": "logon", "logout": "logon", "usb": "device",
}
SHIPPED_MAPPINGS = Path(__file__).with_name("mappings")
DEFAULT_BATCH_ROWS = 500_000

_SUFFIXES = {".csv": "csv", ".tsv": "csv", ".tab": "csv", ".txt": "csv",
             ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
             ".parquet": "parquet", ".pq": "parquet"}
_TOP_KEYS = {"name", "description", "version", "timestamp_format", "event_types", "ignore",
             "files"}
_ENTRY_KEYS = {"match", "source", "event_type", "columns", "values", "timestamp_format"}
#: Column added to the canonical events when their timestamps carry UTC offsets and no
#: --timezone is given: each event's own offset in minutes, so that working time is judged on
#: the local clock the log recorded (rulebook WP-03).
LOCAL_OFFSET = "utc_offset_min"
_OFFSET_TAIL = r"(?P<tail>[Zz]|[+-]\d{1,2}(?::?\d{2})?)\s*$"
_OFFSET = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[Zz]|[+-]\d{1,2}(?::?\d{2})?)$")
_SHOWN = 10
_JSON_BLOCK = 1 << 25

MISSING_TIMEZONE = (
    "{file}: column {column!r} holds {count} timestamps without a time zone (no UTC offset); "
    "pass --timezone with the IANA zone they were recorded in, e.g. --timezone Europe/Paris."
)
BAD_TIMESTAMPS = (
    "{file}: column {column!r} must hold timestamps{expected}; got {count} values that are "
    "not ({where}) instead. {fix}"
)
MISSING_VALUES = (
    "{file}: column {column!r} must not be empty ({field}); got {count} empty values ({where})."
)


# ---------------------------------------------------------------------------------------------
# mapping


@dataclass(frozen=True)
class FileMapping:
    """How the files matching ``match`` map to canonical events."""

    match: tuple[str, ...]
    columns: Mapping[str, tuple[str, ...]]
    source: str | None = None
    event_type: str | None = None
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    timestamp_format: str | None = None

    def matches(self, relative: str) -> bool:
        name = relative.rsplit("/", 1)[-1].lower()
        return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(relative.lower(), p)
                   for p in self.match)


@dataclass(frozen=True)
class EventMapping:
    """A validated mapping YAML (or the identity mapping when no file is given)."""

    files: tuple[FileMapping, ...]
    name: str = "canonical"
    path: str | None = None
    ignore: tuple[str, ...] = ()
    event_types: Mapping[str, str] = field(default_factory=dict)

    def entry_for(self, relative: str) -> FileMapping | None:
        for entry in self.files:
            if entry.matches(relative):
                return entry
        return None

    def ignores(self, relative: str) -> bool:
        name = relative.rsplit("/", 1)[-1].lower()
        return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(relative.lower(), p)
                   for p in self.ignore)


IDENTITY_MAPPING = EventMapping(files=(FileMapping(
    match=("*",),
    columns={f: (f,) for f in CANONICAL_FIELDS},
),))


def resolve_mapping(mapping: str | Path) -> Path:
    """The mapping file: a path, or the name of a shipped mapping (``cert``)."""
    path = Path(mapping)
    if path.exists():
        return path
    shipped = SHIPPED_MAPPINGS / f"{mapping}.yaml"
    if isinstance(mapping, str) and "/" not in mapping and shipped.exists():
        return shipped
    names = ", ".join(sorted(p.stem for p in SHIPPED_MAPPINGS.glob("*.yaml")))
    raise ConfigError(
        f"--mapping must be a mapping file or the name of a shipped mapping ({names}); "
        f"got {str(mapping)!r}, which is neither. Check the path."
    )


def load_mapping(mapping: str | Path) -> EventMapping:
    """Read and validate a mapping YAML; every problem is collected into one ConfigError."""
    path = resolve_mapping(mapping)
    label = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{label}: the mapping must be a readable UTF-8 YAML file.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{label}: the mapping is not valid YAML{where}.") from None
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(f"{label}: the mapping must be a YAML mapping with a 'files' list; "
                          f"got {type(raw).__name__} instead.")
    unknown = sorted(set(map(str, raw)) - _TOP_KEYS)
    if unknown:
        problems.append(f"unknown key(s) {', '.join(map(repr, unknown))}; "
                        f"allowed: {', '.join(sorted(_TOP_KEYS))}")
    top_format = raw.get("timestamp_format")
    if top_format is not None and not isinstance(top_format, str):
        problems.append("'timestamp_format' must be a strftime pattern string")
        top_format = None
    event_types = _value_map(raw.get("event_types"), "event_types", problems)
    _check_types(event_types.values(), "event_types", problems)
    ignore = _globs(raw.get("ignore", []), "ignore", problems)
    files_raw = raw.get("files")
    entries: list[FileMapping] = []
    if not isinstance(files_raw, list) or not files_raw:
        problems.append("'files' must be a non-empty list of file entries")
        files_raw = []
    for number, item in enumerate(files_raw):
        entry = _entry(item, f"files[{number}]", top_format, problems)
        if entry is not None:
            entries.append(entry)
    if problems:
        raise ConfigError(f"{label}: the mapping is invalid; {len(problems)} problem(s): "
                          + " | ".join(problems))
    return EventMapping(files=tuple(entries), name=str(raw.get("name") or path.stem),
                        path=label, ignore=ignore,
                        event_types={_norm(k): v for k, v in event_types.items()})


def _globs(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{where!r} must be a file pattern or a list of them")
        return ()
    return tuple(v.lower() for v in value)


def _value_map(value: Any, where: str, problems: list[str]) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
            isinstance(v, str | int | float | bool) for v in value.values()):
        problems.append(f"{where!r} must map vendor values to canonical values")
        return {}
    return {str(k): str(v) for k, v in value.items()}


def _check_types(values: Any, where: str, problems: list[str]) -> None:
    bad = sorted({v for v in values if v not in EVENT_TYPES and v != OTHER})
    if bad:
        problems.append(f"{where!r} maps to {len(bad)} unknown event type(s) "
                        f"{', '.join(map(repr, bad))}; allowed: {', '.join(EVENT_TYPES)}")


def _entry(item: Any, where: str, top_format: str | None,
           problems: list[str]) -> FileMapping | None:
    if not isinstance(item, dict):
        problems.append(f"{where} must be a mapping with 'match' and 'columns'")
        return None
    unknown = sorted(set(map(str, item)) - _ENTRY_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(map(repr, unknown))}; "
                        f"allowed: {', '.join(sorted(_ENTRY_KEYS))}")
    before = len(problems)
    match = _globs(item.get("match"), f"{where}.match", problems)
    if not match and len(problems) == before:
        problems.append(f"{where}.match is missing")
    columns_raw = item.get("columns")
    columns: dict[str, tuple[str, ...]] = {}
    if not isinstance(columns_raw, dict):
        problems.append(f"{where}.columns must map canonical fields to vendor columns")
    else:
        for key, value in columns_raw.items():
            names = [value] if isinstance(value, str) else value
            if not isinstance(names, list) or not names or not all(
                    isinstance(n, str) and n for n in names):
                problems.append(f"{where}.columns.{key} must be a column name or a list of them")
                continue
            columns[str(key)] = tuple(names)
    constant = item.get("event_type")
    if constant is not None:
        if not isinstance(constant, str):
            problems.append(f"{where}.event_type must be an event type name")
            constant = None
        else:
            _check_types([constant], f"{where}.event_type", problems)
            if "event_type" in columns:
                problems.append(f"{where}: give either event_type or columns.event_type, "
                                "not both")
    if isinstance(columns_raw, dict):
        missing = [f for f in _REQUIRED if f not in columns]
        if constant is None and "event_type" not in columns:
            missing.append("event_type")
        if missing:
            problems.append(f"{where}.columns is missing the field(s) {', '.join(missing)}")
        for key in ("timestamp", "worker_id", "event_type"):
            if len(columns.get(key, ())) > 1:
                problems.append(f"{where}.columns.{key} must be one column")
    values: dict[str, dict[str, str]] = {}
    values_raw = item.get("values") or {}
    if not isinstance(values_raw, dict):
        problems.append(f"{where}.values must map fields to value maps")
    else:
        for key, value_map in values_raw.items():
            values[str(key)] = _value_map(value_map, f"{where}.values.{key}", problems)
            if key not in columns:
                problems.append(f"{where}.values.{key} names a field absent from columns")
        if "event_type" in values:
            _check_types(values["event_type"].values(), f"{where}.values.event_type", problems)
            values["event_type"] = {_norm(k): v for k, v in values["event_type"].items()}
    source = item.get("source")
    if source is not None and not isinstance(source, str):
        problems.append(f"{where}.source must be a string")
        source = None
    fmt = item.get("timestamp_format", top_format)
    if fmt is not None and not isinstance(fmt, str):
        problems.append(f"{where}.timestamp_format must be a strftime pattern string")
        fmt = None
    if len(problems) > before:
        return None
    return FileMapping(match=match, columns=columns, source=source, event_type=constant,
                       values=values, timestamp_format=fmt)


def _norm(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


# ---------------------------------------------------------------------------------------------
# batches


@dataclass(frozen=True)
class SourceFile:
    """One input file: its path relative to the input, digest and the rows read from it."""

    name: str
    sha256: str
    rows: int
    pattern: str | None = None


@dataclass
class EventBatch:
    """Canonical events (``events``: one row per event) and what reading them reported.

    ``events`` columns: ``timestamp`` (``datetime64[us, UTC]``), ``worker_id`` (str),
    ``event_type`` (str, one of ``EVENT_TYPES`` or ``other``), ``source``, ``content`` and
    ``recipients`` (str or missing), then every other column as an attribute.
    ``skipped`` holds warnings (skipped lines and files, unknown event types), counts only.
    """

    events: pd.DataFrame
    files: list[SourceFile] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unknown_event_types: dict[str, int] = field(default_factory=dict)
    timezone: str | None = None

    @property
    def rows(self) -> int:
        return len(self.events)

    @property
    def workers(self) -> int:
        return int(self.events["worker_id"].nunique())

    @property
    def sha256(self) -> str:
        """One digest over the input files (name and SHA-256 of each, sorted)."""
        if len(self.files) == 1:
            return self.files[0].sha256
        digest = hashlib.sha256()
        for item in sorted(self.files, key=lambda f: f.name):
            digest.update(f"{item.name}\0{item.sha256}\n".encode())
        return digest.hexdigest()

    def input_summary(self) -> dict[str, Any]:
        """contracts.md ``input``: events, workers, sha256, first and last (ISO-8601, UTC)."""
        stamps = self.events["timestamp"]
        first = stamps.min() if len(stamps) else None
        last = stamps.max() if len(stamps) else None
        return {
            "events": self.rows, "workers": self.workers, "sha256": self.sha256,
            "first": first.isoformat() if first is not None else None,
            "last": last.isoformat() if last is not None else None,
            "files": [{"name": f.name, "rows": f.rows, "sha256": f.sha256} for f in self.files],
        }


def load_events(path_or_folder: str | Path, *, mapping: str | Path | None = None,
                timezone: str | None = None) -> EventBatch:
    """Every event of a file or folder, with all input problems collected into one InputError."""
    frames: list[pd.DataFrame] = []
    files: dict[str, SourceFile] = {}
    skipped: list[str] = []
    unknown: dict[str, int] = {}
    problems = _Problems()
    for chunk in _iter_chunks(path_or_folder, mapping, timezone, DEFAULT_BATCH_ROWS, problems):
        if chunk.events is not None and len(chunk.events):
            frames.append(chunk.events)
        if chunk.file is not None:
            old = files.get(chunk.file.name)
            rows = chunk.file.rows + (old.rows if old else 0)
            files[chunk.file.name] = SourceFile(chunk.file.name, chunk.file.sha256, rows,
                                                chunk.file.pattern)
        skipped.extend(chunk.warnings)
        for name, count in chunk.unknown.items():
            unknown[name] = unknown.get(name, 0) + count
    problems.raise_if_any()
    events = _concat(frames)
    if unknown:
        skipped.append(_unknown_warning(unknown))
    return EventBatch(events=events, files=list(files.values()), skipped=skipped,
                      unknown_event_types=unknown, timezone=timezone)


def iter_event_batches(path_or_folder: str | Path, *, mapping: str | Path | None = None,
                       timezone: str | None = None,
                       batch_rows: int = DEFAULT_BATCH_ROWS) -> Iterator[EventBatch]:
    """The events in batches of at most ``batch_rows`` rows, for bounded memory.

    Problems in a batch raise InputError before the batch is yielded; ``files`` of a batch
    names the file it came from, with the rows of this batch.
    """
    if batch_rows < 1:
        raise ConfigError(f"batch_rows must be a positive integer; got {batch_rows} instead.")
    problems = _Problems()
    for chunk in _iter_chunks(path_or_folder, mapping, timezone, batch_rows, problems):
        problems.raise_if_any()
        events = chunk.events if chunk.events is not None else _concat([])
        warnings = list(chunk.warnings)
        if chunk.unknown:
            warnings.append(_unknown_warning(chunk.unknown))
        yield EventBatch(events=events, files=[chunk.file] if chunk.file else [],
                         skipped=warnings, unknown_event_types=dict(chunk.unknown),
                         timezone=timezone)
    problems.raise_if_any()


def _unknown_warning(unknown: Mapping[str, int]) -> str:
    # Counts only: an event-type cell is input data and may hold anything, names included.
    total = sum(unknown.values())
    return (f"{total} events of {len(unknown)} unknown event type(s) were kept as "
            f"{OTHER!r}. Map them in the mapping's event_types (or its `values`).")


def _concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    if not frames:
        empty = {f: pd.Series([], dtype="str") for f in CANONICAL_FIELDS}
        empty["timestamp"] = pd.Series([], dtype="datetime64[us, UTC]")
        return pd.DataFrame(empty)
    if len(frames) == 1:
        return frames[0]
    return pd.concat(frames, ignore_index=True, sort=False)


# ---------------------------------------------------------------------------------------------
# reading


@dataclass
class _Chunk:
    events: pd.DataFrame | None
    file: SourceFile | None
    warnings: list[str] = field(default_factory=list)
    unknown: dict[str, int] = field(default_factory=dict)


class _Problems:
    """Input problems keyed by (file, column, kind), merged over chunks: counts and rows."""

    def __init__(self) -> None:
        self.plain: list[str] = []
        self.keyed: dict[tuple[str, str, str], tuple[int, list[str], dict[str, str]]] = {}

    def add(self, key: tuple[str, str, str], labels: Sequence[str], count: int,
            extra: dict[str, str]) -> None:
        old_count, old_labels, _ = self.keyed.get(key, (0, [], extra))
        self.keyed[key] = (old_count + count, (old_labels + list(labels))[:_SHOWN], extra)

    def raise_if_any(self) -> None:
        messages = list(self.plain)
        for (file, column, kind), (count, labels, extra) in self.keyed.items():
            where = ", ".join(labels) + (f" and {count - len(labels)} more"
                                         if count > len(labels) else "")
            unit = extra.get("unit", "rows")
            where = f"{unit} {where}"
            if kind == "timezone":
                messages.append(MISSING_TIMEZONE.format(file=file, column=column, count=count))
            elif kind == "timestamp":
                messages.append(BAD_TIMESTAMPS.format(
                    file=file, column=column, count=count, where=where,
                    expected=extra.get("expected", ""), fix=extra.get("fix", "")))
            else:
                messages.append(MISSING_VALUES.format(file=file, column=column, count=count,
                                                      where=where,
                                                      field=kind.removeprefix("empty:")))
        if messages:
            self.plain, self.keyed = [], {}
            raise InputError(messages)


def _list_files(root: Path) -> list[tuple[Path, str]]:
    if root.is_file():
        return [(root, root.name)]
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.is_file() and path.suffix.lower() in _SUFFIXES:
            found.append((path, relative))
    return found


def _check_timezone(timezone: str | None) -> None:
    if timezone is None:
        return
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"--timezone must be an IANA time-zone name such as Europe/Paris; got {timezone!r} "
            "instead."
        ) from None


def _iter_chunks(path_or_folder: str | Path, mapping: str | Path | None, timezone: str | None,
                 batch_rows: int, problems: _Problems) -> Iterator[_Chunk]:
    _check_timezone(timezone)
    spec = load_mapping(mapping) if mapping is not None else IDENTITY_MAPPING
    root = Path(path_or_folder)
    if not root.exists():
        raise InputError(f"{str(root)!r} does not exist. Check the path.")
    if root.is_file() and root.suffix.lower() not in _SUFFIXES:
        raise InputError(f"{root.name}: the file type must be one of "
                         f"{', '.join(sorted(_SUFFIXES))}; got {root.suffix or 'no suffix'!r} "
                         "instead. Export the data as CSV, Parquet or JSON Lines.")
    listed = _list_files(root)
    plan: list[tuple[Path, str, FileMapping]] = []
    unmatched: list[str] = []
    ignored = 0
    for path, relative in listed:
        entry = spec.entry_for(relative)
        if entry is not None and path.stat().st_size > 0:
            plan.append((path, relative, entry))
        elif entry is not None:
            unmatched.append(relative)
        elif spec.ignores(relative):
            ignored += 1
        else:
            unmatched.append(relative)
    if not plan:
        what = f"no entry of mapping {spec.path!r} matches" if spec.path else "nothing matches"
        raise InputError(f"{root.name}: {what} any non-empty CSV, JSON Lines or Parquet file "
                         f"({len(listed)} file(s) found). Check the input and the mapping.")
    warnings = []
    if unmatched:
        shown = ", ".join(unmatched[:_SHOWN]) + (
            f" and {len(unmatched) - _SHOWN} more" if len(unmatched) > _SHOWN else "")
        warnings.append(f"{len(unmatched)} file(s) were empty or matched no mapping entry and "
                        f"were skipped: {shown}.")
    if ignored:
        warnings.append(f"{ignored} file(s) ignored by the mapping (e.g. rosters).")
    _check_headers(plan, problems)
    problems.raise_if_any()
    first = True
    for path, relative, entry in plan:
        sha = file_sha256(path)
        produced = False
        for raw, labels, notes in _read_raw(path, relative, batch_rows):
            if len(raw):
                events, unknown = _to_events(raw, labels, relative, entry, spec, timezone,
                                             problems)
            else:
                events, unknown = _concat([]), {}
            del raw  # only the canonical events are held while the consumer works
            chunk = _Chunk(events, SourceFile(relative, sha, len(events), ",".join(entry.match)),
                           notes, unknown)
            del events
            if first:
                chunk.warnings = warnings + chunk.warnings
                first = False
            produced = True
            yield chunk
            del chunk
        if not produced:
            yield _Chunk(None, SourceFile(relative, sha, 0, ",".join(entry.match)))


def _needed_columns(entry: FileMapping) -> list[str]:
    return [c for names in entry.columns.values() for c in names]


def _check_headers(plan: list[tuple[Path, str, FileMapping]], problems: _Problems) -> None:
    for path, relative, entry in plan:
        header = _header(path, relative)
        missing = [c for c in dict.fromkeys(_needed_columns(entry)) if c not in header]
        if entry.columns is IDENTITY_MAPPING.files[0].columns:
            missing = [c for c in missing if c in _REQUIRED or c == "event_type"]
        for column in missing:
            problems.plain.append(
                f"{relative}: column {column!r} is missing; {suggest_column(column, header)}"
                + ("" if column not in (*_REQUIRED, "event_type") else
                   " Give a --mapping when the columns have other names."))


def _header(path: Path, relative: str) -> list[str]:
    kind = _SUFFIXES[path.suffix.lower()]
    if kind == "parquet":
        try:
            return list(pq.read_schema(path).names)
        except (pa.ArrowInvalid, OSError):
            raise InputError(f"{relative}: the file is not a readable Parquet file. "
                             "Re-export it.") from None
    if kind == "csv":
        encoding, delimiter = _csv_dialect(path)
        with path.open(encoding=encoding, errors="replace", newline="") as handle:
            line = handle.readline().lstrip("\ufeff")
        return [h.strip() for h in next(iter(_split_header(line, delimiter)), [])]
    names: dict[str, None] = {}
    with path.open("rb") as handle:
        for number, raw_line in enumerate(handle):
            if number >= 1000:
                break
            try:
                value = json.loads(raw_line)
            except ValueError:
                continue
            if isinstance(value, dict):
                names.update(dict.fromkeys(map(str, value)))
    return list(names)


def _split_header(line: str, delimiter: str) -> list[list[str]]:
    import csv

    return list(csv.reader([line.rstrip("\r\n")], delimiter=delimiter))


def _csv_dialect(path: Path) -> tuple[str, str]:
    with path.open("rb") as handle:
        sample = handle.read(1 << 20)
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    return encoding, sniff_delimiter(text, path.suffix.lower())


_RawChunk = tuple[pd.DataFrame, Callable[[np.ndarray], list[str]], list[str]]


def _read_raw(path: Path, relative: str, batch_rows: int) -> Iterator[_RawChunk]:
    kind = _SUFFIXES[path.suffix.lower()]
    if kind == "parquet":
        yield from _read_parquet(path, batch_rows)
    elif kind == "csv":
        yield from _read_csv(path, relative, batch_rows)
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


def _read_csv(path: Path, relative: str, batch_rows: int) -> Iterator[_RawChunk]:
    encoding, delimiter = _csv_dialect(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        header = [h.strip() for h in _split_header(handle.readline().lstrip("\ufeff"),
                                                   delimiter)[0]]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    if duplicates:
        raise InputError(f"{relative}: column names must be unique; {len(duplicates)} repeated: "
                         + ", ".join(map(repr, duplicates)) + ". Rename them in the header.")
    read_options = pa_csv.ReadOptions(
        encoding="utf8" if encoding == "utf-8" else encoding, column_names=header,
        skip_rows=1, block_size=1 << 24)
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
                frame, lines, bad = _parse_json_block(data, line_offset)
                bad_total += len(bad)
                bad_lines.extend(bad[: max(0, _SHOWN - len(bad_lines))])
                line_offset += data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
                for start in range(0, len(frame), batch_rows):
                    part = frame.iloc[start:start + batch_rows].reset_index(drop=True)
                    part_lines = lines[start:start + batch_rows]
                    yield part, _line_labels(part_lines), []
            if not block:
                break
    if bad_total:
        shown = ", ".join(map(str, bad_lines)) + (
            f" and {bad_total - len(bad_lines)} more" if bad_total > len(bad_lines) else "")
        warning = (f"{relative}: {bad_total} line(s) are not valid JSON objects and were "
                   f"skipped (lines {shown}); the other lines are audited.")
        yield pd.DataFrame(), _row_labels(0), [warning]


def _line_labels(lines: np.ndarray) -> Callable[[np.ndarray], list[str]]:
    return lambda positions: [str(int(lines[p])) for p in positions[:_SHOWN]]


def _parse_json_block(data: bytes, line_offset: int) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
    """Rows of a block of JSON lines, their line numbers, and the numbers of broken lines."""
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
        if table.num_rows == len(numbers):
            return table.to_pandas(), np.asarray(numbers, dtype=np.int64), []
    except pa.ArrowInvalid:
        pass
    records: list[dict[str, Any]] = []
    good: list[int] = []
    bad: list[int] = []
    for number, line in zip(numbers, (ln for ln in raw_lines if ln.strip()), strict=True):
        try:
            value = json.loads(line)
        except ValueError:
            bad.append(number)
            continue
        if isinstance(value, dict):
            records.append(value)
            good.append(number)
        else:
            bad.append(number)
    return pd.DataFrame.from_records(records), np.asarray(good, dtype=np.int64), bad


# ---------------------------------------------------------------------------------------------
# mapping one chunk


def _to_events(raw: pd.DataFrame, labels: Callable[[np.ndarray], list[str]], relative: str,
               entry: FileMapping, spec: EventMapping, timezone: str | None,
               problems: _Problems) -> tuple[pd.DataFrame, dict[str, int]]:
    n = len(raw)
    unit = "lines" if relative.lower().endswith((".jsonl", ".ndjson", ".json")) else "rows"
    identity = spec is IDENTITY_MAPPING
    columns = {k: v for k, v in entry.columns.items() if not identity or v[0] in raw.columns
               or k in (*_REQUIRED, "event_type")}
    absent = [c for names in columns.values() for c in names if c not in raw.columns]
    if absent:  # a JSON chunk without the field at all: every value is missing
        raw = raw.assign(**{c: pd.Series([None] * n, dtype="str") for c in absent})
    out: dict[str, Any] = {}
    ts_column = columns["timestamp"][0]
    out["timestamp"] = _timestamps(raw[ts_column], labels, relative, ts_column,
                                   entry.timestamp_format, timezone, problems, unit)
    worker_column = columns["worker_id"][0]
    workers = _strings(raw[worker_column])
    missing = workers.isna().to_numpy()
    if missing.any():
        problems.add((relative, worker_column, "empty:worker_id"), labels(np.flatnonzero(missing)),
                     int(missing.sum()), {"unit": unit})
    out["worker_id"] = workers
    unknown: dict[str, int] = {}
    if entry.event_type is not None:
        out["event_type"] = pd.Series(np.full(n, entry.event_type, dtype=object), dtype="str")
    else:
        value_map = {**spec.event_types, **entry.values.get("event_type", {})}
        out["event_type"], unknown = _event_types(raw[columns["event_type"][0]], value_map)
    default_source = entry.source or relative
    if "source" in columns:
        out["source"] = _joined(raw, columns["source"], entry.values.get("source")).fillna(
            default_source)
    else:
        out["source"] = pd.Series(np.full(n, default_source, dtype=object), dtype="str")
    for name in ("content", "recipients"):  # optional fields
        if name in columns:
            out[name] = _joined(raw, columns[name], entry.values.get(name))
        else:
            out[name] = pd.Series(np.full(n, None, dtype=object), dtype="str")
    if timezone is None:
        offsets = _offset_minutes(raw[ts_column])
        if offsets is not None:
            out[LOCAL_OFFSET] = offsets
    used = {c for k, names in columns.items() if k in CANONICAL_FIELDS for c in names}
    for key, names in columns.items():
        if key not in CANONICAL_FIELDS:
            out[key] = _joined(raw, names, entry.values.get(key))
            used.update(names)
    for column in raw.columns:
        name = str(column)
        if name in used:
            continue
        target = name if name not in out else f"vendor_{name}"
        out[target] = raw[column]
    frame = pd.DataFrame(out)
    frame.index = pd.RangeIndex(n)
    return frame, unknown


def _strings(column: pd.Series) -> pd.Series:
    text = column.astype("str") if column.dtype != "str" else column
    text = text.str.strip()
    return text.where(text.notna() & (text != "") & column.notna())


def _joined(raw: pd.DataFrame, names: tuple[str, ...],
            value_map: Mapping[str, str] | None) -> pd.Series:
    parts = [_strings(raw[name]) for name in names]
    result = parts[0]
    for part in parts[1:]:
        result = result.str.cat(part, sep=";", na_rep="").str.strip(";")
        result = result.where(result != "")
    if value_map:  # map the distinct values only
        codes, uniques = pd.factorize(result)
        mapped = np.array([value_map.get(str(u), str(u)) for u in uniques] + [None],
                          dtype=object)
        result = pd.Series(mapped[np.where(codes < 0, len(uniques), codes)],
                           index=result.index, dtype="str")
    return result


def _event_types(column: pd.Series, value_map: Mapping[str, str]) -> tuple[pd.Series,
                                                                           dict[str, int]]:
    text = column.astype("str").fillna("")
    codes, uniques = pd.factorize(text)
    canonical: list[str] = []
    unknown: dict[str, int] = {}
    counts = np.bincount(codes, minlength=len(uniques)) if len(codes) else np.zeros(0, int)
    for index, value in enumerate(uniques):
        key = _norm(str(value))
        kind = value_map.get(key) or (key if key in EVENT_TYPES or key == OTHER else None)
        kind = kind or EVENT_TYPE_ALIASES.get(key)
        if kind is None:
            kind = OTHER
            label = key or "(empty)"
            unknown[label] = unknown.get(label, 0) + int(counts[index])
        canonical.append(kind)
    mapped = np.asarray(canonical, dtype=object)[codes] if len(codes) else np.zeros(0, object)
    return pd.Series(mapped, dtype="str"), unknown


def _timestamps(column: pd.Series, labels: Callable[[np.ndarray], list[str]], relative: str,
                name: str, fmt: str | None, timezone: str | None, problems: _Problems,
                unit: str) -> pd.Series:
    n = len(column)
    dtype = column.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return pd.Series(column.dt.tz_convert("UTC").astype("datetime64[us, UTC]"))
    if pd.api.types.is_datetime64_dtype(dtype):
        return _localise(column, relative, name, timezone, problems)
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        numbers = pd.to_numeric(column, errors="coerce")
        scale: Literal["s", "ms"] = "ms" if numbers.abs().max() > 1e11 else "s"
        parsed = pd.Series(pd.to_datetime(numbers.to_numpy(dtype=np.float64), unit=scale,
                                          utc=True, errors="coerce"), index=column.index)
        _flag(parsed.isna().to_numpy(), labels, relative, name, problems, unit,
              " (epoch seconds or milliseconds)", "Check the column mapped to timestamp.")
        return pd.Series(parsed.astype("datetime64[us, UTC]"))
    text = _strings(column)
    empty = text.isna().to_numpy()
    result = pd.Series(pd.NaT, index=column.index, dtype="datetime64[us, UTC]")
    if fmt is not None:
        aware = "%z" in fmt or "%Z" in fmt
        formatted = _strptime(text, fmt, aware)
        bad = formatted.isna().to_numpy() & ~empty
        _flag(bad, labels, relative, name, problems, unit, f" in the format {fmt!r}",
              "Fix the rows or the mapping's timestamp_format.")
        result = formatted.astype("datetime64[us, UTC]") if aware else _localise(
            formatted, relative, name, timezone, problems)
    else:
        has_offset = text.str.contains(_OFFSET, na=False).to_numpy()
        bad = np.zeros(n, dtype=bool)
        if has_offset.any():
            with_offset = pd.to_datetime(text[has_offset], format="ISO8601", errors="coerce",
                                         utc=True)
            result[has_offset] = with_offset.astype("datetime64[us, UTC]")  # type: ignore[index]
            bad[has_offset] = with_offset.isna().to_numpy()
        naive_rows = ~has_offset & ~empty
        if naive_rows.any():
            try:
                naive = pd.to_datetime(text[naive_rows], format="ISO8601", errors="coerce")
            except (ValueError, TypeError):  # offsets of an unusual shape among naive times
                naive = pd.Series(pd.NaT, index=text[naive_rows].index, dtype="datetime64[us]")
            if isinstance(naive.dtype, pd.DatetimeTZDtype):
                naive = pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us]")
            bad[naive_rows] = naive.isna().to_numpy()
            result[naive_rows] = _localise(naive, relative, name, timezone, problems)
        _flag(bad, labels, relative, name, problems, unit, " in ISO-8601",
              "Fix the rows, or give the format in a mapping (timestamp_format).")
    if empty.any():
        problems.add((relative, name, "empty:timestamp"), labels(np.flatnonzero(empty)),
                     int(empty.sum()), {"unit": unit})
    return result


def _offset_minutes(column: pd.Series) -> pd.Series | None:
    """The UTC offset (minutes) each timestamp was written with, when any is not UTC: from
    ISO-8601 text ("…+02:00", "…Z") or a time-zone-aware column; None otherwise."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        if str(column.dt.tz) in ("UTC", "UTC+00:00", "+00:00"):
            return None
        local = column.dt.tz_localize(None).astype("datetime64[us]").to_numpy()
        utc = column.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
        minutes = (local - utc.to_numpy()) // np.timedelta64(1, "m")
        return pd.Series(minutes.astype(np.int16), index=column.index)
    if column.dtype.kind in "biufcmM":
        return None
    text = pa.array(column.astype("str"), type=pa.string(), from_pandas=True)
    tails = pc.struct_field(pc.extract_regex(text, _OFFSET_TAIL), [0]).to_pandas()
    codes, uniques = pd.factorize(tails)
    minutes = np.array([_tail_minutes(str(u)) for u in uniques] + [0], dtype=np.int16)
    found = minutes[np.where(codes < 0, len(uniques), codes)]
    if not found.any():
        return None
    return pd.Series(found, index=column.index)


def _tail_minutes(tail: str) -> int:
    """"+02:00", "-0530", "+2", "Z" → minutes east of UTC."""
    if tail in ("Z", "z"):
        return 0
    digits = tail[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    value = int(hours) * 60 + int(minutes)
    return -value if tail.startswith("-") else value


def _strptime(text: pd.Series, fmt: str, aware: bool) -> pd.Series:
    """Parse with an explicit format: Arrow's C++ parser (fast), pandas' for zone offsets."""
    if aware:
        return pd.Series(pd.to_datetime(text, format=fmt, errors="coerce", utc=True))
    parsed = pc.strptime(pa.array(text), format=fmt, unit="us", error_is_null=True)
    return pd.Series(parsed.to_pandas(), index=text.index).astype("datetime64[us]")


def _flag(bad: np.ndarray, labels: Callable[[np.ndarray], list[str]], relative: str, name: str,
          problems: _Problems, unit: str, expected: str, fix: str) -> None:
    if bad.any():
        problems.add((relative, name, "timestamp"), labels(np.flatnonzero(bad)), int(bad.sum()),
                     {"unit": unit, "expected": expected, "fix": fix})


def _localise(naive: pd.Series, relative: str, name: str, timezone: str | None,
              problems: _Problems) -> pd.Series:
    """Naive local times → UTC; ambiguous times (DST end) are read as the first occurrence."""
    known = int(naive.notna().sum())
    if timezone is None:
        if known:
            problems.add((relative, name, "timezone"), [], known, {})
        return pd.Series(pd.NaT, index=naive.index, dtype="datetime64[us, UTC]")
    local = naive.dt.tz_localize(timezone, ambiguous=np.ones(len(naive), dtype=bool),
                                 nonexistent="shift_forward")
    return pd.Series(local.dt.tz_convert("UTC").astype("datetime64[us, UTC]"))
