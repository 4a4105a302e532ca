"""Run a pack's fixtures through the real evaluator (Kyverno style: policy and tests together).

``<pack>/fixtures/<rule id>.yaml`` holds the facts of each case and the outcome it must give::

    pass: {surveillance.webcam_events: 0}     # the key is the expected outcome
    fail: {surveillance.webcam_events: 10}
    warn: {...}                               # when the rule has warn_when
    cases:                                    # optional, any other outcome or more examples
      - {name: no count, expect: not_available, facts: {}}
      - {name: tables only, expect: not_applicable, scope: table, facts: {}}

Every rule needs a ``pass`` and a ``fail`` case (a ``warn`` case too when it has
``warn_when``; a warn-only rule needs no ``fail``). ``scope`` defaults to the rule's scope kind
(``audit`` for ``any``). A case passes when it gives the expected outcome in every language and
its message names no missing value. Source: ``../shared/docs/style.md`` (Kyverno).
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ai_work_audit.errors import PolicyError
from ai_work_audit.findings import Finding, MetricValue, Outcome
from ai_work_audit.policy import _messages as msg
from ai_work_audit.policy._evaluate import evaluate_policies
from ai_work_audit.policy._facts import FactScope
from ai_work_audit.policy._folder import (
    FIXTURES_DIR,
    YAML_SUFFIXES,
    is_pack_folder,
    pack_file,
)
from ai_work_audit.policy._model import ANY_SCOPE, LANGUAGES, SCOPE_KINDS, PolicyPack, Rule
from ai_work_audit.policy._pack import (
    FACT_RE,
    _display,
    _Problems,
    _raise,
    _shape,
    _syntax_problem,
    check_unique,
    load_policy_pack,
)
from ai_work_audit.policy._yaml import (
    LineList,
    LineMap,
    YamlSyntaxError,
    load_yaml_with_lines,
    read_text,
)
from ai_work_audit.vocab import describe_key, yaml_date
from ai_work_audit.vocab._messages import message

OUTCOME_KEYS: tuple[str, ...] = ("pass", "fail", "warn")
FIXTURE_KEYS: tuple[str, ...] = (*OUTCOME_KEYS, "cases")
CASE_KEYS: tuple[str, ...] = ("name", "expect", "facts", "scope", "as_of")
_OUTCOMES: tuple[str, ...] = tuple(o.value for o in Outcome)

MSG_NOT_READABLE = "a fixture must be a readable UTF-8 file; got {error} instead."
MSG_TOP = "a fixture must be a YAML mapping with keys {allowed}; got {got} instead."
MSG_KEY = "{what} must only use the keys {allowed}; got {key} instead.{hint}"
MSG_FACTS = "{what} must be a mapping of fact names to values; got {got} instead."
MSG_FACT_NAME = ("{what} fact names must be dotted names such as 'hiring.max_abs_z'; got {got} "
                 "instead.")
MSG_FACT_VALUE = ("{what} fact {fact!r} must be a number, true/false, a string or null; got "
                  "{got} instead.")
MSG_CASES = "'cases' must be a list of mappings with keys {allowed}; got {got} instead."
MSG_CASE_FIELD = "{what} must have {field} ({expected}); got {got} instead."
MSG_CASE_NAME = "{what} name {name!r} must be unique in the file; got it twice instead."
MSG_NO_FOLDER = ("pack {pack!r} must be read from a file to have a fixtures folder; got one "
                 "built in memory instead. Pass the fixtures folder.")
MSG_NO_PACK = ("{path} must be a pack folder (holding pack.yaml) or a folder of pack folders; "
               "got {got} instead.")

PROBLEM_OUTCOME = "expected {expected}, got {got} ({lang})"
PROBLEM_MISSING_VALUE = ("the {lang} message shows a missing value ({missing}); add the facts "
                         "the message names to the case")
PROBLEM_NO_FILE = "no fixture file {file}"
PROBLEM_NO_CASE = "no {case!r} case in {file}"
PROBLEM_NO_RULE = "{file} names no rule of the pack"


@dataclass(frozen=True)
class FixtureCase:
    """One case of a fixture: facts handed to one rule and the outcome they must give."""

    rule: str
    name: str
    expect: Outcome
    facts: Mapping[str, MetricValue]
    scope: str | None = None
    line: int = 0
    #: The audit date of the case (a rule not yet applicable on it is ``not_applicable``).
    as_of: date | None = None


@dataclass(frozen=True)
class CaseResult:
    """What one case gave; ``problem`` is None when it passed."""

    rule: str
    case: str
    expected: str
    got: str
    problem: str | None = None
    findings: tuple[Finding, ...] = ()
    facts: Mapping[str, MetricValue] = dataclasses.field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem is None


@dataclass(frozen=True)
class PackFixtures:
    """The results of every case of one pack, in rule order then case order."""

    pack: PolicyPack
    results: tuple[CaseResult, ...]

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)


# --- Reading fixture files -------------------------------------------------------------------


def _facts(value: object, what: str, line: int, problems: _Problems) -> dict[str, MetricValue]:
    if not isinstance(value, LineMap):
        problems.add(line, MSG_FACTS.format(what=what, got=_type_of(value)))
        return {}
    out: dict[str, MetricValue] = {}
    for key, item in value.items():
        at = value.line_of(str(key))
        if not isinstance(key, str) or not FACT_RE.match(key):
            problems.add(at, MSG_FACT_NAME.format(what=what, got=f"a {type(key).__name__}"
                                                  if not isinstance(key, str) else repr(key)))
        elif item is not None and not isinstance(item, bool | int | float | str):
            problems.add(at, MSG_FACT_VALUE.format(what=what, fact=key, got=_type_of(item)))
        else:
            out[key] = item
    return out


def _check_keys(mapping: LineMap, allowed: tuple[str, ...], what: str,
                problems: _Problems) -> None:
    for key in mapping:
        if str(key) not in allowed:
            match = difflib.get_close_matches(str(key), allowed, n=1)
            hint = msg.DID_YOU_MEAN.format(match=match[0]) if match else ""
            problems.add(mapping.line_of(str(key)), MSG_KEY.format(
                what=what, allowed=", ".join(allowed), key=describe_key(key, allowed),
                hint=hint))


def _case(item: object, index: int, line: int, rule_id: str,
          problems: _Problems) -> FixtureCase | None:
    what = f"cases item {index + 1}"
    if not isinstance(item, LineMap):
        problems.add(line, MSG_CASES.format(allowed=", ".join(CASE_KEYS), got=_type_of(item)))
        return None
    _check_keys(item, CASE_KEYS, what, problems)
    start = len(problems.messages())
    name, expect, scope = item.get("name"), item.get("expect"), item.get("scope")
    if not isinstance(name, str) or not name.strip():
        problems.add(item.line_of("name"), MSG_CASE_FIELD.format(
            what=what, field="'name'", expected="a non-empty string", got=_type_of(name)))
    if not isinstance(expect, str) or expect not in _OUTCOMES:
        problems.add(item.line_of("expect"), MSG_CASE_FIELD.format(
            what=what, field="'expect'", expected="one of " + ", ".join(_OUTCOMES),
            got=repr(expect) if isinstance(expect, str) else _type_of(expect)))
    if scope is not None and scope not in SCOPE_KINDS:
        problems.add(item.line_of("scope"), MSG_CASE_FIELD.format(
            what=what, field="'scope'", expected="one of " + ", ".join(SCOPE_KINDS),
            got=repr(scope) if isinstance(scope, str) else _type_of(scope)))
    facts = _facts(item.get("facts", LineMap()), f"{what} 'facts'", item.line_of("facts"),
                   problems)
    as_of = yaml_date(item.get("as_of"))
    if "as_of" in item and as_of is None:
        problems.add(item.line_of("as_of"), MSG_CASE_FIELD.format(
            what=what, field="'as_of'", expected="a date YYYY-MM-DD",
            got=_type_of(item.get("as_of"))))
    if len(problems.messages()) > start:
        return None
    return FixtureCase(rule=rule_id, name=str(name), expect=Outcome(str(expect)), facts=facts,
                       scope=scope, line=item.line, as_of=as_of)


def _type_of(value: object) -> str:
    """The kind of a value, never the value."""
    if value is None:
        return "nothing"
    if isinstance(value, LineMap):
        return "a mapping"
    if isinstance(value, LineList):
        return "a list"
    return f"a {type(value).__name__}"


def read_fixture(path: Path) -> list[FixtureCase]:
    """The cases of one fixture file; PolicyError names ``file:line`` of every problem."""
    problems = _Problems(_display(path))
    rule_id = path.stem
    try:
        data, duplicates = load_yaml_with_lines(read_text(path))
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(1, MSG_NOT_READABLE.format(error=type(exc).__name__))
        data, duplicates = None, []
    except YamlSyntaxError as exc:
        problems.add(exc.line, msg.YAML_SYNTAX.format(problem=_syntax_problem(exc.problem)))
        data, duplicates = None, []
    for line, key in duplicates:
        problems.add(line, msg.DUPLICATE_KEY.format(key=key))
    cases: list[FixtureCase] = []
    if not problems and (not isinstance(data, LineMap)
                         or not any(k in data for k in FIXTURE_KEYS)):
        problems.add(getattr(data, "line", 1), MSG_TOP.format(
            allowed=", ".join(FIXTURE_KEYS), got=_shape(data)))
    elif not problems:
        assert isinstance(data, LineMap)
        _check_keys(data, FIXTURE_KEYS, "a fixture", problems)
        for key in OUTCOME_KEYS:
            if key in data:
                facts = _facts(data[key], repr(key), data.line_of(key), problems)
                cases.append(FixtureCase(rule=rule_id, name=key, expect=Outcome(key),
                                         facts=facts, line=data.line_of(key)))
        raw = data.get("cases", LineList())
        if not isinstance(raw, LineList):
            problems.add(data.line_of("cases"), MSG_CASES.format(
                allowed=", ".join(CASE_KEYS), got=_type_of(raw)))
        else:
            for index, item in enumerate(raw):
                case = _case(item, index, raw.line_of(index), rule_id, problems)
                if case is None:
                    continue
                if case.name in {c.name for c in cases}:
                    problems.add(case.line, MSG_CASE_NAME.format(what=f"cases item {index + 1}",
                                                                 name=case.name))
                cases.append(case)
    if problems:
        _raise(problems.messages())
    return cases


def fixture_files(folder: Path) -> list[Path]:
    """The fixture files of a fixtures folder, by name (none when the folder is absent)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())


