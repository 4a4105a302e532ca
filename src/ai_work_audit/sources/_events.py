"""Load monitoring logs (CSV, JSON Lines, Parquet; a file or a folder) into canonical events.

contracts.md, ``monitoring``: canonical fields ``timestamp`` (UTC), ``worker_id``,
``event_type``, ``source``, ``content``, ``recipients``; any other column is kept as an
attribute. A mapping (``sources/_mapping.py``) maps vendor columns and values to these fields
per file pattern.

Files are read in chunks by pyarrow's streaming readers (``sources/_event_files.py``), so
``iter_event_batches`` keeps memory bounded; ``load_events`` concatenates the chunks. Messages
name files, columns, row or line numbers and counts — never cell values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.sources._event_files import (
    EVENT_SUFFIXES,
    _list_files,
    _read_raw,
    read_event_header,
)
from ai_work_audit.sources._mapping import (
    _REQUIRED,
    CANONICAL_FIELDS,
    EVENT_TYPE_ALIASES,
    EVENT_TYPES,
    IDENTITY_MAPPING,
    OTHER,
    SHIPPED_MAPPINGS,
    EventMapping,
    FileMapping,
    _norm,
    load_mapping,
)
from ai_work_audit.sources._read import file_sha256, suggest_column
from ai_work_audit.sources._timestamps import (
    _SHOWN,
    LOCAL_OFFSET,
    EventProblems,
    _offset_minutes,
    _strings,
    _timestamps,
    check_timezone,
)
from ai_work_audit.sources._values import normalise_text_values
from ai_work_audit.vocab._messages import Message

DEFAULT_BATCH_ROWS = 500_000
#: Rows per chunk of a log streamed by ``LogInput`` (the monitoring audit).
STREAM_BATCH_ROWS = 200_000


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
                timezone: str | None = None, no_header: bool = False) -> EventBatch:
    """Every event of a file or folder, with all input problems collected into one InputError."""
    frames: list[pd.DataFrame] = []
    files: dict[str, SourceFile] = {}
    skipped: list[str] = []
    unknown: dict[str, int] = {}
    normalised = 0
    problems = EventProblems()
    for chunk in _iter_chunks(path_or_folder, mapping, timezone, DEFAULT_BATCH_ROWS, problems,
                              no_header):
        if chunk.events is not None and len(chunk.events):
            frames.append(chunk.events)
        if chunk.file is not None:
            old = files.get(chunk.file.name)
            rows = chunk.file.rows + (old.rows if old else 0)
            files[chunk.file.name] = SourceFile(chunk.file.name, chunk.file.sha256, rows,
                                                chunk.file.pattern)
        skipped.extend(chunk.warnings)
        normalised += chunk.normalised
        for name, count in chunk.unknown.items():
            unknown[name] = unknown.get(name, 0) + count
    problems.raise_if_any()
    events = _concat(frames)
    if unknown:
        skipped.append(_unknown_warning(unknown))
    if normalised:
        skipped.append(_normalised_warning(normalised))
    return EventBatch(events=events, files=list(files.values()), skipped=skipped,
                      unknown_event_types=unknown, timezone=timezone)


def iter_event_batches(path_or_folder: str | Path, *, mapping: str | Path | None = None,
                       timezone: str | None = None,
                       batch_rows: int = DEFAULT_BATCH_ROWS,
                       no_header: bool = False) -> Iterator[EventBatch]:
    """The events in batches of at most ``batch_rows`` rows, for bounded memory.

    Problems in a batch raise InputError before the batch is yielded; ``files`` of a batch
    names the file it came from, with the rows of this batch.
    """
    if batch_rows < 1:
        raise ConfigError(f"batch_rows must be a positive integer; got {batch_rows} instead.")
    problems = EventProblems()
    for chunk in _iter_chunks(path_or_folder, mapping, timezone, batch_rows, problems,
                              no_header):
        problems.raise_if_any()
        events = chunk.events if chunk.events is not None else _concat([])
        warnings = list(chunk.warnings)
        if chunk.unknown:
            warnings.append(_unknown_warning(chunk.unknown))
        if chunk.normalised:
            warnings.append(_normalised_warning(chunk.normalised))
        yield EventBatch(events=events, files=[chunk.file] if chunk.file else [],
                         skipped=warnings, unknown_event_types=dict(chunk.unknown),
                         timezone=timezone)
    problems.raise_if_any()


def _unknown_warning(unknown: Mapping[str, int]) -> Message:
    # Counts only: an event-type cell is input data and may hold anything, names included.
    return Message("warning.unknown_event_types", events=sum(unknown.values()),
                   types=len(unknown), other=repr(OTHER))


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
    #: events whose worker id was normalised (NFC, invisible controls removed)
    normalised: int = 0


def _normalised_warning(events: int) -> Message:
    return Message("warning.worker_ids_normalised", rows=events)



@dataclass(frozen=True)
class LogPlan:
    """The files of a log to read (path, name relative to the input, mapping entry), the
    mapping, and the warnings of listing them; ``read_planned_file`` reads one file."""

    files: list[tuple[Path, str, FileMapping]]
    spec: EventMapping
    warnings: list[str]


def plan_log(path_or_folder: str | Path, mapping: str | Path | None, timezone: str | None,
             no_header: bool = False) -> LogPlan:
    """List and check a log's files (headers included) before any is read: InputError on
    the first problems, as ``load_events``."""
    check_timezone(timezone)
    spec = load_mapping(mapping) if mapping is not None else IDENTITY_MAPPING
    root = Path(path_or_folder)
    if not root.exists():
        raise InputError(f"{str(root)!r} does not exist. Check the path.")
    if root.is_file() and root.suffix.lower() not in EVENT_SUFFIXES:
        raise InputError(f"{root.name}: the file type must be one of "
                         f"{', '.join(sorted(EVENT_SUFFIXES))}; got {root.suffix or 'no suffix'!r} "
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
    warnings: list[str] = []
    if unmatched:
        shown: str = ", ".join(unmatched[:_SHOWN])
        if len(unmatched) > _SHOWN:
            shown = Message("warning.more_files", files=shown, more=len(unmatched) - _SHOWN)
        warnings.append(Message("warning.unmatched_files", count=len(unmatched), files=shown))
    if ignored:
        warnings.append(Message("warning.ignored_files", count=ignored))
    problems = EventProblems()
    _check_headers(plan, problems, no_header)
    problems.raise_if_any()
    return LogPlan(plan, spec, warnings)


def read_planned_file(plan: LogPlan, number: int, timezone: str | None, batch_rows: int,
                      problems: EventProblems, no_header: bool = False) -> Iterator[_Chunk]:
    """The chunks of the plan's file ``number`` (at least one, maybe without events); its
    input problems go to ``problems``. An engine reads each file where it runs."""
    path, relative, entry = plan.files[number]
    sha = file_sha256(path)
    produced = False
    for raw, labels, notes in _read_raw(path, relative, batch_rows, no_header):
        if len(raw):
            events, unknown = _to_events(raw, labels, relative, entry, plan.spec, timezone,
                                         problems)
        else:
            events, unknown = _concat([]), {}
        del raw  # only the canonical events are held while the consumer works
        normalised = 0
        if len(events):
            events["worker_id"], normalised = normalise_text_values(events["worker_id"])
        chunk = _Chunk(events, SourceFile(relative, sha, len(events), ",".join(entry.match)),
                       notes, unknown, normalised)
        del events
        produced = True
        yield chunk
        del chunk
    if not produced:
        yield _Chunk(None, SourceFile(relative, sha, 0, ",".join(entry.match)))


def _iter_chunks(path_or_folder: str | Path, mapping: str | Path | None, timezone: str | None,
                 batch_rows: int, problems: EventProblems,
                 no_header: bool = False) -> Iterator[_Chunk]:
    plan = plan_log(path_or_folder, mapping, timezone, no_header)
    first = True
    for number in range(len(plan.files)):
        for chunk in read_planned_file(plan, number, timezone, batch_rows, problems,
                                       no_header):
            if first:
                chunk.warnings = plan.warnings + chunk.warnings
                first = False
            yield chunk
            del chunk


def _needed_columns(entry: FileMapping) -> list[str]:
    return [c for names in entry.columns.values() for c in names]


def _shipped_mapping_for(relative: str, header: Sequence[str]) -> str | None:
    """The name of a shipped mapping that has an entry for this file whose columns are all in
    its header (e.g. ``cert`` for a CERT ``logon.csv``); None when none fits."""
    for path in sorted(SHIPPED_MAPPINGS.glob("*.yaml")):
        entry = load_mapping(path).entry_for(relative)
        if entry is not None and all(c in header for c in _needed_columns(entry)):
            return path.stem
    return None


def _check_headers(plan: list[tuple[Path, str, FileMapping]], problems: EventProblems,
                   no_header: bool = False) -> None:
    fits: dict[str, list[str]] = {}  # shipped mapping → files it would read
    for path, relative, entry in plan:
        header = read_event_header(path, relative, no_header)
        missing = [c for c in dict.fromkeys(_needed_columns(entry)) if c not in header]
        identity = entry.columns is IDENTITY_MAPPING.files[0].columns
        if identity:
            missing = [c for c in missing if c in _REQUIRED or c == "event_type"]
        shipped = _shipped_mapping_for(relative, header) if identity and missing else None
        if shipped is not None:  # one problem for all such files: the mapping that reads them
            fits.setdefault(shipped, []).append(relative)
            continue
        for column in missing:
            problems.plain.append(
                f"{relative}: column {column!r} is missing; {suggest_column(column, header)}"
                + ("" if column not in (*_REQUIRED, "event_type") else
                   " Give a --mapping when the columns have other names."))
    for shipped, files in fits.items():
        shown = ", ".join(files[:_SHOWN]) + (f" and {len(files) - _SHOWN} more"
                                             if len(files) > _SHOWN else "")
        problems.plain.append(
            f"{shown}: the canonical columns (timestamp, worker_id, event_type) must all be "
            f"there; got the columns of the shipped mapping {shipped!r} instead. "
            f"Add --mapping {shipped}.")


# mapping one chunk


def _to_events(raw: pd.DataFrame, labels: Callable[[np.ndarray], list[str]], relative: str,
               entry: FileMapping, spec: EventMapping, timezone: str | None,
               problems: EventProblems) -> tuple[pd.DataFrame, dict[str, int]]:
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
    _check_text_lengths(frame, labels, relative, unit, problems)
    return frame, unknown


#: The longest text accepted in one cell of a log (characters); longer is an input error.
MAX_TEXT_CHARS = 1_000_000
TOO_LONG_MSG = ("{file}: column {column!r} must hold texts of at most " f"{MAX_TEXT_CHARS:,} "
                "characters; got {count} longer ones ({where}) instead. Split or trim them.")


def _check_text_lengths(frame: pd.DataFrame, labels: Callable[[np.ndarray], list[str]],
                        relative: str, unit: str, problems: EventProblems) -> None:
    for name in frame.columns:
        column = frame[name]
        text_like = column.dtype.kind in "OUT" or str(column.dtype) == "str"
        if name == "timestamp" or not text_like:
            continue
        try:
            lengths = column.str.len()
        except AttributeError:  # mixed objects: not text
            continue
        long = (lengths > MAX_TEXT_CHARS).fillna(False).to_numpy(dtype=bool)
        if long.any():
            problems.add((relative, str(name), "text"), labels(np.flatnonzero(long)),
                         int(long.sum()), {"unit": unit, "template": TOO_LONG_MSG})


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


@dataclass
class LogInput:
    """The chunks of a log and what reading it reported (files, warnings, unknown types)."""

    path: Path
    mapping: str | None
    timezone: str | None
    batch_rows: int = STREAM_BATCH_ROWS
    no_header: bool = False
    files: dict[str, SourceFile] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    unknown: dict[str, int] = field(default_factory=dict)
    normalised: int = 0

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Non-empty chunks of canonical events. After the first input problem, the rest is
        still read (every problem is reported at once) but no more chunks are yielded; the
        problems are raised as one InputError at the end."""
        problems = EventProblems()
        for chunk in _iter_chunks(self.path, self.mapping, self.timezone, self.batch_rows,
                                  problems, self.no_header):
            if chunk.file is not None:
                old = self.files.get(chunk.file.name)
                rows = chunk.file.rows + (old.rows if old else 0)
                self.files[chunk.file.name] = SourceFile(chunk.file.name, chunk.file.sha256,
                                                         rows, chunk.file.pattern)
            self.warnings.extend(chunk.warnings)
            self.normalised += chunk.normalised
            for name, count in chunk.unknown.items():
                self.unknown[name] = self.unknown.get(name, 0) + count
            events = chunk.events
            del chunk  # the consumer alone holds the events
            if problems.plain or problems.keyed:
                continue
            if events is not None and len(events):
                yield events
            del events
        problems.raise_if_any()

    @property
    def skipped(self) -> list[str]:
        """Warnings of the whole input, as ``EventBatch.skipped``."""
        return [*self.warnings, *([_unknown_warning(self.unknown)] if self.unknown else []),
                *([_normalised_warning(self.normalised)] if self.normalised else [])]

    @property
    def sha256(self) -> str:
        return EventBatch(events=pd.DataFrame(), files=list(self.files.values())).sha256
