"""`ai-work-audit keys create`: the key alone on stdout, once; only its hash is stored."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ai_work_audit.cli import main


def test_keys_create(capsys: pytest.CaptureFixture[str], _isolated_workspace: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["keys", "create", "--org", "acme", "--role", "worker_rep"])
    assert exit_info.value.code == 0
    key = capsys.readouterr().out.strip()
    assert key.startswith("awa_") and "\n" not in key
    with sqlite3.connect(_isolated_workspace / "service.db") as db:
        rows = db.execute("SELECT key_hash, organisation, role FROM api_keys").fetchall()
    assert len(rows) == 1 and rows[0][1:] == ("acme", "worker_rep")
    assert key not in str(rows)


def test_keys_create_bad_role(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["keys", "create", "--org", "acme", "--role", "boss"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.startswith("error: 'role' must be one of")
