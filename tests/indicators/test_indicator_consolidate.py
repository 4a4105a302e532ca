"""Consolidation across organisations, with suppression below a minimum number of them."""

from __future__ import annotations

from typing import Any

import pytest

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.indicators import (
    CONSOLIDATED_SCHEMA,
    SUPPRESSED,
    Framework,
    consolidate,
    load_framework,
    score_self_assessment,
)

from .indicator_helpers import AS_OF, audit, evidence

FRAMEWORK = load_framework()


@pytest.fixture(scope="module")
def framework() -> Framework:
    return FRAMEWORK


def _doc(org: str, ratio: float | None, *, period: str = "2026") -> dict[str, Any]:
    """One organisation: 4.1 from a hiring audit (or nothing), 1.2 declared at level 50."""
    audits = [] if ratio is None else [audit(metrics={"hiring.min_impact_ratio_over_2pct": ratio})]
    return score_self_assessment(
        FRAMEWORK,
        organisation=org,
        period=period,
        evidence=[evidence("1.2", level=50), evidence("6.1", not_applicable="No data work.")],
        audit_facts=audits,
        as_of=AS_OF,
    ).to_dict()


def _indicator(doc: dict[str, Any], ind_id: str) -> dict[str, Any]:
    return next(i for i in doc["indicators"] if i["id"] == ind_id)


def test_five_organisations_are_reported() -> None:
    ratios = [0.6, 0.7, 0.8, 0.9, 1.0]  # scores 0, 35, 70, 100, 100
    out = consolidate([_doc(f"org{n}", r) for n, r in enumerate(ratios)], period="2026")
    assert out["schema"] == CONSOLIDATED_SCHEMA
    assert out["organisations"] == 5
    ind = _indicator(out, "4.1")
    assert ind["organisations"] == {"scored": 5, "not_applicable": 0, "inconclusive": 0}
    assert ind["score"] == {
        "n": 5,
        "min": 0.0,
        "q1": 35.0,
        "median": 70.0,
        "q3": 100.0,
        "max": 100.0,
        "mean": 61.0,
    }
    assert _indicator(out, "6.1")["organisations"]["not_applicable"] == 5
    assert _indicator(out, "6.1")["score"] == SUPPRESSED  # nobody scored
    assert _indicator(out, "1.2")["score"]["median"] == 50.0
    assert out["notes"] == []
    assert "fewer than 5 organisations" in out["suppression"]["reason"]


@pytest.mark.parametrize("n", [0, 1, 4])
def test_fewer_than_five_organisations_suppresses_every_figure(n: int) -> None:
    out = consolidate([_doc(f"org{i}", 0.9) for i in range(n)], period="2026")
    for section in ("indicators", "commitments"):
        for entry in out[section]:
            assert all(v == SUPPRESSED for v in entry["organisations"].values())
            assert entry["score"] == SUPPRESSED
    if n:
        assert out["notes"] and "every figure is suppressed" in out["notes"][0]
        assert out["suppression"]["suppressed_figures"] > 0


def test_distribution_resting_on_four_scored_organisations_is_suppressed() -> None:
    docs = [_doc(f"org{i}", 0.9) for i in range(4)] + [_doc("org4", None), _doc("org5", None)]
    out = consolidate(docs, period="2026")
    ind = _indicator(out, "4.1")
    assert ind["organisations"] == {"scored": 4, "not_applicable": 0, "inconclusive": 2}
    assert ind["score"] == SUPPRESSED


def test_min_organisations_can_be_lowered_or_raised() -> None:
    docs = [_doc(f"org{i}", 0.9) for i in range(3)]
    out = consolidate(docs, period="2026", min_organisations=3)
    assert _indicator(out, "4.1")["score"]["n"] == 3
    out = consolidate(docs, period="2026", min_organisations=1)
    assert _indicator(out, "4.1")["score"]["median"] == 100.0


def test_commitment_states_and_bands() -> None:
    out = consolidate([_doc(f"org{i}", 0.9) for i in range(5)], period="2026")
    c1 = next(c for c in out["commitments"] if c["id"] == 1)
    # commitment 1: only 1.2 scored (high, 7.5 of 10 + 7.5 + 5 + 5) -> insufficient evidence
    assert c1["organisations"] == {"scored": 0, "not_applicable": 0, "inconclusive": 5}
    assert c1["bands"]["insufficient_evidence"] == 5
    assert c1["score"] == SUPPRESSED
    assert c1["coverage"]["median"] == 0.2727


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(period="2025"), "period must be the consolidated period"),
        (lambda d: d.update(schema="other"), "schema must be"),
        (lambda d: d["framework"].update(version="2"), "framework must be the same"),
        (lambda d: d.update(organisation="org0"), "repeats the organisation of assessments[0]"),
        (lambda d: d["commitments"].pop(), "same commitments and indicators"),
    ],
)
def test_inconsistent_inputs(mutate: Any, message: str) -> None:
    docs = [_doc(f"org{i}", 0.9) for i in range(2)]
    mutate(docs[1])
    with pytest.raises(InputError) as info:
        consolidate(docs, period="2026")
    assert message in str(info.value)


@pytest.mark.parametrize("k", [0, -1, 2.5, True])
def test_bad_min_organisations(k: Any) -> None:
    with pytest.raises(ConfigError, match="min_organisations"):
        consolidate([], period="2026", min_organisations=k)
