"""``--audience representative [--k N]`` on ``hiring`` and ``monitoring``: every format renders
from the representative view; bad values exit 2 with an ``error:`` line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.disclosure import representative_view
from ai_work_audit.synthetic import make_hiring_data
from ai_work_audit.synthetic_monitoring import write_monitoring_data

Cli = Callable[..., Any]
MARK = "suppressed: fewer than {k} people"


@pytest.fixture(scope="module")
def candidates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hiring") / "candidates.csv"
    make_hiring_data(600, seed=7).candidates.to_csv(path, index=False)
    return path


def _hiring(cli: Cli, path: Path, *extra: str) -> Any:
    return cli("hiring", str(path), "--outcome", "screened_in", "--group", "sex", "--group",
               "race_ethnicity", "--no-ledger", *extra)


def test_representative_json_is_the_view(cli: Cli, candidates: Path) -> None:
    full = json.loads(_hiring(cli, candidates, "--format", "json").stdout)
    result = _hiring(cli, candidates, "--format", "json", "--audience", "representative",
                     "--k", "12")
    assert result.code == 0, result.stderr
    view = json.loads(result.stdout)
    expected = representative_view(full, 12)
    for volatile in ("audit_id", "created_at"):
        view.pop(volatile), expected.pop(volatile)
    for register_note in ("register", "earlier_releases", "earlier_releases_compared",
                          "summary", "summaries"):  # the CLI's register
        view["disclosure"].pop(register_note), expected["disclosure"].pop(register_note)
    assert view == expected
    assert view["disclosure"]["k"] == 12 and view["disclosure"]["protected_cells"] > 0
    for table in view["tables"]:
        for row in table["rows"]:
            assert row.get("suppressed") is True or row["applicants"] >= 12


def test_full_is_the_default(cli: Cli, candidates: Path) -> None:
    full = json.loads(_hiring(cli, candidates, "--format", "json").stdout)
    assert "disclosure" not in full
    assert any(r["applicants"] < 10 for t in full["tables"] for r in t["rows"])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rendered_formats_mark_the_suppressed_rows(cli: Cli, candidates: Path, tmp_path: Path,
                                                   fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = _hiring(cli, candidates, "--format", fmt, "--output", str(out),
                     "--audience", "representative")
    assert result.code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert MARK.format(k=10) in text
    full = _hiring(cli, candidates, "--format", fmt, "--output", str(tmp_path / "f")).code
    assert full == 0 and MARK.format(k=10) not in (tmp_path / "f").read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "name"), [
    (("--k", "1"), "--k"), (("--k", "ten"), "--k"), (("--k", "0"), "--k"),
    (("--audience", "everyone"), "--audience"),
])
def test_bad_values_exit_2(cli: Cli, candidates: Path, args: tuple[str, ...], name: str) -> None:
    result = _hiring(cli, candidates, "--format", "json", *args)
    assert result.code == 2
    assert result.stderr.startswith("error:") and name in result.stderr
    assert result.stdout == ""


def test_monitoring_representative(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    write_monitoring_data(folder, workers=20, days=7)
    result = cli("monitoring", str(folder), "--mapping", "cert", "--timezone", "Europe/Paris",
                 "--roster", str(folder / "roster.csv"), "--no-ledger", "--format", "json",
                 "--audience", "representative", "--k", "10", "--jobs", "1")
    assert result.code == 0, result.stderr
    view = json.loads(result.stdout)
    assert view["schema"] == "ai-work-audit/monitoring-audit/v1"
    assert "samples" not in view and "$.samples" in view["disclosure"]["withheld_fields"]
    for entry in view["surveillance"]["by_event_type"].values():
        assert entry.get("suppressed") is True or entry["workers"] >= 10
    for table in view["surveillance"]["intensity_by_group"].values():
        for group in table["groups"]:
            assert group.get("suppressed") is True or group["workers"] >= 10
    table = cli("monitoring", str(folder / "roster.csv"), "--no-ledger", "--format", "md",
                "--audience", "representative", "--jobs", "1")
    assert table.code == 0, table.stderr
