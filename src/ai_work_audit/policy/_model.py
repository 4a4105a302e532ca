"""Policy packs as plain, frozen data: texts in two languages, conditions, rules, packs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ai_work_audit.findings import Severity

#: Languages every text of a pack is written in.
LANGUAGES: tuple[str, ...] = ("en", "fr")
#: Comparison operators a condition may use.
OPERATORS: tuple[str, ...] = ("<", "<=", ">", ">=", "==", "!=")
#: Operators that need a number on both sides.
ORDERING_OPERATORS: tuple[str, ...] = ("<", "<=", ">", ">=")
#: What a pack may apply to: the audit kinds.
AUDIT_KINDS: tuple[str, ...] = ("hiring", "monitoring", "training", "promotion",
                                 "decision_roles", "supply_chain")
#: Kinds of fact scopes an audit hands over; a rule's ``scope`` may also be ``any``.
SCOPE_KINDS: tuple[str, ...] = ("audit", "table", "source")
ANY_SCOPE = "any"
#: Jurisdiction profiles a pack may name (``--jurisdiction``); ``fr`` also takes the ``eu`` packs.
JURISDICTIONS: tuple[str, ...] = ("eu", "fr", "us", "us-nyc", "us-co", "us-ca", "us-il")
#: Profiles that include another: a French employer is bound by EU law, a state's by federal.
JURISDICTION_INCLUDES: dict[str, tuple[str, ...]] = {
    "fr": ("eu",), "us-nyc": ("us",), "us-co": ("us",), "us-ca": ("us",), "us-il": ("us",),
}
#: Request types of a request log (``--requests``) a pack deadline may measure.
REQUEST_TYPES: tuple[str, ...] = ("explanation", "review", "correction")

ConditionValue = float | int | bool | str


@dataclass(frozen=True)
class Text:
    """A text in English and French."""

    en: str
    fr: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Condition:
    """``<fact> <op> <value>``, e.g. ``> 0``."""

    op: str
    value: ConditionValue

    def holds(self, fact: ConditionValue) -> bool:
        """Whether the condition holds for ``fact``; raises TypeError on mismatched types."""
        if not comparable(fact, self.value, self.op):
            raise TypeError(f"cannot compare {type(fact).__name__} with {self.op} {self.value!r}")
        if self.op == "==":
            return fact == self.value
        if self.op == "!=":
            return fact != self.value
        # Ordering operators: both sides are numbers (checked above).
        left, right = float(fact), float(self.value)
        if self.op == "<":
            return left < right
        if self.op == "<=":
            return left <= right
        if self.op == ">":
            return left > right
        return left >= right


def is_number(value: object) -> bool:
    """An int or float that is not a bool."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def is_missing(value: object) -> bool:
    """None or a float NaN: the fact could not be computed."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def comparable(fact: object, value: object, op: str) -> bool:
    """Whether ``fact op value`` is meaningful: numbers with numbers, bools with bools, …"""
    if op in ORDERING_OPERATORS or is_number(value):
        return is_number(fact) and is_number(value)
    return type(fact) is type(value)


@dataclass(frozen=True)
class LawDate:
    """A date a pack carries as data, with the source that sets it (it may change again)."""

    date: date
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "source": self.source}


@dataclass(frozen=True)
class Deadline:
    """A deadline a pack sets for one request type of the request log: the pack's fact
    ``fact`` counts requests answered later than ``days`` (calendar days) or not at all."""

    fact: str
    request: str
    days: int
    source: str


@dataclass(frozen=True)
class Rule:
    """One check of one fact: fail or warn conditions, texts, severity and legal basis."""

    id: str
    title: Text
    metric: str
    scope: str
    fail_when: Condition | None
    warn_when: Condition | None
    severity: Severity
    message: Text
    remediation: Text
    refs: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    pass_message: Text | None = None
    line: int = 0
    #: The date the rule's duty starts (the pack's ``applies_from`` unless the rule sets one).
    applies_from: LawDate | None = None

    def applies_on(self, day: date | None) -> bool:
        """Whether the duty applies on ``day`` (always when no day or no start is known)."""
        return day is None or self.applies_from is None or self.applies_from.date <= day

    def applies_to_scope(self, kind: str) -> bool:
        return self.scope == ANY_SCOPE or self.scope == kind


@dataclass(frozen=True)
class PolicyPack:
    """A versioned set of rules for one legal or normative source."""

    pack: str
    version: str
    title: Text
    applies_to: tuple[str, ...]
    commitment: int
    sources: tuple[str, ...]
    rules: tuple[Rule, ...]
    path: Path | None = None
    #: Jurisdiction profiles the pack belongs to (``--jurisdiction``); empty: every profile.
    jurisdictions: tuple[str, ...] = ()
    #: Named dates of the law (``in_force``, ``applies_from``, ``transposition``…), as data.
    dates: tuple[tuple[str, LawDate], ...] = ()
    #: Deadlines the pack sets for the request log (``--requests``).
    deadlines: tuple[Deadline, ...] = ()

    def in_jurisdictions(self, profiles: tuple[str, ...] | list[str]) -> bool:
        """Whether the pack is selected by any of ``profiles`` (a pack naming none always is)."""
        if not self.jurisdictions or not profiles:
            return True
        wanted = {p for profile in profiles
                  for p in (profile, *JURISDICTION_INCLUDES.get(profile, ()))}
        return bool(wanted & set(self.jurisdictions))

    def date(self, name: str) -> LawDate | None:
        return dict(self.dates).get(name)

    def rule(self, rule_id: str) -> Rule:
        """The rule with that id; KeyError when absent."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)
