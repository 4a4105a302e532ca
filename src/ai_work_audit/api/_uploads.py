"""Audit uploads: streamed to the workspace under a size limit, then checked before queueing.

The multipart body is parsed as it arrives (python-multipart), so a 2 GiB upload never sits in
memory or in a temporary folder outside the workspace.

A monitoring submission may carry several log files (repeated ``files`` parts), a roster
(``roster``) and a company policy (``company_policy``): the logs are stored under
``logs/upload-N.<suffix>`` and then renamed after the mapping entry each client name matches
(``place_logs``: ``logon*.csv`` gives ``logon.csv``), so the audit reads them as the CLI reads
the same folder; the client's file names are never stored, logged or shown (issue 10: they
can name a person).
"""

from __future__ import annotations

import json
import re
import shutil
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from python_multipart.multipart import MultipartParser, parse_options_header

from ai_work_audit.errors import AuditError, ConfigError, InputError

SAMPLE_BYTES = 4 << 20
FULL_CHECK_BYTES = 64 << 20
MAX_FIELD_BYTES = 1 << 20
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

TOO_LARGE_MSG = "the upload must be at most {limit} bytes; got more instead. Split the file or "\
    "raise AI_WORK_AUDIT_MAX_UPLOAD_BYTES."
MULTIPART_MSG = ("the request body must be multipart/form-data with a 'file' part and a 'params' "
                 "part (a JSON object); got {what} instead.")
TOO_MANY_MSG = "a submission may carry at most {limit} 'files' parts; got more instead. " \
    "Combine the logs or submit them in several audits."
#: Most log files one submission may carry.
MAX_LOG_FILES = 200
#: Named file parts of a monitoring submission → the stem they are stored under.
FILE_PARTS = {"roster": "roster", "company_policy": "company-policy"}
LOGS_FOLDER = "logs"
PARAMS_MSG = "'params' must be a JSON object of the CLI's long options; got {what} instead."


class UploadTooLarge(AuditError):
    """The body exceeds the upload limit (413)."""


class MultipartError(AuditError):
    """The body is not the expected multipart form (400)."""


@dataclass
class ReceivedUpload:
    path: Path | None = None
    filename: str = ""
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    #: the ``files`` parts as stored, and the client's names (memory only: ``place_logs``)
    logs: list[Path] = field(default_factory=list)
    log_names: list[str] = field(default_factory=list)
    #: the named file parts (``FILE_PARTS``) as stored
    parts: dict[str, Path] = field(default_factory=dict)


def stored_filename(name: str, stem: str = "upload") -> str:
    """The name an upload is stored (and audited) under: ``upload.<suffix>``. The client's file
    name may name a person ("Jean_Dupont_candidates.csv"); the audit documents that
    representatives read carry the input's name, so it is never the client's."""
    suffix = safe_filename(name).rpartition(".")
    return f"{stem}.{suffix[2]}" if suffix[1] else stem


def place_logs(logs: list[Path], names: list[str], mapping: str | None) -> list[Path]:
    """Rename each stored log file after the mapping entry its client name matches: the first
    of the entry's patterns with its wildcards dropped (``logon*.csv`` → ``logon.csv``), or
    with ``-N`` for the next files of the same entry; a file no entry takes keeps
    ``upload-N.<suffix>`` (the audit then says it skipped it). Without a mapping every file is
    read by its columns, whatever its name."""
    import fnmatch

    from ai_work_audit.sources import load_mapping

    if mapping is None:
        return logs
    spec = load_mapping(mapping)
    taken = {p.name for p in logs}
    out = []
    for n, (path, client) in enumerate(zip(logs, names, strict=True), start=1):
        name = safe_filename(client).lower()
        entry = spec.entry_for(name)
        target = None
        if entry is not None:
            for pattern in entry.match:
                if "/" in pattern:
                    continue
                for fill in ("", f"-{n}"):
                    candidate = re.sub(r"\[[^]]*\]|\?", "x", pattern.replace("*", fill))
                    if candidate not in taken and fnmatch.fnmatchcase(candidate, pattern) \
                            and spec.entry_for(candidate) is entry:
                        target = candidate
                        break
                if target:
                    break
        if target is None:
            out.append(path)
            continue
        taken.add(target)
        moved = path.with_name(target)
        path.rename(moved)
        out.append(moved)
    return out


def safe_filename(name: str) -> str:
    """A file name safe to store under (suffix kept, no path parts)."""
    base = Path(name.replace("\\", "/")).name or "upload"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = _UNSAFE.sub("_", stem)[:100].strip("._") or "upload"
    suffix = _UNSAFE.sub("", suffix)[:16].lower()
    return f"{stem}.{suffix}" if suffix else stem


