"""Self-assessments from a workspace with a real MLflow store and declared evidence."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from ai_work_audit.assessment import (
    build_self_assessment,
    check_declaration,
    collect_audit_facts,
    consolidate_workspace,
    default_as_of,
    evidence_facts,
    organisations,
    record_audit_evidence,
)
from ai_work_audit.errors import EvidenceError
from ai_work_audit.indicators import SELF_ASSESSMENT_SCHEMA
from ai_work_audit.ledger import add_evidence, list_evidence, verify_evidence

from .conftest import ORG


def test_recorded_hiring_audit_scores_4_1(recorded: Path) -> None:
    facts = collect_audit_facts(ORG)
    assert len(facts) == 1 and facts[0].kind == "hiring" and facts[0].system == "screener"
    assert facts[0].run_uri.startswith("mlflow-run:")
    year = str(facts[0].created_at.year)
    assessment = build_self_assessment(ORG, year)
    result = assessment.indicator("4.1")
    assert result.state == "scored" and result.score is not None
    assert result.value == facts[0].metrics["hiring.min_impact_ratio_over_2pct"]
    assert result.evidence[0].uri == facts[0].run_uri
    assert assessment.indicator("4.2").state == "scored"
    assert assessment.indicator("2.1").score == pytest.approx(60.0)
    assert assessment.indicator("6.3").state == "not_applicable"
    assert assessment.indicator("5.1").state == "inconclusive"
    doc = assessment.to_dict()
    assert doc["schema"] == SELF_ASSESSMENT_SCHEMA and doc["organisation"] == ORG
    assert set(doc["commitments"][0]) >= {"id", "score", "coverage", "band", "indicators"}
    assert set(doc["commitments"][3]["indicators"][0]) >= {"id", "state", "score", "value",
                                                          "reason", "evidence"}
    assert organisations() == [ORG]


def test_audit_before_the_period_does_not_count(recorded: Path) -> None:
    assessment = build_self_assessment(ORG, "2020")
    assert assessment.indicator("4.1").state == "inconclusive"


def test_record_audit_evidence_is_read_back_once(tmp_path: Path) -> None:
    import json

    doc = json.loads((Path(__file__).resolve().parents[1] / "reports" / "fixtures" /
                      "hiring_selection.json").read_text(encoding="utf-8"))
    first = record_audit_evidence("run123", doc)
    assert first.seq == 1 and first.kind == "audit_run"
    assert first.uri == "mlflow-run:run123" and first.indicator == "4.2"
    facts = collect_audit_facts("acme-logistics")
    assert [f.run_uri for f in facts] == ["mlflow-run:run123"]
    assert verify_evidence() == []
    assessment = build_self_assessment("acme-logistics", "2026",
                                       as_of=datetime(2026, 6, 30, tzinfo=UTC))
    assert assessment.indicator("4.1").state == "scored"
    assert assessment.indicator("4.1").evidence[0].sha256 == first.file_sha256


def test_default_as_of_is_the_end_of_the_period_or_now() -> None:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    assert default_as_of("2025", now) == datetime(2026, 1, 1, tzinfo=UTC)
    assert default_as_of("2026", now) == now


def test_check_declaration_uses_the_framework() -> None:
    check_declaration("2.1", value=0.5)
    check_declaration("1.2", level=50)
    with pytest.raises(EvidenceError, match="quantitative"):
        check_declaration("2.1", level=50)
    with pytest.raises(EvidenceError, match="declarative"):
        check_declaration("1.2", value=0.5)
    with pytest.raises(EvidenceError, match="between 0 and 1"):
        check_declaration("2.1", value=1.5)
    with pytest.raises(EvidenceError, match="lacks"):
        check_declaration("9.9", value=1)


def test_evidence_facts_feed_the_ai_act_rules() -> None:
    add_evidence(organisation="o", indicator="2.1", value=0.3, collected_at="2026-01-01")
    facts = evidence_facts("o", as_of=datetime(2026, 6, 1, tzinfo=UTC))
    assert facts == {"evidence.ai_literacy_training_share": 0.3,
                     "evidence.representatives_informed_share": None}


def test_consolidate_workspace_suppresses_below_the_minimum() -> None:
    for org in ("a", "b", "c"):
        add_evidence(organisation=org, indicator="2.1", value=0.9, collected_at="2026-01-01")
    doc = consolidate_workspace("2026", as_of=datetime(2026, 6, 30, tzinfo=UTC))
    assert doc["organisations"] == 3
    assert doc["indicators"][0]["score"] == {"suppressed": True}
    open_doc = consolidate_workspace("2026", min_organisations=3,
                                     as_of=datetime(2026, 6, 30, tzinfo=UTC))
    by_id = {i["id"]: i for i in open_doc["indicators"]}
    assert by_id["2.1"]["score"]["median"] == 100.0
    assert len(list_evidence()) == 3
