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
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ai_work_audit.errors import PolicyError
from ai_work_audit.sources._mapping import EVENT_TYPES
from ai_work_audit.sources._modalities import Modalities, modalities_from, modality_problems
from ai_work_audit.vocab import LineList, LineMap, YamlSyntaxError, load_yaml_with_lines
from ai_work_audit.vocab import describe_value as _kind

COMPANY_POLICY_SCHEMA = "ai-work-audit/company-policy/v1"

#: Event types no purpose can make lawful at work (AI Act art. 5(1)(f): emotion recognition).
PROHIBITED_EVENT_TYPES: tuple[str, ...] = ("emotion",)
#: Retention keys beside event types: a fallback and CNIL's individual indicators (31 days).
EXTRA_RETENTION_KEYS: tuple[str, ...] = ("default", "individual_indicators", "video")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TOP_KEYS = ("schema", "organisation", "version", "purposes", "allowed_event_types",
            "working_time", "retention", "pseudonymisation", "modalities", "findings")
#: The rules of the ``company-monitoring-policy`` pack whose texts the policy may word itself
#: (``findings: {<rule>: {title|message|remediation|pass_message: text or {en, fr}}}``).
WORDED_RULES = ("allowed_event_types", "working_time", "retention")
WORDED_TEXTS = ("title", "message", "pass_message", "remediation")
WORDING_LANGUAGES = ("en", "fr")
REQUIRED_KEYS = ("schema", "organisation", "purposes", "allowed_event_types", "working_time",
                 "retention")

MSG_NOT_FOUND = "company policy file {path} must exist; got nothing there. Check the path."
MSG_KEYS = "{where} must only use the keys {allowed}; got {key!r} instead."
MSG_REQUIRED = "{key!r} must be present; got nothing instead. Add it."
MSG_TYPE = "{where} must be {expected}; got {got} instead."
MSG_EVENT = (
    "{where} must be an event type ({allowed}); got a string of {count} characters instead."
)
MSG_PROHIBITED = (
    "{where} must not allow '{event}': emotion recognition at work is prohibited "
    "(Regulation (EU) 2024/1689 art. 5(1)(f)). Remove it."
)
MSG_NOT_ALLOWED = (
    "{where} names event type '{event}', which allowed_event_types lacks; add it there or "
    "remove it here."
)
MSG_DURATION = (
    "{where} must be an ISO 8601 duration of at most 100 years, such as P31D, P6M or P1Y; got a "
    "string of {count} characters instead."
)
#: The longest duration accepted (100 years): longer ones overflow date arithmetic.
MAX_DURATION_DAYS = 36_525
MSG_HOURS = "{where} must be HH:MM-HH:MM with the start before the end; got another value."
MSG_DAYS = "{where} must be a day range such as mon-fri or a list of days (mon … sun)."
MSG_ZONE = "{where} must be an IANA time-zone name such as Europe/Paris; got an unknown one."
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


