"""Findings (contracts.md) formatted for display; shared by every report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ai_work_audit.reports._escape import safe_text
from ai_work_audit.reports._i18n import Lang
from ai_work_audit.vocab import FindingDoc

SEVERITIES: Final = ("critical", "high", "medium", "low", "info")
OUTCOME_ORDER: Final = ("fail", "error", "warn", "not_available", "pass", "not_applicable")


def get_str(value: Any) -> str:
    """A document value as safe text (None → empty)."""
    return safe_text("" if value is None else value)


@dataclass(frozen=True)
class FindingView:
    """A finding (contracts.md Findings) formatted for display; every text is safe text."""

    rule: str
    policy: str
    severity: str
    severity_label: str
    outcome: str
    outcome_label: str
    message: str
    scope: str | None
    legal_basis: tuple[str, ...]
    remediation: str | None
    refs: tuple[str, ...]
    metrics: tuple[tuple[str, str], ...]


def metric_value(lang: Lang, value: Any) -> str:
    """A finding's metric value formatted in ``lang`` (integers, 3-decimal numbers, text)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return lang.integer(value)
    if isinstance(value, float):
        return lang.number(value, 3)
    return get_str(value)


def in_language(texts: Mapping[str, str] | None, fallback: str | None, lang: Lang) -> str | None:
    """A finding's text in the report's language: ``messages[lang]`` (``remediations[lang]``)
    when the finding carries it, else ``message`` (``remediation``), the audit's language."""
    if texts is not None and isinstance(texts.get(lang.code), str):
        return texts[lang.code]
    return fallback


def finding_view(finding: FindingDoc, lang: Lang) -> FindingView:
    """Read one finding of a typed document in ``lang``; unknown severities and outcomes fall
    back to safe ones."""
    severity = finding.severity if finding.severity in SEVERITIES else "info"
    outcome = finding.outcome if finding.outcome in OUTCOME_ORDER else "not_available"
    remediation = in_language(finding.remediations, finding.remediation, lang)
    return FindingView(
        rule=get_str(finding.rule),
        policy=get_str(
            f"{finding.policy or ''} v{finding.policy_version or ''}".strip()
        ),
        severity=severity,
        severity_label=lang.t(f"severity.{severity}"),
        outcome=outcome,
        outcome_label=lang.t(f"outcome.{outcome}"),
        message=get_str(in_language(finding.messages, finding.message, lang)),
        scope=get_str(finding.scope) if finding.scope else None,
        legal_basis=tuple(get_str(b) for b in finding.legal_basis or []),
        remediation=get_str(remediation) if remediation else None,
        refs=tuple(get_str(r) for r in finding.refs or []),
        metrics=tuple((get_str(k), metric_value(lang, v))
                      for k, v in (finding.metrics or {}).items()),
    )


def sort_findings(findings: Iterable[FindingView]) -> list[FindingView]:
    """Failures first, then by decreasing severity."""
    return sorted(findings,
                  key=lambda f: (OUTCOME_ORDER.index(f.outcome), SEVERITIES.index(f.severity)))




def finding_labels(lang: Lang) -> dict[str, str]:
    """The labels of the shared findings macro (base template), in ``lang``."""
    return {
        "none": lang.t("findings.none"),
        "scope": lang.t("finding.scope"),
        "legal_basis": lang.t("finding.legal_basis"),
        "remediation": lang.t("finding.remediation"),
        "metrics": lang.t("finding.metrics"),
        "refs": lang.t("finding.refs"),
        "policy": lang.t("finding.policy"),
    }
