"""Shared vocabulary of audit results: severities, outcomes and findings.

Imports nothing else of this package, so every layer can use it. Field names follow
``contracts.md`` (Findings) and Kyverno's PolicyReport (policy, rule, severity, result, message).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious a failed rule is, in increasing order."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank


_SEVERITY_ORDER = [Severity.INFO, Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]


class Outcome(StrEnum):
    """Result of evaluating one rule; "not available" and "not applicable" are not "bad"."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    ERROR = "error"
    NOT_APPLICABLE = "not_applicable"
    NOT_AVAILABLE = "not_available"


MetricValue = float | int | bool | str | None


@dataclass(frozen=True)
class Finding:
    """One rule evaluated on one scope of an audit; never holds raw personal data.

    ``message`` and ``remediation`` are in the language the audit was run in (contracts.md);
    ``messages`` and ``remediations`` hold them in every language (``{"en": …, "fr": …}``), so
    that a report in another language shows its findings in that language.
    """

    rule: str
    policy: str
    policy_version: str
    commitment: int
    severity: Severity
    outcome: Outcome
    message: str
    refs: tuple[str, ...] = ()
    metrics: dict[str, MetricValue] = field(default_factory=dict)
    legal_basis: tuple[str, ...] = ()
    scope: str | None = None
    remediation: str | None = None
    messages: dict[str, str] = field(default_factory=dict)
    remediations: dict[str, str] = field(default_factory=dict)
    #: The date the rule's duty starts (ISO date), when the pack sets one.
    applies_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of contracts.md (Findings)."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "policy": self.policy,
            "policy_version": self.policy_version,
            "commitment": self.commitment,
            "severity": self.severity.value,
            "outcome": self.outcome.value,
            "refs": list(self.refs),
            "message": self.message,
            "metrics": dict(self.metrics),
            "legal_basis": list(self.legal_basis),
        }
        if self.scope is not None:
            out["scope"] = self.scope
        if self.remediation is not None:
            out["remediation"] = self.remediation
        if self.messages:
            out["messages"] = dict(self.messages)
        if self.remediations:
            out["remediations"] = dict(self.remediations)
        if self.applies_from is not None:
            out["applies_from"] = self.applies_from
        return out


def tripped(findings: list[Finding], threshold: Severity) -> bool:
    """True when a failed finding is at or above ``threshold`` (the CLI's ``--fail-on`` gate)."""
    return any(f.outcome is Outcome.FAIL and f.severity >= threshold for f in findings)
