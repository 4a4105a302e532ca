"""The law facts: request deadlines set by the packs, declared duties, art. 26(6) from the
monitoring log's coverage and the company policy's retention; a missing input is "not
available", never "pass" (indicators.md)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from ai_work_audit.findings import Outcome
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.policy import load_policy_packs, policy_pack_paths
from ai_work_audit.policy._law_facts import (
    SIX_MONTHS_DAYS,
    deadline_facts,
    declared_facts,
    log_retention_shortfall,
)
from ai_work_audit.policy._model import Deadline
from ai_work_audit.run import run
from ai_work_audit.sources._declarations import load_declarations, parse_declarations
from ai_work_audit.sources._requests import read_request_log

from .conftest import DECLARATIONS_EXAMPLE, GOLDEN_INPUTS, REPO

PACKS = {p.pack: p for p in load_policy_packs(policy_pack_paths())}


def test_the_deadlines_are_the_packs_data() -> None:
    deadlines = {d.fact: d for p in PACKS.values() for d in p.deadlines}
    assert deadlines["aiact.explanations_late"].days == 30
    assert deadlines["pwd.reviews_late"].days == 14
    assert deadlines["pwd.reviews_late"].request == "review"
    assert deadlines["colorado.explanations_late"].days == 30
    assert all(d.source for d in deadlines.values())


def test_late_unanswered_and_unreasoned_requests_are_counted(requests_log: Path) -> None:
    log = read_request_log(requests_log)
    facts = deadline_facts(PACKS.values(), log, date(2027, 4, 1))
    # explanations: r2 late (50 days), r3 unanswered past 30 days; r4 unanswered, not yet due
    assert facts["aiact.explanations_late"] == 2
    assert facts["colorado.explanations_late"] == 2
    # reviews (14 days): r6 late (24 days), r7 answered in time but without written reasons
    assert facts["pwd.reviews_late"] == 2
    # a later audit date: r4 is now overdue too
    assert deadline_facts(PACKS.values(), log, date(2027, 5, 1))["aiact.explanations_late"] == 3
    # another deadline in the pack gives another count (the pack sets it, not the code)
    long = Deadline("aiact.explanations_late", "explanation", 60, "a longer deadline")
    pack = dataclasses.replace(PACKS["eu-ai-act-deployers"], deadlines=(long,))
    assert deadline_facts([pack], log, date(2027, 4, 1))["aiact.explanations_late"] == 0
    assert deadline_facts([pack], log, date(2027, 4, 10))["aiact.explanations_late"] == 1


def test_without_a_request_log_the_deadline_facts_are_not_available() -> None:
    assert set(deadline_facts(PACKS.values(), None, date(2027, 4, 1)).values()) == {None}


def test_declared_facts_of_the_example() -> None:
    facts = declared_facts(load_declarations(DECLARATIONS_EXAMPLE), date(2026, 6, 1))
    assert facts["aiact.systems_without_overseer"] == 1          # cv-screening: not trained
    assert facts["aiact.systems_without_suspension_procedure"] == 1
    assert facts["aiact.systems_informed_late"] == 1             # informed after first use
    assert facts["aiact.fria_missing"] == 0                      # not a public body
    assert facts["pwd.dpia_missing"] == 1                        # cv-screening declares none
    assert facts["pwd.systems_information_late"] == 1
    assert facts["pwd.evaluations_overdue"] == 0
    assert facts["colorado.systems_without_notice"] == 1         # workforce-analytics
    assert facts["colorado.systems_without_correction_or_review"] == 0
    assert facts["colorado.records_retention_shortfall_days"] == 0
    assert facts["california.days_since_bias_test"] == (date(2026, 6, 1) - date(2025, 11, 20)).days
    assert facts["california.retention_shortfall_days"] == 0
    assert facts["illinois.notice_fields_missing"] == 2          # accommodation, rights
    # cv-screening: notice 14 business days before use, summary posted; workforce-analytics
    # declares neither (every declared system is counted)
    assert facts["nyc.notice_short_systems"] == 1
    assert facts["nyc.publication_problems"] == 1
    # nothing declared about the logs, and no log: art. 26(6) is not available
    assert facts["aiact.log_retention_shortfall_days"] is None


def test_nothing_declared_is_not_available_not_pass() -> None:
    facts = declared_facts(None, date(2027, 1, 1))
    assert set(facts.values()) == {None}
    bare = parse_declarations("schema: ai-work-audit/declarations/v1\nsystems:\n  - id: a\n")
    facts = declared_facts(bare, date(2027, 1, 1))
    assert facts["aiact.systems_without_overseer"] is None
    assert facts["nyc.notice_short_systems"] is None
    assert facts["aiact.fria_missing"] is None  # the deployer's status is not declared


def test_art_27_applies_to_public_bodies() -> None:
    text = ("schema: ai-work-audit/declarations/v1\ndeployer: {public_body: true}\nsystems:\n"
            "  - {id: a, first_use: 2027-12-10, fria: null}\n"
            "  - {id: b, first_use: 2027-12-10, fria: 2027-11-01}\n"
            "  - {id: c, first_use: 2027-12-10, fria: 2028-01-01}\n")
    facts = declared_facts(parse_declarations(text), date(2028, 2, 1))
    assert facts["aiact.fria_missing"] == 2


@pytest.mark.parametrize(("coverage", "policy", "in_use", "shortfall"), [
    (200, None, None, 0),        # the log covers more than six months
    (30, None, None, SIX_MONTHS_DAYS - 30),
    (30, None, 30, 0),           # used for a month only: all of it is kept
    (400, 31, 400, SIX_MONTHS_DAYS - 31),  # the policy deletes the logs after 31 days
    (20, 31, 20, SIX_MONTHS_DAYS - 20),    # a policy under six months fails even when young
    (None, 365, None, 0),
    (None, None, None, None),
])
def test_log_retention_shortfall(coverage: int | None, policy: int | None,
                                 in_use: int | None, shortfall: int | None) -> None:
    assert log_retention_shortfall(coverage, policy, in_use) == shortfall


def test_art_26_6_from_a_monitoring_log_and_the_company_policy(tmp_path: Path) -> None:
    """The real monitoring audit: the log covers 6 days, the example policy keeps idle events
    31 days; on 2028-01-10 the system has been used since 2027-12-03 (declared)."""
    declarations = tmp_path / "decl.yaml"
    declarations.write_text(
        "schema: ai-work-audit/declarations/v1\nsystems:\n  - id: monitor\n"
        "    first_use: 2027-12-03\n    overseer_named: true\n    overseer_trained: true\n",
        encoding="utf-8")
    options = MonitoringOptions(
        mapping="cert", roster=str(GOLDEN_INPUTS / "monitoring" / "roster.csv"),
        timezone="Europe/Paris", jurisdictions=("eu",), as_of="2028-01-10",
        company_policy=str(REPO / "policies" / "company-monitoring-policy.example.yaml"),
        declarations=str(declarations))
    result = run("monitoring", GOLDEN_INPUTS / "monitoring", options, record=False)
    facts = result.audit.facts
    assert facts["retention.log_coverage_days"] == 6
    assert facts["aiact.log_retention_shortfall_days"] == SIX_MONTHS_DAYS - 6
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["aiact.art26_6.log_retention"].outcome is Outcome.FAIL
    assert by_rule["aiact.art26_1.human_oversight"].outcome is Outcome.PASS
    assert by_rule["aiact.art86.explanations"].outcome is Outcome.NOT_AVAILABLE  # no log
    assert "gdpr-employment" in result.document["parameters"]["policy_packs"]
    assert "cnil-workplace-monitoring" not in result.document["parameters"]["policy_packs"]
    assert result.document["parameters"]["laws_as_of"] == "2028-01-10"
    assert result.document["parameters"]["jurisdictions"] == ["eu"]


def test_a_recorded_hiring_audit_is_the_anti_bias_test(tmp_path: Path) -> None:
    """California CA-1: the latest hiring audit of the system in the evidence log counts as
    the anti-bias test; a first audit finds none (not available), the second finds the first."""
    from ai_work_audit.hiring import HiringOptions

    from .conftest import write_candidates

    data = write_candidates(tmp_path / "c.csv")
    options = HiringOptions(group=("sex",), outcome="decision", jurisdictions=("us-ca",),
                            organisation="ca-org", system="screening")
    first = run("hiring", data, options, record=True)
    rule = next(f for f in first.findings if f.rule == "california.anti_bias_testing")
    assert first.audit.facts["evidence.days_since_hiring_audit"] is None
    assert rule.outcome is Outcome.NOT_AVAILABLE
    second = run("hiring", data, options, record=True)
    assert second.audit.facts["evidence.days_since_hiring_audit"] == 0
    rule = next(f for f in second.findings if f.rule == "california.anti_bias_testing")
    assert rule.outcome is Outcome.PASS
    other = run("hiring", data, HiringOptions(group=("sex",), outcome="decision",
                                              jurisdictions=("us-ca",), organisation="ca-org",
                                              system="another-tool"), record=False)
    assert other.audit.facts["evidence.days_since_hiring_audit"] is None
