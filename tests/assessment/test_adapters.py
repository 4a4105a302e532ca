"""Adapters: audit documents → AuditFacts, evidence entries → EvidenceItem."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ai_work_audit.assessment import (
    audit_facts_from_document,
    document_sha256,
    evidence_item_from_entry,
    hiring_metrics,
    monitoring_metrics,
)
from ai_work_audit.errors import EvidenceError
from ai_work_audit.ledger import add_evidence, list_evidence

FIXTURES = Path(__file__).resolve().parents[1] / "reports" / "fixtures"


def _hiring() -> dict:
    return json.loads((FIXTURES / "hiring_selection.json").read_text(encoding="utf-8"))


def test_hiring_facts_are_computed_from_the_document() -> None:
    doc = _hiring()
    facts = audit_facts_from_document(doc, run_uri="mlflow-run:abc")
    ratios = [r["impact_ratio"] for t in doc["tables"] for r in t["rows"]
              if not r["excluded"] and r["impact_ratio"] is not None]
    assert facts.kind == "hiring" and facts.system == "ResumeRanker 4.2"
    assert facts.metrics["hiring.min_impact_ratio"] == pytest.approx(min(ratios))
    assert facts.people == max(t["total"] - t["unknown"] for t in doc["tables"])
    assert facts.created_at == datetime(2026, 3, 14, 9, 30, 12, tzinfo=UTC)
    assert facts.sha256 == document_sha256(doc)
    assert any(f.rule == "eeoc.four_fifths" for f in facts.findings)


def test_excluded_categories_do_not_drive_the_minimum_tiny_ones_do() -> None:
    doc = _hiring()
    rows = doc["tables"][0]["rows"]
    rows.append({**copy.deepcopy(rows[0]), "group": {"sex": "X"}, "impact_ratio": 0.01,
                 "excluded": True, "share": 0.01})
    before = hiring_metrics(doc)
    assert before["hiring.min_impact_ratio"] == hiring_metrics(_hiring())[
        "hiring.min_impact_ratio"]
    rows.append({**copy.deepcopy(rows[0]), "group": {"sex": "Y"}, "impact_ratio": 0.02,
                 "excluded": False, "share": 0.01})
    after = hiring_metrics(doc)
    assert after["hiring.min_impact_ratio"] == 0.02  # one id, the audit's definition
    assert after["hiring.min_impact_ratio_over_2pct"] == before["hiring.min_impact_ratio"]


def test_a_document_s_own_facts_are_read_not_recomputed() -> None:
    doc = _hiring()
    doc["facts"] = {"hiring.min_impact_ratio": 0.123, "hiring.people": 77,
                    "hiring.unknown_reported": True}
    facts = audit_facts_from_document(doc, run_uri="mlflow-run:abc")
    assert facts.metrics == {"hiring.min_impact_ratio": 0.123, "hiring.people": 77.0}
    assert facts.people == 77


def test_tpr_gap_and_representativeness() -> None:
    doc = _hiring()
    doc["model_metrics"] = [{"attribute": "sex", "metrics": {"tpr_gap": 0.07}},
                            {"attribute": "race", "metrics": {"tpr_gap": 0.12}}]
    doc["tables"] = [{"attributes": ["sex"], "total": 200, "unknown": 0, "rows": [
        {"group": {"sex": "F"}, "applicants": 100, "selected": 20, "share": 0.5,
         "impact_ratio": 0.5, "excluded": False},
        {"group": {"sex": "M"}, "applicants": 100, "selected": 40, "share": 0.5,
         "impact_ratio": 1.0, "excluded": False}]}]
    metrics = hiring_metrics(doc)
    assert metrics["hiring.max_tpr_gap"] == 0.12
    assert metrics["hiring.min_representativeness"] == pytest.approx((20 / 60) / 0.5)
    assert metrics["hiring.people"] == 200


def test_monitoring_facts_object_wins_then_findings_metrics() -> None:
    base = {"schema": "ai-work-audit/monitoring-audit/v1", "created_at": "2026-05-01T00:00:00Z",
            "system": "tracker", "input": {"events": 10, "workers": 42},
            "findings": [{"rule": "aiact.art5.emotion_recognition", "severity": "critical",
                          "outcome": "fail", "refs": ["WP-01"], "message": "m",
                          "metrics": {"privacy.emotion_inference_events": 3}}]}
    assert monitoring_metrics(base) == {"privacy.emotion_inference_events": 3.0}
    with_facts = {**base, "facts": {"surveillance.off_hours_share": 0.02, "note": "text"}}
    assert monitoring_metrics(with_facts) == {"surveillance.off_hours_share": 0.02}
    facts = audit_facts_from_document(base, run_uri="mlflow-run:x")
    assert facts.kind == "monitoring" and facts.people == 42
    assert facts.findings[0].refs == ("WP-01",)


def test_unknown_schema_is_refused() -> None:
    with pytest.raises(EvidenceError, match="schema"):
        audit_facts_from_document({"schema": "other/v1"}, run_uri="mlflow-run:x")


def test_declared_entries_become_evidence_items() -> None:
    add_evidence(organisation="o", indicator="2.1", value=0.5, collected_at="2026-01-10",
                 expires_at="2026-12-31", method="interview", content=b"x", file_name="a.txt")
    add_evidence(organisation="o", indicator="6.3", not_applicable="none bought")
    first, second = (evidence_item_from_entry(e) for e in list_evidence("o"))
    assert first is not None and second is not None
    assert first.value == 0.5 and first.method == "interview" and first.sha256
    assert first.collected_at == datetime(2026, 1, 10, tzinfo=UTC)
    assert first.expires_at == datetime(2027, 1, 1, tzinfo=UTC)  # end of the expiry day
    assert first.uri and first.uri.startswith("urn:ai-work-audit:evidence:")
    assert second.not_applicable == "none bought"


def test_a_document_without_facts_gets_the_audit_s_own_values(tmp_path: Path) -> None:
    import pandas as pd

    from ai_work_audit.hiring import HiringOptions, audit_hiring_file

    path = tmp_path / "counts.csv"
    pd.DataFrame({"sex": ["F", "M", "X"], "n": [60, 70, 1], "k": [20, 35, 0]}).to_csv(
        path, index=False)
    document = json.loads(json.dumps(audit_hiring_file(path, HiringOptions(
        group=("sex",), applicants="n", selected="k")).to_dict()))
    recorded = {k: v for k, v in document["facts"].items() if not isinstance(v, bool)}
    del document["facts"]
    assert hiring_metrics(document) == pytest.approx(recorded)
    assert recorded["hiring.min_impact_ratio"] == 0.0
