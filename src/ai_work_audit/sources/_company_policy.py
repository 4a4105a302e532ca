"""A company's own monitoring policy: declared purposes, allowed event types, working time,
retention per data type and pseudonymisation requirements (``company-policy/v1``).

The monitoring audit reads it for WP-11 (retention beyond the company's limits) and for the
event types the company allows (rulebook.md). The file is validated on load; every problem is
reported together as ``file:line: message`` (a PolicyError, exit 2 on the command line).
Example: ``policies/company-monitoring-policy.example.yaml``. An input like the logs it governs,
it is read in ``sources/`` (with the one YAML loader, ``vocab/_yaml.py``).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from ai_work_audit.errors import PolicyError
from ai_work_audit.sources._mapping import EVENT_TYPES
from ai_work_audit.sources._modalities import Modalities, modalities_from, modality_problems
from ai_work_audit.vocab import (
    LineMap,
    YamlSyntaxError,
    describe_key,
    line_at,
    line_marks,
    load_yaml_with_lines,
    validation_problems,
)
from ai_work_audit.vocab import describe_value as _kind

COMPANY_POLICY_SCHEMA = "ai-work-audit/company-policy/v1"

#: Event types no purpose can make lawful at work (AI Act art. 5(1)(f): emotion recognition).
PROHIBITED_EVENT_TYPES: tuple[str, ...] = ("emotion",)
#: Retention keys beside event types: a fallback and CNIL's individual indicators (31 days).
EXTRA_RETENTION_KEYS: tuple[str, ...] = ("default", "individual_indicators", "video")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: The rules of the ``company-monitoring-policy`` pack whose texts the policy may word itself
#: (``findings: {<rule>: {title|message|remediation|pass_message: text or {en, fr}}}``).
WORDED_RULES = ("allowed_event_types", "working_time", "retention")
WORDED_TEXTS = ("title", "message", "pass_message", "remediation")
WORDING_LANGUAGES = ("en", "fr")
MSG_KEYS = "{where} must only use the keys {allowed}; got {key} instead."

MSG_NOT_FOUND = "company policy file {path} must exist; got nothing there. Check the path."
MSG_REQUIRED = "{key!r} must be present; got nothing instead. Add it."
MSG_TYPE = "{where} must be {expected}; got {got} instead."
# The field validators' messages; the loader puts ``file:line: key:`` before each.
MSG_EVENT = (
    "must be an event type ({allowed}); got a string of {count} characters instead. "
    "Correct it."
)
MSG_PROHIBITED = (
    "must not allow '{event}': emotion recognition at work is prohibited "
    "(Regulation (EU) 2024/1689 art. 5(1)(f)). Remove it."
)
MSG_NOT_ALLOWED = (
    "{where} names event type '{event}', which allowed_event_types lacks; add it there or "
    "remove it here."
)
MSG_DURATION = (
    "must be an ISO 8601 duration of at most 100 years, such as P31D, P6M or P1Y; got a "
    "string of {count} characters instead. Correct it."
)
#: The longest duration accepted (100 years): longer ones overflow date arithmetic.
MAX_DURATION_DAYS = 36_525
MSG_HOURS = ("must be HH:MM-HH:MM with the start before the end; got another value. "
             "Correct it.")
MSG_DAYS = ("must be a day range such as mon-fri or a list of days (mon … sun); got another "
            "value. Correct it.")
MSG_ZONE = ("must be an IANA time-zone name such as Europe/Paris; got an unknown one. "
            "Correct it.")
MSG_DUPLICATE = "key {key!r} must appear once; got it twice."

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
_HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


def parse_duration(text: str) -> timedelta | None:
    """An ISO 8601 duration in years, months, weeks and days (1 Y = 365 D, 1 M = 30 D); None
    when it is not one or exceeds ``MAX_DURATION_DAYS`` (e.g. P99999Y)."""
    match = _DURATION.match(text.strip()) if isinstance(text, str) else None
    if match is None or not any(match.groups()) or text.strip() == "P":
        return None
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    total = 365 * years + 30 * months + 7 * weeks + days
    return timedelta(days=total) if total <= MAX_DURATION_DAYS else None


@dataclass(frozen=True)
class Purpose:
    """A declared purpose of monitoring, its legal basis and the event types it needs."""

    id: str
    description: str
    legal_basis: str
    event_types: tuple[str, ...]


@dataclass(frozen=True)
class WorkingTime:
    """Working hours and days, in a time zone."""

    timezone: str
    start: str
    end: str
    days: tuple[str, ...]

    @property
    def hours(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True)
class CompanyPolicy:
    """A validated company monitoring policy (``company-policy/v1``)."""

    organisation: str
    version: str
    purposes: tuple[Purpose, ...]
    allowed_event_types: tuple[str, ...]
    working_time: WorkingTime
    retention: Mapping[str, timedelta]
    retention_text: Mapping[str, str]
    pseudonymisation_required_for: tuple[str, ...]
    pseudonymised_identifiers: tuple[str, ...]
    path: str | None = None
    #: The company's own classification of event types (None: the shipped one).
    modalities: Modalities | None = None
    #: The company's own wording of its pack's findings: rule → text → {en, fr}.
    wording: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None

    def allows(self, event_type: str) -> bool:
        """Whether the policy allows collecting this event type at all."""
        return event_type in self.allowed_event_types

    def retention_for(self, data_type: str) -> timedelta | None:
        """The retention limit of a data type, else the ``default`` one (None: no limit set)."""
        return self.retention.get(data_type, self.retention.get("default"))

    def requires_pseudonymisation(self, event_type: str) -> bool:
        """Whether direct identifiers must be pseudonymised in records of this event type."""
        return "*" in self.pseudonymisation_required_for or (
            event_type in self.pseudonymisation_required_for
        )


def _event_name(value: str, *, star: bool = False) -> str:
    name = value.strip()
    if star and name == "*":
        return name
    if name not in EVENT_TYPES:
        raise ValueError(MSG_EVENT.format(allowed=", ".join(EVENT_TYPES), count=len(name)))
    if name in PROHIBITED_EVENT_TYPES:
        raise ValueError(MSG_PROHIBITED.format(event=name))
    return name


def _event_or_star(value: str) -> str:
    return _event_name(value, star=True)


def _retention_key(value: str) -> str:
    return value if value in EXTRA_RETENTION_KEYS else _event_name(value)


def _duration(value: str) -> str:
    if parse_duration(value) is None:
        raise ValueError(MSG_DURATION.format(count=len(value)))
    return value.strip()


def _version(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
EventName = Annotated[str, AfterValidator(_event_name)]
Duration = Annotated[str, AfterValidator(_duration)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Purpose(_Model):
    id: Text
    description: Text
    legal_basis: Text
    event_types: list[EventName]


class _WorkingTime(_Model):
    timezone: Text
    hours: str = "08:00-19:00"
    days: tuple[str, ...] = DAYS[:5]

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(MSG_ZONE) from None
        return value

    @field_validator("hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if _HOURS.match(value) is None or value.split("-")[0] >= value.split("-")[1]:
            raise ValueError(MSG_HOURS)
        return value

    @field_validator("days", mode="before")
    @classmethod
    def _days(cls, value: Any) -> tuple[str, ...]:
        if isinstance(value, str) and re.fullmatch(r"[a-z]{3}-[a-z]{3}", value):
            first, last = value.split("-")
            if first in DAYS and last in DAYS and DAYS.index(first) <= DAYS.index(last):
                return DAYS[DAYS.index(first): DAYS.index(last) + 1]
        elif isinstance(value, list) and value and all(d in DAYS for d in value):
            return tuple(d for d in DAYS if d in value)
        raise ValueError(MSG_DAYS)


class _Pseudonymisation(_Model):
    required_for: list[Annotated[str, AfterValidator(_event_or_star)]]
    identifiers: list[Text] = []
    method: Text | None = None


class _CompanyPolicyFile(_Model):
    """A ``company-policy/v1`` file as written (example:
    ``policies/company-monitoring-policy.example.yaml``)."""

    schema_id: Literal["ai-work-audit/company-policy/v1"] = Field(alias="schema")
    organisation: Text
    version: Annotated[Text, BeforeValidator(_version)] = "1"
    purposes: list[_Purpose] = Field(min_length=1)
    allowed_event_types: list[EventName]
    working_time: _WorkingTime
    retention: dict[Annotated[str, AfterValidator(_retention_key)], Duration]
    pseudonymisation: _Pseudonymisation | None = None
    #: Checked beside the model (``modality_problems``, ``_wording``): their own line-aware
    #: readers word the problems.
    modalities: Any = None
    findings: Any = None

    @field_validator("retention")
    @classmethod
    def _default(cls, value: dict[str, str]) -> dict[str, str]:
        if "default" not in value:
            raise ValueError(MSG_REQUIRED.format(key="retention.default"))
        return value


def _parse(text: str, filename: str) -> tuple[CompanyPolicy | None, list[str]]:
    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        return None, [f"{filename}:{exc.line}: must be valid YAML; {exc.problem}"]
    problems = [f"{filename}:{line}: {MSG_DUPLICATE.format(key=key)}" for line, key in duplicates]
    if not isinstance(data, LineMap):
        return None, [*problems, f"{filename}:1: " + MSG_TYPE.format(
            where="the company policy", expected="a mapping", got=_kind(data))]
    marks = line_marks(data)
    try:
        model = _CompanyPolicyFile.model_validate(data)
    except ValidationError as exc:
        return None, [*problems, *validation_problems(exc, filename, marks, data=data,
                                                      model=_CompanyPolicyFile)]
    allowed = list(dict.fromkeys(model.allowed_event_types))
    for i, purpose in enumerate(model.purposes):
        for j, event in enumerate(purpose.event_types):
            if allowed and event not in allowed:
                where = f"purposes[{i}].event_types"
                problems.append(f"{filename}:{line_at(marks, ('purposes', i, 'event_types', j))}"
                                f": {MSG_NOT_ALLOWED.format(where=where, event=event)}")
    modalities: Modalities | None = None
    if "modalities" in data:  # the company's own passive / worker-initiated classification
        found = modality_problems(data["modalities"])
        problems += [f"{filename}:{line}: {problem}" for line, problem in found]
        if not found:
            modalities = modalities_from(data["modalities"], Path(filename).name)
    wording = None
    if "findings" in data:  # the company's own wording of its pack's findings
        reader = _Reader(filename)
        wording = _wording(reader, data["findings"], data.line_of("findings"))
        problems += reader.problems
    if problems:
        return None, problems
    working = model.working_time
    start, end = working.hours.split("-")
    pseudo = model.pseudonymisation
    return CompanyPolicy(
        modalities=modalities, wording=wording,
        organisation=model.organisation, version=model.version,
        purposes=tuple(Purpose(id=p.id, description=p.description, legal_basis=p.legal_basis,
                               event_types=tuple(p.event_types)) for p in model.purposes),
        allowed_event_types=tuple(allowed),
        working_time=WorkingTime(working.timezone, start, end, tuple(working.days)),
        retention={k: parse_duration(v) or timedelta(0) for k, v in model.retention.items()},
        retention_text=dict(model.retention),
        pseudonymisation_required_for=tuple(pseudo.required_for) if pseudo else (),
        pseudonymised_identifiers=tuple(pseudo.identifiers) if pseudo else (),
        path=filename,
    ), []


MSG_TEMPLATE = ("{where} must be a text whose placeholders are {{value}}, {{threshold}}, "
                "{{scope}}, {{metric}} or a dotted fact id such as {{company.working_time}}; got "
                "{problem} instead. Write literal braces as '{{{{' and '}}}}'.")
_PLACEHOLDER = re.compile(r"^(value|threshold|scope|metric|[a-z_]+(\.[A-Za-z0-9_]+)+)$")


def _template_problem(text: str) -> str | None:
    """What is wrong with the placeholders of a finding text (None: nothing)."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError:
        return "unbalanced braces"
    bad = [f for f in fields if not _PLACEHOLDER.match(f)]
    return f"{len(bad)} other placeholder(s)" if bad else None


