"""Event-log mappings: vendor columns and values → the canonical event fields.

contracts.md, ``monitoring``: canonical fields ``timestamp`` (UTC), ``worker_id``,
``event_type``, ``source``, ``content``, ``recipients``. A mapping YAML
(``sources/mappings/*.yaml``; ``cert`` ships for the CMU CERT insider-threat schema) maps vendor
columns and values to these fields per file pattern; it is read with the one YAML loader.
Its optional ``modalities`` block overrides, per canonical event type, whether the type is
passive capture or activity the worker started (rulebook.md, "Passive capture and
worker-initiated activity"): a vendor knows how its tool records an event.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab import (
    YamlSyntaxError,
    describe_value,
    load_yaml_with_lines,
    validate_yaml_model,
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
#: The two kinds of monitoring a mapping's ``modalities`` block may give an event type (the
#: names of ``_modalities.PASSIVE`` and ``WORKER_INITIATED``).
MODALITY_NAMES: tuple[str, ...] = ("passive", "worker_initiated")

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
    #: Canonical event type → ``passive`` or ``worker_initiated``: overrides the shipped (or
    #: the company policy's) classification for this vendor's events.
    modalities: Mapping[str, str] = field(default_factory=dict)

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


Scalar = str | int | float | bool


def _globs(value: Any) -> Any:
    """A file pattern or a list of them, as a list (lower-cased when valid)."""
    return [value] if isinstance(value, str) else value


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _unknown_types(values: Any) -> list[str]:
    return sorted({v for v in values if v not in EVENT_TYPES and v != OTHER})


MSG_EVENT_TYPES = ("must name canonical event types ({allowed}) or {other}; got {count} "
                   "unknown one(s) instead ({bad}). Correct them.")


def _check_types(values: Any) -> None:
    bad = _unknown_types(values)
    if bad:
        raise ValueError(MSG_EVENT_TYPES.format(allowed=", ".join(EVENT_TYPES), other=OTHER,
                                                count=len(bad), bad=", ".join(map(repr, bad))))


Globs = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_globs),
                  Field(min_length=1)]
ValueMap = dict[Scalar, Scalar]


class _Entry(BaseModel):
    """One ``files`` entry of a mapping YAML."""

    model_config = ConfigDict(extra="forbid", strict=True)

    match: Globs
    columns: dict[str, Annotated[list[Annotated[str, Field(min_length=1)]],
                                 BeforeValidator(_names), Field(min_length=1)]]
    source: str | None = None
    event_type: str | None = None
    values: dict[str, ValueMap] | None = None
    timestamp_format: str | None = None

    @field_validator("event_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is not None:
            _check_types([value])
        return value

    @model_validator(mode="after")
    def _consistent(self) -> _Entry:
        problems = []
        if self.event_type is not None and "event_type" in self.columns:
            problems.append("must give either event_type or columns.event_type; got both "
                            "instead. Keep one.")
        missing = [f for f in _REQUIRED if f not in self.columns]
        if self.event_type is None and "event_type" not in self.columns:
            missing.append("event_type")
        if missing:
            problems.append(f"columns must map the field(s) {', '.join(missing)}; got nothing "
                            "for them instead. Add them (event_type may also be a constant "
                            "event_type of the entry).")
        many = [k for k in ("timestamp", "worker_id", "event_type")
                if len(self.columns.get(k, ())) > 1]
        if many:
            problems.append(f"columns.{', columns.'.join(many)} must be one column; got a "
                            "list instead. Name one column.")
        absent = [str(k) for k in (self.values or {}) if k not in self.columns]
        if absent:
            problems.append(f"values.{', values.'.join(absent)} must name fields of columns; "
                            "got fields absent from columns instead. Add them to columns or "
                            "remove their value maps.")
        if "event_type" in (self.values or {}):
            try:
                _check_types(str(v) for v in (self.values or {})["event_type"].values())
            except ValueError as exc:
                problems.append(f"values.event_type {exc}")
        if problems:
            raise ValueError(" ".join(problems))
        return self


class _Modalities(BaseModel):
    """A mapping's ``modalities`` block: the event types it moves to passive capture or to
    worker-initiated activity (the other event types keep their classification)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    passive: Annotated[list[str], BeforeValidator(_names)] = Field(default_factory=list)
    worker_initiated: Annotated[list[str], BeforeValidator(_names)] = Field(
        default_factory=list)

    @field_validator("passive", "worker_initiated")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        _check_types(value)
        return value

    @model_validator(mode="after")
    def _once(self) -> _Modalities:
        both = sorted(set(self.passive) & set(self.worker_initiated))
        if both:
            raise ValueError(f"must name each event type in one list; got "
                             f"{', '.join(map(repr, both))} in both passive and "
                             "worker_initiated instead. Keep it in one.")
        return self

    def overrides(self) -> dict[str, str]:
        return {**dict.fromkeys(self.passive, MODALITY_NAMES[0]),
                **dict.fromkeys(self.worker_initiated, MODALITY_NAMES[1])}


