"""The workspace's shortcut to the evidence log names the ledger's own file."""

from pathlib import Path

import pytest

from ai_work_audit.ledger._evidence import LOG_FILE, evidence_dir
from ai_work_audit.workspace import evidence_log_path


def test_the_workspace_names_the_ledgers_log(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_work_audit.workspace import HOME_ENV

    monkeypatch.setenv(HOME_ENV, str(tmp_path))
    assert evidence_log_path() == evidence_dir() / LOG_FILE
