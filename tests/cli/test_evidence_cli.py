"""``ai-work-audit evidence add|list|verify``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .helpers import run_cli


def test_add_list_verify(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = tmp_path / "training.csv"
    doc.write_text("name,date\n", encoding="utf-8")
    r = run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "2.1", "--value",
                "0.8", "--file", str(doc), "--method", "test", "--expires", "2026-12-31",
                "--collected", "2026-01-15")
    assert r.code == 0 and "seq 1" in r.stdout
    assert run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "1.2",
                   "--level", "50").code == 0
    assert run_cli(capsys, "evidence", "add", "--org", "acme", "--indicator", "6.3",
                   "--not-applicable", "no data work").code == 0
    r = run_cli(capsys, "evidence", "list", "--org", "acme")
    assert r.code == 0 and "3 entries" in r.stdout and "value 0.8" in r.stdout
    r = run_cli(capsys, "evidence", "list", "--org", "acme", "--format", "json")
    entries = json.loads(r.stdout)["entries"]
    assert [e["indicator"] for e in entries] == ["2.1", "1.2", "6.3"]
    assert entries[0]["method"] == "test" and entries[0]["expires_at"] == "2026-12-31"
    r = run_cli(capsys, "evidence", "verify")
    assert r.code == 0 and r.stdout.strip() == "evidence intact (3 entries)"


@pytest.mark.parametrize("tamper", ["object", "entry", "remove", "reorder"])
def test_verify_detects_tampering(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  tamper: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("original", encoding="utf-8")
    for value in ("0.5", "0.6", "0.7"):
        run_cli(capsys, "evidence", "add", "--org", "o", "--indicator", "2.1", "--value", value,
                "--file", str(doc))
    root = Path(os.environ["AI_WORK_AUDIT_HOME"]) / "evidence"
    log = root / "log.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines(keepends=True)
    if tamper == "object":
        target = next((root / "objects").iterdir())
        target.chmod(0o644)
        target.write_text("forged", encoding="utf-8")
    elif tamper == "entry":
        log.write_text(lines[0] + lines[1].replace('"value":0.6', '"value":0.9') + lines[2],
                       encoding="utf-8")
    elif tamper == "remove":
        log.write_text(lines[0] + lines[2], encoding="utf-8")
    else:
        log.write_text(lines[1] + lines[0] + lines[2], encoding="utf-8")
    r = run_cli(capsys, "evidence", "verify")
    assert r.code == 1 and r.stdout.strip() and "seq" in r.stdout


@pytest.mark.parametrize(("args", "words"), [
    (["--indicator", "2.1", "--level", "50"], "quantitative"),
    (["--indicator", "1.2", "--value", "0.5"], "declarative"),
    (["--indicator", "2.1"], "exactly one"),
    (["--indicator", "2.1", "--value", "0.5", "--level", "25"], "exactly one"),
    (["--indicator", "2.1", "--value", "0.5", "--expires", "soon"], "--expires"),
    (["--indicator", "2.1", "--value", "0.5", "--file", "/nonexistent/x"], "existing"),
    (["--indicator", "9.9", "--value", "1"], "lacks"),
])
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str],
                           words: str) -> None:
    r = run_cli(capsys, "evidence", "add", "--org", "o", *args)
    assert r.code == 2
    assert r.stderr.startswith("error:") and r.stderr.count("\n") == 1 and words in r.stderr
    assert "Traceback" not in r.stderr