class _MappingFile(BaseModel):
    """A mapping YAML (``sources/mappings/*.yaml``)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str | None = None
    description: Any = None
    version: Any = None
    timestamp_format: str | None = None
    event_types: ValueMap | None = None
    ignore: Globs | None = None
    #: event types moved to passive capture or worker-initiated activity (the others keep
    #: the shipped, or the company policy's, classification)
    modalities: _Modalities | None = None
    files: list[_Entry] = Field(min_length=1)

    @field_validator("event_types")
    @classmethod
    def _known_types(cls, value: ValueMap | None) -> ValueMap | None:
        if value:
            _check_types(str(v) for v in value.values())
        return value


def _text_map(values: ValueMap | None) -> dict[str, str]:
    return {str(k): str(v) for k, v in (values or {}).items()}


def load_mapping(mapping: str | Path) -> EventMapping:
    """Read and validate a mapping YAML (pydantic ``_MappingFile``): every problem is collected
    into one ConfigError, each naming ``file:line``, the key, and the fix."""
    path = resolve_mapping(mapping)
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise ConfigError(f"{label}: the mapping must be a readable UTF-8 YAML file; got "
                          "another file instead. Check the path.") from None
    try:
        raw, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise ConfigError(f"{label}:{exc.line}: the mapping is not valid YAML at line "
                          f"{exc.line}; {exc.problem}. Correct the syntax.") from None
    if duplicates:
        raise ConfigError(" | ".join(f"{label}:{line}: key {key!r} must appear once; got it "
                                     "twice. Keep one." for line, key in duplicates))
    if not isinstance(raw, dict):
        raise ConfigError(f"{label}:1: the mapping must be a YAML mapping with a 'files' list; "
                          f"got {describe_value(raw)} instead.")
    model = validate_yaml_model(_MappingFile, raw, filename=label, error=ConfigError)
    top_format = model.timestamp_format
    entries = tuple(
        FileMapping(
            match=tuple(p.lower() for p in entry.match),
            columns={k: tuple(v) for k, v in entry.columns.items()},
            source=entry.source, event_type=entry.event_type,
            values={str(field): ({_norm(k): v for k, v in _text_map(value_map).items()}
                                 if field == "event_type" else _text_map(value_map))
                    for field, value_map in (entry.values or {}).items()},
            timestamp_format=entry.timestamp_format if "timestamp_format" in
            entry.model_fields_set else top_format,
        )
        for entry in model.files)
    return EventMapping(files=entries, name=str(model.name or path.stem), path=label,
                        ignore=tuple(p.lower() for p in model.ignore or ()),
                        event_types={_norm(k): v for k, v in _text_map(model.event_types).items()},
                        modalities=model.modalities.overrides() if model.modalities else {})


def _norm(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())
