"""The Illinois proxy test (``hiring … --proxy COL``): Cramér's V, the share of the adverse
impact carried (stratification on the proxy), and a failure when a zip code is used."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from ai_work_audit.findings import Outcome
from ai_work_audit.hiring import HiringOptions
from ai_work_audit.hiring._proxy import cramers_v, is_named_proxy
from ai_work_audit.run import run

from .conftest import write_candidates


def _manual_v(rows: list[str], cols: list[str]) -> float:
    """Cramér's V from its definition: sqrt(chi² / (n (min(r, c) − 1)))."""
    r, c = sorted(set(rows)), sorted(set(cols))
    table = np.zeros((len(r), len(c)))
    for a, b in zip(rows, cols, strict=True):
        table[r.index(a), c.index(b)] += 1
    n = table.sum()
    expected = table.sum(1, keepdims=True) * table.sum(0, keepdims=True) / n
    chi2 = float(((table - expected) ** 2 / expected).sum())
    return math.sqrt(chi2 / (n * (min(table.shape) - 1)))


def test_cramers_v_matches_its_definition() -> None:
    rows = ["a"] * 30 + ["b"] * 20 + ["c"] * 10
    cols = ["x"] * 25 + ["y"] * 5 + ["x"] * 5 + ["y"] * 15 + ["x"] * 4 + ["y"] * 6
    assert cramers_v(rows, cols) == pytest.approx(_manual_v(rows, cols))
    assert cramers_v(["a", "b"] * 10, ["x", "y"] * 10) == pytest.approx(1.0)
    assert cramers_v(["a"] * 5, ["x", "y", "x", "y", "x"]) is None


@pytest.mark.parametrize(("name", "values", "named"), [
    ("zip", ["1"], True), ("Code postal", ["x"], True), ("applicant_zip_code", ["x"], True),
    ("area", ["60601", "60602-1234", "60621"], True),   # zip codes by their values
    ("area", ["north", "south"], False), ("zipper_size", ["1"], False),
])
def test_a_zip_code_is_recognised_by_name_or_values(name: str, values: list[str],
                                                    named: bool) -> None:
    assert is_named_proxy(name, values) is named


def _run(path: Path, *proxy: str) -> object:
    options = HiringOptions(group=("sex", "race"), outcome="decision", proxy=proxy,
                            jurisdictions=("us-il",), as_of="2026-06-01")
    return run("hiring", path, options, record=False)


def test_a_zip_code_proxy_fails_and_its_strength_is_measured(candidates: Path) -> None:
    result = _run(candidates, "zip")
    document = result.document  # type: ignore[attr-defined]
    by_attribute = {t["attribute"]: t for t in document["proxy"]}
    race, sex = by_attribute["race"], by_attribute["sex"]
    assert race["named_proxy"] and race["people"] == 400 and race["proxy_values"] == 4
    assert race["cramers_v"] > 0.6 and sex["cramers_v"] < 0.15
    # race B's lower rate comes from where it lives: stratifying on zip removes most of it
    assert race["crude_odds_ratio"] < race["stratified_odds_ratio"]
    assert 0.4 < race["adverse_share"] <= 1.0
    facts = document["facts"]
    assert facts["hiring.proxy_named_used"] is True
    assert facts["hiring.proxy_max_cramers_v"] == pytest.approx(race["cramers_v"])
    assert facts["hiring.proxy_adverse_share"] == pytest.approx(race["adverse_share"])
    outcomes = {f.rule: f.outcome for f in result.findings}  # type: ignore[attr-defined]
    assert outcomes["illinois.zip_code_proxy"] is Outcome.FAIL
    assert outcomes["illinois.proxy_association"] is Outcome.WARN
    assert "race" not in str(document["parameters"].get("proxy"))  # column names only
    assert document["parameters"]["proxy"] == ["zip"]


def test_a_feature_that_does_not_predict_passes(tmp_path: Path) -> None:
    path = write_candidates(tmp_path / "weak.csv", proxy_strength=0.0, seed=11)
    import csv

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for i, row in enumerate(rows):
        row["team"] = f"team-{i % 3}"  # not a zip code, unrelated to race
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = _run(path, "team")
    outcomes = {f.rule: f.outcome for f in result.findings}  # type: ignore[attr-defined]
    assert outcomes["illinois.zip_code_proxy"] is Outcome.PASS
    assert outcomes["illinois.proxy_association"] is Outcome.PASS


def test_without_proxy_the_rules_are_not_available(candidates: Path) -> None:
    result = _run(candidates)
    outcomes = {f.rule: f.outcome for f in result.findings}  # type: ignore[attr-defined]
    assert outcomes["illinois.zip_code_proxy"] is Outcome.NOT_AVAILABLE
    assert "proxy" not in result.document  # type: ignore[attr-defined]


def test_proxy_on_the_command_line(cli, candidates: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.json"
    result = cli("hiring", str(candidates), "--group", "race", "--outcome", "decision",
                 "--proxy", "zip", "--jurisdiction", "us-il", "--as-of", "2026-06-01",
                 "--no-ledger", "--format", "json", "--output", str(out))
    assert result.code == 0, result.stderr
    import json

    document = json.loads(out.read_text("utf-8"))
    assert document["proxy"][0]["named_proxy"] is True
    assert {f["policy"] for f in document["findings"]} == {"eeoc-uniform-guidelines",
                                                          "us-illinois-hb3773"}


def test_proxy_with_a_missing_column_or_counts_is_refused(cli, candidates: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("hiring", str(candidates), "--group", "race", "--outcome", "decision",
                 "--proxy", "postcode", "--no-ledger")
    assert result.code == 2 and "postcode" in result.stderr
    result = cli("hiring", str(candidates), "--group", "race", "--outcome", "decision",
                 "--proxy", "race", "--no-ledger")
    assert result.code == 2 and "both a --group and a measure" in result.stderr
