"""Issue 12 on the command line: --format ll144, ``hiring verify-summary``, the new options."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.hiring.helpers import expand_rows, write_csv

Cli = Callable[..., Any]


@pytest.fixture
def export(tmp_path: Path) -> Path:
    frame = expand_rows([("F", 200, 50), ("M", 220, 99), ("X", 30, 12), ("Unknown", 25, 8)],
                        column="sex")
    return write_csv(frame, tmp_path / "export.csv")


def _summary(cli: Cli, export: Path, out: Path) -> Path:
    result = cli("hiring", str(export), "--group", "sex", "--outcome", "outcome",
                 "--no-ledger", "--format", "ll144", "--output", str(out))
    assert result.code == 0, result.stderr
    return out


def test_ll144_json_summary(cli: Cli, export: Path) -> None:
    result = cli("hiring", str(export), "--group", "sex", "--outcome", "outcome",
                 "--no-ledger", "--format", "ll144")
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["schema"] == "ai-work-audit/ll144-summary/v1"
    assert summary["applicants"] == 475 and summary["unknown"] == 25
    (table,) = summary["tables"]
    assert {r["category"] for r in table["rows"]} == {"F", "M", "X"}


def test_own_summary_verifies_and_every_planted_corruption_is_named(
        cli: Cli, export: Path, tmp_path: Path) -> None:
    clean = _summary(cli, export, tmp_path / "published.csv")
    ok = cli("hiring", "verify-summary", str(clean))
    assert ok.code == 0, ok.stdout + ok.stderr
    assert ok.stdout == ""
    rows = list(csv.DictReader(clean.open(encoding="utf-8")))
    corruptions = {
        "selection_rate": ("F", "0.3000"),  # rate ≠ selected ÷ applicants
        "impact_ratio": ("X", "0.5000"),  # ratio ≠ rate ÷ top rate
        "selected": ("M", "230"),  # more selected than applicants
    }
    for field, (category, value) in corruptions.items():
        bad = [dict(r) for r in rows]
        next(r for r in bad if r["category"] == category)[field] = value
        path = tmp_path / f"bad-{field}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(bad)
        found = cli("hiring", "verify-summary", str(path))
        assert found.code == 1, field
        lines = found.stdout.strip().splitlines()
        if field != "selected":  # without M's rate, the other ratios cannot be checked
            assert len(lines) == 1, lines
        assert f"category {category!r}: {field} expected" in lines[0]
        assert lines[0].endswith(f"published {float(value):g}"), lines[0]


def test_bad_summary_input_exits_2(cli: Cli, tmp_path: Path) -> None:
    missing = cli("hiring", "verify-summary", str(tmp_path / "nope.csv"))
    assert missing.code == 2 and missing.stderr.startswith("error:")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", encoding="utf-8")
    assert cli("hiring", "verify-summary", str(wrong)).code == 2


def test_ll144_is_for_hiring_only(cli: Cli, tmp_path: Path) -> None:
    result = cli("monitoring", str(tmp_path / "log.jsonl"), "--no-ledger", "--format", "ll144")
    assert result.code == 2


def test_new_options_on_the_cli(cli: Cli, export: Path) -> None:
    result = cli("hiring", str(export), "--group", "sex", "--outcome", "outcome",
                 "--no-ledger", "--format", "json", "--reference", "F")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["parameters"]["reference"] == ["F"]
    assert doc["parameters"]["reference_rule"] == "given"
    rows = {r["group"]["sex"]: r for r in doc["tables"][0]["rows"]}
    assert rows["F"]["is_reference"] is True and rows["M"]["impact_ratio"] > 1
    assert "bounds" in rows["M"]


def test_stage_tie_exits_2_naming_the_stages(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "funnel.csv"
    path.write_text("sex,outcome,stage\nF,1,a\nM,1,a\nF,1,b\nM,0,b\n", encoding="utf-8")
    result = cli("hiring", str(path), "--group", "sex", "--outcome", "outcome", "--stage",
                 "stage", "--no-ledger", "--format", "json")
    assert result.code == 2
    assert "'a', 'b'" in result.stderr and "--stage-order" in result.stderr
