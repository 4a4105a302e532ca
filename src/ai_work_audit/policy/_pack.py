"""Load and validate YAML policy packs; every problem names ``file:line``.

A pack is ``<pack>/pack.yaml`` (with ``<pack>/fixtures/``, see ``_fixtures``) or a single
``.yaml`` file; where packs are found is ``_folder``, their fixtures ``_fixtures``.
A text (pack title; rule title, message, pass_message, remediation) is an inline ``{en, fr}``
mapping or, when the pack leaves it out, the catalogue's ``findings`` entry ``<pack>.title`` /
``<rule id>.<text>`` (vocab/messages): the shipped packs carry no text of their own, a company's
pack may write its own, which take precedence.
Over 500 lines because the checks of every field of the format read best in one place.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
import string
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

from ai_work_audit.errors import PolicyError
from ai_work_audit.findings import Severity
from ai_work_audit.policy import _messages as msg
from ai_work_audit.policy._folder import (
    INSTALLED_POLICIES,
    PACK_ID_RE,
    POLICY_DIR_ENV,
    YAML_SUFFIXES,
    is_shipped_file,
    pack_file,
    policy_dir,
    resolve_pack,
)
from ai_work_audit.policy._model import (
    ANY_SCOPE,
    AUDIT_KINDS,
    JURISDICTIONS,
    LANGUAGES,
    OPERATORS,
    ORDERING_OPERATORS,
    REQUEST_TYPES,
    SCOPE_KINDS,
    Condition,
    ConditionValue,
    Deadline,
    LawDate,
    PolicyPack,
    Rule,
    Text,
    is_number,
)
from ai_work_audit.policy._yaml import (
    LineList,
    LineMap,
    YamlSyntaxError,
    load_yaml_with_lines,
    read_text,
)
from ai_work_audit.vocab import describe_key, yaml_date
from ai_work_audit.vocab._messages import finding_text

__all__ = [
    "INSTALLED_POLICIES", "POLICY_DIR_ENV", "check_unique", "default_policy_packs",
    "load_policy_pack", "load_policy_packs", "policy_dir", "policy_pack_paths",
    "validate_policy_file",
]

PACK_KEYS: tuple[str, ...] = (
    "pack", "version", "title", "applies_to", "commitment", "sources", "rules",
    "jurisdictions", "dates", "deadlines",
)
#: Pack keys that may be left out (texts from the catalogue; law data optional).
_PACK_OPTIONAL = ("title", "jurisdictions", "dates", "deadlines")
RULE_KEYS: tuple[str, ...] = (
    "id", "title", "metric", "scope", "fail_when", "warn_when", "pass_message", "severity",
    "refs", "legal_basis", "message", "remediation", "applies_from",
)
LAW_DATE_KEYS: tuple[str, ...] = ("date", "source")
DEADLINE_KEYS: tuple[str, ...] = ("fact", "request", "days", "source")
#: The pack date that sets when its rules start to apply (a rule may set its own).
APPLIES_FROM = "applies_from"
_RULE_REQUIRED = ("id", "metric", "scope", "severity", "legal_basis")
#: Texts a pack may leave to the message catalogue (``findings`` section, id ``<owner>.<key>``).
_PACK_TEXT_KEYS = ("title",)
CONDITION_KEYS: tuple[str, ...] = ("op", "value")
TEMPLATE_NAMES: tuple[str, ...] = ("value", "threshold", "scope", "metric")

RULE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")
FACT_RE = re.compile(r"^[a-z][a-z0-9_]*(?:\.[A-Za-z0-9_]+)+$")
REF_RE = re.compile(r"^(?:WP-\d{2}|AIA-\d+(?:-\d+)?|PWD-\d+|CO-\d+|CA-\d+|IL-\d+|NYC-[A-Z])$")
URL_RE = re.compile(r"^https?://\S+$")
_SEVERITIES = tuple(s.value for s in Severity)


class _Problems:
    """Collects ``file:line: text`` problems in the order of the file."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._items: list[tuple[int, int, str]] = []

    def add(self, line: int, text: str) -> None:
        self._items.append((line, len(self._items), text))

    def __bool__(self) -> bool:
        return bool(self._items)

    def messages(self) -> list[str]:
        return [f"{self.source}:{line}: {text}" for line, _, text in sorted(self._items)]


def _display(path: Path) -> str:
    """The path as a user would type it: relative to the working directory when inside it."""
    return _shown(path, os.getcwd())


