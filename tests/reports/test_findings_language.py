"""Findings and input warnings are shown in the report's language, whatever language the audit
was run in."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.pipeline import hiring_options_from_params, run_hiring_audit
from ai_work_audit.policy import FactScope, default_policy_packs, evaluate_policies
from ai_work_audit.reports import (
    escape_html,
    escape_markdown,
    render_hiring,
    render_monitoring,
    safe_text,
)
from ai_work_audit.reports._findings import finding_view
from ai_work_audit.reports._i18n import Lang
from ai_work_audit.vocab import FindingDoc
from ai_work_audit.vocab._messages import in_every_language

FIXTURES = Path(__file__).parent / "fixtures"
OTHER = {"en": "fr", "fr": "en"}


def _csv(path: Path) -> Path:
    """40 applicants, women selected at a quarter of men's rate (four-fifths rule fails)."""
    rows = (["female,1"] * 2 + ["female,0"] * 18 + ["male,1"] * 8 + ["male,0"] * 12)
    path.write_text("sex,selected\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hiring_docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    data = _csv(tmp_path_factory.mktemp("hiring") / "applicants.csv")
    options = hiring_options_from_params({"group": ["sex"], "outcome": "selected"})
    return {lang: run_hiring_audit(data, options, lang=lang, record=False).to_dict()
            for lang in ("en", "fr")}


@pytest.fixture(scope="module")
def monitoring_docs() -> dict[str, dict[str, Any]]:
    """The monitoring fixture, its findings evaluated afresh by the shipped packs."""
    base = json.loads((FIXTURES / "monitoring_log.json").read_text("utf-8"))
    scope = FactScope(kind="audit", name="audit", facts=dict(base["facts"]))
    docs = {}
    for lang in ("en", "fr"):
        doc = copy.deepcopy(base)
        doc["findings"] = [f.to_dict() for f in evaluate_policies(
            default_policy_packs("monitoring"), [scope], lang=lang)]
        docs[lang] = doc
    return docs


def _shown(text: str, fmt: str) -> str:
    """``text`` as a report of format ``fmt`` prints it, white space collapsed (text wraps)."""
    escape = {"md": escape_markdown, "html": escape_html}.get(fmt, str)
    return " ".join(str(escape(safe_text(text))).split())


def _assert_in_language(doc: dict[str, Any], text: str, fmt: str, report_lang: str) -> None:
    other = OTHER[report_lang]
    text = " ".join(text.split())
    assert doc["findings"]
    for finding in doc["findings"]:
        assert set(finding["messages"]) == {"en", "fr"}
        assert _shown(finding["messages"][report_lang], fmt) in text, finding["rule"]
        assert _shown(finding["messages"][other], fmt) not in text, finding["rule"]
        for fix in finding.get("remediations", {}).get(other), finding.get("remediation"):
            if fix and fix != finding.get("remediations", {}).get(report_lang):
                assert _shown(fix, fmt) not in text, finding["rule"]
        view = finding_view(FindingDoc.model_validate(finding), Lang(report_lang))
        assert view.message == finding["messages"][report_lang]
        assert view.remediation == finding.get("remediations", {}).get(report_lang)


@pytest.mark.parametrize("audit_lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_hiring_findings_follow_the_report_language(
    hiring_docs: dict[str, dict[str, Any]], audit_lang: str, fmt: str
) -> None:
    doc = hiring_docs[audit_lang]
    assert any(f["outcome"] == "fail" and "remediations" in f for f in doc["findings"])
    # The JSON keeps ``message`` in the audit's language (contracts.md); ``messages`` is added.
    assert all(f["message"] == f["messages"][audit_lang] for f in doc["findings"])
    report_lang = OTHER[audit_lang]
    _assert_in_language(doc, render_hiring(doc, fmt, report_lang), fmt, report_lang)


def test_english_audit_french_report_has_french_findings(
    hiring_docs: dict[str, dict[str, Any]],
) -> None:
    text = render_hiring(hiring_docs["en"], "md", "fr")
    findings = text[text.index("## Constats"):]
    assert "four-fifths" not in findings and "Review the selection" not in findings
    assert "quatre cinquièmes" in findings and "Réexaminer" in findings


@pytest.mark.parametrize("audit_lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_monitoring_findings_follow_the_report_language(
    monitoring_docs: dict[str, dict[str, Any]], audit_lang: str, fmt: str
) -> None:
    report_lang = OTHER[audit_lang]
    doc = monitoring_docs[audit_lang]
    text = render_monitoring(doc, fmt, report_lang)
    assert isinstance(text, str)
    _assert_in_language(doc, text, fmt, report_lang)


def test_a_document_without_messages_shows_its_message() -> None:
    """Documents written before ``messages`` existed keep showing ``message``."""
    finding = {"rule": "r", "outcome": "fail", "severity": "high", "message": "Old text.",
               "remediation": "Old fix."}
    view = finding_view(FindingDoc.model_validate(finding), Lang("fr"))
    assert view.message == "Old text." and view.remediation == "Old fix."


WARNINGS = [
    in_every_language("warning.unknown_event_types", events=12, types=2, other="'other'"),
    in_every_language("warning.unmatched_files", count=3, files=in_every_language(
        "warning.more_files", files="a.csv, b.csv", more=1)["en"]),
    in_every_language("warning.ignored_files", count=1),
    in_every_language("warning.utc_only"),
]


@pytest.mark.parametrize("report_lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_monitoring_warnings_follow_the_report_language(report_lang: str, fmt: str) -> None:
    doc = json.loads((FIXTURES / "monitoring_log.json").read_text("utf-8"))
    doc["warnings"] = [w["en"] for w in WARNINGS]
    doc["warning_messages"] = WARNINGS
    text = " ".join(render_monitoring(doc, fmt, report_lang).split())
    for warning in WARNINGS:
        assert _shown(warning[report_lang], fmt) in text
        assert _shown(warning[OTHER[report_lang]], fmt) not in text


def test_warnings_without_their_languages_are_shown_as_written() -> None:
    doc = json.loads((FIXTURES / "monitoring_log.json").read_text("utf-8"))
    doc["warnings"] = ["Old warning.", "Another."]
    doc["warning_messages"] = WARNINGS[:1]  # not one per warning: ignored
    text = render_monitoring(doc, "md", "fr")
    assert "- Old warning." in text and "- Another." in text
