"""Golden documents: every case regenerated through the CLI equals its recorded golden.

Source: issue 9, item 1. JSON: every golden field present and equal (floats to 1e-12 relative);
added fields are allowed (contracts.md). Markdown: exact, after the volatile values are replaced
(``normalise.py``). Representative views: whatever the golden view hides stays hidden (the new
view may hide more, never less). Re-record on purpose with ``python tests/golden/record.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .cases import DATA, golden_names, load, produce
from .compare import differences, first, hidden_paths, leaks, text_differences

NAMES = golden_names()
RECORD = "python tests/golden/record.py"


@pytest.fixture(scope="session")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every golden case, run once for the session."""
    return produce(tmp_path_factory.mktemp("golden"))


def test_goldens_are_recorded() -> None:
    assert len(NAMES) >= 20, f"golden files missing under {DATA}; run `{RECORD}`"


def test_every_golden_is_produced(produced: dict[str, Any]) -> None:
    missing = sorted(set(NAMES) - set(produced))
    unrecorded = sorted(set(produced) - set(NAMES))
    assert not missing, f"golden cases no longer produced: {missing}"
    assert not unrecorded, f"cases without a golden (run `{RECORD}`): {unrecorded}"


def _fail(name: str, what: str, lines: list[str]) -> str:
    return f"{name}: {what} (first {min(len(lines), 20)}):\n  " + "\n  ".join(lines)


@pytest.mark.parametrize("name", NAMES)
def test_matches_golden(name: str, produced: dict[str, Any]) -> None:
    golden = load(DATA / name)
    new = produced.get(name)
    assert new is not None, f"{name}: not produced any more"
    if name.endswith(".md"):
        lines = text_differences(golden, new)
        assert not lines, _fail(name, "Markdown differs from the golden", lines)
    elif name.endswith(".representative.json"):
        full = load(DATA / name.replace(".representative.json", ".json"))
        assert new.get("schema") == golden.get("schema"), f"{name}: schema id changed"
        lines = first(leaks(full, golden, new))
        assert not lines, _fail(
            name, "the representative view shows values the golden view hides (it may hide "
            "more than the golden, never less)", lines)
    else:
        lines = first(differences(golden, new))
        assert not lines, _fail(name, "JSON departs from the golden (added fields are "
                                "allowed; these are missing or different)", lines)


@pytest.mark.parametrize("name", ["hiring-selection", "hiring-funnel", "monitoring-cert"])
def test_golden_views_hide_something(name: str) -> None:
    """The leak check is not vacuous: these golden views hide cells (an HR export's may not)."""
    full = load(DATA / f"{name}.json")
    assert hidden_paths(full, load(DATA / f"{name}.representative.json")), name


def test_inputs_are_small() -> None:
    size = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    assert size < 2_500_000, f"golden data is {size:,} bytes; keep it under ~2 MB"


def test_compare_sees_a_changed_number() -> None:
    """The comparison itself: a changed number, a missing field and a leak are caught."""
    golden = {"tables": [{"rows": [{"rate": 0.25, "n": 3}]}],
              "findings": [{"rule": "a", "outcome": "fail"}]}
    changed = {"tables": [{"rows": [{"rate": 0.25 * (1 + 1e-9)}]}],
               "findings": [{"rule": "b"}, {"rule": "a", "outcome": "fail"}], "added": 1}
    found = list(differences(golden, changed))
    assert found == ["$.tables[0].rows[0].rate: golden 0.25, now 0.25000000025",
                     "$.tables[0].rows[0].n: missing (golden 3)"]
    assert not list(differences(golden, {**golden, "facts": {"x": 1}}))
    view = {"tables": [{"rows": [{"rate": 0.25}]}], "findings": golden["findings"]}
    assert [*leaks(golden, view, golden)] == [
        "$.tables[0].rows[0].n: hidden in the golden view, shown now (3)"]
    assert not [*leaks(golden, view, {"tables": [{"rows": [{"n": None}]}]})]


def test_paths_are_relative() -> None:
    """No golden carries a path of the machine it was recorded on."""
    for name in NAMES:
        text = (DATA / name).read_text(encoding="utf-8")
        assert str(Path.home()) + "/" not in text and "/tmp/" not in text, name
