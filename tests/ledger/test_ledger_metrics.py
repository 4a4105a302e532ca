"""MLflow metrics are the facts: ``metrics_from_facts``."""

from __future__ import annotations

import math

import pytest

from ai_work_audit.ledger import metrics_from_facts


def test_numbers_booleans_and_missing_values() -> None:
    facts = {"hiring.min_impact_ratio": 0.75, "hiring.people": 12,
             "hiring.unknown_reported": True, "hiring.exclusion_justified": False,
             "hiring.max_tpr_gap": None, "hiring.max_abs_z": math.nan, "note.text": "x"}
    assert metrics_from_facts(facts) == {
        "hiring.min_impact_ratio": 0.75, "hiring.people": 12.0,
        "hiring.unknown_reported": 1.0, "hiring.exclusion_justified": 0.0,
        "hiring.max_tpr_gap": None, "hiring.max_abs_z": None}


def test_table_scope_names_and_a_selection() -> None:
    facts = {"hiring.min_impact_ratio": 0.5, "hiring.unknown": 3, "hiring.categories": 4}
    assert metrics_from_facts(facts, scope="sex", only=("hiring.min_impact_ratio",
                                                        "hiring.unknown")) == {
        "min_impact_ratio.sex": 0.5, "unknown.sex": 3.0}


@pytest.mark.parametrize(("fact", "name"), [("privacy.records_with.TRADE_UNION",
                                             "privacy.records_with.TRADE_UNION"),
                                            ("odd:id(x)", "odd_id_x_")])
def test_names_are_mlflow_safe(fact: str, name: str) -> None:
    assert list(metrics_from_facts({fact: 1})) == [name]
