"""Findings (contracts.md) formatted for display; shared by every report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from ai_work_audit.reports._escape import safe_text
from ai_work_audit.reports._i18n import Lang

SEVERITIES: Final = ("critical", "high", "medium", "low", "info")
OUTCOME_ORDER: Final = ("fail", "error", "warn", "not_available", "pass", "not_applicable")


def get_str(value: Any) -> str:
    """A document value as safe text (None → empty)."""
    return safe_text("" if value is None else value)


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


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
    number = _float(value)
    if number is not None:
        if isinstance(value, int):
            return lang.integer(value)
        return lang.number(number, 3)
    return get_str(value)


def in_language(finding: Mapping[str, Any], key: str, lang: Lang) -> Any:
    """A finding's text in the report's language: ``messages[lang]`` (``remediations[lang]``)
    when the finding carries it, else ``message`` (``remediation``), the audit's language."""
    texts = finding.get(f"{key}s")
    if isinstance(texts, Mapping) and isinstance(texts.get(lang.code), str):
        return texts[lang.code]
    return finding.get(key)


def finding_view(finding: Mapping[str, Any], lang: Lang) -> FindingView:
    """Read one finding of a document in ``lang``; unknown severities and outcomes fall back to
    safe ones."""
    severity = str(finding.get("severity", "info"))
    outcome = str(finding.get("outcome", "not_available"))
    severity = severity if severity in SEVERITIES else "info"
    outcome = outcome if outcome in OUTCOME_ORDER else "not_available"
    metrics = finding.get("metrics") or {}
    scope = finding.get("scope")
    remediation = in_language(finding, "remediation", lang)
    return FindingView(
        rule=get_str(finding.get("rule")),
        policy=get_str(
            f"{finding.get('policy', '')} v{finding.get('policy_version', '')}".strip()
        ),
        severity=severity,
        severity_label=lang.t(f"severity.{severity}"),
        outcome=outcome,
        outcome_label=lang.t(f"outcome.{outcome}"),
        message=get_str(in_language(finding, "message", lang)),
        scope=get_str(scope) if scope else None,
        legal_basis=tuple(get_str(b) for b in finding.get("legal_basis") or []),
        remediation=get_str(remediation) if remediation else None,
        refs=tuple(get_str(r) for r in finding.get("refs") or []),
        metrics=tuple((get_str(k), metric_value(lang, v)) for k, v in metrics.items()),
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
