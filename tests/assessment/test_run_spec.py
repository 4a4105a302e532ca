"""The spec runner (specs.py) sits above the run path; assessment/ sits below it.

A spec run files exactly one ``audit_run`` evidence entry per audit (the run path files it; the
spec runner does not file it again), and no module of assessment/ imports the run path.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "ai_work_audit"
ABOVE = ("ai_work_audit.run", "ai_work_audit.specs", "ai_work_audit.pipeline",
         "ai_work_audit.kinds", "ai_work_audit.cli", "ai_work_audit.api", "ai_work_audit.demo")

SPEC = """schema: ai-work-audit/audit-spec/v1
audit: hiring
data: data.csv
options:
  outcome: selected
  group: [sex]
organisation: acme
system: screener
owner: HR data team
cadence: P3M
reports: [json, md]
"""


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("path", sorted((SRC / "assessment").glob("*.py")), ids=lambda p: p.name)
def test_assessment_does_not_import_the_run_path(path: Path) -> None:
    upward = sorted(m for m in _imports(path) if m.startswith(ABOVE))
    assert upward == []


def test_the_run_path_does_not_import_the_spec_runner() -> None:
    for name in ("run.py", "kinds.py"):
        assert not any(m.startswith("ai_work_audit.specs") for m in _imports(SRC / name))


def test_a_spec_run_files_one_evidence_entry_per_audit(tmp_path: Path) -> None:
    from ai_work_audit.ledger import list_evidence, verify_evidence
    from ai_work_audit.specs import load_audit_spec, run_spec

    rows = ["sex,selected"] + ["F,1"] * 4 + ["F,0"] * 6 + ["M,1"] * 6 + ["M,0"] * 4
    (tmp_path / "data.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "spec.yaml").write_text(SPEC, encoding="utf-8")
    spec = load_audit_spec(tmp_path / "spec.yaml")
    first = run_spec(spec, output_dir=tmp_path / "out")
    second = run_spec(spec, output_dir=tmp_path / "out")
    entries = list_evidence("acme")
    assert [e.uri for e in entries] == [f"mlflow-run:{first.run_id}",
                                        f"mlflow-run:{second.run_id}"]
    assert first.evidence is not None and first.evidence.seq == entries[0].seq
    assert all(e.kind == "audit_run" and e.expires_at is not None for e in entries)  # P3M
    assert [p.name for p in second.written] == ["spec.json", "spec.md"]
    assert first.document["ledger"] == {"mlflow_run_id": first.run_id}
    assert verify_evidence() == []


def test_spec_options_are_validated_by_the_kinds_options_model(tmp_path: Path) -> None:
    from ai_work_audit.specs import SpecError, parse_audit_spec

    (tmp_path / "data.csv").write_text("sex,selected\nF,1\n", encoding="utf-8")
    text = SPEC.replace("group: [sex]", "group: [sex]\n  exclude_under: '2%'")
    with pytest.raises(SpecError) as info:
        parse_audit_spec(text, tmp_path / "spec.yaml")
    assert "spec.yaml:7:" in str(info.value)
    assert "params.exclude_under must be a number; got str instead" in str(info.value)
