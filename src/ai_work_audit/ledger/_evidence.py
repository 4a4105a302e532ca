"""The evidence store: content-addressed files and an append-only, hash-chained log.

contracts.md "Evidence and self-assessment". Layout in ``<workspace>/evidence/``:
``objects/<sha256>`` (the files, read-only), ``log.jsonl`` (one entry a line; each entry's
``entry_hash`` is the SHA-256 of its canonical JSON without ``entry_hash``, and includes the
previous entry's hash as ``prev_hash``), ``head.json`` (last seq and hash, so that entries
removed from the end are detected too), ``.lock``, and ``witness.key``, the Ed25519 key that
signs receipts (``_receipts.py``). The log's lines are also the leaves of an RFC 9162 Merkle
tree (``_merkle.py``): a receipt kept outside the workspace proves what the log held.
``evidence repair`` moves a torn last line to ``quarantine.jsonl`` and logs the repair.
Files are created 0600 (objects 0400) and folders 0700.
Methods follow NIST SP 800-53A assessment methods (examine, interview, test). The checks of
a new entry's fields are in ``_evidence_input.py``.
Over 500 lines: the store, the log and its checks share one lock and one file format.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from filelock import FileLock

from ai_work_audit.errors import EvidenceError
from ai_work_audit.workspace import workspace_dir

from ._digest import CHUNK_SIZE, canonical_json, sha256_bytes, sha256_file
from ._evidence_input import _as_utc, _got, _iso, _level, _text, _value, _when

SCHEMA = "ai-work-audit/evidence-entry/v1"
EVIDENCE_DIR = "evidence"
OBJECTS_DIR = "objects"
LOG_FILE = "log.jsonl"
HEAD_FILE = "head.json"
LOCK_FILE = ".lock"
QUARANTINE_FILE = "quarantine.jsonl"
FILE_MODE = 0o600
DIR_MODE = 0o700
MAX_EXPIRY_YEARS = 10
LOCK_TIMEOUT_S = 60.0
GENESIS_HASH = "0" * 64

KINDS = ("declared", "audit_run")
REPAIR_KIND = "repair"  # written by ``repair_evidence`` only, never by ``add_evidence``
METHODS = ("test", "examine", "interview")
DEFAULT_METHOD = {"declared": "examine", "audit_run": "test"}
RUN_URI_PREFIX = "mlflow-run:"
MAX_TEXT_LENGTH = 200
MAX_REASON_LENGTH = 2000

# Messages: "<what> must be <expected>; got <type/count> instead. <how to fix>" (errors.py).
# They name parameters, counts and types only — never file contents or declared values.
ORGANISATION_MSG = "'organisation' must be a non-empty name of at most 200 printable characters"
INDICATOR_MSG = "'indicator' must be an indicator id of the form N.N such as '4.1'"
KIND_MSG = "'kind' must be one of declared, audit_run"
ONE_OF_MSG = "exactly one of 'level', 'value', 'not_applicable' must be given"
AT_MOST_ONE_MSG = "at most one of 'level', 'value', 'not_applicable' may be given"
REASON_MSG = "'not_applicable' must be a non-empty reason of at most 2000 characters"
FILE_AND_CONTENT_MSG = "'file' and 'content' must not both be given"
FILE_MISSING_MSG = "'file' must be an existing regular file"
FILE_NAME_MSG = "'file_name' must be a non-empty file name of at most 200 printable characters"
URI_MSG = "'uri' must be a URI such as 'https://…' or 'mlflow-run:<run id>'"
UNSAFE_SCHEMES = ("javascript", "data", "vbscript", "file")
UNSAFE_URI_MSG = ("'uri' must not use a javascript:, data:, vbscript: or file: scheme; got one "
                  "of them instead. Give an https:// address or a document name")
RUN_URI_MSG = "'uri' of an audit_run entry must be 'mlflow-run:<run id>'"
METHOD_MSG = "'method' must be one of test, examine, interview"
EXPIRY_ORDER_MSG = "'expires_at' must not be before 'collected_at'"
ADDED_BY_MSG = "'added_by' must be a name of at most 200 printable characters"
INVALID_ENTRY_MSG = "Evidence entry is invalid ({count} problem(s)): {problems}."
EXPIRY_BOUND_MSG = (
    "'expires_at' must be at most 10 years ahead (on or before {limit}); got a later date "
    "instead. Declare evidence again when it is renewed"
)
DAMAGED_LOG_MSG = (
    "The evidence log {path} is damaged ({what}); run `ai-work-audit evidence verify` to list "
    "the altered or removed entries."
)
TORN_LOG_MSG = (
    "The evidence log (evidence/log.jsonl) ends with a torn line (an interrupted write); run "
    "`ai-work-audit evidence repair` to move it to quarantine (no valid entry is lost)."
)

_INDICATOR_RE = re.compile(r"^[0-9]{1,3}\.[0-9]{1,3}$")
_SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
_URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


@dataclass(frozen=True)
class EvidenceEntry:
    """One entry of the evidence log, as stored (``to_dict`` gives the JSON line)."""

    schema: str
    seq: int
    entry_id: str
    organisation: str
    indicator: str
    kind: str
    level: int | None
    value: float | None
    not_applicable: str | None
    file_sha256: str | None
    file_name: str | None
    uri: str | None
    method: str
    collected_at: str
    expires_at: str | None
    added_by: str | None
    prev_hash: str
    entry_hash: str
    #: what a ``repair`` entry did (absent from the stored line of other entries)
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The stored line's fields (``note`` only on the entries that have one)."""
        data = asdict(self)
        if data["note"] is None:
            del data["note"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceEntry:
        """Build from a stored line; unknown keys (from later versions) are ignored."""
        values: dict[str, Any] = {f.name: data.get(f.name) for f in fields(cls)}
        return cls(**values)


_FIELD_NAMES = tuple(f.name for f in fields(EvidenceEntry))


# --- locations ---------------------------------------------------------------------------------


def evidence_dir() -> Path:
    """``<workspace>/evidence``."""
    return workspace_dir() / EVIDENCE_DIR


def evidence_object_path(sha256: str) -> Path:
    """Where the stored file with this SHA-256 lives (it may not exist)."""
    if not _SHA256_RE.match(sha256):
        raise EvidenceError(
            "'sha256' must be 64 lowercase hexadecimal digits; got another string instead."
        )
    return evidence_dir() / OBJECTS_DIR / sha256


# --- adding ------------------------------------------------------------------------------------


def add_evidence(
    *,
    organisation: str,
    indicator: str,
    kind: str = "declared",
    level: int | None = None,
    value: float | str | None = None,
    not_applicable: str | None = None,
    file: str | os.PathLike[str] | None = None,
    content: bytes | None = None,
    file_name: str | None = None,
    uri: str | None = None,
    method: str | None = None,
    collected_at: datetime | date | str | None = None,
    expires_at: datetime | date | str | None = None,
    added_by: str | None = None,
) -> EvidenceEntry:
    """Append one evidence entry (and store its file) and return it as stored.

    Declared evidence takes exactly one of ``level``, ``value`` or ``not_applicable`` (the
    reason); an ``audit_run`` entry points to its MLflow run (``uri='mlflow-run:<id>'``) and
    takes at most one. ``file`` (a path) or ``content`` (bytes, named by ``file_name``) is
    stored content-addressed; the entry keeps its SHA-256 and base name. Naive date-times are
    taken as UTC; ``collected_at`` defaults to now. Raises EvidenceError listing every problem.
    """
    problems: list[str] = []
    record: dict[str, Any] = {
        "organisation": _text(organisation, MAX_TEXT_LENGTH, ORGANISATION_MSG, problems),
        "indicator": indicator,
        "kind": kind,
    }
    if not isinstance(indicator, str) or not _INDICATOR_RE.match(indicator):
        problems.append(_got(INDICATOR_MSG, indicator))
    if kind not in KINDS:
        problems.append(_got(KIND_MSG, kind))

    given = sum(x is not None for x in (level, value, not_applicable))
    if kind == "declared" and given != 1:
        problems.append(f"{ONE_OF_MSG}; got {given} instead")
    elif kind == "audit_run" and given > 1:
        problems.append(f"{AT_MOST_ONE_MSG}; got {given} instead")
    record["level"] = _level(level, problems)
    record["value"] = _value(value, problems)
    record["not_applicable"] = (
        None
        if not_applicable is None
        else _text(not_applicable, MAX_REASON_LENGTH, REASON_MSG, problems, multiline=True)
    )

    source: Path | None = None
    if file is not None and content is not None:
        problems.append(FILE_AND_CONTENT_MSG)
    elif file is not None:
        source = Path(file)
        if not source.is_file():
            problems.append(f"{FILE_MISSING_MSG}; got a path that is not one instead")
        file_name = source.name if file_name is None else file_name
    elif content is not None and not isinstance(content, bytes):
        problems.append(f"'content' must be bytes; got {type(content).__name__} instead")
    if file_name is not None:
        base = Path(str(file_name)).name if isinstance(file_name, str) else file_name
        file_name = _text(base, MAX_TEXT_LENGTH, FILE_NAME_MSG, problems)
    record["file_name"] = file_name if (file is not None or content is not None) else None

    if uri is not None and (not isinstance(uri, str) or not _URI_RE.match(uri)):
        problems.append(_got(URI_MSG, uri))
    elif isinstance(uri, str) and uri.split(":", 1)[0].strip().lower() in UNSAFE_SCHEMES:
        problems.append(UNSAFE_URI_MSG)
    if kind == "audit_run" and (
        not isinstance(uri, str) or not uri.startswith(RUN_URI_PREFIX) or uri == RUN_URI_PREFIX
    ):
        problems.append(_got(RUN_URI_MSG, uri))
    record["uri"] = uri

    method = DEFAULT_METHOD.get(kind, "examine") if method is None else method
    if method not in METHODS:
        problems.append(_got(METHOD_MSG, method))
    record["method"] = method

    collected = _when(
        "collected_at", datetime.now(UTC) if collected_at is None else collected_at, problems
    )
    expires = None if expires_at is None else _when("expires_at", expires_at, problems)
    if collected is not None and expires is not None and _as_utc(expires) < _as_utc(collected):
        problems.append(EXPIRY_ORDER_MSG)
    if expires is not None and _as_utc(expires) > expiry_limit():
        problems.append(EXPIRY_BOUND_MSG.format(limit=expiry_limit().date().isoformat()))
    record["collected_at"] = None if collected is None else _iso(collected)
    record["expires_at"] = None if expires is None else _iso(expires)
    record["added_by"] = (
        None if added_by is None else _text(added_by, MAX_TEXT_LENGTH, ADDED_BY_MSG, problems)
    )

    if problems:
        raise EvidenceError(
            INVALID_ENTRY_MSG.format(count=len(problems), problems="; ".join(problems))
        )

    root = make_evidence_dir()
    file_sha256: str | None = None
    if source is not None:
        with open(source, "rb") as stream:
            file_sha256 = _store_object(root / OBJECTS_DIR, stream)
    elif content is not None:
        file_sha256 = _store_bytes(root / OBJECTS_DIR, content)
    record["file_sha256"] = file_sha256

    with _lock(root):
        return _append(root, record)


def expiry_limit(now: datetime | None = None) -> datetime:
    """The latest allowed ``expires_at``: 10 years (3653 days) from now, UTC."""
    from datetime import timedelta

    return (now or datetime.now(UTC)) + timedelta(days=365 * MAX_EXPIRY_YEARS + 3)


def make_evidence_dir() -> Path:
    """``<workspace>/evidence``, created 0700 when missing."""
    root = evidence_dir()
    if not root.is_dir():
        root.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
        root.chmod(DIR_MODE)
    return root


def _lock(root: Path) -> FileLock:
    return FileLock(str(root / LOCK_FILE), timeout=LOCK_TIMEOUT_S, mode=FILE_MODE)


def _chain_tip(root: Path) -> tuple[int, str]:
    """The last entry's seq and hash, checked against head.json (EvidenceError when the log's
    end does not match it)."""
    log = root / LOG_FILE
    last = _last_entry(log)
    head = _read_head(root)
    last_seq = 0 if last is None else last["seq"]
    last_hash = GENESIS_HASH if last is None else last["entry_hash"]
    if head is not None and (head.get("seq"), head.get("entry_hash")) != (last_seq, last_hash):
        raise EvidenceError(
            DAMAGED_LOG_MSG.format(path=log, what="its last entry does not match head.json")
        )
    return last_seq, last_hash


def check_appendable() -> None:
    """EvidenceError (saying how to fix it) unless an entry can be appended now: called before
    an audit records its MLflow run, so that a damaged log stops the run before, not after."""
    _chain_tip(evidence_dir())


def _append(root: Path, record: dict[str, Any]) -> EvidenceEntry:
    """Chain ``record`` to the last entry and append it; the caller holds the lock."""
    log = root / LOG_FILE
    last_seq, last_hash = _chain_tip(root)
    entry = {
        "schema": SCHEMA,
        "seq": last_seq + 1,
        "entry_id": uuid.uuid4().hex,
        **record,
        "prev_hash": last_hash,
    }
    entry = {name: entry.get(name) for name in _FIELD_NAMES if name != "entry_hash"}
    if entry.get("note") is None:
        entry.pop("note", None)  # stored lines of ordinary entries keep their v1 shape
    entry["entry_hash"] = entry_hash(entry)
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    with os.fdopen(fd, "ab") as stream:
        stream.write(canonical_json(entry) + b"\n")
        stream.flush()
        os.fsync(stream.fileno())
    _write_head(root, entry["seq"], entry["entry_hash"])
    return EvidenceEntry.from_dict(entry)


def entry_hash(entry: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an entry without its ``entry_hash`` field."""
    return sha256_bytes(canonical_json({k: v for k, v in entry.items() if k != "entry_hash"}))


# --- listing -----------------------------------------------------------------------------------


def list_evidence(organisation: str | None = None, *, repairs: bool = False
                  ) -> list[EvidenceEntry]:
    """Entries of the evidence log in order, optionally of one organisation only; the log's
    own ``repair`` entries (of no organisation) only with ``repairs``.

    Does not check hashes (``verify_evidence`` does); raises EvidenceError on a line that is
    not an entry at all.
    """
    log = evidence_dir() / LOG_FILE
    entries = []
    for line_no, raw in _lines(log):
        data = _parse(raw)
        if data is None:
            raise EvidenceError(DAMAGED_LOG_MSG.format(path=log, what=f"line {line_no}"))
        if data.get("kind") == REPAIR_KIND and not repairs:
            continue
        if organisation is None or data.get("organisation") == organisation:
            entries.append(EvidenceEntry.from_dict(data))
    return entries


# --- verifying ---------------------------------------------------------------------------------


def verify_evidence() -> list[str]:
    """Every problem of the evidence store, each naming the entry's seq; empty when intact.

    Detects: stored object altered or missing, entry altered, entry removed (also at the end,
    through head.json), entries reordered or duplicated, chain links broken, broken lines.
    """
    root = evidence_dir()
    problems: list[str] = []
    seen: set[int] = set()
    object_ok: dict[str, str | None] = {}
    expected = 1
    previous: dict[str, Any] | None = None  # last parsed entry, for the chain link
    last: dict[str, Any] | None = None
    for line_no, raw in _lines(root / LOG_FILE):
        data = _parse(raw)
        if (
            data is None
            or not isinstance(data.get("seq"), int)
            or isinstance(data.get("seq"), bool)
        ):
            what = "broken JSON line" if data is None else "entry without a valid seq"
            problems.append(f"seq {expected} (line {line_no}): {what}")
            seen.add(expected)
            expected += 1
            previous = None
            continue
        seq: int = data["seq"]
        if data.get("entry_hash") != entry_hash(data):
            problems.append(f"seq {seq}: entry altered (its entry_hash does not match it)")
        if seq in seen:
            problems.append(f"seq {seq}: duplicate entry (line {line_no})")
        elif seq < expected:
            problems.append(
                f"seq {seq}: entries reordered (line {line_no} comes after seq {expected - 1})"
            )
        if seq == 1 and data.get("prev_hash") != GENESIS_HASH:
            problems.append("seq 1: chain broken (prev_hash is not the genesis hash)")
        elif (
            previous is not None
            and previous["seq"] == seq - 1
            and (data.get("prev_hash") != previous.get("entry_hash"))
        ):
            problems.append(
                f"seq {seq}: chain broken (prev_hash does not match seq {seq - 1}; "
                f"seq {seq - 1} was altered or replaced)"
            )
        sha = data.get("file_sha256")
        if sha is not None:
            problem = _check_object(root, sha, object_ok)
            if problem:
                problems.append(f"seq {seq}: {problem}")
        seen.add(seq)
        expected = max(expected, seq + 1)
        previous = data
        last = data

    top = max(seen, default=0)
    problems.extend(f"seq {s}: entry removed" for s in range(1, top + 1) if s not in seen)
    head = _read_head(root)
    if head is None:
        if seen:
            problems.append(
                f"seq {top}: head.json missing; removal of the last entries cannot be ruled out"
            )
    else:
        head_seq = head.get("seq")
        if not isinstance(head_seq, int):
            problems.append("head.json: damaged")
        else:
            problems.extend(
                f"seq {s}: entry removed (at the end of the log)"
                for s in range(top + 1, head_seq + 1)
            )
            if (
                last is not None
                and last["seq"] == head_seq
                and (last.get("entry_hash") != head.get("entry_hash"))
            ):
                problems.append(f"seq {head_seq}: entry replaced (does not match head.json)")
    return problems


def _check_object(root: Path, sha: object, cache: dict[str, str | None]) -> str | None:
    if not isinstance(sha, str) or not _SHA256_RE.match(sha):
        return "entry altered (file_sha256 is not a SHA-256)"
    if sha not in cache:
        path = root / OBJECTS_DIR / sha
        if not path.is_file():
            cache[sha] = "stored object missing"
        elif sha256_file(path) != sha:
            cache[sha] = "stored object altered (SHA-256 mismatch)"
        else:
            cache[sha] = None
    return cache[sha]


# --- files -------------------------------------------------------------------------------------


def _store_object(objects: Path, source: BinaryIO) -> str:
    """Copy a stream into ``objects/<sha256>`` (atomically, read-only) and return the hash."""
    import hashlib

    objects.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    fd, tmp_name = tempfile.mkstemp(dir=objects, prefix=".tmp-")
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        with os.fdopen(fd, "wb") as out:
            for chunk in iter(lambda: source.read(CHUNK_SIZE), b""):
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        target = objects / sha
        if target.exists():
            tmp.unlink()
        else:
            tmp.chmod(0o400)
            os.replace(tmp, target)
        return sha
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _store_bytes(objects: Path, content: bytes) -> str:
    import io

    return _store_object(objects, io.BytesIO(content))


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Non-empty lines of the log with 1-based line numbers; nothing when it is missing."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, generator
    except FileNotFoundError:
        return
    with stream:
        for line_no, raw in enumerate(stream, start=1):
            if raw.strip():
                yield line_no, raw


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def _last_entry(log: Path) -> dict[str, Any] | None:
    """The last entry of the log, read from its end; EvidenceError when it is not one."""
    try:
        stream = open(log, "rb")  # noqa: SIM115
    except FileNotFoundError:
        return None
    with stream:
        stream.seek(0, os.SEEK_END)
        position = stream.tell()
        tail = b""
        while position > 0:
            step = min(4096, position)
            position -= step
            stream.seek(position)
            tail = stream.read(step) + tail
            if b"\n" in tail.rstrip(b"\n"):
                break
    if not tail.strip():
        return None
    if not tail.endswith(b"\n"):
        raise EvidenceError(TORN_LOG_MSG)
    data = _parse(tail.rstrip(b"\n").rsplit(b"\n", 1)[-1])
    if data is None:
        raise EvidenceError(TORN_LOG_MSG)
    if not isinstance(data.get("seq"), int) or not isinstance(data.get("entry_hash"), str):
        raise EvidenceError(DAMAGED_LOG_MSG.format(path=log, what="its last line"))
    return data


def _read_head(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / HEAD_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _write_head(root: Path, seq: int, last_hash: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=root, prefix=".head-")
    with os.fdopen(fd, "wb") as out:
        out.write(canonical_json({"schema": SCHEMA, "seq": seq, "entry_hash": last_hash}))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, root / HEAD_FILE)


# --- Merkle leaves and repair ------------------------------------------------------------------


def log_leaves() -> list[bytes]:
    """The leaves of the log's Merkle tree: its non-empty lines, without the line end, in order.

    Existing logs need no migration: their lines are the leaves as they stand.
    """
    return [raw.rstrip(b"\r\n") for _, raw in _lines(evidence_dir() / LOG_FILE)]


@dataclass(frozen=True)
class Repair:
    """What ``repair_evidence`` did: the quarantined bytes and the entry that logs it."""

    quarantined_bytes: int
    quarantine: Path
    entry: EvidenceEntry


def repair_evidence(added_by: str | None = None) -> Repair | None:
    """Move a torn last line of the log (an interrupted write: no line end, or not JSON) to
    ``quarantine.jsonl`` beside it and log the repair as a new ``repair`` entry; None when the
    log's end is sound. Valid entries are never touched: the torn bytes are saved (and synced)
    before the log is cut at the start of that line. A damage anywhere else is not repaired
    (EvidenceError: ``evidence verify`` lists it).
    """
    root = evidence_dir()
    log = root / LOG_FILE
    if not log.is_file():
        return None
    with _lock(root):
        data = log.read_bytes()
        body = data.rstrip(b"\r\n \t")
        if not body:
            return None
        cut = body.rfind(b"\n") + 1
        last = body[cut:]
        parsed = _parse(last)
        if data.endswith(b"\n") and parsed is not None:
            return None  # the last line is a whole JSON object: nothing torn
        remaining = data[:cut]
        for line_no, raw in enumerate(remaining.splitlines(), start=1):
            if raw.strip() and _parse(raw) is None:
                raise EvidenceError(DAMAGED_LOG_MSG.format(
                    path=log, what=f"line {line_no} is broken, not only the last one"))
        quarantine = root / QUARANTINE_FILE
        fd = os.open(quarantine, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        with os.fdopen(fd, "ab") as out:
            out.write(data[cut:].rstrip(b"\r\n") + b"\n")
            out.flush()
            os.fsync(out.fileno())
        with open(log, "r+b") as stream:
            stream.truncate(cut)
            stream.flush()
            os.fsync(stream.fileno())
        torn = len(data) - cut
        note = (f"repair: moved a torn last line ({torn} bytes, sha256 "
                f"{sha256_bytes(data[cut:])}) to {QUARANTINE_FILE}")
        previous = _last_entry(log)
        head = _read_head(root)
        last_seq = 0 if previous is None else previous["seq"]
        last_hash = GENESIS_HASH if previous is None else previous["entry_hash"]
        if head is not None and (head.get("seq"), head.get("entry_hash")) != (last_seq,
                                                                                last_hash):
            note += (f"; head.json named seq {head.get('seq')}, rewritten to seq {last_seq}")
            _write_head(root, last_seq, last_hash)
        record: dict[str, Any] = {
            "organisation": None, "indicator": None, "kind": REPAIR_KIND, "level": None,
            "value": None, "not_applicable": None, "file_sha256": None, "file_name": None,
            "uri": None, "method": "test", "collected_at": _iso(datetime.now(UTC)),
            "expires_at": None, "added_by": added_by, "note": note,
        }
        entry = _append(root, record)
    return Repair(quarantined_bytes=torn, quarantine=quarantine, entry=entry)
