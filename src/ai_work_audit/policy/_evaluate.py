"""Evaluate policy rules on the facts of an audit, giving findings (OpenSSF Scorecard style:
facts -> yes/no findings; "not available" and "not applicable" are not "bad")."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
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
from ai_work_audit.vocab._messages import catalogue, message

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
            return message("policy.missing", self.lang)
        if isinstance(value, bool):
            return message("policy.bool.true" if value else "policy.bool.false", self.lang)
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


def _template_fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def _render(template: str, lang: str, values: Mapping[str, Any]) -> str:
    return _FactFormatter(lang).vformat(template, (), values)


def _in_every_language(text: Callable[[str], str]) -> dict[str, str]:
    """``{"en": text("en"), "fr": text("fr")}``: a finding carries every language."""
    return {lang: text(lang) for lang in LANGUAGES}


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


def _finding(pack: PolicyPack, rule: Rule, outcome: Outcome, messages: dict[str, str],
             lang: str, *, scope: str | None,
             metrics: dict[str, MetricValue] | None = None) -> Finding:
    """A finding whose ``message`` is in ``lang`` and ``messages`` in every language."""
    remediations = (_in_every_language(rule.remediation.get)
                    if outcome in (Outcome.FAIL, Outcome.WARN) else {})
    return Finding(
        rule=rule.id,
        policy=pack.pack,
        policy_version=pack.version,
        commitment=pack.commitment,
        severity=rule.severity,
        outcome=outcome,
        message=messages[lang],
        refs=rule.refs,
        metrics=metrics or {},
        legal_basis=rule.legal_basis,
        scope=scope,
        remediation=remediations.get(lang),
        messages=messages,
        remediations=remediations,
        applies_from=rule.applies_from.date.isoformat() if rule.applies_from else None,
    )


def _expected(condition: Condition | None) -> str:
    """The message id of the type a metric must have for ``condition``."""
    if condition is None:
        return "policy.expected.value"
    if condition.op in ORDERING_OPERATORS or is_number(condition.value):
        return "policy.expected.number"
    if isinstance(condition.value, bool):
        return "policy.expected.bool"
    return "policy.expected.string"


def _evaluate_rule_on_scope(pack: PolicyPack, rule: Rule, scope: FactScope,
                            lang: str) -> Finding:
    value = scope.facts.get(rule.metric)

    def base(lg: str) -> dict[str, Any]:
        return {"title": rule.title.get(lg), "scope": scope.name, "metric": rule.metric}

    if is_missing(value):
        texts = _in_every_language(
            lambda lg: message("policy.finding.not_available", lg, **base(lg)))
        return _finding(pack, rule, Outcome.NOT_AVAILABLE, texts, lang, scope=scope.name,
                        metrics={rule.metric: None})
    assert value is not None
    conditions = [c for c in (rule.fail_when, rule.warn_when) if c is not None]
    wrong = next((c for c in conditions if not comparable(value, c.value, c.op)), None)
    if wrong is not None:
        expected = _expected(wrong)
        texts = _in_every_language(lambda lg: message(
            "policy.finding.wrong_fact_type", lg, **base(lg), expected=message(expected, lg),
            got=type(value).__name__))
        return _finding(pack, rule, Outcome.ERROR, texts, lang, scope=scope.name)
    if rule.fail_when is not None and rule.fail_when.holds(value):
        outcome, threshold = Outcome.FAIL, rule.fail_when.value
    elif rule.warn_when is not None and rule.warn_when.holds(value):
        outcome, threshold = Outcome.WARN, rule.warn_when.value
    else:
        outcome = Outcome.PASS
        threshold = (rule.fail_when or rule.warn_when or Condition("==", "")).value
    values: dict[str, Any] = dict(scope.facts)
    values.update(value=value, threshold=threshold, scope=scope.name, metric=rule.metric)
    if outcome is not Outcome.PASS:
        texts = _in_every_language(lambda lg: _render(rule.message.get(lg), lg, values))
    elif rule.pass_message is not None:
        pass_message = rule.pass_message
        texts = _in_every_language(lambda lg: _render(pass_message.get(lg), lg, values))
    else:
        texts = _in_every_language(lambda lg: _render(
            catalogue(lg)["policy.finding.passed"], lg, {**values, **base(lg)}))
    return _finding(pack, rule, outcome, texts, lang, scope=scope.name,
                    metrics=_metrics(rule, scope, value))


def _not_applicable(pack: PolicyPack, rule: Rule, lang: str) -> Finding:
    texts = _in_every_language(lambda lg: message(
        "policy.finding.not_applicable", lg, title=rule.title.get(lg), kind=rule.scope))
    return _finding(pack, rule, Outcome.NOT_APPLICABLE, texts, lang, scope=None)


def _not_yet_applicable(pack: PolicyPack, rule: Rule, lang: str, as_of: date) -> Finding:
    """The duty starts after the audit date: not applicable, with the date it starts."""
    assert rule.applies_from is not None
    start = rule.applies_from.date.isoformat()
    texts = _in_every_language(lambda lg: message(
        "policy.finding.not_yet_applicable", lg, title=rule.title.get(lg), start=start,
        as_of=as_of.isoformat()))
    return _finding(pack, rule, Outcome.NOT_APPLICABLE, texts, lang, scope=None)


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
                      lang: str = "en", as_of: date | None = None) -> list[Finding]:
    """Evaluate every rule of ``packs`` on every matching scope; one finding per pair.

    Order: pack order, then rule order, then scope order. A rule whose scope kind matches no
    scope gives one NOT_APPLICABLE finding; a missing or None fact gives NOT_AVAILABLE. With
    ``as_of`` (the audit date), a rule whose duty starts later (``applies_from``, the pack's
    data) gives one NOT_APPLICABLE finding naming its start date.
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
            if as_of is not None and not rule.applies_on(as_of):
                findings.append(_not_yet_applicable(pack, rule, lang, as_of))
                continue
            matching = [s for s in scope_list if rule.applies_to_scope(s.kind)]
            if not matching:
                findings.append(_not_applicable(pack, rule, lang))
                continue
            findings.extend(_evaluate_rule_on_scope(pack, rule, s, lang) for s in matching)
    return findings
