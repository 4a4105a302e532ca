"""Event-log mappings: vendor columns and values → the canonical event fields.

contracts.md, ``monitoring``: canonical fields ``timestamp`` (UTC), ``worker_id``,
``event_type``, ``source``, ``content``, ``recipients``. A mapping YAML
(``sources/mappings/*.yaml``; ``cert`` ships for the CMU CERT insider-threat schema) maps vendor
columns and values to these fields per file pattern; it is read with the one YAML loader.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab import YamlSyntaxError, describe_keys, load_yaml_with_lines

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

_TOP_KEYS = {"name", "description", "version", "timestamp_format", "event_types", "ignore",
             "files"}
_ENTRY_KEYS = {"match", "source", "event_type", "columns", "values", "timestamp_format"}


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
        raw, _ = load_yaml_with_lines(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{label}: the mapping must be a readable UTF-8 YAML file.") from None
    except YamlSyntaxError as exc:
        raise ConfigError(f"{label}: the mapping is not valid YAML at line {exc.line}."
                          ) from None
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ConfigError(f"{label}: the mapping must be a YAML mapping with a 'files' list; "
                          f"got {type(raw).__name__} instead.")
    unknown = sorted(set(map(str, raw)) - _TOP_KEYS)
    if unknown:
        problems.append(f"unknown key(s) {describe_keys(unknown, _TOP_KEYS)}; "
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
        problems.append(f"{where}: unknown key(s) {describe_keys(unknown, _ENTRY_KEYS)}; "
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