class _Reader:
    """Collects ``file:line: message`` problems while reading a block of the YAML tree (the
    company's own wording, whose placeholders are checked beside the pydantic model)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.problems.append(f"{self.filename}:{line}: {message}")

    def mapping(self, value: Any, line: int, where: str) -> LineMap | None:
        if isinstance(value, LineMap):
            return value
        self.add(line, MSG_TYPE.format(where=where, expected="a mapping", got=_kind(value)))
        return None

    def text(self, value: Any, line: int, where: str) -> str:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.add(line, MSG_TYPE.format(where=where, expected="a non-empty text", got=_kind(value)))
        return ""

    def keys(self, data: LineMap, allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(data.line_of(str(key)), MSG_KEYS.format(
                    where=where, allowed=", ".join(allowed), key=describe_key(key, allowed)))


def _wording(r: _Reader, value: Any, line: int) -> dict[str, dict[str, dict[str, str]]]:
    """``findings``: the company's own texts of its pack's rules (a text for both languages,
    or ``{en, fr}``)."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    block = r.mapping(value, line, "findings")
    if block is None:
        return out
    r.keys(block, WORDED_RULES, "findings")
    for rule in WORDED_RULES:
        if rule not in block:
            continue
        entry = r.mapping(block[rule], block.line_of(rule), f"findings.{rule}")
        if entry is None:
            continue
        r.keys(entry, WORDED_TEXTS, f"findings.{rule}")
        texts: dict[str, dict[str, str]] = {}
        for key in WORDED_TEXTS:
            if key not in entry:
                continue
            where = f"findings.{rule}.{key}"
            raw = entry[key]
            if isinstance(raw, LineMap):
                r.keys(raw, WORDING_LANGUAGES, where)
                pair = {lang: r.text(raw.get(lang), raw.line_of(lang), f"{where}.{lang}")
                        for lang in WORDING_LANGUAGES}
            else:
                one = r.text(raw, entry.line_of(key), where)
                pair = dict.fromkeys(WORDING_LANGUAGES, one)
            for lang, text in pair.items():
                problem = _template_problem(text)
                if problem:
                    r.add(entry.line_of(key), MSG_TEMPLATE.format(
                        where=f"{where}.{lang}" if isinstance(raw, LineMap) else where,
                        problem=problem))
            if all(pair.values()):
                texts[key] = pair
        out[rule] = texts
    return out


