"""Evaluate policy rules on the facts of an audit, giving findings (OpenSSF Scorecard style:
facts -> yes/no findings; "not available" and "not applicable" are not "bad")."""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ai_work_audit.errors import ConfigError, InputError, PolicyError
from ai_work_audit.findings import Finding, MetricValue, Outcome
from ai_work_audit.policy import _messages as msg
from ai_work_audit.policy._facts import FactScope
from ai_work_audit.policy._model import (
    LANGUAGES,
    ORDERING_OPERATORS,
    Condition,
    PolicyPack,
    Rule,
    comparable,
    is_missing,
    is_number,
)
from ai_work_audit.policy._pack import check_unique

_MISSING = object()


class _FactFormatter(string.Formatter):
    """``str.format`` where a field may be a dotted fact name and missing values read "n/a"."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs.get(field_name, _MISSING), field_name

    def format_field(self, value: Any, format_spec: str) -> Any:
        if value is _MISSING or is_missing(value):
            return msg.MISSING_IN_TEXT[self.lang]
        if isinstance(value, bool):
            return _bool_text(value, self.lang)
        if isinstance(value, float) and not format_spec:
            text = f"{value:.4g}"
        else:
            try:
                text = super().format_field(value, format_spec)
            except (ValueError, TypeError):
                text = str(value)
        if self.lang == "fr" and is_number(value):
            text = text.replace(".", ",").replace("%", "\u202f%")  # 0,50 ; 2,3 %
        return text


def _bool_text(value: bool, lang: str) -> str:
    if lang == "fr":
        return "oui" if value else "non"
    return "yes" if value else "no"


def _template_fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def _render(template: str, lang: str, values: Mapping[str, Any]) -> str:
    return _FactFormatter(lang).vformat(template, (), values)


def _metrics(rule: Rule, scope: FactScope, value: MetricValue) -> dict[str, MetricValue]:
    """The rule's metric, then the numeric facts its message uses; never strings."""
    out: dict[str, MetricValue] = {}
    if value is None or is_number(value) or isinstance(value, bool):
        out[rule.metric] = value
    templates = [rule.message.en, rule.message.fr]
    if rule.pass_message is not None:
        templates += [rule.pass_message.en, rule.pass_message.fr]
    for template in templates:
        for name in _template_fields(template):
            fact = scope.facts.get(name)
            if name in scope.facts and name not in out and (
                fact is None or is_number(fact) or isinstance(fact, bool)
            ):
                out[name] = fact
    return out


def _finding(pack: PolicyPack, rule: Rule, outcome: Outcome, message: str, lang: str, *,
             scope: str | None, metrics: dict[str, MetricValue] | None = None) -> Finding:
    return Finding(
        rule=rule.id,
        policy=pack.pack,
        policy_version=pack.version,
        commitment=pack.commitment,
        severity=rule.severity,
        outcome=outcome,
        message=message,
        refs=rule.refs,
        metrics=metrics or {},
        legal_basis=rule.legal_basis,
        scope=scope,
        remediation=rule.remediation.get(lang) if outcome in (Outcome.FAIL, Outcome.WARN)
        else None,
    )


def _expected(condition: Condition | None) -> tuple[str, str]:
    """What type a metric must have for ``condition``, in English and French."""
    if condition is None:
        return "a value", "une valeur"
    if condition.op in ORDERING_OPERATORS or is_number(condition.value):
        return "a number", "un nombre"
    if isinstance(condition.value, bool):
        return "true or false", "vrai ou faux"
    return "a string", "une chaîne de caractères"


def _evaluate_rule_on_scope(pack: PolicyPack, rule: Rule, scope: FactScope,
                            lang: str) -> Finding:
    title = rule.title.get(lang)
    value = scope.facts.get(rule.metric)
    base = {"title": title, "scope": scope.name, "metric": rule.metric}
    if is_missing(value):
        return _finding(pack, rule, Outcome.NOT_AVAILABLE,
                        msg.NOT_AVAILABLE[lang].format(**base), lang, scope=scope.name,
                        metrics={rule.metric: None})
    assert value is not None
    conditions = [c for c in (rule.fail_when, rule.warn_when) if c is not None]
    wrong = next((c for c in conditions if not comparable(value, c.value, c.op)), None)
    if wrong is not None:
        expected_en, expected_fr = _expected(wrong)
        text = msg.WRONG_FACT_TYPE[lang].format(
            **base, expected=expected_en, expected_fr=expected_fr, got=type(value).__name__)
        return _finding(pack, rule, Outcome.ERROR, text, lang, scope=scope.name)
    if rule.fail_when is not None and rule.fail_when.holds(value):
        outcome, threshold = Outcome.FAIL, rule.fail_when.value
    elif rule.warn_when is not None and rule.warn_when.holds(value):
        outcome, threshold = Outcome.WARN, rule.warn_when.value
    else:
        outcome = Outcome.PASS
        threshold = (rule.fail_when or rule.warn_when or Condition("==", "")).value
    values: dict[str, Any] = dict(scope.facts)
    values.update(value=value, threshold=threshold, scope=scope.name, metric=rule.metric)
    if outcome is Outcome.PASS:
        if rule.pass_message is not None:
            text = _render(rule.pass_message.get(lang), lang, values)
        else:
            text = _render(msg.PASSED[lang], lang, {**values, "title": title})
    else:
        text = _render(rule.message.get(lang), lang, values)
    return _finding(pack, rule, outcome, text, lang, scope=scope.name,
                    metrics=_metrics(rule, scope, value))


def _check_scopes(scopes: Sequence[FactScope]) -> None:
    seen: set[tuple[str, str]] = set()
    duplicates: list[str] = []
    for scope in scopes:
        key = (scope.kind, scope.name)
        if key in seen:
            duplicates.append(f"{scope.kind} {scope.name!r}")
        seen.add(key)
    if duplicates:
        raise InputError(
            "fact scopes must have distinct (kind, name) pairs; got "
            f"{len(duplicates)} repeated: {', '.join(duplicates)}. Merge their facts."
        )


def evaluate_policies(packs: Iterable[PolicyPack], scopes: Iterable[FactScope], *,
                      lang: str = "en") -> list[Finding]:
    """Evaluate every rule of ``packs`` on every matching scope; one finding per pair.

    Order: pack order, then rule order, then scope order. A rule whose scope kind matches no
    scope gives one NOT_APPLICABLE finding; a missing or None fact gives NOT_AVAILABLE.
    """
    if lang not in LANGUAGES:
        raise ConfigError(msg.BAD_LANG.format(allowed=", ".join(LANGUAGES), got=lang))
    pack_list = list(packs)
    scope_list = list(scopes)
    problems = check_unique(pack_list)
    if problems:
        raise PolicyError("\n".join(problems))
    _check_scopes(scope_list)
    findings: list[Finding] = []
    for pack in pack_list:
        for rule in pack.rules:
            matching = [s for s in scope_list if rule.applies_to_scope(s.kind)]
            if not matching:
                text = msg.NOT_APPLICABLE[lang].format(title=rule.title.get(lang),
                                                       kind=rule.scope)
                findings.append(_finding(pack, rule, Outcome.NOT_APPLICABLE, text, lang,
                                         scope=None))
                continue
            findings.extend(_evaluate_rule_on_scope(pack, rule, s, lang) for s in matching)
    return findings
