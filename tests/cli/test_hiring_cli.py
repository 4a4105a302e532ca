"""The hiring command end to end: contract fields, formats, the --fail-on gate, the ledger."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

ROW_FIELDS = {"group", "applicants", "selected", "rate", "share", "impact_ratio", "excluded",
              "rate_ci95", "p_value", "adverse_impact", "small_sample"}


@pytest.fixture
def export(tmp_path: Path) -> Path:
    rows = ([("F", "A", 1)] * 30 + [("F", "A", 0)] * 70 + [("M", "A", 1)] * 60 +
            [("M", "A", 0)] * 40 + [("F", "B", 1)] * 10 + [("F", "B", 0)] * 40 +
            [("M", "B", 1)] * 25 + [("M", "B", 0)] * 25 + [("Unknown", "B", 1)] * 5)
    path = tmp_path / "export.csv"
    pd.DataFrame(rows, columns=["sex", "race", "decision"]).to_csv(path, index=False)
    return path


def test_json_document_follows_the_contract(export: Path, cli: Callable[..., Any]) -> None:
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--group",
                 "race", "--format", "json", "--no-ledger")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "ai-work-audit/hiring-audit/v1"
    assert {"audit_id", "created_at", "tool_version", "input", "mode", "median_score", "tables",
            "findings"} <= set(doc)
    assert doc["input"]["rows"] == 305 and len(doc["input"]["sha256"]) == 64
    assert "ledger" not in doc
    assert [t["attributes"] for t in doc["tables"]] == [["sex"], ["race"], ["sex", "race"]]
    sex = doc["tables"][0]
    assert sex["total"] == 305 and sex["unknown"] == 5
    for row in sex["rows"]:
        assert set(row) >= ROW_FIELDS
    female = next(r for r in sex["rows"] if r["group"] == {"sex": "F"})
    assert (female["applicants"], female["selected"]) == (150, 40)
    assert female["impact_ratio"] == pytest.approx((40 / 150) / (85 / 150))
    assert female["adverse_impact"] is True
    assert {f["rule"] for f in doc["findings"]} >= {"eeoc.four_fifths", "nyc.ll144.required_tables"}


def test_fail_on_gate(export: Path, cli: Callable[..., Any]) -> None:
    base = ("hiring", str(export), "--outcome", "decision", "--group", "sex", "--no-ledger",
            "--format", "json")
    assert cli(*base, "--fail-on", "high").code == 1
    assert cli(*base, "--fail-on", "critical").code == 0
    assert cli(*base).code == 0


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_report_formats(export: Path, tmp_path: Path, fmt: str, cli: Callable[..., Any]) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--no-ledger",
                 "--format", fmt, "--output", str(out), "--lang", "fr")
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "ratio d" in text.lower()  # "ratio d'impact", French labels


def test_run_lands_in_a_real_mlflow_store(export: Path, cli: Callable[..., Any],
                                          _isolated_workspace: Path) -> None:
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--group",
                 "race", "--format", "json", "--org", "acme", "--system", "screener")
    assert result.code == 0, result.stderr
    run_id = json.loads(result.stdout)["ledger"]["mlflow_run_id"]
    from mlflow import MlflowClient

    client = MlflowClient(tracking_uri=f"sqlite:///{_isolated_workspace / 'mlflow.db'}")
    experiment = client.get_experiment_by_name("ai-work-audit")
    runs = client.search_runs([experiment.experiment_id])
    run = next(r for r in runs if r.info.run_id == run_id)
    assert run.data.params["input_sha256"] == json.loads(result.stdout)["input"]["sha256"]
    assert run.data.tags["ai_work_audit.organisation"] == "acme"
    document = json.loads(result.stdout)
    assert run.data.metrics["hiring.min_impact_ratio"] == pytest.approx(
        min(t["min_impact_ratio"] for t in document["tables"]))
    numeric = {k: v for k, v in document["facts"].items() if not isinstance(v, str | None)}
    assert {k: run.data.metrics[k] for k in numeric} == pytest.approx(
        {k: float(v) for k, v in numeric.items()})  # the run's metrics are the facts
    assert "F" not in run.data.params.values()  # no category or cell values as params
    evidence = cli("evidence", "list", "--org", "acme", "--format", "json")
    assert run_id in evidence.stdout


def test_policies_validate(cli: Callable[..., Any], tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2] / "policies"
    assert cli("policies", "validate", str(root)).code == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("pack: x\nversion: '1'\nrules:\n  - id: x.y\n    severity: hgih\n")
    result = cli("policies", "validate", str(bad))
    assert result.code == 2 and "bad.yaml:" in result.stderr
