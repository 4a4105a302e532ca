"""Documents built by the real audits on small synthetic inputs, in every mode: hiring
selection (with label metrics and trends), scoring, funnel, aggregated counts; monitoring log
(also under a company policy) and HR-export table; self-assessment (with overrides);
consolidated (reported and suppressed)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from tests.indicators.indicator_helpers import AS_OF, audit, evidence

from ai_work_audit.hiring import HiringOptions
from ai_work_audit.indicators import (
    consolidate,
    load_framework,
    load_overrides,
    score_self_assessment,
)
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_hiring_audit, run_monitoring_audit
from ai_work_audit.synthetic import make_hiring_data
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data

HIRING = ("hiring-selection", "hiring-scoring", "hiring-funnel", "hiring-aggregated")
MONITORING = ("monitoring-log", "monitoring-company-policy", "monitoring-table")
POLICY = Path(__file__).resolve().parents[2] / "policies" / "company-monitoring-policy.example.yaml"
INDICATORS = ("self-assessment", "consolidated", "consolidated-suppressed")
AUDITS = HIRING + MONITORING


def _hiring(folder: Path) -> dict[str, dict[str, Any]]:
    data = make_hiring_data(600, seed=7)
    candidates, funnel = folder / "candidates.csv", folder / "funnel.csv"
    data.candidates.to_csv(candidates, index=False)
    data.funnel.to_csv(funnel, index=False)
    aggregated = folder / "aggregated.csv"
    aggregated.write_text("sex,race,n,k\nF,A,100,30\nF,B,40,9\nM,A,120,50\nM,B,3,1\nX,A,5,1\n",
                          encoding="utf-8")
    runs = {
        "hiring-selection": (candidates, HiringOptions(
            group=("sex", "race_ethnicity"), outcome="screened_in", label="qualified",
            period="applied_on", by="quarter")),
        "hiring-scoring": (candidates, HiringOptions(group=("sex", "age_band"),
                                                     score="screening_score")),
        "hiring-funnel": (funnel, HiringOptions(group=("sex",), outcome="passed",
                                                stage="stage")),
        "hiring-aggregated": (aggregated, HiringOptions(
            group=("sex", "race"), applicants="n", selected="k", exclude_under=0.05)),
    }
    return {name: run_hiring_audit(path, options, record=False).to_dict()
            for name, (path, options) in runs.items()}


def _monitoring(folder: Path) -> dict[str, dict[str, Any]]:
    logs = folder / "logs"
    write_monitoring_data(logs, workers=20, days=7)
    log = run_monitoring_audit(logs, MonitoringOptions(
        mapping="cert", timezone=TIMEZONE, roster=str(logs / "roster.csv")), record=False, jobs=1)
    company = run_monitoring_audit(logs, MonitoringOptions(
        mapping="cert", roster=str(logs / "roster.csv"), company_policy=str(POLICY),
        as_of="2025-12-31"), record=False, jobs=1)
    table = run_monitoring_audit(logs / "roster.csv", MonitoringOptions(), record=False, jobs=1)
    return {"monitoring-log": log.to_dict(), "monitoring-company-policy": company.to_dict(),
            "monitoring-table": table.to_dict()}


def _indicators(folder: Path) -> dict[str, dict[str, Any]]:
    framework = load_framework()
    path = folder / "overrides.yaml"
    path.write_text(yaml.safe_dump({"framework": "pledge-2025", "source": "works agreement",
                                    "indicators": {"4.1": {"good": 0.85, "fail": 0.7},
                                                   "2.4": {"weight": 5}}}), encoding="utf-8")

    def one(org: str, ratio: float | None, overrides: Any = None) -> dict[str, Any]:
        audits = [] if ratio is None else [audit(metrics={"hiring.min_impact_ratio": ratio})]
        return score_self_assessment(
            framework, organisation=org, period="2026", audit_facts=audits, as_of=AS_OF,
            evidence=[evidence("1.2", level=50), evidence("6.1", not_applicable="No data."),
                      evidence("2.1", value=0.5, expires_at="2027-01-01")],
            overrides=overrides).to_dict()

    orgs = [one(f"org{i}", r) for i, r in enumerate([0.6, 0.7, 0.8, 0.9, None])]
    return {
        "self-assessment": one("acme", 0.8, load_overrides(path, framework)),
        "consolidated": consolidate(orgs, period="2026"),
        "consolidated-suppressed": consolidate(orgs[:2], period="2026"),
    }


_BUILT: dict[str, str] = {}


def build_documents(folder: str) -> dict[str, str]:
    """Every document, as JSON text (so that no test can change another's), built once per
    process (in ``folder`` the first time)."""
    if _BUILT:
        return _BUILT
    root = Path(folder)
    previous = os.environ.get("AI_WORK_AUDIT_HOME")
    os.environ["AI_WORK_AUDIT_HOME"] = str(root / "workspace")
    try:
        docs = {**_hiring(root), **_monitoring(root), **_indicators(root)}
    finally:
        if previous is None:
            os.environ.pop("AI_WORK_AUDIT_HOME", None)
        else:
            os.environ["AI_WORK_AUDIT_HOME"] = previous
    _BUILT.update({name: json.dumps(doc) for name, doc in docs.items()})
    return _BUILT
