"""``ai-work-audit self-assessment`` in every format and ``consolidate``."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from .helpers import run_cli


def _declare(capsys: pytest.CaptureFixture[str], org: str = "acme") -> None:
    for args in (["--indicator", "2.1", "--value", "0.7"], ["--indicator", "1.2", "--level", "25"],
                 ["--indicator", "6.3", "--not-applicable", "no data work"]):
        assert run_cli(capsys, "evidence", "add", "--org", org, "--collected", "2026-02-01",
                       *args).code == 0


def test_json_document(capsys: pytest.CaptureFixture[str]) -> None:
    _declare(capsys)
    r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--as-of",
                "2026-06-30")
    assert r.code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "ai-work-audit/self-assessment/v1"
    assert doc["organisation"] == "acme" and doc["period"] == "2026"
    assert doc["framework"] == {"id": "pledge-2025", "version": "1"}
    states = {i["id"]: i["state"] for c in doc["commitments"] for i in c["indicators"]}
    assert states["2.1"] == "scored" and states["6.3"] == "not_applicable"
    assert states["4.1"] == "inconclusive"


@pytest.mark.parametrize(("fmt", "lang", "marker"), [
    ("md", "en", "# Pledge self-assessment"),
    ("md", "fr", "# Auto-évaluation"),
    ("html", "en", "<!DOCTYPE html>"),
    ("html", "fr", 'lang="fr"'),
    ("oscal", "en", '"assessment-results"'),
])
def test_text_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, lang: str,
                      marker: str) -> None:
    _declare(capsys)
    out = tmp_path / f"sa.{fmt}"
    r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--format", fmt,
                "--lang", lang, "--output", str(out))
    assert r.code == 0, r.stderr
    assert marker in out.read_text(encoding="utf-8")
    if fmt == "oscal":
        from trestle.oscal.assessment_results import Model

        Model.model_validate_json(out.read_text(encoding="utf-8"))


def test_overrides_are_recorded(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _declare(capsys)
    overrides = tmp_path / "overrides.yaml"
    overrides.write_text('schema: ai-work-audit/framework-overrides/v1\nframework: pledge-2025\n'
                         'indicators:\n  "2.1": {good: 0.7, source: works agreement}\n',
                         encoding="utf-8")
    r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--overrides",
                str(overrides))
    assert r.code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["overrides"] and doc["overrides"][0]["indicator"] == "2.1"


@pytest.mark.slow
def test_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import pypdf

    _declare(capsys)
    out = tmp_path / "sa.pdf"
    r = run_cli(capsys, "self-assessment", "--org", "acme", "--period", "2026", "--format",
                "pdf", "--output", str(out))
    assert r.code == 0, r.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) >= 6


@pytest.mark.parametrize("args", [
    ["--period", "2026-Q5"],
    ["--period", "2026", "--as-of", "yesterday"],
    ["--period", "2026", "--format", "pdf"],
    ["--period", "2026", "--format", "xml"],
    ["--period", "2026", "--overrides", "/nonexistent/overrides.yaml"],
])
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    r = run_cli(capsys, "self-assessment", "--org", "acme", *args)
    assert r.code == 2 and r.stderr.startswith("error:") and r.stderr.count("\n") == 1


def test_consolidate_suppresses_below_five_organisations(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for org in ("a", "b", "c"):
        _declare(capsys, org)
    r = run_cli(capsys, "consolidate", "--period", "2026", "--as-of", "2026-06-30")
    assert r.code == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["schema"] == "ai-work-audit/consolidated/v1" and doc["organisations"] == 3
    assert all(i["score"] == {"suppressed": True} for i in doc["indicators"])
    assert doc["notes"]
    r = run_cli(capsys, "consolidate", "--period", "2026", "--as-of", "2026-06-30",
                "--min-organisations", "3")
    by_id = {i["id"]: i for i in json.loads(r.stdout)["indicators"]}
    assert by_id["2.1"]["score"]["n"] == 3 and by_id["2.1"]["organisations"]["scored"] == 3
    out = tmp_path / "c.html"
    r = run_cli(capsys, "consolidate", "--period", "2026", "--format", "html", "--output",
                str(out))
    assert r.code == 0 and "suppressed" in out.read_text(encoding="utf-8")
