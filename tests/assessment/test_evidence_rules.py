"""The AI Act evidence rules (policies/eu-ai-act-workplace.yaml) read declared evidence: a
monitoring audit for an organisation carries its ``evidence.*`` facts, so the rules pass or
fail instead of being "not available" in every audit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.ledger import add_evidence
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_monitoring_audit

LITERACY = "aiact.art4.ai_literacy"
INFORMED = "aiact.art26_7.representatives_informed"


def _audit(tmp_path: Path, organisation: str) -> dict[str, Any]:
    log = tmp_path / "log.jsonl"
    log.write_text(json.dumps({"timestamp": "2025-03-03T09:00:00+01:00", "worker_id": "u1",
                               "event_type": "screenshot"}) + "\n", encoding="utf-8")
    audit = run_monitoring_audit(log, MonitoringOptions(organisation=organisation),
                                 record=False, jobs=1)
    return audit.to_dict()


def _outcome(document: dict[str, Any], rule: str) -> str:
    return next(str(f["outcome"]) for f in document["findings"] if f["rule"] == rule)


def test_declared_evidence_makes_one_rule_pass_and_one_fail(tmp_path: Path) -> None:
    add_evidence(organisation="acme", indicator="2.1", value=0.95, content=b"training log",
                 file_name="training.csv")
    add_evidence(organisation="acme", indicator="1.1", value=0.5, content=b"register",
                 file_name="register.csv")
    document = _audit(tmp_path, "acme")
    assert document["facts"]["evidence.ai_literacy_training_share"] == pytest.approx(0.95)
    assert document["facts"]["evidence.representatives_informed_share"] == pytest.approx(0.5)
    assert _outcome(document, LITERACY) == "pass"
    assert _outcome(document, INFORMED) == "fail"


def test_the_latest_declaration_counts_and_others_organisations_do_not(tmp_path: Path) -> None:
    add_evidence(organisation="acme", indicator="2.1", value=0.3, content=b"old",
                 file_name="old.csv", collected_at="2025-01-01")
    add_evidence(organisation="acme", indicator="2.1", value=0.6, content=b"new",
                 file_name="new.csv", collected_at="2025-06-01")
    add_evidence(organisation="acme", indicator="1.1", value=1.0, content=b"register",
                 file_name="register.csv")
    document = _audit(tmp_path, "acme")
    assert _outcome(document, LITERACY) == "warn"  # 0.6: under 0.9, not under 0.4
    assert _outcome(document, INFORMED) == "pass"
    other = _audit(tmp_path, "globex")
    assert other["facts"]["evidence.ai_literacy_training_share"] is None
    assert _outcome(other, LITERACY) == "not_available"
    assert _outcome(other, INFORMED) == "not_available"


def test_an_unreadable_evidence_log_leaves_the_rules_not_available(tmp_path: Path) -> None:
    from ai_work_audit.kinds import MSG_EVIDENCE_UNREADABLE
    from ai_work_audit.ledger import evidence_dir
    from ai_work_audit.ledger._evidence import LOG_FILE

    log = evidence_dir() / LOG_FILE
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_bytes(b"not an entry\n")
    document = _audit(tmp_path, "acme")
    assert _outcome(document, LITERACY) == "not_available"
    assert MSG_EVIDENCE_UNREADABLE in document["warnings"]