# --- Running them ----------------------------------------------------------------------------


def required_cases(rule: Rule) -> tuple[str, ...]:
    """The cases every rule's fixture must have: pass, and fail / warn for its conditions."""
    needed = ["pass"]
    if rule.fail_when is not None:
        needed.append("fail")
    if rule.warn_when is not None:
        needed.append("warn")
    return tuple(needed)


def run_case(pack: PolicyPack, rule: Rule, case: FixtureCase) -> CaseResult:
    """Evaluate one case with the real evaluator, in every language of the packs."""
    single = dataclasses.replace(pack, rules=(rule,))
    kind = case.scope or ("audit" if rule.scope == ANY_SCOPE else rule.scope)
    scope = FactScope(kind, "fixture", dict(case.facts))
    findings: list[Finding] = []
    problem: str | None = None
    for lang in LANGUAGES:
        (finding,) = evaluate_policies([single], [scope], lang=lang, as_of=case.as_of)
        findings.append(finding)
        if problem is not None:
            continue
        if finding.outcome is not case.expect:
            problem = PROBLEM_OUTCOME.format(expected=case.expect.value,
                                             got=finding.outcome.value, lang=lang)
        elif finding.outcome in (Outcome.PASS, Outcome.FAIL, Outcome.WARN) and \
                message("policy.missing", lang) in finding.message:
            missing = message("policy.missing", lang)
            problem = PROBLEM_MISSING_VALUE.format(lang=lang, missing=missing)
    return CaseResult(rule=rule.id, case=case.name, expected=case.expect.value,
                      got=findings[0].outcome.value, problem=problem, findings=tuple(findings),
                      facts=case.facts)