class _Reader:
    """Collects ``file:line: message`` problems while reading the YAML tree."""

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
        if isinstance(value, int | float) and not isinstance(value, bool) and where.endswith(
                "version"):
            return str(value)
        self.add(line, MSG_TYPE.format(where=where, expected="a non-empty text", got=_kind(value)))
        return ""

    def strings(self, value: Any, line: int, where: str) -> list[tuple[int, str]]:
        if not isinstance(value, LineList):
            self.add(line, MSG_TYPE.format(where=where, expected="a list of names",
                                           got=_kind(value)))
            return []
        out = []
        for i, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                out.append((value.line_of(i), item.strip()))
            else:
                self.add(value.line_of(i), MSG_TYPE.format(where=f"{where}[{i}]",
                                                           expected="a name", got=_kind(item)))
        return out

    def keys(self, data: LineMap, allowed: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(data.line_of(str(key)), MSG_KEYS.format(
                    where=where, allowed=", ".join(allowed), key=str(key)))


def _event(r: _Reader, line: int, name: str, where: str, *, star: bool = False) -> str | None:
    if star and name == "*":
        return name
    if name not in EVENT_TYPES:
        r.add(line, MSG_EVENT.format(where=where, allowed=", ".join(EVENT_TYPES),
                                     count=len(name)))
        return None
    if name in PROHIBITED_EVENT_TYPES:
        r.add(line, MSG_PROHIBITED.format(where=where, event=name))
        return None
    return name


def _working_time(r: _Reader, value: Any, line: int) -> WorkingTime:
    fallback = WorkingTime("UTC", "08:00", "19:00", DAYS[:5])
    data = r.mapping(value, line, "working_time")
    if data is None:
        return fallback
    r.keys(data, ("timezone", "hours", "days"), "working_time")
    zone = r.text(data.get("timezone"), data.line_of("timezone"), "working_time.timezone")
    if zone:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            r.add(data.line_of("timezone"), MSG_ZONE.format(where="working_time.timezone"))
    hours = data.get("hours", "08:00-19:00")
    match = _HOURS.match(hours) if isinstance(hours, str) else None
    start, end = "08:00", "19:00"
    if match is None or hours.split("-")[0] >= hours.split("-")[1]:
        r.add(data.line_of("hours"), MSG_HOURS.format(where="working_time.hours"))
    else:
        start, end = hours.split("-")
    days_value = data.get("days", "mon-fri")
    days: tuple[str, ...] = DAYS[:5]
    if isinstance(days_value, str) and re.fullmatch(r"[a-z]{3}-[a-z]{3}", days_value):
        first, last = days_value.split("-")
        if first in DAYS and last in DAYS and DAYS.index(first) <= DAYS.index(last):
            days = DAYS[DAYS.index(first): DAYS.index(last) + 1]
        else:
            r.add(data.line_of("days"), MSG_DAYS.format(where="working_time.days"))
    elif isinstance(days_value, LineList) and days_value and all(d in DAYS for d in days_value):
        days = tuple(d for d in DAYS if d in days_value)
    else:
        r.add(data.line_of("days"), MSG_DAYS.format(where="working_time.days"))
    return WorkingTime(zone or "UTC", start, end, days)


def _parse(text: str, filename: str) -> tuple[CompanyPolicy | None, list[str]]:
    r = _Reader(filename)
    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        return None, [f"{filename}:{exc.line}: must be valid YAML; {exc.problem}"]
    for line, key in duplicates:
        r.add(line, MSG_DUPLICATE.format(key=key))
    top = r.mapping(data, 1, "the company policy")
    if top is None:
        return None, r.problems
    r.keys(top, TOP_KEYS, "a company policy")
    for key in REQUIRED_KEYS:
        if key not in top:
            r.add(top.line, MSG_REQUIRED.format(key=key))
    if "schema" in top and top["schema"] != COMPANY_POLICY_SCHEMA:
        r.add(top.line_of("schema"), MSG_TYPE.format(
            where="schema", expected=COMPANY_POLICY_SCHEMA, got="another id"))
    organisation = r.text(top.get("organisation"), top.line_of("organisation"), "organisation") \
        if "organisation" in top else ""
    version = r.text(top.get("version", "1"), top.line_of("version"), "version")

    allowed: list[str] = []
    if "allowed_event_types" in top:
        for line, name in r.strings(top["allowed_event_types"], top.line_of(
                "allowed_event_types"), "allowed_event_types"):
            event = _event(r, line, name, "allowed_event_types")
            if event is not None and event not in allowed:
                allowed.append(event)

    purposes: list[Purpose] = []
    if "purposes" in top:
        items = top["purposes"]
        if not isinstance(items, LineList) or not items:
            r.add(top.line_of("purposes"), MSG_TYPE.format(
                where="purposes", expected="a non-empty list of purposes", got=_kind(items)))
            items = LineList()
        for i, item in enumerate(items):
            where = f"purposes[{i}]"
            entry = r.mapping(item, items.line_of(i), where)
            if entry is None:
                continue
            r.keys(entry, ("id", "description", "legal_basis", "event_types"), where)
            events: list[str] = []
            for line, name in r.strings(entry.get("event_types"), entry.line_of("event_types"),
                                        f"{where}.event_types"):
                event = _event(r, line, name, f"{where}.event_types")
                if event is not None and allowed and event not in allowed:
                    r.add(line, MSG_NOT_ALLOWED.format(where=f"{where}.event_types", event=event))
                elif event is not None:
                    events.append(event)
            purposes.append(Purpose(
                id=r.text(entry.get("id"), entry.line_of("id"), f"{where}.id"),
                description=r.text(entry.get("description"), entry.line_of("description"),
                                   f"{where}.description"),
                legal_basis=r.text(entry.get("legal_basis"), entry.line_of("legal_basis"),
                                   f"{where}.legal_basis"),
                event_types=tuple(events),
            ))

    working = _working_time(r, top.get("working_time"), top.line_of("working_time")) \
        if "working_time" in top else WorkingTime("UTC", "08:00", "19:00", DAYS[:5])

    retention: dict[str, timedelta] = {}
    retention_text: dict[str, str] = {}
    if "retention" in top:
        block = r.mapping(top["retention"], top.line_of("retention"), "retention")
        for key, value in (block or {}).items():
            line = block.line_of(str(key)) if block is not None else 1
            where = f"retention.{key}"
            if str(key) not in EXTRA_RETENTION_KEYS and _event(r, line, str(key), where) is None:
                continue
            limit = parse_duration(value) if isinstance(value, str) else None
            if limit is None:
                r.add(line, MSG_DURATION.format(where=where, count=len(str(value))))
                continue
            retention[str(key)] = limit
            retention_text[str(key)] = value.strip()
        if block is not None and "default" not in block:
            r.add(block.line, MSG_REQUIRED.format(key="retention.default"))

    required_for: list[str] = []
    identifiers: list[str] = []
    if "pseudonymisation" in top:
        block = r.mapping(top["pseudonymisation"], top.line_of("pseudonymisation"),
                          "pseudonymisation")
        if block is not None:
            r.keys(block, ("required_for", "identifiers", "method"), "pseudonymisation")
            for line, name in r.strings(block.get("required_for"), block.line_of(
                    "required_for"), "pseudonymisation.required_for"):
                event = _event(r, line, name, "pseudonymisation.required_for", star=True)
                if event is not None:
                    required_for.append(event)
            if "identifiers" in block:
                identifiers = [n for _, n in r.strings(block["identifiers"], block.line_of(
                    "identifiers"), "pseudonymisation.identifiers")]
            if "method" in block:
                r.text(block["method"], block.line_of("method"), "pseudonymisation.method")

    modalities: Modalities | None = None
    if "modalities" in top:
        found = modality_problems(top["modalities"])
        for line, problem in found:
            r.add(line, problem)
        if not found:
            modalities = modalities_from(top["modalities"], Path(filename).name)

    wording = _wording(r, top["findings"], top.line_of("findings")) if "findings" in top \
        else None

    if r.problems:
        return None, r.problems
    return CompanyPolicy(
        modalities=modalities, wording=wording,
        organisation=organisation, version=version, purposes=tuple(purposes),
        allowed_event_types=tuple(allowed), working_time=working, retention=retention,
        retention_text=retention_text, pseudonymisation_required_for=tuple(required_for),
        pseudonymised_identifiers=tuple(identifiers), path=filename,
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