@lru_cache(maxsize=512)
def _shown(path: Path, cwd: str) -> str:
    """``_display`` once per path and working directory (resolving a path is a few system
    calls per part, and every pack's rules name their file: start-up)."""
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)


def _type_name(value: object) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, LineMap | dict):
        return "a mapping"
    if isinstance(value, LineList | list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def _shape(value: object) -> str:
    """What a top-level document is, without any of its content."""
    if isinstance(value, LineMap | dict):
        return "a mapping without any of these keys"
    if isinstance(value, LineList | list):
        return "a list"
    if value is None:
        return "nothing (null)"
    return f"a single {type(value).__name__} value"


_QUOTED = re.compile(r"'[^']{2,}'|\"[^\"]{2,}\"")


def _syntax_problem(problem: str) -> str:
    """PyYAML's problem text without the tokens it quotes from the file (e.g. alias names)."""
    return _QUOTED.sub("'…'", problem)


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


# --- Field checks --------------------------------------------------------------------------


class _Reader:
    """Reads the fields of one mapping, reporting problems with a ``rule 'x': `` prefix."""

    def __init__(self, mapping: LineMap, problems: _Problems, where: str, prefix: str = "") -> None:
        self.mapping = mapping
        self.problems = problems
        self.where = where  # e.g. "rule 'eeoc.four_fifths': " or ""
        self.prefix = prefix  # e.g. "title." for nested mappings

    def what(self, key: str) -> str:
        return f"'{self.prefix}{key}'"

    def add(self, key: str, text: str) -> None:
        self.problems.add(self.mapping.line_of(key), self.where + text)

    def check_keys(self, allowed: Sequence[str], container: str) -> None:
        for key in self.mapping:
            if str(key) in allowed:
                continue
            match = difflib.get_close_matches(str(key), allowed, n=1)
            hint = msg.DID_YOU_MEAN.format(match=match[0]) if match else ""
            self.add(
                str(key),
                msg.UNKNOWN_KEY.format(what=container, key=describe_key(key, allowed),
                                       allowed=_join(allowed), hint=hint),
            )

    def require(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key not in self.mapping:
                self.problems.add(self.mapping.line, self.where + msg.REQUIRED.format(
                    what=self.what(key)))

    def string(self, key: str, pattern: re.Pattern[str] | None = None,
               expected: str = "a non-empty string") -> str | None:
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, str) or not value.strip():
            self.add(key, msg.WRONG_TYPE.format(what=self.what(key), expected=expected,
                                                got=_type_name(value)))
            return None
        if pattern is not None and not pattern.match(value):
            self.add(key, msg.PATTERN.format(what=self.what(key), expected=expected, got=value))
            return None
        return value

    def choice(self, key: str, allowed: Sequence[str]) -> str | None:
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, str) or value not in allowed:
            self.add(key, msg.ONE_OF.format(what=self.what(key), allowed=_join(allowed),
                                            got=value))
            return None
        return value

    def catalogued_text(self, key: str, owner: str | None, *, required: bool = True,
                        template: bool = False) -> Text | None:
        """The inline ``{en, fr}`` text ``key``, else the catalogue's ``<owner>.<key>`` (both
        languages); a required text found in neither place is a problem."""
        if key in self.mapping:
            return self.text(key, template=template)
        if owner is None:  # no valid id to look it up by
            if required:
                self.require([key])
            return None
        texts = [finding_text(f"{owner}.{key}", lang) for lang in LANGUAGES]
        if texts[0] is not None and texts[1] is not None:
            return Text(en=texts[0], fr=texts[1])
        if required:
            self.problems.add(self.mapping.line, self.where + msg.TEXT_REQUIRED.format(
                what=self.what(key), msg_id=f"{owner}.{key}"))
        return None

    def text(self, key: str, *, template: bool = False) -> Text | None:
        """An ``{en, fr}`` mapping; with ``template``, each text is checked as a template."""
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineMap):
            self.add(key, msg.WRONG_TYPE.format(
                what=self.what(key), expected="a mapping with keys en and fr",
                got=_type_name(value)))
            return None
        inner = _Reader(value, self.problems, self.where, prefix=f"{self.prefix}{key}.")
        inner.check_keys(LANGUAGES, f"{self.what(key)}")
        inner.require(LANGUAGES)
        texts = [inner.string(lang) for lang in LANGUAGES]
        if template:
            for lang, text in zip(LANGUAGES, texts, strict=True):
                if text is not None:
                    inner.check_template(lang, text)
        if any(t is None for t in texts):
            return None
        return Text(en=str(texts[0]), fr=str(texts[1]))

    def check_template(self, key: str, text: str) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            self.add(key, msg.BAD_TEMPLATE.format(what=self.what(key), problem=str(exc)))
            return
        for name in fields:
            head = name.split(".", 1)[0]
            if name in TEMPLATE_NAMES or (FACT_RE.match(name) and head not in TEMPLATE_NAMES):
                continue
            self.add(key, msg.BAD_PLACEHOLDER.format(what=self.what(key), name=name))

    def string_list(self, key: str, pattern: re.Pattern[str] | None = None,
                    expected: str = "a non-empty string", *, non_empty: bool = True,
                    allowed: Sequence[str] | None = None) -> tuple[str, ...] | None:
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineList):
            self.add(key, msg.WRONG_TYPE.format(what=self.what(key), expected="a list",
                                                got=_type_name(value)))
            return None
        if non_empty and not value:
            self.add(key, msg.EMPTY_LIST.format(what=self.what(key)))
            return None
        items: list[str] = []
        ok = True
        for index, item in enumerate(value):
            what = f"{self.what(key)} item {index + 1}"
            line = value.line_of(index)
            if allowed is not None:
                if not isinstance(item, str) or item not in allowed:
                    self.problems.add(line, self.where + msg.ONE_OF.format(
                        what=what, allowed=_join(allowed), got=item))
                    ok = False
                    continue
            elif not isinstance(item, str) or not item.strip():
                self.problems.add(line, self.where + msg.WRONG_TYPE.format(
                    what=what, expected=expected, got=_type_name(item)))
                ok = False
                continue
            elif pattern is not None and not pattern.match(item):
                self.problems.add(line, self.where + msg.PATTERN.format(
                    what=what, expected=expected, got=item))
                ok = False
                continue
            if item in items:
                self.problems.add(line, self.where + msg.DUPLICATE_ITEM.format(
                    what=self.what(key), item=item))
                ok = False
                continue
            items.append(item)
        return tuple(items) if ok else None

    def law_date(self, key: str) -> LawDate | None:
        """A ``{date: YYYY-MM-DD, source: text}`` mapping: a date of the law and who sets it."""
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineMap):
            self.add(key, msg.WRONG_TYPE.format(
                what=self.what(key), expected="a mapping with keys date and source",
                got=_type_name(value)))
            return None
        inner = _Reader(value, self.problems, self.where, prefix=f"{self.prefix}{key}.")
        inner.check_keys(LAW_DATE_KEYS, self.what(key))
        inner.require(LAW_DATE_KEYS)
        source = inner.string("source")
        day = yaml_date(value.get("date"))
        if "date" in value and day is None:
            inner.add("date", msg.WRONG_TYPE.format(
                what=inner.what("date"), expected="a date YYYY-MM-DD",
                got=_type_name(value.get("date"))))
        if day is None or source is None:
            return None
        return LawDate(date=day, source=source)

    def law_dates(self, key: str) -> tuple[tuple[str, LawDate], ...] | None:
        """A mapping of date names (``in_force``, ``applies_from``…) to law dates."""
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineMap) or not value:
            self.add(key, msg.WRONG_TYPE.format(
                what=self.what(key), expected="a non-empty mapping of date names to "
                "{date, source}", got=_type_name(value)))
            return None
        inner = _Reader(value, self.problems, self.where, prefix=f"{self.prefix}{key}.")
        out: list[tuple[str, LawDate]] = []
        for name in value:
            if not isinstance(name, str) or not re.match(r"^[a-z][a-z0-9_]*$", name):
                inner.add(str(name), msg.PATTERN.format(
                    what=f"{self.what(key)} name", expected="a lowercase name such as "
                    "'applies_from'", got=name))
                continue
            found = inner.law_date(name)
            if found is not None:
                out.append((name, found))
        return tuple(out)

    def deadlines(self, key: str) -> tuple[Deadline, ...] | None:
        """A list of ``{fact, request, days, source}``: deadlines of the request log."""
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineList) or not value:
            self.add(key, msg.WRONG_TYPE.format(
                what=self.what(key), expected="a non-empty list of {fact, request, days, "
                "source}", got=_type_name(value)))
            return None
        out: list[Deadline] = []
        for index, item in enumerate(value):
            what = f"'{key}' item {index + 1}"
            if not isinstance(item, LineMap):
                self.problems.add(value.line_of(index), self.where + msg.WRONG_TYPE.format(
                    what=what, expected="a mapping", got=_type_name(item)))
                continue
            inner = _Reader(item, self.problems, self.where, prefix=f"{key}[{index + 1}].")
            inner.check_keys(DEADLINE_KEYS, what)
            inner.require(DEADLINE_KEYS)
            fact = inner.string("fact", FACT_RE, "a dotted fact name such as "
                                "'requests.aia_86_late'")
            request = inner.choice("request", REQUEST_TYPES)
            source = inner.string("source")
            days = item.get("days")
            if "days" in item and (not isinstance(days, int) or isinstance(days, bool)
                                   or days < 0):
                inner.add("days", msg.WRONG_TYPE.format(
                    what=inner.what("days"), expected="a whole number of days, 0 or more",
                    got=_type_name(days)))
                continue
            if fact and request and source and isinstance(days, int):
                out.append(Deadline(fact=fact, request=request, days=days, source=source))
        return tuple(out)

    def condition(self, key: str) -> Condition | None:
        if key not in self.mapping:
            return None
        value = self.mapping[key]
        if not isinstance(value, LineMap):
            self.add(key, msg.WRONG_TYPE.format(
                what=self.what(key), expected="a mapping with keys op and value",
                got=_type_name(value)))
            return None
        inner = _Reader(value, self.problems, self.where, prefix=f"{self.prefix}{key}.")
        inner.check_keys(CONDITION_KEYS, self.what(key))
        inner.require(CONDITION_KEYS)
        op = inner.choice("op", OPERATORS)
        if "value" not in value:
            return None
        threshold = value["value"]
        if op in ORDERING_OPERATORS and not is_number(threshold):
            inner.add("value", msg.WRONG_TYPE.format(
                what=inner.what("value"), expected=f"a number for operator {op!r}",
                got=_type_name(threshold)))
            return None
        if not isinstance(threshold, int | float | bool | str) or isinstance(threshold, LineMap):
            inner.add("value", msg.WRONG_TYPE.format(
                what=inner.what("value"), expected="a number, true/false or a string",
                got=_type_name(threshold)))
            return None
        if op is None:
            return None
        cond_value: ConditionValue = threshold
        return Condition(op=op, value=cond_value)


