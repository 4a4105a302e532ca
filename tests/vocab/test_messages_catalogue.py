"""The message catalogue (vocab/messages/{en,fr}.yaml) against itself, the code and the packs.

Every id exists in both languages with the same placeholders; every id the code looks up exists
and gets its placeholders filled; no id is unused; every rule of every shipped pack has its four
texts (title, message, pass_message, remediation) in the ``findings`` section in both languages
with the same placeholders, each naming a fact the rule can fill, the pack files carry none of
their own, and no placeholder is left unfilled when the rule is evaluated.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ai_work_audit
from ai_work_audit.errors import ConfigError
from ai_work_audit.findings import Outcome, Severity
from ai_work_audit.policy import (
    HIRING_FACTS,
    MONITORING_FACTS,
    FactScope,
    PolicyPack,
    Rule,
    default_policy_packs,
    evaluate_policies,
    load_policy_packs,
    policy_pack_paths,
)
from ai_work_audit.policy._model import AUDIT_KINDS, Condition
from ai_work_audit.vocab import load_fact_catalogue
from ai_work_audit.vocab._messages import (
    FINDINGS_SECTION,
    LANGUAGES,
    all_messages,
    catalogue,
    catalogue_sections,
    message,
    placeholders,
)

SOURCE = Path(ai_work_audit.__file__).parent
LOOKUPS = {"t", "message", "Message"}  # Lang.t, vocab.message and vocab.Message (id, **values)
# Ids built from a prefix passed to a helper, not an f-string: prefix → where it is built.
DYNAMIC_FAMILIES = {
    "mon.event.": "reports/_monitoring_view.py event_label: _label(lang, 'mon.event', code)",
    "mon.type.": "reports/_monitoring_view.py type_label: _label(lang, 'mon.type', code)",
}
RULE_FIELDS = {"value", "threshold", "scope", "metric"}  # what the evaluator adds to the facts
IDS = sorted(all_messages())


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _prefix(node: ast.JoinedStr) -> str:
    """The static start of an f-string: ``f"band.{band}"`` → ``band.``."""
    out = ""
    for part in node.values:
        if not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
            break
        out += part.value
    return out


def _lookups() -> Iterator[tuple[str, ast.Call]]:
    """Every ``t(…)`` / ``message(…)`` call of the package, with where it is."""
    for path, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name in LOOKUPS:
                    yield f"{path.relative_to(SOURCE)}:{node.lineno}", node


# ``t("id")`` or ``t("id", name=value, …)`` in a Jinja template (the templates' only lookup).
TEMPLATE_LOOKUP = re.compile(r"(?<![\w])t\(\s*\"([^\"]*)\"\s*((?:,[^()]*)?)\)")
TEMPLATE_KWARG = re.compile(r"(\w+)\s*=(?!=)")


def _template_lookups() -> Iterator[tuple[str, str, set[str]]]:
    """Every ``t(…)`` of the report templates: where, message id, keyword names (the web
    pages look up their own catalogue, ``web/messages``, checked by tests/web)."""
    for path in sorted(SOURCE.rglob("*.j2")):
        if path.relative_to(SOURCE).parts[0] == "web":
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in TEMPLATE_LOOKUP.finditer(line):
                yield (f"{path.relative_to(SOURCE)}:{lineno}", match[1],
                       set(TEMPLATE_KWARG.findall(match[2])))


def _strings() -> tuple[set[str], set[str]]:
    """Every string constant of the package and its templates' lookups, and every f-string's
    static prefix."""
    constants: set[str] = {msg_id for _, msg_id, _ in _template_lookups()}
    prefixes: set[str] = set()
    for _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
            elif isinstance(node, ast.JoinedStr) and (prefix := _prefix(node)):
                prefixes.add(prefix)
    return constants, prefixes


# --- the two languages -------------------------------------------------------------------------


def test_both_languages_have_the_same_sections_and_ids_in_the_same_order() -> None:
    en, fr = (catalogue_sections(lang) for lang in LANGUAGES)
    assert list(en) == list(fr)
    for section in en:
        assert list(en[section]) == list(fr[section]), section
    assert len(catalogue("en")) == sum(len(s) for s in en.values()), "an id is in two sections"


@pytest.mark.parametrize("msg_id", IDS)
def test_every_id_has_both_languages_with_the_same_placeholders(msg_id: str) -> None:
    texts = all_messages()[msg_id]
    assert set(texts) == set(LANGUAGES)
    assert all(text.strip() for text in texts.values())
    assert placeholders(texts["en"]) == placeholders(texts["fr"])


@pytest.mark.parametrize("msg_id", IDS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_placeholder_is_named_and_can_be_filled(msg_id: str, lang: str) -> None:
    template = catalogue(lang)[msg_id]
    names = placeholders(template)
    assert all(name and not name.isdigit() for name in names), "positional placeholder"
    filled = _WholeFieldFormatter().vformat(template, (), dict.fromkeys(names, 7))
    assert "{" not in filled and "}" not in filled


class _WholeFieldFormatter(string.Formatter):
    """``str.format`` where a field is a whole name, dotted fact ids included (as the policy
    evaluator fills them)."""

    def get_field(self, field_name: str, args: Any, kwargs: Any) -> Any:
        return kwargs[field_name], field_name


def test_an_unknown_id_is_a_config_error() -> None:
    unknown = re.escape("'no.such.id' must be in the message catalogue")
    with pytest.raises(ConfigError, match=unknown):
        message("no.such.id", "en")


# --- the code ----------------------------------------------------------------------------------


def test_every_id_the_code_looks_up_exists_and_gets_its_placeholders() -> None:
    ids = set(catalogue("en"))
    problems: list[str] = []
    seen = 0
    for where, call in _lookups():
        first = call.args[0]
        if isinstance(first, ast.JoinedStr):
            prefix = _prefix(first)
            if prefix and not any(i.startswith(prefix) for i in ids):
                problems.append(f"{where}: no id starts with {prefix!r}")
            continue
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # an id held in a variable: covered by the families below
        seen += 1
        if first.value not in ids:
            problems.append(f"{where}: unknown id {first.value!r}")
            continue
        if any(k.arg is None for k in call.keywords):
            continue  # values passed as **mapping
        given = {k.arg for k in call.keywords if k.arg}
        wanted = placeholders(catalogue("en")[first.value])
        if given != wanted:
            problems.append(f"{where}: {first.value!r} wants {sorted(wanted)}, "
                            f"gets {sorted(given)}")
    assert seen > 300, "the scan found too few lookups; did the lookup functions change?"
    assert not problems, "\n".join(problems)


def test_every_id_the_templates_look_up_exists_and_gets_its_placeholders() -> None:
    ids = catalogue("en")
    lookups = list(_template_lookups())
    assert len(lookups) > 50, "the scan found too few lookups; did the templates change?"
    problems = [f"{where}: unknown id {msg_id!r}" for where, msg_id, _ in lookups
                if msg_id not in ids]
    problems += [f"{where}: {msg_id!r} wants {sorted(placeholders(ids[msg_id]))}, gets "
                 f"{sorted(given)}" for where, msg_id, given in lookups
                 if msg_id in ids and placeholders(ids[msg_id]) != given]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("family", "values"), [
    ("severity", [s.value for s in Severity]),
    ("outcome", [o.value for o in Outcome]),
    ("month", [str(m) for m in range(1, 13)]),
])
def test_every_value_of_a_dynamic_family_has_an_id(family: str, values: list[str]) -> None:
    ids = set(catalogue("en"))
    assert [v for v in values if f"{family}.{v}" not in ids] == []


def test_no_id_is_unused() -> None:
    constants, prefixes = _strings()
    for family in DYNAMIC_FAMILIES:
        assert family.rstrip(".") in constants, f"{family} is no longer built by the code"
    families = tuple(p for p in prefixes | set(DYNAMIC_FAMILIES)
                     if p.endswith("."))
    packs = set(catalogue_sections("en")[FINDINGS_SECTION])  # checked against the packs below
    unused = [i for i in IDS if i not in constants and not i.startswith(families)
              and i not in packs]
    assert unused == [], "ids no code uses; remove them or use them"


# --- the policy packs --------------------------------------------------------------------------


def _packs() -> list[PolicyPack]:
    """Every pack where ``default_policy_packs`` finds them (the policy folder)."""
    packs = load_policy_packs(policy_pack_paths())
    by_id = {p.pack for p in packs}
    for kind in AUDIT_KINDS:
        assert {p.pack for p in default_policy_packs(kind)} <= by_id
    return packs


PACK_RULES = [(pack, rule) for pack in _packs() for rule in pack.rules]
RULE_IDS = [rule.id for _, rule in PACK_RULES]


def test_the_packs_are_found() -> None:
    assert len({pack.pack for pack, _ in PACK_RULES}) >= 5 and len(PACK_RULES) >= 20


TEXTS = ("title", "message", "pass_message", "remediation")


def test_the_findings_section_holds_the_shipped_packs_texts_and_nothing_else() -> None:
    wanted = [f"{pack.pack}.title" for pack in _packs()]
    wanted += [f"{rule.id}.{text}" for _, rule in PACK_RULES for text in TEXTS]
    for lang in LANGUAGES:
        assert sorted(catalogue_sections(lang)[FINDINGS_SECTION]) == sorted(wanted), lang


@pytest.mark.parametrize("path", policy_pack_paths(), ids=lambda p: p.parent.name)
def test_a_shipped_pack_file_carries_no_text_of_its_own(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    keys = re.compile(r"^\s*(?:- )?(title|message|pass_message|remediation|en|fr):")
    assert [line for line in lines if keys.match(line)] == []


@pytest.mark.parametrize(("pack", "rule"), PACK_RULES, ids=RULE_IDS)
def test_rule_texts_come_from_the_catalogue(pack: PolicyPack, rule: Rule) -> None:
    assert pack.title.en == catalogue("en")[f"{pack.pack}.title"]
    assert pack.title.fr == catalogue("fr")[f"{pack.pack}.title"]
    for text in TEXTS:
        loaded = getattr(rule, text)
        assert loaded is not None, f"{rule.id} {text}"
        for lang in LANGUAGES:
            assert loaded.get(lang) == catalogue(lang)[f"{rule.id}.{text}"], (rule.id, text)


@pytest.mark.parametrize(("pack", "rule"), PACK_RULES, ids=RULE_IDS)
def test_rule_texts_exist_in_both_languages_with_the_same_placeholders(
    pack: PolicyPack, rule: Rule
) -> None:
    texts = {"title": rule.title, "message": rule.message, "remediation": rule.remediation}
    if rule.pass_message is not None:
        texts["pass_message"] = rule.pass_message
    # A placeholder names what the evaluator adds, or a fact of the rule's audit kind.
    facts: Any = MONITORING_FACTS if "monitoring" in pack.applies_to else HIRING_FACTS
    if not {"hiring", "monitoring"} & set(pack.applies_to):  # issue 16: facts of the catalogue
        facts = {*HIRING_FACTS, *(f.id for f in load_fact_catalogue().facts
                                  if f.producer[0] in ("access", "supply-chain"))}
    for name, text in texts.items():
        assert text.en.strip() and text.fr.strip(), f"{rule.id} {name}"
        assert placeholders(text.en) == placeholders(text.fr), f"{rule.id} {name}"
        unknown = placeholders(text.en) - RULE_FIELDS - set(facts)
        assert not unknown, f"{rule.id} {name} uses unknown placeholders {sorted(unknown)}"
    assert not placeholders(rule.title.en) and not placeholders(rule.remediation.en)


#: The producers (vocab/facts.yaml) whose facts a pack of each audit kind is evaluated on.
KIND_PRODUCERS = {"training": {"hiring", "access"}, "promotion": {"hiring", "access"},
                  "decision_roles": {"hiring", "access"}, "supply_chain": {"supply-chain"},
                  "hiring": {"hiring", "hiring-proxy", "laws"},
                  "monitoring": {"monitoring", "monitoring-table", "evidence", "laws"}}


@pytest.mark.parametrize(("pack", "rule"), PACK_RULES, ids=RULE_IDS)
def test_every_fact_a_rule_text_names_is_produced_in_the_rules_scope(
    pack: PolicyPack, rule: Rule
) -> None:
    catalogue_of_facts = load_fact_catalogue()
    producers = set().union(*(KIND_PRODUCERS[kind] for kind in pack.applies_to))
    names: set[str] = set()
    for text in (rule.message, rule.pass_message):
        if text is not None:
            names |= placeholders(text.en) - RULE_FIELDS
    for name in sorted(names):
        spec = catalogue_of_facts.find(name)
        assert spec is not None, f"{rule.id}: {{{name}}} is not in the fact catalogue"
        assert producers & set(spec.producer), f"{rule.id}: no audit of the pack gives {name}"
        assert rule.scope == "any" or rule.scope in spec.scope, (
            f"{rule.id}: {name} is not a fact of the rule's {rule.scope} scope")


def test_the_shipped_rule_texts_name_facts() -> None:
    named = [rule.id for _, rule in PACK_RULES
             if any(placeholders(t.en) - RULE_FIELDS
                    for t in (rule.message, rule.pass_message) if t is not None)]
    assert len(named) >= 3, "the fact check above would check nothing"


_CANDIDATES: list[Any] = [0, 1, 2, 0.5, 0.01, 0.99, 10, 100, -1, True, False, "x"]


def _holds(condition: Condition | None, value: Any) -> bool | None:
    """Whether ``condition`` holds for ``value``; None when it does not apply to its type."""
    if condition is None:
        return False
    try:
        return condition.holds(value)
    except TypeError:
        return None


def _value_where(rule: Rule, outcome: Outcome) -> Any:
    """A metric value giving ``outcome`` (fail, warn or pass), from a list of candidates."""
    conditions = [c for c in (rule.fail_when, rule.warn_when) if c is not None]
    numbers = [c.value for c in conditions
               if isinstance(c.value, int | float) and not isinstance(c.value, bool)]
    candidates = _CANDIDATES + [n + d for n in numbers for d in (-1, -0.001, 0, 0.001, 1)]
    for value in candidates:
        fail, warn = _holds(rule.fail_when, value), _holds(rule.warn_when, value)
        if fail is None or warn is None:
            continue
        got = Outcome.FAIL if fail else Outcome.WARN if warn else Outcome.PASS
        if got is outcome:
            return value
    pytest.fail(f"{rule.id}: no candidate value gives {outcome.value}")


@pytest.mark.parametrize("failing", [True, False], ids=["fail_or_warn", "pass"])
@pytest.mark.parametrize(("pack", "rule"), PACK_RULES, ids=RULE_IDS)
def test_every_placeholder_of_a_rule_is_filled(pack: PolicyPack, rule: Rule,
                                               failing: bool) -> None:
    outcome = (Outcome.PASS if not failing
               else Outcome.FAIL if rule.fail_when is not None else Outcome.WARN)
    fields: set[str] = set()
    for text in (rule.message, rule.pass_message):
        if text is not None:
            fields |= placeholders(text.en) - RULE_FIELDS
    facts: dict[str, Any] = dict.fromkeys(fields, 3)
    facts[rule.metric] = _value_where(rule, outcome)
    kind = "audit" if rule.applies_to_scope("audit") else "table"
    findings = evaluate_policies([pack], [FactScope(kind, "scope", facts)])
    finding = next(f for f in findings if f.rule == rule.id)
    assert finding.outcome is outcome, rule.id
    assert set(finding.messages) == set(LANGUAGES)
    assert finding.messages["en"] != finding.messages["fr"], rule.id
    for lang, text in finding.messages.items():
        assert "{" not in text and "}" not in text, (rule.id, lang)
        assert catalogue(lang)["policy.missing"] not in text, (rule.id, lang, text)


def test_the_evidence_warning_constant_is_the_catalogue_text() -> None:
    """``kinds.MSG_EVIDENCE_UNREADABLE`` (read by tests) must not drift from the catalogue text
    the monitoring kind now appends."""
    from ai_work_audit.kinds import MSG_EVIDENCE_UNREADABLE

    assert catalogue("en")["warning.evidence_unreadable"] == MSG_EVIDENCE_UNREADABLE
