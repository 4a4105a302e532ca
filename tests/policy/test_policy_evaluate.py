"""evaluate_policies: outcomes, messages in both languages, metrics and order."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policy_helpers import FIXTURES, shipped_packs

from ai_work_audit.errors import ConfigError, InputError, PolicyError
from ai_work_audit.findings import Outcome, Severity
from ai_work_audit.policy import (
    FactScope,
    PolicyPack,
    default_policy_packs,
    evaluate_policies,
    load_policy_pack,
)
from ai_work_audit.vocab._messages import message

EEOC_FACTS = {
    "hiring.adverse_impact_categories": 1,
    "hiring.adverse_impact_names": "Female",
    "hiring.min_impact_ratio": 0.5,
    "hiring.significant_adverse_categories": 0,
    "hiring.small_sample_adverse_categories": 1,
    "hiring.max_abs_z": 2.345,
}


def _pack(pack_id: str) -> PolicyPack:
    return next(p for p in shipped_packs() if p.pack == pack_id)


def test_four_fifths_message_in_english_and_french() -> None:
    scope = FactScope("table", "sex", dict(EEOC_FACTS))
    en = evaluate_policies([_pack("eeoc-uniform-guidelines")], [scope])[0]
    fr = evaluate_policies([_pack("eeoc-uniform-guidelines")], [scope], lang="fr")[0]
    assert en.outcome is fr.outcome is Outcome.FAIL
    assert en.message.startswith("sex: categories whose rate (of selection, or of scoring")
    assert ": 1 — Female (lowest impact ratio 0.50);" in en.message  # names the category
    assert fr.message.startswith("sex : catégories dont le taux (de sélection, ou de notation")
    assert ": 1 — Female (rapport d'impact le plus bas : 0,50) ;" in fr.message
    assert en.remediation is not None and en.remediation.startswith("Review the selection")
    assert fr.remediation is not None and fr.remediation.startswith("Réexaminer")
    assert en.metrics == {"hiring.adverse_impact_categories": 1, "hiring.min_impact_ratio": 0.5}
    assert en.scope == "sex" and en.severity is Severity.HIGH
    assert en.legal_basis == ("29 CFR 1607.4(D)",) and en.refs == ()


def test_share_formatting_and_threshold() -> None:
    scope = FactScope("audit", "audit", {"surveillance.disconnect_share": 0.234,
                                         "surveillance.disconnect_workers_above": 23,
                                         "surveillance.disconnect_workers_active": 100})
    rule = _pack("cnil-workplace-monitoring").rule("cnil.right_to_disconnect")
    single = PolicyPack(**{**_pack("cnil-workplace-monitoring").__dict__, "rules": (rule,)})
    (en,) = evaluate_policies([single], [scope])
    (fr,) = evaluate_policies([single], [scope], lang="fr")
    assert en.outcome is Outcome.WARN
    assert en.message.startswith("23% of the workers with activity of their own")
    assert "(23 of 100 workers; threshold 10%)" in en.message
    assert fr.message.startswith("23\u202f% des salariés ayant une activité propre")
    assert "seuil 10\u202f%" in fr.message


def test_missing_fact_in_message_reads_not_available() -> None:
    facts = {"hiring.adverse_impact_categories": 2, "hiring.min_impact_ratio": None}
    finding = evaluate_policies([_pack("eeoc-uniform-guidelines")],
                                [FactScope("table", "race", facts)])[0]
    assert finding.outcome is Outcome.FAIL
    assert "(lowest impact ratio n/a)" in finding.message
    fr = evaluate_policies([_pack("eeoc-uniform-guidelines")],
                           [FactScope("table", "race", facts)], lang="fr")[0]
    assert "(rapport d'impact le plus bas : n.d.)" in fr.message


@pytest.mark.parametrize("value", [None, math.nan, "absent"])
def test_not_available(value: object) -> None:
    facts = {} if value == "absent" else {"hiring.adverse_impact_categories": value}
    scope = FactScope("table", "sex", facts)  # type: ignore[arg-type]
    finding = evaluate_policies([_pack("eeoc-uniform-guidelines")], [scope])[0]
    assert finding.outcome is Outcome.NOT_AVAILABLE
    assert finding.severity is Severity.HIGH
    assert finding.metrics == {"hiring.adverse_impact_categories": None}
    assert "'hiring.adverse_impact_categories' was not available" in finding.message
    assert finding.remediation is None


def test_not_applicable_once_per_rule() -> None:
    findings = evaluate_policies(default_policy_packs("hiring"), [FactScope("audit", "audit")])
    table_rules = [f for f in findings if f.policy == "eeoc-uniform-guidelines"]
    assert [f.outcome for f in table_rules] == [Outcome.NOT_APPLICABLE] * 4
    assert all(f.scope is None for f in table_rules)
    assert "no 'table' scope" in table_rules[0].message
    nyc = [f for f in findings if f.policy == "nyc-ll144"]
    # three audit-scope rules without their facts; nyc.ll144.missing_data is per table; then
    # the notice and publication rules without declarations
    assert [f.outcome for f in nyc] == ([Outcome.NOT_AVAILABLE] * 3 + [Outcome.NOT_APPLICABLE]
                                        + [Outcome.NOT_AVAILABLE] * 2)


def test_wrong_fact_type_is_an_error_outcome() -> None:
    scope = FactScope("audit", "audit", {"hiring.unknown_reported": 1,
                                         "hiring.required_tables_missing": "two"})
    findings = evaluate_policies([_pack("nyc-ll144")], [scope])
    assert [f.outcome for f in findings][:2] == [Outcome.ERROR, Outcome.ERROR]
    assert "must be a number; got str instead" in findings[0].message
    assert "must be true or false; got int instead" in findings[1].message


def test_order_is_pack_then_rule_then_scope() -> None:
    packs = default_policy_packs("hiring")
    scopes = [FactScope("table", name, dict(EEOC_FACTS)) for name in ("sex", "race", "sex × race")]
    scopes.append(FactScope("audit", "audit", {"hiring.required_tables_missing": 0}))
    findings = evaluate_policies(packs, scopes)
    got = [(f.rule, f.scope) for f in findings]
    expected = [(r.id, s.name) for p in packs for r in p.rules for s in scopes
                if r.applies_to_scope(s.kind)]
    assert got == expected
    assert findings == evaluate_policies(packs, scopes)  # deterministic
    reversed_packs = evaluate_policies(list(reversed(packs)), scopes)
    assert reversed_packs[0].policy == packs[-1].pack


def test_any_scope_matches_every_kind(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_pack.yaml").read_text(encoding="utf-8")
    path = tmp_path / "any.yaml"
    path.write_text(text.replace("scope: table", "scope: any"), encoding="utf-8")
    scopes = [FactScope("audit", "a", {"hiring.adverse_impact_categories": 0}),
              FactScope("table", "t", {"hiring.adverse_impact_categories": 3})]
    findings = evaluate_policies([load_policy_pack(path)], scopes)
    assert [(f.scope, f.outcome) for f in findings] == [("a", Outcome.PASS), ("t", Outcome.FAIL)]
    assert findings[0].message == "First rule — a: no problem found " \
        "(hiring.adverse_impact_categories = 0)."


def test_metrics_never_hold_strings(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_pack.yaml").read_text(encoding="utf-8")
    text = text.replace('fail_when: {op: ">", value: 0}', 'fail_when: {op: "==", value: "bad"}')
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    scope = FactScope("table", "t", {"hiring.adverse_impact_categories": "bad"})
    (finding,) = evaluate_policies([load_policy_pack(path)], [scope])
    assert finding.outcome is Outcome.FAIL and finding.metrics == {}


def test_bad_language() -> None:
    with pytest.raises(ConfigError, match="must be one of en, fr; got 'de' instead"):
        evaluate_policies([], [], lang="de")


def test_duplicate_scopes() -> None:
    scopes = [FactScope("table", "sex"), FactScope("table", "sex")]
    with pytest.raises(InputError, match="distinct"):
        evaluate_policies([], scopes)


def test_duplicate_packs_at_evaluation() -> None:
    pack = _pack("nyc-ll144")
    with pytest.raises(PolicyError, match="must be unique"):
        evaluate_policies([pack, pack], [])


def test_fact_scope_checks() -> None:
    with pytest.raises(ValueError, match="kind must be one of"):
        FactScope("tabel", "sex")
    with pytest.raises(TypeError, match="1 fact"):
        FactScope("audit", "a", {"x.y": [1, 2]})  # type: ignore[dict-item]


@pytest.mark.parametrize("msg_id", ["policy.finding.not_available",
                                    "policy.finding.not_applicable", "policy.finding.passed",
                                    "policy.finding.wrong_fact_type"])
def test_evaluator_texts_exist_in_both_languages(msg_id: str) -> None:
    assert message(msg_id, "en") != message(msg_id, "fr")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    "facts", [EEOC_FACTS, {}, {**EEOC_FACTS, "hiring.adverse_impact_categories": 0}],
    ids=["fail", "not_available", "pass"])
def test_every_finding_carries_both_languages(lang: str, facts: dict) -> None:
    pack = _pack("eeoc-uniform-guidelines")
    findings = evaluate_policies([pack], [FactScope("table", "sex", dict(facts))], lang=lang)
    for finding, other in zip(findings, evaluate_policies(
            [pack], [FactScope("table", "sex", dict(facts))], lang="fr" if lang == "en" else "en"),
            strict=True):
        assert set(finding.messages) == {"en", "fr"}
        assert finding.message == finding.messages[lang] == other.messages[lang]
        assert finding.messages["en"] != finding.messages["fr"]
        assert finding.to_dict()["messages"] == finding.messages
        if finding.outcome in (Outcome.FAIL, Outcome.WARN):
            assert finding.remediation == finding.remediations[lang]
            assert set(finding.remediations) == {"en", "fr"}
        else:
            assert finding.remediation is None and finding.remediations == {}
            assert "remediations" not in finding.to_dict()


def test_not_applicable_carries_both_languages() -> None:
    (finding, *_) = evaluate_policies([_pack("eeoc-uniform-guidelines")],
                                      [FactScope("audit", "audit", {})])
    assert finding.outcome is Outcome.NOT_APPLICABLE
    assert "no 'table' scope" in finding.messages["en"]
    assert "aucun périmètre « table »" in finding.messages["fr"]


@given(workers=st.integers(min_value=0, max_value=10_000),
       events=st.integers(min_value=0, max_value=10**9))
def test_off_hours_outcome_follows_thresholds(workers: int, events: int) -> None:
    """WP-03 per worker: any worker captured passively outside working time fails, however
    small a share of the log the events are (rulebook, "Passive capture ...")."""
    pack = _OFF_HOURS_PACK
    facts = {"surveillance.passive_off_hours_workers": workers,
             "surveillance.passive_off_hours_events": events,
             "surveillance.passive_off_hours_types": "screenshot"}
    (finding,) = evaluate_policies([pack], [FactScope("audit", "audit", facts)])
    assert finding.outcome is (Outcome.FAIL if workers > 0 else Outcome.PASS)
    assert finding.metrics["surveillance.passive_off_hours_workers"] == workers


_PWD = next(p for p in shipped_packs() if p.pack == "eu-platform-work-directive")
_OFF_HOURS_PACK = PolicyPack(**{**_PWD.__dict__, "rules": (_PWD.rule("pwd.art7.off_hours"),)})
