"""An input with neither timestamps nor worker ids is audited as an HR export table, and the
audit says so (issue 10: monitoring never falls back silently to a table audit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.helpers import run_cli


def test_the_table_audit_says_what_it_did(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "export.csv"
    path.write_text("department,grade,contract\nSales,B,permanent\nIT,C,fixed-term\n",
                    encoding="utf-8")
    result = run_cli(capsys, "monitoring", str(path), "--no-ledger", "--format", "json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["input"]["kind"] == "table"
    assert any("audited as an HR export table" in w for w in document["warnings"])
    assert "audited as an HR export table" in result.stderr
    french = [m["fr"] for m in document["warning_messages"]]
    assert any("table d'export RH" in m for m in french)