# --- Pack and rules --------------------------------------------------------------------------


def _read_rule(item: object, index: int, line: int, problems: _Problems) -> Rule | None:
    if not isinstance(item, LineMap):
        problems.add(line, msg.WRONG_TYPE.format(
            what=f"rule #{index + 1}", expected="a mapping", got=_type_name(item)))
        return None
    raw_id = item.get("id")
    valid_id = isinstance(raw_id, str) and RULE_ID_RE.match(raw_id)
    where = f"rule '{raw_id}': " if valid_id else f"rule #{index + 1}: "
    reader = _Reader(item, problems, where)
    start = len(problems.messages())
    reader.check_keys(RULE_KEYS, "a rule")
    reader.require(_RULE_REQUIRED)
    rule_id = reader.string("id", RULE_ID_RE, "a dotted lowercase id such as 'eeoc.four_fifths'")
    owner = raw_id if valid_id else None
    title = reader.catalogued_text("title", owner)
    metric = reader.string("metric", FACT_RE, "a dotted fact name such as 'hiring.max_abs_z'")
    scope = reader.choice("scope", (*SCOPE_KINDS, ANY_SCOPE))
    fail_when = reader.condition("fail_when")
    warn_when = reader.condition("warn_when")
    if "fail_when" not in item and "warn_when" not in item:
        problems.add(item.line, where + msg.NO_CONDITION.format(what="a rule"))
    severity = reader.choice("severity", _SEVERITIES)
    refs = reader.string_list("refs", REF_RE, "a rulebook id such as 'WP-04'", non_empty=False)
    legal_basis = reader.string_list("legal_basis", non_empty=False)
    message = reader.catalogued_text("message", owner, template=True)
    pass_message = reader.catalogued_text("pass_message", owner, required=False, template=True)
    remediation = reader.catalogued_text("remediation", owner)
    applies_from = reader.law_date("applies_from")
    if len(problems.messages()) > start:
        return None
    assert rule_id and title and metric and scope and severity and message and remediation
    return Rule(
        id=rule_id,
        title=title,
        metric=metric,
        scope=scope,
        fail_when=fail_when,
        warn_when=warn_when,
        severity=Severity(severity),
        message=message,
        remediation=remediation,
        refs=refs or (),
        legal_basis=legal_basis or (),
        pass_message=pass_message,
        line=item.line,
        applies_from=applies_from,
    )