async def receive_multipart(content_type: str, body: AsyncIterator[bytes], folder: Path,
                            limit: int, file_field: str = "file") -> ReceivedUpload:
    """Stream a multipart body: the ``file_field`` part goes to ``folder``; other parts (small)
    are returned as text. Raises UploadTooLarge past ``limit`` bytes, MultipartError on a
    malformed body (the partial file is removed by the caller's cleanup)."""
    ctype, options = parse_options_header(content_type or "")
    boundary = options.get(b"boundary")
    if ctype != b"multipart/form-data" or not boundary:
        raise MultipartError(MULTIPART_MSG.format(what="another content type"))
    received = ReceivedUpload()
    state: dict[str, Any] = {"name": None, "filename": None, "headers": {}, "field": b"",
                             "value": b"", "out": None, "buffer": bytearray(), "error": None}

    def on_part_begin() -> None:
        state.update(headers={}, name=None, filename=None, buffer=bytearray(), out=None)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].decode("latin-1").lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        disposition = state["headers"].get("content-disposition", b"")
        _, opts = parse_options_header(disposition)
        name = opts.get(b"name", b"").decode("utf-8", "replace")
        filename = opts.get(b"filename")
        state["name"] = name
        if not filename:  # a browser's file input left empty sends filename="" (RFC 7578)
            return
        client = filename.decode("utf-8", "replace")
        if name == file_field and received.path is None:
            received.filename = client
            folder.mkdir(parents=True, exist_ok=True)
            received.path = folder / stored_filename(received.filename)
            state["out"] = received.path.open("wb")
        elif name == "files":
            if len(received.logs) >= MAX_LOG_FILES:
                state["error"] = MultipartError(TOO_MANY_MSG.format(limit=MAX_LOG_FILES))
                return
            logs = folder / LOGS_FOLDER
            logs.mkdir(parents=True, exist_ok=True)
            path = logs / stored_filename(client, f"upload-{len(received.logs) + 1}")
            received.logs.append(path)
            received.log_names.append(client)
            state["out"] = path.open("wb")
        elif name in FILE_PARTS and name not in received.parts:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / stored_filename(client, FILE_PARTS[name])
            received.parts[name] = path
            state["out"] = path.open("wb")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        out: BinaryIO | None = state["out"]
        if out is not None:
            received.size += len(chunk)
            if received.size > limit:
                state["error"] = UploadTooLarge(TOO_LARGE_MSG.format(limit=limit))
                return
            out.write(chunk)
        else:
            buffer: bytearray = state["buffer"]
            if len(buffer) + len(chunk) > MAX_FIELD_BYTES:
                state["error"] = MultipartError(MULTIPART_MSG.format(what="a field over 1 MiB"))
                return
            buffer.extend(chunk)

    def on_part_end() -> None:
        out = state["out"]
        if out is not None:
            out.close()
            state["out"] = None
        elif state["name"] and state["name"] not in received.fields:
            received.fields[state["name"]] = bytes(state["buffer"]).decode("utf-8", "replace")

    parser = MultipartParser(boundary, {
        "on_part_begin": on_part_begin, "on_header_field": on_header_field,
        "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished, "on_part_data": on_part_data,
        "on_part_end": on_part_end,
    })
    try:
        async for chunk in body:
            parser.write(chunk)
            if state["error"] is not None:
                raise state["error"]
        parser.finalize()
    except AuditError:
        raise
    except Exception as exc:
        raise MultipartError(MULTIPART_MSG.format(what="a malformed body")) from exc
    finally:
        if state["out"] is not None:
            state["out"].close()
    return received


def parse_params(text: str | None) -> dict[str, Any]:
    """The ``params`` part as a dict (ConfigError otherwise)."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        raise ConfigError(PARAMS_MSG.format(what="text that is not JSON")) from None
    if not isinstance(value, dict):
        raise ConfigError(PARAMS_MSG.format(what=f"a JSON {type(value).__name__}"))
    return value


def _sample(path: Path, into: Path) -> Path:
    """The first SAMPLE_BYTES of a text file, cut at the last complete line."""
    with path.open("rb") as source:
        data = source.read(SAMPLE_BYTES)
    cut = data.rfind(b"\n")
    if cut > 0:
        data = data[: cut + 1]
    into.write_bytes(data)
    return into


def check_upload(path: Path, kind: str, params: dict[str, Any]) -> None:
    """Type, emptiness and parse check of an upload before it is queued (InputError).

    Files up to 64 MiB are read whole; larger text files by their first 4 MiB and Parquet by
    its schema, so the request stays short; the worker reads the rest.
    """
    from ai_work_audit.kinds import kind_spec
    from ai_work_audit.sources import read_table

    options = kind_spec(kind).options_from_params(params)
    # a kind that reads one table names its columns; a log's are set by its mapping
    columns: list[str] | None = options.columns() if hasattr(options, "columns") else None
    no_header = bool(getattr(options, "no_header", False))
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if size <= FULL_CHECK_BYTES or size == 0:
        read_table(path, columns, no_header=no_header)
        return
    if suffix in {".parquet", ".pq"}:
        import pyarrow.parquet as pq

        try:
            names = pq.read_schema(path).names
        except Exception as exc:
            raise InputError("the Parquet file cannot be read (its footer or schema is "
                             "damaged). Export it again.") from exc
        missing = [c for c in columns or [] if c not in names]
        if missing:
            raise InputError(f"{len(missing)} column(s) named in the options are missing: "
                             + ", ".join(repr(c) for c in missing) + ".")
        return
    sample = path.with_name(f".sample-{uuid.uuid4().hex}{suffix}")
    try:
        read_table(_sample(path, sample), columns, no_header=no_header)
    finally:
        sample.unlink(missing_ok=True)


def remove_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
