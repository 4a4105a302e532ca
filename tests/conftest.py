"""Shared fixtures: every test runs in its own workspace, with no network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_workspace(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """AI_WORK_AUDIT_HOME points at a fresh folder; MLFLOW_TRACKING_URI is unset."""
    home = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    yield home