def _read_pack(data: object, path: Path, problems: _Problems) -> PolicyPack | None:
    if not isinstance(data, LineMap) or not any(key in data for key in PACK_KEYS):
        # Not a pack at all: say what it is, never what it holds (it may be a data file).
        problems.add(getattr(data, "line", 1), msg.TOP_NOT_MAPPING.format(
            allowed=_join(PACK_KEYS), got=_shape(data)))
        return None
    reader = _Reader(data, problems, "")
    reader.check_keys(PACK_KEYS, "a policy pack")
    reader.require(k for k in PACK_KEYS if k not in _PACK_OPTIONAL)
    pack_id = reader.string("pack", PACK_ID_RE, "a lowercase id such as 'nyc-ll144'")
    version = data.get("version")
    if "version" in data and (not isinstance(version, str) or not version.strip()):
        reader.add("version", msg.VERSION_NOT_STRING.format(what="'version'",
                                                            got=_type_name(version)))
        version = None
    title = reader.catalogued_text("title", pack_id)
    applies_to = reader.string_list("applies_to", allowed=AUDIT_KINDS)
    commitment = data.get("commitment")
    if "commitment" in data and (not isinstance(commitment, int) or isinstance(commitment, bool)
                                 or not 1 <= commitment <= 6):
        reader.add("commitment", msg.OUT_OF_RANGE.format(what="'commitment'", low=1, high=6,
                                                         got=commitment))
        commitment = None
    sources = reader.string_list("sources", URL_RE, "an http(s) URL")
    jurisdictions = reader.string_list("jurisdictions", allowed=JURISDICTIONS)
    dates = reader.law_dates("dates") or ()
    deadlines = reader.deadlines("deadlines") or ()
    pack_start = dict(dates).get(APPLIES_FROM)
    rules: list[Rule] = []
    raw_rules = data.get("rules")
    if "rules" in data:
        if not isinstance(raw_rules, LineList):
            reader.add("rules", msg.WRONG_TYPE.format(what="'rules'", expected="a list",
                                                      got=_type_name(raw_rules)))
        elif not raw_rules:
            reader.add("rules", msg.EMPTY_LIST.format(what="'rules'"))
        else:
            for index, item in enumerate(raw_rules):
                rule = _read_rule(item, index, raw_rules.line_of(index), problems)
                if rule is not None:
                    if rule.applies_from is None and pack_start is not None:
                        rule = dataclasses.replace(rule, applies_from=pack_start)
                    rules.append(rule)
    shown = _display(path)
    _check_unique_rules([(rule, shown) for rule in rules], problems)
    if problems:
        return None
    assert pack_id and isinstance(version, str) and title and applies_to and sources
    assert isinstance(commitment, int)
    return PolicyPack(
        pack=pack_id,
        version=version,
        title=title,
        applies_to=applies_to,
        commitment=commitment,
        sources=sources,
        rules=tuple(rules),
        path=path,
        jurisdictions=jurisdictions or (),
        dates=dates,
        deadlines=deadlines,
    )


