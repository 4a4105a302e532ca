"""Dates as data: each pack's dates live in the pack; a rule not yet applicable on the audit
date is ``not_applicable`` with its start date (issue 13, item 5)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ai_work_audit.errors import PolicyError
from ai_work_audit.findings import Outcome
from ai_work_audit.policy import (
    FactScope,
    default_policy_packs,
    evaluate_policies,
    load_policy_pack,
    load_policy_packs,
    policy_pack_paths,
    validate_policy_file,
)

#: The dates the issue names, with the pack that must carry them (rulebook.md).
EXPECTED_STARTS = {
    "eu-ai-act-deployers": date(2027, 12, 2),
    "eu-platform-work-directive-2026": date(2026, 12, 2),
    "us-colorado-sb26-189": date(2027, 1, 1),
    "us-california-ads": date(2025, 10, 1),
    "us-illinois-hb3773": date(2026, 1, 1),
}


def _packs() -> dict[str, object]:
    return {p.pack: p for p in load_policy_packs(policy_pack_paths())}


@pytest.mark.parametrize(("pack_id", "start"), sorted(EXPECTED_STARTS.items()))
def test_each_law_pack_carries_its_application_date_with_a_source(pack_id: str,
                                                                   start: date) -> None:
    pack = _packs()[pack_id]
    applies = pack.date("applies_from")  # type: ignore[attr-defined]
    assert applies is not None and applies.date == start
    assert applies.source.strip()
    assert all(rule.applies_from == applies for rule in pack.rules)  # type: ignore[attr-defined]


def test_the_ai_act_date_names_the_omnibus() -> None:
    pack = _packs()["eu-ai-act-deployers"]
    assert "omnibus" in pack.date("applies_from").source.lower()  # type: ignore[attr-defined]


def test_a_rule_before_its_start_is_not_applicable_with_the_date() -> None:
    (pack,) = [p for p in default_policy_packs("monitoring") if p.pack == "eu-ai-act-deployers"]
    scope = FactScope("audit", "audit", {"aiact.systems_without_overseer": 2})
    before = evaluate_policies([pack], [scope], as_of=date(2027, 12, 1))
    rule = next(f for f in before if f.rule == "aiact.art26_1.human_oversight")
    assert rule.outcome is Outcome.NOT_APPLICABLE
    assert rule.applies_from == "2027-12-02"
    assert "2027-12-02" in rule.messages["en"] and "2027-12-02" in rule.messages["fr"]
    assert "2027-12-01" in rule.message
    assert rule.to_dict()["applies_from"] == "2027-12-02"
    on_the_day = evaluate_policies([pack], [scope], as_of=date(2027, 12, 2))
    rule = next(f for f in on_the_day if f.rule == "aiact.art26_1.human_oversight")
    assert rule.outcome is Outcome.FAIL
    # without an audit date (a fixture, the library's default) the dates are not applied
    undated = evaluate_policies([pack], [scope])
    assert next(f for f in undated if f.rule == rule.rule).outcome is Outcome.FAIL


def test_changing_the_date_in_the_pack_changes_the_outcome(tmp_path: Path) -> None:
    """The date is data: a copy of the pack with another date applies from that date."""
    source = next(p for p in policy_pack_paths() if p.parent.name == "us-colorado-sb26-189")
    folder = tmp_path / "us-colorado-sb26-189"
    folder.mkdir()
    (folder / "pack.yaml").write_text(source.read_text("utf-8").replace(
        "date: 2027-01-01", "date: 2028-07-01"), encoding="utf-8")
    pack = load_policy_pack(folder)
    scope = FactScope("audit", "audit", {"colorado.systems_without_notice": 1})
    findings = evaluate_policies([pack], [scope], as_of=date(2027, 6, 1))
    assert {f.outcome for f in findings} == {Outcome.NOT_APPLICABLE}
    assert {f.applies_from for f in findings} == {"2028-07-01"}


@pytest.mark.parametrize(("block", "problem"), [
    ("dates:\n  applies_from: {date: 2027-13-45, source: x}\n", "'dates.applies_from.date'"),
    ("dates:\n  applies_from: {date: 2027-01-01}\n", "'dates.applies_from.source' must be"),
    ("dates:\n  applies_from: 2027-01-01\n", "must be a mapping with keys date and source"),
    ("jurisdictions: [mars]\n", "'jurisdictions' item 1 must be one of eu, fr"),
    ("deadlines:\n  - {fact: requests.x_late, request: appeal, days: 3, source: s}\n",
     "must be one of explanation, review, correction"),
    ("deadlines:\n  - {fact: requests.x_late, request: review, days: -1, source: s}\n",
     "a whole number of days"),
])
def test_bad_law_data_is_an_error_naming_file_and_line(tmp_path: Path, block: str,
                                                        problem: str) -> None:
    text = ("pack: dated\nversion: '1'\ntitle: {en: Dated, fr: Daté}\napplies_to: [hiring]\n"
            "commitment: 4\nsources: [https://example.org/law]\n" + block +
            "rules:\n  - id: dated.rule\n    title: {en: T, fr: T fr}\n"
            "    metric: hiring.min_impact_ratio\n    scope: audit\n"
            "    fail_when: {op: '<', value: 0.8}\n    severity: high\n"
            "    legal_basis: [Law]\n    message: {en: m, fr: m fr}\n"
            "    remediation: {en: r, fr: r fr}\n")
    path = tmp_path / "dated.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_policy_file(path)
    assert problems and any(problem in p for p in problems), problems
    assert all(p.startswith(str(path)) or p.startswith("dated.yaml") or ".yaml:" in p
               for p in problems)
    with pytest.raises(PolicyError):
        load_policy_pack(path)


def test_a_rule_may_start_later_than_its_pack(tmp_path: Path) -> None:
    text = ("pack: dated\nversion: '1'\ntitle: {en: Dated, fr: Daté}\napplies_to: [hiring]\n"
            "commitment: 4\nsources: [https://example.org/law]\n"
            "dates:\n  applies_from: {date: 2026-01-01, source: the law}\n"
            "rules:\n  - id: dated.rule\n    title: {en: T, fr: T fr}\n"
            "    metric: hiring.min_impact_ratio\n    scope: audit\n"
            "    fail_when: {op: '<', value: 0.8}\n    severity: high\n"
            "    legal_basis: [Law]\n    message: {en: m, fr: m fr}\n"
            "    remediation: {en: r, fr: r fr}\n"
            "    applies_from: {date: 2027-08-02, source: a later article}\n")
    path = tmp_path / "dated.yaml"
    path.write_text(text, encoding="utf-8")
    pack = load_policy_pack(path)
    assert pack.rules[0].applies_from is not None
    assert pack.rules[0].applies_from.date == date(2027, 8, 2)
    (finding,) = evaluate_policies([pack], [FactScope("audit", "a", {
        "hiring.min_impact_ratio": 0.5})], as_of=date(2027, 1, 1))
    assert finding.outcome is Outcome.NOT_APPLICABLE and finding.applies_from == "2027-08-02"
