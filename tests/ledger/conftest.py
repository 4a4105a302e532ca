"""Fixtures of the ledger tests: a workspace per test and one migrated MLflow store per session.

Creating a fresh MLflow SQLite store runs every Alembic migration (seconds, platform-notes.md);
tests copy a store migrated once per session instead.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ai_work_audit.ledger import _mlflow


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace (AI_WORK_AUDIT_HOME), with the current directory somewhere else."""
    home = tmp_path / "workspace"
    cwd = tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(home))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    monkeypatch.chdir(cwd)
    return home


@pytest.fixture(scope="session")
def template_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An MLflow SQLite store with every migration applied and no experiment of ours."""
    path = tmp_path_factory.mktemp("template") / "mlflow.db"
    client = _mlflow._client(_mlflow._sqlite_uri(path))
    client.search_experiments()
    return path


@pytest.fixture
def store_copy(template_store: Path) -> Callable[[Path], Path]:
    """Copy the template store to a path: ``store_copy(dest) -> dest``."""

    def copy(dest: Path) -> Path:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template_store, dest)
        return dest

    return copy


@pytest.fixture
def mlflow_workspace(workspace: Path, store_copy: Callable[[Path], Path]) -> Path:
    """A workspace holding a copy of the migrated template store (not yet marked initialised)."""
    store_copy(workspace / _mlflow.DB_FILE)
    return workspace