def run_pack_fixtures(pack: PolicyPack, folder: Path | None = None) -> PackFixtures:
    """Run every fixture of ``pack`` (default folder: ``fixtures/`` beside its pack file).

    A rule without its required cases, or a fixture naming no rule, is a failing result;
    an unreadable fixture raises PolicyError.
    """
    if folder is None:
        if pack.path is None:
            raise PolicyError(MSG_NO_FOLDER.format(pack=pack.pack))
        folder = pack.path.parent / FIXTURES_DIR
    files = {p.stem: p for p in fixture_files(folder)}
    problems: list[str] = []
    cases: dict[str, list[FixtureCase]] = {}
    for stem, path in files.items():
        try:
            cases[stem] = read_fixture(path)
        except PolicyError as exc:
            problems.extend(_lines(exc))
    if problems:
        _raise(problems)
    results: list[CaseResult] = []
    for rule in pack.rules:
        shown = _display(folder / f"{rule.id}.yaml")
        if rule.id not in files:
            results.extend(CaseResult(rule.id, key, key, "missing",
                                      PROBLEM_NO_FILE.format(file=shown))
                           for key in required_cases(rule))
            continue
        own = cases[rule.id]
        names = {c.name for c in own}
        results.extend(run_case(pack, rule, case) for case in own)
        results.extend(CaseResult(rule.id, key, key, "missing",
                                  PROBLEM_NO_CASE.format(case=key, file=_display(files[rule.id])))
                       for key in required_cases(rule) if key not in names)
    rule_ids = {rule.id for rule in pack.rules}
    results.extend(CaseResult(stem, "-", "-", "no rule",
                              PROBLEM_NO_RULE.format(file=_display(path)))
                   for stem, path in files.items() if stem not in rule_ids)
    return PackFixtures(pack=pack, results=tuple(results))