def _check_unique_rules(rules: Sequence[tuple[Rule, str]], problems: _Problems) -> None:
    first: dict[str, str] = {}
    for rule, source in rules:
        if rule.id in first:
            problems.add(rule.line, msg.DUPLICATE_RULE.format(rule=rule.id, first=first[rule.id]))
        else:
            first[rule.id] = f"{source}:{rule.line}"


def _parse(path: Path) -> tuple[PolicyPack | None, list[str]]:
    problems = _Problems(_display(path))
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(1, msg.NOT_READABLE.format(error=type(exc).__name__))
        return None, problems.messages()
    try:
        data, duplicates = load_yaml_with_lines(text, cached=is_shipped_file(path))
    except YamlSyntaxError as exc:
        problems.add(exc.line, msg.YAML_SYNTAX.format(problem=_syntax_problem(exc.problem)))
        return None, problems.messages()
    for line, key in duplicates:
        problems.add(line, msg.DUPLICATE_KEY.format(key=key))
    pack = _read_pack(data, path, problems)
    return (pack if not problems else None), problems.messages()


def _raise(problems: list[str]) -> None:
    if len(problems) == 1:
        raise PolicyError(problems[0])
    raise PolicyError(f"{len(problems)} problems:\n" + "\n".join(problems))


# --- Public functions ------------------------------------------------------------------------


