"""The README's pseudonymisation claim matches the code (issue 10 item 5): a monitoring audit
puts no worker id in its outputs, not even a pseudonym, and needs no pseudonymisation secret."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.cli.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_no_worker_id_nor_pseudonym_in_a_monitoring_audit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(tmp_path / "ws"))
    log = tmp_path / "log.csv"
    rows = [f"2026-03-0{d}T0{h}:00:00Z,agent-{w:03d},email,hello"
            for d in (2, 3) for h in (8, 9) for w in range(12)]
    log.write_text("timestamp,worker_id,event_type,content\n" + "\n".join(rows) + "\n",
                   encoding="utf-8")
    result = run_cli(capsys, "monitoring", str(log), "--format", "json", "--no-ledger")
    assert result.code in (0, 1), result.stderr
    document = json.loads(result.stdout)
    text = json.dumps(document)
    assert "agent-0" not in text
    assert not re.search(r"\bw_[0-9a-f]{16}\b", text)  # privacy.pseudonymise's form
    assert not (tmp_path / "ws" / "secret.key").exists()


def test_readme_says_what_the_code_does() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "not even pseudonymised" in readme and "not even as a pseudonym" in readme
    assert "secret (`secret.key`, created on first use)" not in readme
    service = (ROOT / "api" / "README.md").read_text(encoding="utf-8")
    assert "back up `secret.key`" not in service
