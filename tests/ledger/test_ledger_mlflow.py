"""MLflow recording against a real SQLite store in a temporary workspace."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit import __version__, ledger
from ai_work_audit.errors import ConfigError
from ai_work_audit.ledger import _mlflow

SHA = "ab" * 32


def _record(**overrides: Any) -> str:
    arguments: dict[str, Any] = {
        "kind": "hiring",
        "commitment": 4,
        "document": {"schema": "ai-work-audit/hiring-audit/v1", "tables": [{"total": 12}]},
        "params": {
            "input_sha256": SHA,
            "mode": "selection",
            "exclude_under": 0.02,
            "intersectional": True,
            "unknown": None,
            "long": "x" * 7000,
            "race/ethnicity (self-id)": "group",
        },
        "metrics": {"min_impact_ratio": 0.75, "rows": 12, "p_value": float("nan"), "gone": None},
        "tags": {"source": "unit-test"},
        "artifacts": {"tables/rates.csv": "group,rate\nA,0.5\n", "head.bin": b"\x00\x01"},
        "organisation": "acme",
        "system": "ats.csv",
    }
    arguments.update(overrides)
    return ledger.record_run(**arguments)


def _run_count(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from runs").fetchone()[0])


def test_import_does_not_import_mlflow() -> None:
    code = "import sys, ai_work_audit.ledger; sys.exit('mlflow' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_tracking_uri_defaults_to_the_workspace_store(workspace: Path) -> None:
    assert ledger.tracking_uri() == "sqlite:///" + (workspace / "mlflow.db").resolve().as_posix()
    assert ledger.artifact_root() == workspace.resolve() / "mlruns"


def test_tracking_uri_honours_the_environment(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "http://mlflow.internal:5000")
    assert ledger.tracking_uri() == "http://mlflow.internal:5000"


def test_recorded_run_is_found_with_mlflow_search_runs(
    mlflow_workspace: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    run_id = _record()
    assert capfd.readouterr().out == ""  # MLflow printed nothing on stdout

    import mlflow

    monkeypatch.setenv("MLFLOW_TRACKING_URI", ledger.tracking_uri())
    frame = mlflow.search_runs(experiment_names=[ledger.DEFAULT_EXPERIMENT])
    assert list(frame["run_id"]) == [run_id]
    row = frame.iloc[0]
    assert row["status"] == "FINISHED"
    assert row["params.input_sha256"] == SHA
    assert row["params.mode"] == "selection"
    assert row["params.exclude_under"] == "0.02"
    assert row["params.intersectional"] == "true"
    assert "params.unknown" not in frame.columns
    assert row["params.long"] == "x" * 6000  # MLflow's limit
    assert row["params.race/ethnicity _self-id_"] == "group"  # key made acceptable to MLflow
    assert row["metrics.min_impact_ratio"] == 0.75
    assert row["metrics.rows"] == 12.0
    assert "metrics.p_value" not in frame.columns
    assert "metrics.gone" not in frame.columns
    assert row["tags.source"] == "unit-test"
    assert row["tags.ai_work_audit.kind"] == "hiring"
    assert row["tags.ai_work_audit.commitment"] == "4"
    assert row["tags.ai_work_audit.version"] == __version__
    assert row["tags.ai_work_audit.organisation"] == "acme"
    assert row["tags.ai_work_audit.system"] == "ats.csv"

    client = mlflow.MlflowClient(ledger.tracking_uri())
    names = {a.path for a in client.list_artifacts(run_id)}
    assert names == {"audit.json", "tables", "head.bin"}
    artifacts = Path(client.get_run(run_id).info.artifact_uri.removeprefix("file://"))
    assert artifacts.is_relative_to(mlflow_workspace / "mlruns")
    assert json.loads((artifacts / "audit.json").read_text())["tables"] == [{"total": 12}]
    assert (artifacts / "tables" / "rates.csv").read_text() == "group,rate\nA,0.5\n"
    assert (artifacts / "head.bin").read_bytes() == b"\x00\x01"
    assert not any(Path.cwd().iterdir())  # nothing landed in the current directory


def test_mlflow_tracking_uri_is_honoured(
    mlflow_workspace: Path,
    tmp_path: Path,
    store_copy: Callable[[Path], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = store_copy(tmp_path / "elsewhere" / "other.db")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "sqlite:///" + other.as_posix())
    run_id = _record()
    assert _run_count(other) == 1
    assert _run_count(mlflow_workspace / "mlflow.db") == 0
    assert [run["run_id"] for run in ledger.find_runs()] == [run_id]
    assert (mlflow_workspace / "mlruns" / "ai-work-audit" / run_id).is_dir()


def test_find_runs_filters_by_kind_and_organisation(mlflow_workspace: Path) -> None:
    first = _record()
    second = _record(kind="monitoring", commitment=5)
    third = _record(organisation="globex")
    quoted = _record(organisation="o'brien & co")
    assert [r["run_id"] for r in ledger.find_runs()] == [quoted, third, second, first]
    assert [r["run_id"] for r in ledger.find_runs(kind="hiring")] == [quoted, third, first]
    assert [r["run_id"] for r in ledger.find_runs(organisation="acme")] == [second, first]
    assert [r["run_id"] for r in ledger.find_runs("hiring", "acme")] == [first]
    assert [r["run_id"] for r in ledger.find_runs(organisation="o'brien & co")] == [quoted]
    run = ledger.find_runs(kind="monitoring")[0]
    assert set(run) >= {"run_id", "start_time", "params", "metrics", "tags"}
    assert run["params"]["input_sha256"] == SHA
    assert run["metrics"]["min_impact_ratio"] == 0.75
    assert run["tags"]["ai_work_audit.commitment"] == "5"
    assert run["start_time"].endswith("+00:00")


def test_find_runs_does_not_create_a_store(workspace: Path) -> None:
    assert ledger.find_runs(kind="hiring") == []
    assert not (workspace / "mlflow.db").exists()


def test_second_run_skips_initialisation(
    mlflow_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _record()
    assert (mlflow_workspace / _mlflow.MARKER_FILE).read_text().splitlines() == [
        ledger.tracking_uri()
    ]
    _mlflow._ready.clear()  # as in a new process: the marker alone must skip the lock

    def no_initialise(*args: object) -> None:
        raise AssertionError("initialised twice")

    monkeypatch.setattr(_mlflow, "_initialise", no_initialise)
    _record()
    assert _run_count(mlflow_workspace / "mlflow.db") == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": "Hiring Audit"}, "'kind' parameter"),
        ({"kind": 4}, "'kind' parameter"),
        ({"commitment": 0}, "'commitment' parameter"),
        ({"commitment": True}, "'commitment' parameter"),
        ({"artifacts": {"../escape.txt": "x"}}, "Artifact names"),
        ({"artifacts": {"/abs.txt": "x"}}, "Artifact names"),
        ({"artifacts": {"audit.json": "x"}}, "Artifact names"),
        ({"metrics": {"rate": "high"}}, "Metric values"),
    ],
)
def test_invalid_arguments_are_refused(
    workspace: Path, overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        _record(**overrides)
    assert not (workspace / "mlflow.db").exists()


def test_mlflow_ui_command(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    command = ledger.mlflow_ui_command()
    assert Path(command[0]).name == "mlflow"
    assert command[1:] == [
        "ui",
        "--backend-store-uri",
        ledger.tracking_uri(),
        "--default-artifact-root",
        (workspace.resolve() / "mlruns").as_uri(),
    ]
    monkeypatch.setenv("MLFLOW_TRACKING_URI", "https://mlflow.example.org")
    with pytest.raises(ConfigError, match="tracking server"):
        ledger.mlflow_ui_command()


NO_NETWORK_SCRIPT = textwrap.dedent(
    """
    import socket, sys
    attempts = []
    def refuse(*args, **kwargs):
        attempts.append(args[1:2] or args[:1])
        raise OSError("network disabled by the test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse

    from ai_work_audit import ledger
    run_id = ledger.record_run(kind="hiring", commitment=4, document={"a": 1},
                               params={"input_sha256": "00"}, metrics={"m": 1.0}, tags={})
    ledger.find_runs(kind="hiring")
    from mlflow.telemetry import get_telemetry_client
    from mlflow.telemetry.utils import is_telemetry_disabled
    sys.stderr.write(f"attempts={len(attempts)} telemetry_client={get_telemetry_client()} "
                     f"disabled={is_telemetry_disabled()}\\n")
    sys.exit(0 if not attempts and get_telemetry_client() is None else 3)
    """
)


@pytest.mark.slow
def test_no_stdout_no_telemetry_no_network(mlflow_workspace: Path) -> None:
    """In a clean process (no CI or pytest variables, which disable telemetry by themselves)."""
    ci_markers = {"PYTEST_CURRENT_TEST", "CI", "GITHUB_ACTIONS", "GITLAB_CI", "DO_NOT_TRACK"}
    env = {k: v for k, v in os.environ.items() if k not in ci_markers}
    env.pop("MLFLOW_DISABLE_TELEMETRY", None)
    result = subprocess.run(
        [sys.executable, "-c", NO_NETWORK_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == ""
    assert "disabled=True" in result.stderr


def _record_in_child(home: str, barrier: Any, runs: int) -> None:
    os.environ["AI_WORK_AUDIT_HOME"] = home
    barrier.wait(timeout=60)
    for i in range(runs):
        _record(document={"child": os.getpid(), "i": i})


@pytest.mark.slow
def test_concurrent_writers_on_a_fresh_store(workspace: Path) -> None:
    """Four processes creating and writing a fresh store at once (platform-notes.md)."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    barrier = context.Barrier(4)
    children = [
        context.Process(target=_record_in_child, args=(str(workspace), barrier, 2))
        for _ in range(4)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=180)
    assert [child.exitcode for child in children] == [0, 0, 0, 0]

    db = workspace / "mlflow.db"
    with sqlite3.connect(db) as connection:
        assert connection.execute("pragma integrity_check").fetchone()[0] == "ok"
    runs = ledger.find_runs(kind="hiring")
    assert len(runs) == 8
    assert {run["status"] for run in runs} == {"FINISHED"}
    assert _record()  # the store stays writable


def test_a_damaged_store_is_a_config_error(workspace: Path) -> None:
    (workspace / "mlflow.db").write_bytes(b"not a database" * 100)
    with pytest.raises(ConfigError, match="must be a store MLflow can open"):
        _record()