def validate_policy_file(path: str | Path) -> list[str]:
    """Every problem of one pack (a pack folder or file) as ``file:line: text``; empty when
    it is valid."""
    return _parse(pack_file(Path(path)))[1]


def load_policy_pack(path: str | Path) -> PolicyPack:
    """Load and validate one pack (a folder or a file); PolicyError names file and line of
    every problem."""
    pack, problems = _parse(pack_file(Path(path)))
    if problems or pack is None:
        _raise(problems)
    assert pack is not None
    return pack


def load_policy_packs(refs: Iterable[str | Path]) -> list[PolicyPack]:
    """Load several packs in the given order; each is a pack id of the policy folder, a pack
    folder or a pack file. Rule and pack ids must be unique across them."""
    packs: list[PolicyPack] = []
    problems: list[str] = []
    for ref in refs:
        pack, found = _parse(resolve_pack(ref))
        problems.extend(found)
        if pack is not None:
            packs.append(pack)
    if problems:
        _raise(problems)
    problems = check_unique(packs)
    if problems:
        _raise(problems)
    return packs


def check_unique(packs: Sequence[PolicyPack]) -> list[str]:
    """Problems when two packs share an id or two rules share an id."""
    out: list[str] = []
    seen_packs: dict[str, str] = {}
    for pack in packs:
        source = _display(pack.path) if pack.path else pack.pack
        if pack.pack in seen_packs:
            out.append(f"{source}:1: " + msg.DUPLICATE_PACK.format(
                pack=pack.pack, first=seen_packs[pack.pack]))
        else:
            seen_packs[pack.pack] = source
    first: dict[str, str] = {}
    for pack in packs:
        source = _display(pack.path) if pack.path else pack.pack
        for rule in pack.rules:
            here = f"{source}:{rule.line}"
            if rule.id in first:
                out.append(f"{here}: " + msg.DUPLICATE_RULE.format(rule=rule.id,
                                                                    first=first[rule.id]))
            else:
                first[rule.id] = here
    return out


def _is_pack_file(path: Path) -> bool:
    """Whether a loose YAML file of the policy folder is a pack (the earlier layout).

    The folder also holds other documents, e.g. the pledge indicator framework and the
    example company policy, which declare a top-level ``schema``; a file with ``schema`` and
    neither ``pack`` nor ``rules`` is skipped. Anything else is treated as a pack, so that a
    broken pack reports its errors.
    """
    try:
        data, _ = load_yaml_with_lines(read_text(path), cached=is_shipped_file(path))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return True
    if not isinstance(data, dict):
        return True
    return "pack" in data or "rules" in data or "schema" not in data


def policy_pack_paths(folder: Path | None = None) -> list[Path]:
    """The pack file of every pack of the policy folder, by pack name: ``<name>/pack.yaml``
    for each sub-folder holding one, and each loose ``<name>.yaml`` that is a pack."""
    root = folder if folder is not None else policy_dir()
    found: list[tuple[str, Path]] = []
    for entry in root.iterdir():
        if entry.is_dir():
            file = pack_file(entry)
            if file.is_file():
                found.append((entry.name, file))
        elif entry.suffix in YAML_SUFFIXES and entry.is_file() and _is_pack_file(entry):
            found.append((entry.name, entry))
    return [path for _, path in sorted(found)]


def default_policy_packs(kind: str) -> list[PolicyPack]:
    """Every pack of the policy folder whose ``applies_to`` contains ``kind``, by pack name."""
    if kind not in AUDIT_KINDS:
        raise PolicyError(msg.BAD_KIND.format(allowed=_join(AUDIT_KINDS), got=kind))
    folder = policy_dir()
    packs = [p for p in load_policy_packs(policy_pack_paths(folder)) if kind in p.applies_to]
    if not packs:
        raise PolicyError(msg.NO_PACKS.format(folder=folder, kind=kind))
    return packs
