"""The audit commands' options are generated from the options models: every contracts.md flag
stays, with the model's help and default."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

CONTRACT_FLAGS = {
    "hiring": ["--outcome", "--score", "--applicants", "--selected", "--group",
               "--intersectional", "--no-intersectional", "--unknown", "--exclude-under",
               "--stage", "--stage-order", "--period", "--by", "--label", "--policy", "--org",
               "--system", "--format", "--output", "--lang", "--no-ledger", "--fail-on",
               "--audience", "--k"],
    "monitoring": ["--mapping", "--timezone", "--working-hours", "--working-days", "--roster",
                   "--policy", "--language", "--as-of", "--company-policy", "--jobs", "--org",
                   "--system", "--format", "--output", "--lang", "--no-ledger", "--fail-on",
                   "--audience", "--k"],
}


@pytest.mark.parametrize("kind", sorted(CONTRACT_FLAGS))
def test_every_contract_flag_is_generated(kind: str, cli: Callable[..., Any]) -> None:
    import importlib

    command = importlib.import_module(f"ai_work_audit.cli._{kind}").command()
    flags = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
    assert set(CONTRACT_FLAGS[kind]) <= flags, sorted(set(CONTRACT_FLAGS[kind]) - flags)
    result = cli(kind, "--help")
    assert result.code == 0
    assert ("0.02" if kind == "hiring" else "08:00-19:00") in result.stdout


def test_repeated_and_comma_separated_options(cli: Callable[..., Any], tmp_path: Any) -> None:
    path = tmp_path / "funnel.csv"
    rows = ["sex,race,stage,passed"] + [f"{s},{r},{st},{p}" for s in "FM" for r in "AB"
                                         for st in ("apply", "offer") for p in (0, 1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("hiring", str(path), "--outcome", "passed", "--group", "sex", "--group", "race",
                 "--stage", "stage", "--stage-order", "apply, offer", "--unknown", "NA",
                 "--no-ledger", "--format", "json")
    assert result.code == 0, result.stderr
    import json

    parameters = json.loads(result.stdout)["parameters"]
    assert parameters["group"] == ["sex", "race"] and parameters["stage_order"] == ["apply",
                                                                                   "offer"]
    assert parameters["unknown"] == ["NA"]


@pytest.mark.parametrize(("args", "words"), [
    (["--k", "1"], "--k"),
    (["--by", "week"], "--by"),
    (["--exclude-under", "x"], "--exclude-under"),
])
def test_bad_option_values_exit_2(args: list[str], words: str, cli: Callable[..., Any],
                                  tmp_path: Any) -> None:
    path = tmp_path / "a.csv"
    path.write_text("sex,d\nF,1\nM,0\n", encoding="utf-8")
    result = cli("hiring", str(path), "--outcome", "d", "--group", "sex", "--no-ledger", *args)
    assert result.code == 2 and result.stderr.startswith("error:") and words in result.stderr
