"""Shared fixtures: every test runs in its own workspace, with no network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _yaml_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of parsed shipped YAML for the session (vocab/_yaml_cache.py), not ~/.cache."""
    return tmp_path_factory.mktemp("yaml-cache")


@pytest.fixture(autouse=True)
def _isolated_workspace(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch, _yaml_cache_dir: Path) -> Iterator[Path]:
    """AI_WORK_AUDIT_HOME points at a fresh folder; MLFLOW_TRACKING_URI is unset; the YAML
    cache is the session's."""
    home = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(home))
    monkeypatch.setenv("AI_WORK_AUDIT_CACHE_DIR", str(_yaml_cache_dir))
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    yield home


@dataclass
class CliResult:
    """What a user sees from one run of the console entry point."""

    code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``ai-work-audit ARGS`` in-process through the real entry point (``cli.main``)."""
    from ai_work_audit.cli import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        out, err = capsys.readouterr()
        code = exit_info.value.code
        return CliResult(code if isinstance(code, int) else 1, out, err)

    return run