def _lines(exc: PolicyError) -> list[str]:
    lines = str(exc).splitlines()
    return lines[1:] if len(lines) > 1 and lines[0].endswith("problems:") else lines


def pack_files_in(path: Path) -> list[Path]:
    """The pack files ``policies test PATH`` runs: a pack folder, a pack file, or every pack
    folder of a folder of packs; PolicyError when there is none."""
    if path.is_file():
        return [path]
    if is_pack_folder(path):
        return [pack_file(path)]
    if path.is_dir():
        packs = sorted(pack_file(p) for p in path.iterdir() if is_pack_folder(p))
        if packs:
            return packs
        got = "a folder without any"
    else:
        got = "nothing at that path"
    raise PolicyError(MSG_NO_PACK.format(path=_display(path), got=got))


def check_packs(paths: Iterable[Path]) -> list[PackFixtures]:
    """Load each pack under ``paths`` and run its fixtures; PolicyError on any bad input
    (every problem of every pack and fixture, each ``file:line: text``)."""
    files = [file for path in paths for file in pack_files_in(path)]
    problems: list[str] = []
    packs: list[PolicyPack] = []
    for file in files:
        try:
            packs.append(load_policy_pack(file))
        except PolicyError as exc:
            problems.extend(_lines(exc))
    problems.extend(check_unique(packs))
    if problems:
        _raise(problems)
    out: list[PackFixtures] = []
    for pack in packs:
        try:
            out.append(run_pack_fixtures(pack))
        except PolicyError as exc:
            problems.extend(_lines(exc))
    if problems:
        _raise(problems)
    return out


