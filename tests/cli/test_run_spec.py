"""``ai-work-audit run SPEC``: audit specifications (audits/)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .helpers import run_cli

REPO = Path(__file__).resolve().parents[2]
HIRING_SPECS = ["hiring-selection.yaml", "hiring-scoring.yaml", "hiring-funnel.yaml"]


@pytest.fixture
def demo_tree(tmp_path: Path) -> Path:
    """A copy of audits/examples beside a small demo-output/data, as in the repository."""
    from ai_work_audit.synthetic import write_hiring_data

    write_hiring_data(tmp_path / "demo-output" / "data", 1200, seed=3)
    examples = tmp_path / "audits" / "examples"
    shutil.copytree(REPO / "audits" / "examples", examples)
    return examples


@pytest.mark.parametrize("name", HIRING_SPECS)
def test_example_specs_are_valid(demo_tree: Path, name: str) -> None:
    from ai_work_audit.specs import load_audit_spec

    spec = load_audit_spec(demo_tree / name)
    assert spec.audit == "hiring" and spec.organisation == "demo-org"
    assert spec.data.is_file() and len(spec.policies) == 2
    assert spec.cadence in ("P1Y", "P3M") and spec.owner


def test_run_records_a_run_and_evidence(capsys: pytest.CaptureFixture[str], demo_tree: Path,
                                        tmp_path: Path) -> None:
    out = tmp_path / "reports"
    r = run_cli(capsys, "run", str(demo_tree / "hiring-selection.yaml"), "--output-dir",
                str(out))
    assert r.code == 0, r.stderr
    assert "MLflow run" in r.stdout and "evidence seq 1" in r.stdout
    doc = json.loads((out / "hiring-selection.json").read_text(encoding="utf-8"))
    run_id = doc["ledger"]["mlflow_run_id"]
    assert (out / "hiring-selection.html").is_file() and (out / "hiring-selection.md").is_file()
    r = run_cli(capsys, "evidence", "list", "--org", "demo-org", "--format", "json")
    (entry,) = json.loads(r.stdout)["entries"]
    assert entry["kind"] == "audit_run" and entry["uri"] == f"mlflow-run:{run_id}"
    assert entry["expires_at"] is not None  # cadence P1Y
    assert run_cli(capsys, "evidence", "verify").code == 0
    year = doc["created_at"][:4]
    r = run_cli(capsys, "self-assessment", "--org", "demo-org", "--period", year)
    sa = json.loads(r.stdout)
    ind = next(i for c in sa["commitments"] for i in c["indicators"] if i["id"] == "4.1")
    assert ind["state"] == "scored"
    assert [e["uri"] for e in ind["evidence"]] == [f"mlflow-run:{run_id}"]  # counted once


SPEC = """schema: ai-work-audit/audit-spec/v1
audit: hiring
data: data.csv
options:
  outcome: selected
  group: [sex]
organisation: acme
system: screener
owner: HR data team
cadence: P1Y
"""


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("audit: hiring", "audit: payroll", 2, "'audit' must be one of"),
    ("data: data.csv", "data: missing.csv", 3, "'data' must name an existing file"),
    ("cadence: P1Y", "cadence: yearly", 10, "ISO 8601 duration"),
    ("owner: HR data team\n", "", 1, "'owner' must be present"),
    ("group: [sex]", "group: [sex]\n  colour: red", 7, "unknown key"),
    ("outcome: selected", "outcome: selected\n  score: points", 4, "exactly one of"),
    ("cadence: P1Y", "cadence: P1Y\npolicies: [no-such-pack]", 11, "policies[0]"),
    ("cadence: P1Y", "cadence: P1Y\nreports: [xlsx]", 11, "reports[0]"),
    ("cadence: P1Y", "cadence: P1Y\nschedule: weekly", 11, "only use the keys"),
    ("audit: hiring", "audit: [hiring", 3, "valid YAML"),
])
def test_bad_specs_exit_2_with_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             old: str, new: str, line: int, words: str) -> None:
    (tmp_path / "data.csv").write_text("sex,selected\nF,1\nM,0\n", encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    assert old in SPEC
    spec.write_text(SPEC.replace(old, new), encoding="utf-8")
    r = run_cli(capsys, "run", str(spec))
    assert r.code == 2, r.stdout
    assert r.stderr.startswith("error:") and r.stderr.count("\n") == 1
    assert f"{spec}:{line}:" in r.stderr and words in r.stderr, r.stderr
    assert "Traceback" not in r.stderr


def test_missing_spec_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    r = run_cli(capsys, "run", str(tmp_path / "nope.yaml"))
    assert r.code == 2 and r.stderr.startswith("error:")


def test_run_writes_reports_into_the_workspace_not_beside_the_spec(
        capsys: pytest.CaptureFixture[str], demo_tree: Path) -> None:
    """Issue 12: the examples sit in the checkout; a run without --output-dir leaves them
    alone and writes into the workspace's reports/ folder."""
    import os

    before = sorted(p.name for p in demo_tree.iterdir())
    r = run_cli(capsys, "run", str(demo_tree / "hiring-selection.yaml"))
    assert r.code == 0, r.stderr
    assert sorted(p.name for p in demo_tree.iterdir()) == before
    reports = Path(os.environ["AI_WORK_AUDIT_HOME"]) / "reports"
    assert (reports / "hiring-selection.json").is_file()
