"""Conformance: every indicator of the framework has titles, a scoring rule and a fixture.

Each fixture (tests/indicators/fixtures/<id>.yaml) holds cases — evidence and audit facts in,
the expected state and score out — with at least one case scoring 100 and one scoring 0.
"""

from __future__ import annotations

from typing import Any

import pytest

from ai_work_audit.indicators import Framework, load_framework

from .indicator_helpers import FIXTURES, load_fixture, run_case

FRAMEWORK = load_framework()
IDS = [ind.id for ind in FRAMEWORK.indicators]
RULES_BY_TYPE = {"Q": {"linear", "step", "gate"}, "D": {"levels"}}


def _cases() -> list[Any]:
    params = []
    for ind_id in IDS:
        if not (FIXTURES / f"{ind_id}.yaml").is_file():
            continue
        for case in load_fixture(ind_id)["cases"]:
            params.append(pytest.param(ind_id, case, id=f"{ind_id}: {case['name']}"))
    return params


@pytest.fixture(scope="module")
def framework() -> Framework:
    return FRAMEWORK


def test_framework_has_the_29_indicators_of_indicators_md() -> None:
    # and 4.6, equal access to internal selection processes (issue 16)
    assert len(IDS) == 30 and "4.6" in IDS
    assert [c.id for c in FRAMEWORK.commitments] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("ind_id", IDS)
def test_indicator_has_titles_rule_hint_and_fixture(ind_id: str) -> None:
    ind = FRAMEWORK.indicator(ind_id)
    assert ind.title.en.strip() and ind.title.fr.strip()
    assert ind.title.en != ind.title.fr
    assert ind.hint.en.strip() and ind.hint.fr.strip()
    assert ind.rule.kind in RULES_BY_TYPE[ind.type]
    assert ind.weight > 0
    assert ind.evidence
    path = FIXTURES / f"{ind_id}.yaml"
    assert path.is_file(), f"indicator {ind_id} has no fixture {path.name}"
    fixture = load_fixture(ind_id)
    assert fixture["indicator"] == ind_id
    scores = {case["expect"].get("score") for case in fixture["cases"]}
    assert 100 in scores, f"fixture {ind_id} needs a case scoring 100"
    assert 0 in scores, f"fixture {ind_id} needs a case scoring 0"
    states = {case["expect"]["state"] for case in fixture["cases"]}
    assert {"inconclusive", "not_applicable"} <= states


def test_no_fixture_without_an_indicator() -> None:
    stray = {p.stem for p in FIXTURES.glob("*.yaml")} - set(IDS)
    assert not stray


@pytest.mark.parametrize(("ind_id", "case"), _cases())
def test_fixture_case(framework: Framework, ind_id: str, case: dict[str, Any]) -> None:
    result = run_case(framework, ind_id, case)
    expect = case["expect"]
    assert result.state == expect["state"], result.reason
    if expect["score"] is None:
        assert result.score is None
    else:
        assert result.score == pytest.approx(expect["score"], abs=0.01), result.reason
    if "value" in expect:
        assert result.value == pytest.approx(expect["value"])
    if "level" in expect:
        assert result.level == expect["level"]
    if "reason_contains" in expect:
        assert expect["reason_contains"] in result.reason
    assert result.reason and "\n" not in result.reason
    if result.state != "inconclusive":
        assert result.evidence, "a scored or not applicable result must show its evidence"
