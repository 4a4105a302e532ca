"""The one run path (run.py) as the CLI uses it: one MLflow run named for people, tagged with
the audience, whose artifacts are the views the caller gets; one evidence entry per run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.errors import ConfigError


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.csv"
    rows = ["sex,decision"] + ["F,1"] * 3 + ["F,0"] * 7 + ["M,1"] * 6 + ["M,0"] * 4
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _client(home: Path) -> Any:
    from mlflow import MlflowClient

    return MlflowClient(tracking_uri=f"sqlite:///{home / 'mlflow.db'}")


def _artifact(client: Any, run_id: str, name: str, into: Path) -> str:
    return Path(client.download_artifacts(run_id, name, str(into))).read_text(encoding="utf-8")


def test_recorded_run_is_named_tagged_and_carries_the_callers_views(
        export: Path, tmp_path: Path, cli: Callable[..., Any], _isolated_workspace: Path) -> None:
    out = tmp_path / "report.md"
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--org",
                 "acme", "--system", "screener", "--format", "md", "--output", str(out))
    assert result.code == 0, result.stderr
    from ai_work_audit.ledger import list_evidence

    (entry,) = list_evidence("acme")
    run_id = entry.uri.removeprefix("mlflow-run:")
    client = _client(_isolated_workspace)
    run = client.get_run(run_id)
    document = json.loads(_artifact(client, run_id, "audit.json", tmp_path))
    assert document["ledger"] == {"mlflow_run_id": run_id}
    created = document["created_at"][:10]
    assert run.info.run_name == f"hiring · screener · selection · {created}"
    assert run.data.tags["audience"] == "full" and run.data.tags["mode"] == "selection"
    # the report the user got is the report MLflow keeps, byte for byte, and it names the run
    assert _artifact(client, run_id, "report.md", tmp_path) == out.read_text(encoding="utf-8")
    assert run_id in out.read_text(encoding="utf-8")


def test_a_run_files_exactly_one_evidence_entry(export: Path) -> None:
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.ledger import list_evidence
    from ai_work_audit.run import run

    options = HiringOptions(group=("sex",), outcome="decision", organisation="acme")
    first = run("hiring", export, options, evidence_cadence="P1Y")
    second = run("hiring", export, options)
    entries = list_evidence("acme")
    assert [e.uri for e in entries] == [f"mlflow-run:{first.run_id}",
                                        f"mlflow-run:{second.run_id}"]
    assert first.evidence is not None and first.evidence.seq == entries[0].seq
    assert entries[0].expires_at is not None and entries[1].expires_at is None
    assert first.document["ledger"] == {"mlflow_run_id": first.run_id}


def test_no_ledger_records_nothing_and_serialises_once(export: Path) -> None:
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.ledger import list_evidence
    from ai_work_audit.run import run

    result = run("hiring", export, HiringOptions(group=("sex",), outcome="decision"),
                 record=False)
    assert result.run_id is None and result.evidence is None and list_evidence("default") == []
    assert result.view("json") is result.view("json")  # built once, then reused
    assert json.loads(result.view("json")) == result.document


def test_representative_audience_releases_the_disclosure_view(
        export: Path, cli: Callable[..., Any]) -> None:
    """--audience representative: the document is the fail-closed view (contracts.md
    "Audience"), with what it protected; a bad audience is refused before any work."""
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--no-ledger",
                 "--format", "json", "--audience", "representative", "--k", "1000")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["disclosure"]["k"] == 1000
    assert document["disclosure"]["protected_cells"] > 0
    assert all(row.get("suppressed") for row in document["tables"][0]["rows"]
               if row.get("applicants", 0) > 0)
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex", "--no-ledger",
                 "--audience", "everyone")
    assert result.code == 2 and result.stderr.startswith("error:") and result.stdout == ""


def test_options_of_another_kind_are_refused(export: Path) -> None:
    from ai_work_audit.monitoring import MonitoringOptions
    from ai_work_audit.run import run

    with pytest.raises(ConfigError, match="HiringOptions"):
        run("hiring", export, MonitoringOptions(), record=False)
