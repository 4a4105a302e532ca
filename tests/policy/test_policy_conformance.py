"""Conformance suite run over every rule of every shipped pack (Kyverno-style fixtures).

The fixtures run through ``check_packs``, the code of ``ai-work-audit policies test``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from policy_helpers import REPO_POLICIES, shipped_packs, shipped_rules

from ai_work_audit.findings import Outcome
from ai_work_audit.policy import (
    HIRING_FACTS,
    MONITORING_FACTS,
    FactScope,
    PolicyPack,
    Rule,
    check_packs,
    default_policy_packs,
    evaluate_policies,
    policy_pack_paths,
    validate_policy_file,
)
from ai_work_audit.vocab import load_fact_catalogue

RULES = shipped_rules()
IDS = [rule.id for _, rule in RULES]
#: Rulebook ids the monitoring packs must cover (rulebook.md).
REQUIRED_MONITORING_REFS = {f"WP-{n:02d}" for n in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 13, 21)}
#: Severity of each rulebook id (rulebook.md); WP-07 and WP-13 have two levels.
RULEBOOK_SEVERITIES = {
    # WP-03: passive capture is critical; worker-initiated activity outside hours is a
    # right-to-disconnect measure, not a prohibition (rulebook "Passive capture and
    # worker-initiated activity"), hence medium.
    "WP-01": {"critical"}, "WP-02": {"critical"}, "WP-03": {"critical", "medium"},
    "WP-04": {"critical"},
    "WP-05": {"critical"}, "WP-07": {"high", "medium"}, "WP-08": {"high"}, "WP-09": {"high"},
    "WP-10": {"high"}, "WP-11": {"high"}, "WP-13": {"medium", "high"}, "WP-14": {"high"},
    "WP-19": {"medium"}, "WP-21": {"medium"},
    # Deployer duties and the 2026–2027 laws (issue 13)
    "AIA-26-1": {"high"}, "AIA-26-5": {"medium"}, "AIA-26-6": {"high"}, "AIA-26-7": {"high"},
    "AIA-27": {"high"}, "AIA-86": {"high"}, "PWD-9": {"medium"}, "PWD-11": {"high"},
    "CO-1": {"high"}, "CO-2": {"high"}, "CO-3": {"high"}, "CO-4": {"medium"},
    "CA-1": {"medium"}, "CA-2": {"medium"}, "IL-1": {"medium"}, "IL-2": {"high"},
    "NYC-N": {"medium"}, "NYC-P": {"medium"},
}
#: Rules of a source with no id in the rulebook's tables yet (PWD arts. 8 and 10: the table
#: "Deployer duties and the 2026–2027 laws" lists PWD-9 and PWD-11 only).
NO_RULEBOOK_ID = {"pwd.art8.dpia", "pwd.art10.evaluation"}
SHIPPED_PACKS = [
    "cnil-workplace-monitoring",
    "company-monitoring-policy",
    "eeoc-uniform-guidelines",
    "equal-access",
    "eu-ai-act-deployers",
    "eu-ai-act-workplace",
    "eu-platform-work-directive",
    "eu-platform-work-directive-2026",
    "gdpr-employment",
    "nyc-ll144",
    "supply-chain-wages",
    "us-california-ads",
    "us-colorado-sb26-189",
    "us-illinois-hb3773",
]
#: Every case of every shipped pack, run once through the code of ``policies test``.
FIXTURE_RUNS = {run.pack.pack: run for run in check_packs([REPO_POLICIES])}


def _scope_kind(rule: Rule) -> str:
    return "audit" if rule.scope == "any" else rule.scope


def _evaluate(pack: PolicyPack, rule: Rule, facts: dict[str, object], lang: str = "en"):
    single = PolicyPack(**{**pack.__dict__, "rules": (rule,)})
    scope = FactScope(_scope_kind(rule), "fixture", dict(facts))  # type: ignore[arg-type]
    (finding,) = evaluate_policies([single], [scope], lang=lang)
    return finding


@pytest.mark.parametrize("name", SHIPPED_PACKS)
def test_shipped_pack_folders_are_valid(name: str) -> None:
    assert (REPO_POLICIES / name / "pack.yaml").is_file()
    assert validate_policy_file(REPO_POLICIES / name) == []
    assert validate_policy_file(REPO_POLICIES / name / "pack.yaml") == []


def test_every_shipped_pack_loads_and_is_found_by_kind() -> None:
    packs = shipped_packs()
    assert [p.path.parent.name for p in packs if p.path] == SHIPPED_PACKS
    assert all(p.path is not None and p.path.name == "pack.yaml" for p in packs)
    hiring = [p.pack for p in default_policy_packs("hiring")]
    monitoring = [p.pack for p in default_policy_packs("monitoring")]
    assert hiring == ["eeoc-uniform-guidelines", "eu-ai-act-deployers", "nyc-ll144",
                      "us-california-ads", "us-colorado-sb26-189", "us-illinois-hb3773"]
    assert monitoring == [
        "cnil-workplace-monitoring", "company-monitoring-policy", "eu-ai-act-deployers",
        "eu-ai-act-workplace", "eu-platform-work-directive", "eu-platform-work-directive-2026",
        "gdpr-employment",
    ]
    # the deployer duties (oversight, information, review) are commitment 3 (autonomy and
    # dignity); every other pack measures its audit kind's commitment
    commitment = {"hiring": 4, "monitoring": 5}
    for kind in ("hiring", "monitoring"):
        for p in default_policy_packs(kind):
            expected = 3 if p.pack in ("eu-ai-act-deployers",
                                       "eu-platform-work-directive-2026") else commitment[kind]
            assert p.commitment == expected, p.pack


def test_pack_folder_names_match_pack_ids() -> None:
    for path in policy_pack_paths(REPO_POLICIES):
        assert validate_policy_file(path) == []
    for pack in shipped_packs():
        assert pack.path is not None and pack.path.parent.name == pack.pack


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=IDS)
def test_rule_texts_exist_in_both_languages(pack: PolicyPack, rule: Rule) -> None:
    for text in (rule.title, rule.message, rule.remediation, pack.title):
        assert text.en.strip() and text.fr.strip()
        assert text.en != text.fr, f"{rule.id}: the French text must be a translation"
    if rule.pass_message is not None:
        assert rule.pass_message.en != rule.pass_message.fr


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=IDS)
def test_rule_has_legal_basis_and_refs(pack: PolicyPack, rule: Rule) -> None:
    assert rule.legal_basis, f"{rule.id} must cite a legal basis"
    if "monitoring" in pack.applies_to and rule.id not in NO_RULEBOOK_ID:
        assert rule.refs, f"{rule.id} must name the rulebook ids it implements"
        for ref in rule.refs:
            assert rule.severity.value in RULEBOOK_SEVERITIES[ref], (rule.id, ref)


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=IDS)
def test_rule_reads_a_documented_fact(pack: PolicyPack, rule: Rule) -> None:
    facts: Any = MONITORING_FACTS if "monitoring" in pack.applies_to else HIRING_FACTS
    if not {"hiring", "monitoring"} & set(pack.applies_to):  # issue 16: facts of the catalogue
        facts = {*HIRING_FACTS, *(f.id for f in load_fact_catalogue().facts
                                  if f.producer[0] in ("access", "supply-chain"))}
    assert rule.metric in facts
    for template in (rule.message.en, rule.message.fr):
        for name in re.findall(r"\{([a-z_]+\.[A-Za-z0-9_.]+)", template):
            assert name in facts, f"{rule.id} message uses undocumented fact {name}"


def test_every_shipped_fixture_passes() -> None:
    assert sorted(FIXTURE_RUNS) == SHIPPED_PACKS
    failed = [(r.rule, r.case, r.problem) for run in FIXTURE_RUNS.values()
              for r in run.results if not r.ok]
    assert failed == []


@pytest.mark.parametrize(("pack", "rule"), RULES, ids=IDS)
def test_rule_fixtures_give_expected_outcomes(pack: PolicyPack, rule: Rule) -> None:
    results = [r for r in FIXTURE_RUNS[pack.pack].results if r.rule == rule.id]
    expected = {"pass": Outcome.PASS}
    if rule.fail_when is not None:
        expected["fail"] = Outcome.FAIL
    if rule.warn_when is not None:
        expected["warn"] = Outcome.WARN
    assert {r.case for r in results} >= set(expected), f"{rule.id}: needs {sorted(expected)}"
    for result in results:
        assert result.ok, (rule.id, result.case, result.problem)
        assert [f.outcome.value for f in result.findings] == [result.expected] * 2
        outcome = Outcome(result.expected)
        if outcome not in expected.values():
            continue
        for lang, finding in zip(("en", "fr"), result.findings, strict=True):
            assert "{" not in finding.message and "}" not in finding.message
            assert "n/a" not in finding.message and "n.d." not in finding.message
            assert finding.metrics[rule.metric] == result.facts[rule.metric]
            assert finding.legal_basis == rule.legal_basis
            assert finding.refs == rule.refs
            if outcome is Outcome.PASS:
                assert finding.remediation is None
            else:
                assert finding.remediation == rule.remediation.get(lang)


def test_every_fixture_belongs_to_a_rule() -> None:
    for pack in shipped_packs():
        assert pack.path is not None
        stems = {p.stem for p in (pack.path.parent / "fixtures").glob("*.yaml")}
        assert stems == {rule.id for rule in pack.rules}, pack.pack


def test_monitoring_packs_cover_the_rulebook() -> None:
    refs = {ref for pack in default_policy_packs("monitoring") for r in pack.rules
            for ref in r.refs}
    assert refs >= REQUIRED_MONITORING_REFS


def test_every_monitoring_fact_is_read_by_a_rule() -> None:
    read: set[str] = set()
    for pack in default_policy_packs("monitoring"):
        for rule in pack.rules:
            read.add(rule.metric)
            for template in (rule.message.en, rule.message.fr):
                read.update(re.findall(r"\{([a-z_]+\.[A-Za-z0-9_.]+)", template))
    assert read == set(MONITORING_FACTS)


def test_every_hiring_fact_is_used_by_a_rule() -> None:
    used: set[str] = set()
    for pack in default_policy_packs("hiring"):
        for rule in pack.rules:
            used.add(rule.metric)
            used.update(re.findall(r"\{([a-z_]+\.[A-Za-z0-9_.]+)", rule.message.en))
    assert used == set(HIRING_FACTS)


def test_each_fact_is_read_by_one_rule_only() -> None:
    """Within the packs of one audit kind (the equal-access pack reads the hiring core's table
    facts with its own thresholds, for other kinds)."""
    by_kinds: dict[tuple[str, ...], list[str]] = {}
    for pack, rule in RULES:
        by_kinds.setdefault(tuple(pack.applies_to), []).append(rule.metric)
    for metrics in by_kinds.values():
        assert len(metrics) == len(set(metrics))


def test_contract_example_rule() -> None:
    """contracts.md (Findings) shows pwd.art7.union_activity; the pack must match it."""
    pack = next(p for p in shipped_packs() if p.pack == "eu-platform-work-directive")
    rule = pack.rule("pwd.art7.union_activity")
    finding = _evaluate(pack, rule, {"privacy.union_activity_workers": 2,
                                     "privacy.records_with.TRADE_UNION": 3})
    doc = finding.to_dict()
    assert doc["policy"] == "eu-platform-work-directive" and doc["policy_version"] == "1"
    assert doc["commitment"] == 5 and doc["severity"] == "critical" and doc["outcome"] == "fail"
    assert doc["refs"] == ["WP-04"]
    assert "Directive (EU) 2024/2831 art. 7(1)(d)" in doc["legal_basis"]
