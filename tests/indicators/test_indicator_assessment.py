"""Self-assessment: inputs checked at the boundary, states, commitments, the v1 document."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from ai_work_audit.errors import ConfigError, EvidenceError
from ai_work_audit.indicators import (
    SELF_ASSESSMENT_SCHEMA,
    AuditFacts,
    EvidenceItem,
    Framework,
    load_framework,
    parse_period,
)
from ai_work_audit.indicators._records import MSG_NA_JUSTIFICATION, MSG_ONE_OF

from .indicator_helpers import AS_OF, assess, audit, evidence, when

FRAMEWORK = load_framework()


@pytest.fixture(scope="module")
def framework() -> Framework:
    return FRAMEWORK


# ------------------------------------------------------------------------- boundary checks


@pytest.mark.parametrize("why", ["", "   ", "\n\t"])
def test_not_applicable_requires_a_written_justification(why: str) -> None:
    with pytest.raises(EvidenceError) as info:
        evidence("4.1", not_applicable=why)
    assert str(info.value) == MSG_NA_JUSTIFICATION.format(indicator="4.1")


@pytest.mark.parametrize(
    ("fields", "count"),
    [({}, 0), ({"level": 50, "value": 0.5}, 2), ({"value": 1.0, "not_applicable": "why"}, 2)],
)
def test_exactly_one_of_level_value_not_applicable(fields: dict[str, object], count: int) -> None:
    with pytest.raises(EvidenceError) as info:
        evidence("1.1", **fields)
    assert str(info.value) == MSG_ONE_OF.format(indicator="1.1", count=count)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": 60}, "level for indicator 1.2 must be one of"),
        ({"level": True}, "level for indicator 1.2 must be one of"),
        ({"value": float("nan")}, "finite number"),
        ({"value": 0.5, "method": "guess"}, "method must be one of"),
        ({"value": 0.5, "sha256": "abc"}, "sha256 must be 64 hexadecimal characters; got 3"),
        ({"value": 0.5, "collected_at": datetime(2026, 1, 1)}, "collected_at must be a timezone"),
        ({"value": 0.5, "expires_at": datetime(2026, 1, 1)}, "expires_at must be a timezone"),
    ],
)
def test_bad_evidence_items(fields: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"indicator": "1.2", "collected_at": AS_OF, **fields}
    with pytest.raises(EvidenceError, match=message):
        EvidenceItem(**args)


def test_bad_audit_facts() -> None:
    with pytest.raises(EvidenceError, match="people"):
        audit(people=-1)
    with pytest.raises(EvidenceError, match="created_at"):
        AuditFacts(
            kind="hiring",
            system="x",
            run_uri="r",
            sha256=None,  # type: ignore[arg-type]
            created_at=datetime(2026, 1, 1),
        )


def test_evidence_problems_are_collected_before_raising(framework: Framework) -> None:
    items = [
        evidence("9.9", value=1.0),  # unknown indicator
        evidence("1.1", level=50),  # a level on a Q indicator
        evidence("1.2", value=0.5),  # a value on a D indicator
        evidence("2.1", value=1.5),  # a share above 1
        evidence("4.2", value=2.5),  # not a whole number of systems
        evidence("2.4", value=-1),  # negative hours
    ]
    with pytest.raises(EvidenceError, match=r"^6 problems: ") as info:
        assess(framework, evidence_items=items)
    text = str(info.value)
    for n in range(6):
        assert f"evidence[{n}]" in text
    assert "1.5" not in text and "2.5" not in text  # values are not echoed


def test_naive_as_of_and_empty_organisation(framework: Framework) -> None:
    with pytest.raises(EvidenceError, match="as_of"):
        assess(framework, as_of=datetime(2026, 6, 30))
    from ai_work_audit.indicators import score_self_assessment

    with pytest.raises(ConfigError, match="organisation"):
        score_self_assessment(
            framework, organisation=" ", period="2026", evidence=[], audit_facts=[], as_of=AS_OF
        )


# ------------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("2026", "2026-01-01", "2027-01-01"),
        ("2026-Q1", "2026-01-01", "2026-04-01"),
        ("2026-Q4", "2026-10-01", "2027-01-01"),
        ("2026-H2", "2026-07-01", "2027-01-01"),
        ("2026-02", "2026-02-01", "2026-03-01"),
        ("2025-07-01/2026-06-30", "2025-07-01", "2026-07-01"),
    ],
)
def test_parse_period(period: str, start: str, end: str) -> None:
    assert parse_period(period) == (when(start), when(end))


@pytest.mark.parametrize(
    "period", ["", "26", "2026-Q5", "2026-H3", "2026-13", "2026-03-01/2026-01-01", "last year"]
)
def test_bad_period(period: str) -> None:
    with pytest.raises(ConfigError, match="period must be"):
        parse_period(period)


# ------------------------------------------------------------------------------- states


@pytest.mark.parametrize(
    ("expires_at", "state"),
    [
        ("2026-06-29", "inconclusive"),
        ("2026-06-30", "scored"),
        ("2027-01-01", "scored"),
        (None, "scored"),
    ],
)
def test_expiry(framework: Framework, expires_at: str | None, state: str) -> None:
    item = evidence("2.1", value=0.9, expires_at=expires_at)
    result = assess(framework, evidence_items=[item]).indicator("2.1")
    assert result.state == state
    if state == "inconclusive":
        assert result.score is None
        assert "expired on 2026-06-29" in result.reason
        assert result.evidence[0].expires_at == when("2026-06-29")


def test_latest_expired_evidence_is_not_replaced_by_an_older_one(framework: Framework) -> None:
    items = [
        evidence("2.1", value=0.9, collected_at="2025-01-01"),
        evidence("2.1", value=0.9, collected_at="2026-01-01", expires_at="2026-02-01"),
    ]
    assert assess(framework, evidence_items=items).indicator("2.1").state == "inconclusive"


def test_evidence_collected_after_as_of_is_ignored(framework: Framework) -> None:
    items = [
        evidence("2.1", value=0.4, collected_at="2026-01-01"),
        evidence("2.1", value=0.9, collected_at="2026-07-01"),
    ]
    assert assess(framework, evidence_items=items).indicator("2.1").score == 0.0


@pytest.mark.parametrize(
    ("people", "state"),
    [(0, "inconclusive"), (29, "inconclusive"), (30, "scored"), (5000, "scored")],
)
def test_4_1_needs_30_people(framework: Framework, people: int, state: str) -> None:
    a = audit(people=people, metrics={"hiring.min_impact_ratio_over_2pct": 0.8})
    result = assess(framework, audits=[a]).indicator("4.1")
    assert result.state == state
    assert result.score == (70.0 if state == "scored" else None)


def test_4_1_reason_and_evidence(framework: Framework) -> None:
    audits = [
        audit(1, system="ranker", metrics={"hiring.min_impact_ratio_over_2pct": 0.95}),
        audit(2, system="screener", metrics={"hiring.min_impact_ratio_over_2pct": 0.72}),
        audit(3, system="chatbot", metrics={"hiring.min_impact_ratio_over_2pct": 0.91}),
    ]
    result = assess(framework, audits=audits).indicator("4.1")
    assert result.reason == (
        "minimum impact ratio 0.72 across 3 hiring audits (worst: screener); "
        "≤ 0.60 → 0, 0.80 → 70, ≥ 0.90 → 100: scores 42"
    )
    assert [e.uri for e in result.evidence] == ["runs:/3", "runs:/1", "runs:/2"]
    assert {e.method for e in result.evidence} == {"test"}


def test_gate_reads_findings_by_rule_id_too(framework: Framework) -> None:
    a = audit(kind="monitoring", metrics={"privacy.emotion_inference_events": 0})
    b = audit(1, kind="monitoring", system="cam", findings=[{"rule": "WP-01"}])
    result = assess(framework, audits=[a, b]).indicator("3.3")
    assert result.score == 0.0
    assert "1 failed finding (WP-01)" in result.reason


# --------------------------------------------------------------------------- commitments


def _all_hiring_good() -> list[AuditFacts]:
    return [
        audit(
            metrics={
                "hiring.min_impact_ratio_over_2pct": 0.95,
                "hiring.max_tpr_gap": 0.01,
                "hiring.min_representativeness": 0.9,
            }
        )
    ]


def test_critical_indicator_at_0_caps_commitment_at_40(framework: Framework) -> None:
    audits = [
        audit(
            metrics={
                "hiring.min_impact_ratio_over_2pct": 0.5,
                "hiring.max_tpr_gap": 0.01,
                "hiring.min_representativeness": 0.9,
            }
        )
    ]
    items = [evidence("4.2", value=1), evidence("4.5", level=100)]
    c4 = assess(framework, evidence_items=items, audits=audits).commitment(4)
    # uncapped: (0*10 + 100*10 + 100*7.5 + 100*5 + 100*5) / 37.5 = 73.33
    assert c4.score == 40.0
    assert c4.band == "off_track"
    assert c4.capped_by == ("4.1",)
    assert "capped at 40: critical 4.1 scored 0" in c4.reason


def test_full_evidence_on_track(framework: Framework) -> None:
    items = [evidence("4.2", value=1), evidence("4.5", level=100), evidence("4.6", value=0.95)]
    c4 = assess(framework, evidence_items=items, audits=_all_hiring_good()).commitment(4)
    assert (c4.score, c4.coverage, c4.band) == (100.0, 1.0, "on_track")


def test_coverage_under_60_percent_is_insufficient_evidence(framework: Framework) -> None:
    # commitment 5: 10 + 7.5 * 3 + 10 + 5 = 47.5; 5.2 alone covers 7.5 / 47.5
    a = audit(kind="monitoring", metrics={"surveillance.off_hours_share": 0.0})
    c5 = assess(framework, audits=[a]).commitment(5)
    assert c5.score == 100.0
    assert c5.coverage == pytest.approx(0.1579)
    assert c5.band == "insufficient_evidence"


def test_not_applicable_leaves_the_coverage_denominator(framework: Framework) -> None:
    na = [evidence(i, not_applicable="We use no hiring tools.")
          for i in ("4.2", "4.3", "4.4", "4.6")]
    items = [*na, evidence("4.1", value=0.85), evidence("4.5", level=50)]
    c4 = assess(framework, evidence_items=items).commitment(4)
    assert c4.coverage == 1.0
    assert c4.score == pytest.approx((85 * 10 + 50 * 5) / 15, abs=0.01)
    assert c4.band == "partial"


def test_all_not_applicable_commitment(framework: Framework) -> None:
    items = [
        evidence(i.id, not_applicable="No value chain.")
        for i in framework.commitments[5].indicators
    ]
    c6 = assess(framework, evidence_items=items).commitment(6)
    assert (c6.score, c6.coverage, c6.band) == (None, None, "not_applicable")


# ------------------------------------------------------------------------------ document


def test_document_has_the_contract_shape(framework: Framework) -> None:
    items = [evidence("1.2", level=75), evidence("2.1", not_applicable="No AI users yet.")]
    doc = assess(framework, evidence_items=items, audits=_all_hiring_good()).to_dict()
    json.dumps(doc)  # serialisable as is
    assert doc["schema"] == SELF_ASSESSMENT_SCHEMA
    assert doc["organisation"] == "acme" and doc["period"] == "2026"
    assert doc["framework"] == {"id": "pledge-2025", "version": "1"}
    assert doc["overrides"] == []
    assert [c["id"] for c in doc["commitments"]] == [1, 2, 3, 4, 5, 6]
    assert doc["totals"]["indicators"] == 30  # 29 of indicators.md, and 4.6 (issue 16)
    for c in doc["commitments"]:
        assert {"id", "score", "coverage", "band", "indicators"} <= set(c)
        assert c["band"] in {
            "on_track",
            "partial",
            "off_track",
            "insufficient_evidence",
            "not_applicable",
        }
        for i in c["indicators"]:
            assert {"id", "state", "score", "value", "reason", "evidence"} <= set(i)
            assert {"title", "hint", "weight", "type"} <= set(i)
            assert i["state"] in {"scored", "not_applicable", "inconclusive"}
            if i["state"] != "scored":
                assert i["score"] is None  # inconclusive is null, never 0
            for e in i["evidence"]:
                assert set(e) == {"uri", "sha256", "method", "collected_at", "expires_at"}
    by_id = {i["id"]: i for c in doc["commitments"] for i in c["indicators"]}
    assert len(by_id) == 30  # nothing dropped
    assert by_id["1.1"]["state"] == "inconclusive"
    assert by_id["2.1"]["reason"] == "not applicable: No AI users yet."
    assert by_id["4.1"]["evidence"][0]["collected_at"] == "2026-03-01T00:00:00+00:00"
    assert by_id["1.2"]["title"]["fr"].startswith("Profondeur")


@pytest.mark.parametrize(
    ("ind_id", "facts", "note"),
    [
        ("4.1", {"metrics": {"hiring.min_impact_ratio_over_2pct": 0.9}}, "measured by 1 audit"),
        (
            "5.1",
            {"kind": "monitoring", "metrics": {"privacy.prohibited_category_records": 0}},
            "measured by 1 audit",
        ),
        ("4.2", {}, "audits show 1 hiring systems"),
    ],
)
def test_audits_overrule_a_declared_not_applicable(
    framework: Framework, ind_id: str, facts: dict[str, Any], note: str
) -> None:
    item = evidence(ind_id, not_applicable="We do not do this.")
    result = assess(framework, evidence_items=[item], audits=[audit(**facts)]).indicator(ind_id)
    assert result.state == "scored"
    assert "declared not applicable" in result.reason and note in result.reason