def _raise(problems: list[str]) -> PolicyError:
    count = len(problems)
    return PolicyError(problems[0] if count == 1 else
                       f"{count} problems: " + " | ".join(problems))


def parse_company_policy(text: str, *, filename: str = "<company policy>") -> CompanyPolicy:
    """Validate the text of a company policy; PolicyError lists every ``file:line`` problem."""
    policy, problems = _parse(text, filename)
    if policy is None:
        raise _raise(problems)
    return policy


def _read(path: str | Path) -> tuple[str | None, list[str]]:
    source = Path(path)
    try:
        return source.read_text(encoding="utf-8"), []
    except FileNotFoundError:
        return None, [MSG_NOT_FOUND.format(path=source)]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [f"{source}:1: must be a readable UTF-8 file; got "
                      f"{type(exc).__name__} instead."]


def load_company_policy(path: str | Path) -> CompanyPolicy:
    """Load and validate a company monitoring policy file (``company-policy/v1``)."""
    text, problems = _read(path)
    if text is None:
        raise _raise(problems)
    return parse_company_policy(text, filename=str(path))


def validate_company_policy_file(path: str | Path) -> list[str]:
    """Every problem of a company policy file as ``file:line: text``; empty when valid."""
    text, problems = _read(path)
    if text is None:
        return problems
    return _parse(text, str(path))[1]


def is_company_policy(data: Any) -> bool:
    """Whether a parsed YAML document declares the company-policy schema."""
    return isinstance(data, Mapping) and data.get("schema") == COMPANY_POLICY_SCHEMA
