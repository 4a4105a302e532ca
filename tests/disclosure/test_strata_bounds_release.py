"""Representative releases of stratified audits and of bounds under unknowns (issue 10 on top
of issue 12): per-stratum tables add up to the pooled table, so with a hidden cell a
representative could subtract the visible strata from the pooled row and get it back; and
bounds are computed against every category, hidden ones included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.helpers import run_cli


def _export(tmp_path: Path) -> Path:
    rows = ["sex,site,o"]
    for site, counts in (("A", {"F": (40, 12), "M": (50, 20), "X": (3, 1)}),
                         ("B", {"F": (45, 15), "M": (55, 25), "X": (2, 0)})):
        for sex, (n, k) in counts.items():
            rows += [f"{sex},{site},1"] * k + [f"{sex},{site},0"] * (n - k)
    rows += [",A,1"] * 4 + [",B,0"] * 5  # unknown category: bounds
    path = tmp_path / "export.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_strata_and_bounds_go_with_a_hidden_cell(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    path = _export(tmp_path)
    common = [str(path), "--outcome", "o", "--group", "sex", "--stratum", "site",
              "--no-ledger", "--format", "json"]
    full = json.loads(run_cli(capsys, "hiring", *common).stdout)
    assert full["strata"] and any(r.get("bounds") for r in full["tables"][0]["rows"])
    result = run_cli(capsys, "hiring", *common, "--audience", "representative",
                     "--org", "acme")
    assert result.code == 0, result.stderr
    view = json.loads(result.stdout)
    rows = view["tables"][0]["rows"]
    assert any(r.get("suppressed") for r in rows)  # X (5 people) is hidden
    assert view.get("strata") is None
    assert "$.strata" in view["disclosure"]["withheld_fields"]
    assert not any(r.get("bounds") for r in rows)


def test_findings_name_categories_but_never_a_hidden_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The four-fifths finding names the categories with adverse impact (issue 12); in a
    representative release a hidden category's name never appears in a finding or a fact."""
    path = tmp_path / "counts.csv"
    path.write_text("sex,n,k\nFemale,100,30\nMale,120,50\nXeno,5,0\nOther,40,20\n",
                    encoding="utf-8")
    common = [str(path), "--applicants", "n", "--selected", "k", "--group", "sex",
              "--no-ledger", "--format", "json"]
    full = json.loads(run_cli(capsys, "hiring", *common).stdout)
    message = next(f["message"] for f in full["findings"] if f["rule"] == "eeoc.four_fifths")
    assert "Xeno; Female" in message  # lowest ratio first
    view = json.loads(run_cli(capsys, "hiring", *common, "--audience", "representative",
                              "--org", "names").stdout)
    assert {"sex": "Xeno"} in [r["group"] for r in view["tables"][0]["rows"]
                               if r.get("suppressed")]
    assert "Xeno" not in json.dumps([view["findings"], view.get("facts")])
