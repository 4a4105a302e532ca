"""The representative view walks the disclosure annotations and fails closed; it hides at
least everything the view before it (tests/disclosure/legacy_suppress.py) hid."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from tests.disclosure.legacy_suppress import PEOPLE_KEYS, WORKER_LEVEL_KEYS, suppress_small_cells
from tests.documents.builders import AUDITS, HIRING, INDICATORS, MONITORING

from ai_work_audit.disclosure import (
    METHOD,
    apply_audience,
    hide_cells,
    load_document,
    mark_for_rendering,
    representative_view,
)
from ai_work_audit.errors import ConfigError

Doc = Callable[[str], dict[str, Any]]
META = ("$.disclosure", "$.suppression")


def _leaves(value: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}")
    elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]")
    else:
        yield path, value


def _revealed(view: dict[str, Any]) -> dict[str, Any]:
    """What a view tells: its leaves, less its own notes (nulls, suppression marks)."""
    return {path: value for path, value in _leaves(view)
            if value is not None and not path.startswith(META)
            and not path.endswith(("_suppressed", ".suppressed"))}


#: Figures the view recomputes from what it shows (disclosure/_derived.py; the attack suite
#: checks their values): re-based ratios and flags, table aggregates, facts, findings' figures.
RECOMPUTED = re.compile(
    r"\.(impact_ratio|is_reference|adverse_impact|min_impact_ratio|adverse_impact_categories|"
    r"recomputed|ratio_to_least|reference_group)$|^\$\.facts\.|"
    r"^\$\.findings\[\d+\]\.(message|messages\.\w+|metrics\.[\w.]+)$")


def _public_label(view: dict[str, Any], path: str) -> bool:
    """The ``group`` of a suppressed marker in a keyed section: the key itself."""
    head, _, last = path.rpartition(".")
    if last != "group":
        return False
    return head.rpartition(".")[2] == str(dict(_leaves(view)).get(path))


def _cells(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _cells(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cells(item)


@pytest.mark.parametrize("k", [10, 25])
@pytest.mark.parametrize("name", AUDITS)
def test_at_least_as_strong_as_before(document: Doc, name: str, k: int) -> None:
    """Every value the view shows, the view before it showed too, unchanged."""
    doc = document(name)
    before = _revealed(suppress_small_cells(doc, k))
    view = representative_view(doc, k)
    note = f"suppressed: fewer than {k} people"
    extra = {path: value for path, value in _revealed(view).items()
             if before.get(path, object()) != value
             and not ((path.endswith(".message") or ".messages." in path)
                      and str(value).startswith(note))
             and not RECOMPUTED.search(path) and not _public_label(view, path)}
    assert extra == {}
    assert view["disclosure"]["protected_cells"] >= suppress_small_cells(doc, k)[
        "suppression"]["cells"] > 0 or name == "monitoring-table"


@pytest.mark.parametrize("name", AUDITS)
def test_no_cell_under_k(document: Doc, name: str) -> None:
    view = representative_view(document(name), 10)
    assert view["schema"] == document(name)["schema"]
    for cell in _cells(view):
        assert not set(cell) & WORKER_LEVEL_KEYS
        for key in PEOPLE_KEYS:
            if isinstance(cell.get(key), int) and not isinstance(cell.get(key), bool):
                assert cell[key] >= 10, (key, cell)
        if cell.get("suppressed") is True and "group" in cell:
            assert set(cell) == {"group", "suppressed"}
        for key in ("unknown", "unknown_workers"):
            if isinstance(cell.get(key), int):
                assert cell[key] == 0 or cell[key] >= 10


@pytest.mark.parametrize("name", HIRING)
def test_hidden_cells_of_a_table_reach_k(document: Doc, name: str) -> None:
    """Secondary suppression: per table, no hidden cell alone and none summing under k."""
    doc = document(name)
    view = representative_view(doc, 10)
    pairs = [(t, v) for key in ("tables", "funnel")
             for t, v in zip(doc[key], view[key], strict=True)]
    for table, shown in pairs:
        hidden = [r["applicants"] for r, s in zip(table["rows"], shown["rows"], strict=True)
                  if s.get("suppressed")]
        assert not hidden or (len(hidden) >= 2 and sum(hidden) >= 10)
        if hidden:  # the lowest ratio is recomputed over the categories shown
            ratios = [r["impact_ratio"] for r in shown["rows"] if not r.get("suppressed")
                      and not r.get("excluded") and r.get("impact_ratio") is not None]
            assert shown["min_impact_ratio"] == (min(ratios) if ratios else None)
    trends: dict[tuple[str, str], list[int]] = {}
    for row, shown_row in zip(doc["trends"], view["trends"], strict=True):
        if shown_row.get("suppressed"):
            trends.setdefault((row["period"], row["attribute"]), []).append(row["applicants"])
    for hidden in trends.values():
        assert len(hidden) >= 2 and sum(hidden) >= 10


def test_the_fixtures_have_small_cells(document: Doc) -> None:
    """Guard: the tests above would prove nothing on documents without cells under k."""
    for name in (*HIRING, "monitoring-log"):
        assert representative_view(document(name), 10)["disclosure"]["protected_cells"] > 0


@pytest.mark.parametrize("name", ["hiring-selection", "monitoring-log"])
def test_a_new_unannotated_field_is_withheld(document: Doc, name: str) -> None:
    doc = document(name)
    doc["employees"] = 7
    if name.startswith("hiring"):
        shown = representative_view(doc, 10)["tables"][0]["rows"]
        row = next(i for i, r in enumerate(shown) if not r.get("suppressed"))
        doc["tables"][0]["rows"][row]["employees"] = 3
        doc["tables"][0]["employees"] = 4
        inner = f"$.tables[0].rows[{row}].employees"
    else:
        doc["surveillance"]["by_event_type"]["keystroke"]["employees"] = 3
        doc["pii"]["employees"] = {"nested": 2}
        inner = "$.surveillance.by_event_type.keystroke.employees"
    view = representative_view(doc, 10)
    assert "employees" not in json.dumps(view["tables"] if "tables" in view else view["pii"])
    assert not any(path.endswith(".employees") for path, _ in _leaves(
        {k: v for k, v in view.items() if k != "disclosure"}))
    withheld = view["disclosure"]["withheld_fields"]
    assert "$.employees" in withheld and inner in withheld


def test_person_fields_are_withheld(document: Doc) -> None:
    doc = document("monitoring-log")
    assert doc["samples"] and doc["surveillance"]["modalities_per_worker"]["max"] is not None
    view = representative_view(doc, 10)
    assert "samples" not in view
    assert "max" not in view["surveillance"]["modalities_per_worker"]
    assert "$.samples" in view["disclosure"]["withheld_fields"]
    for entry in view["surveillance"]["by_event_type"].values():
        assert "max" not in entry.get("events_per_worker_day", {})


def test_a_suppressed_cell_takes_its_derived_fields() -> None:
    doc = {"schema": "ai-work-audit/hiring-audit/v1", "tables": [{
        "attributes": ["sex"], "total": 160, "unknown": 3, "min_impact_ratio": 0.4,
        "adverse_impact_categories": 1, "rows": [
            {"group": {"sex": "A"}, "applicants": 100, "selected": 50, "rate": 0.5,
             "impact_ratio": 1.0, "p_value": 1.0},
            {"group": {"sex": "B"}, "applicants": 50, "selected": 20, "rate": 0.4,
             "impact_ratio": 0.8, "p_value": 0.3},
            {"group": {"sex": "C"}, "applicants": 7, "selected": 1, "rate": 0.14,
             "impact_ratio": 0.28, "p_value": 0.01}]}]}
    view = representative_view(doc, 10)
    table = view["tables"][0]
    assert table["rows"][0]["rate"] == 0.5
    assert table["rows"][1:] == [{"group": {"sex": "B"}, "suppressed": True},
                                 {"group": {"sex": "C"}, "suppressed": True}]
    # recomputed over what is shown: the one visible category is its own reference
    assert table["min_impact_ratio"] == 1.0 and table["adverse_impact_categories"] == 0
    assert table["unknown"] is None and table["unknown_suppressed"] is True
    assert table["total"] == 160
    assert view["disclosure"]["protected_cells"] == 3
    assert view["disclosure"]["method"] == METHOD and view["disclosure"]["k"] == 10


def test_a_table_total_cannot_give_back_a_lone_hidden_cell() -> None:
    """One category only, under k: the table's total would reveal it, so it goes too."""
    doc = {"schema": "ai-work-audit/hiring-audit/v1", "tables": [{
        "attributes": ["sex"], "total": 7, "unknown": 0, "rows": [
            {"group": {"sex": "A"}, "applicants": 7, "selected": 2}]}]}
    table = representative_view(doc, 10)["tables"][0]
    assert table["rows"] == [{"group": {"sex": "A"}, "suppressed": True}]
    assert table["total"] is None


@pytest.mark.parametrize(("counts", "already", "hidden"), [
    ([100, 50, 9], set(), {1, 2}),          # one under k: the next smallest goes too
    ([3, 4, 100], set(), {0, 1, 2}),        # two under k summing under k: one more
    ([100, 50, 30], {2}, {1, 2}),           # hidden elsewhere, alone in this table
    ([100, 50, 30], set(), set()),          # nothing under k: nothing hidden
    ([0, 40, 50], set(), {0}),              # an empty category is hidden (contracts.md), alone
    ([0, 4, 50], set(), {0, 1, 2}),         # and never counts as the second hidden cell
])
def test_hide_cells(counts: list[int], already: set[int], hidden: set[int]) -> None:
    assert hide_cells(counts, 10, already) == hidden


def test_finding_metrics_counting_people_under_k() -> None:
    doc = {"schema": "ai-work-audit/monitoring-audit/v1", "findings": [
        {"rule": "r", "message": "4 workers with health data",
         "metrics": {"privacy.special_category_workers": 4, "privacy.records": 3}}],
        "facts": {"privacy.special_category_workers": 4, "privacy.records": 3}}
    view = representative_view(doc, 10)
    finding = view["findings"][0]
    assert finding["metrics"] == {"privacy.special_category_workers": None,
                                  "privacy.records": 3}
    assert finding["suppressed"] is True and "4" not in finding["message"]
    assert view["facts"]["privacy.special_category_workers"] is None


def test_dict_and_model_give_the_same_view(document: Doc) -> None:
    doc = document("hiring-selection")
    original = copy.deepcopy(doc)
    assert representative_view(load_document(doc), 10) == representative_view(doc, 10)
    assert doc == original, "the input is not changed"


def test_apply_audience(document: Doc) -> None:
    doc = document("hiring-funnel")
    assert apply_audience(doc, "full", 10) is doc
    assert apply_audience(doc, "representative", 12) == representative_view(doc, 12)
    with pytest.raises(ConfigError, match="audience must be one of"):
        apply_audience(doc, "public", 10)
    for bad in (1, 0, True, 2.5):
        with pytest.raises(ConfigError, match="k must be a whole number"):
            apply_audience(doc, "representative", bad)  # type: ignore[arg-type]


def test_unknown_document_fails_closed() -> None:
    with pytest.raises(ConfigError):
        representative_view({"schema": "ai-work-audit/other/v1", "tables": []}, 10)


@pytest.mark.parametrize("name", MONITORING[:1] + HIRING[:1])
def test_rendering_marks(document: Doc, name: str) -> None:
    marked = mark_for_rendering(representative_view(document(name), 10), "fr")
    assert "masqué : moins de 10 personnes" in json.dumps(marked, ensure_ascii=False)
    assert marked["findings"][0]["rule"] == "service.small_cell_suppression"


@pytest.mark.parametrize("name", INDICATORS)
def test_indicator_documents_are_released_whole(document: Doc, name: str) -> None:
    """Self-assessments and consolidations count organisations, not people: every field is
    annotated, nothing is withheld, and a consolidation keeps its own suppression."""
    doc = document(name)
    view = representative_view(doc, 10)
    assert view.pop("disclosure")["withheld_fields"] == []
    if "suppression" not in doc:
        view.pop("suppression")
    assert view == doc


def test_a_fact_equal_to_a_hidden_cells_ratio_goes_with_it() -> None:
    """The lowest impact ratio of a table whose lowest category is hidden would give the
    hidden category's ratio back: the finding's metric, its message and the fact go."""
    doc = {"schema": "ai-work-audit/hiring-audit/v1",
           "tables": [{"attributes": ["sex"], "total": 157, "unknown": 0, "rows": [
               {"group": {"sex": "A"}, "applicants": 100, "selected": 50, "impact_ratio": 1.0},
               {"group": {"sex": "B"}, "applicants": 50, "selected": 20, "impact_ratio": 0.8},
               {"group": {"sex": "C"}, "applicants": 7, "selected": 1,
                "impact_ratio": 0.2857142857142857}]}],
           "facts": {"hiring.min_impact_ratio": 0.2857142857142857, "hiring.other": 0.5},
           "findings": [{"rule": "eeoc.four_fifths", "message": "lowest impact ratio 0.29",
                         "metrics": {"hiring.min_impact_ratio": 0.2857142857142857,
                                     "hiring.adverse_impact_categories": 1}}]}
    view = representative_view(doc, 10)
    # recomputed from the categories shown; a fact the view cannot recompute is withheld
    assert view["facts"] == {"hiring.min_impact_ratio": 1.0, "hiring.other": None}
    finding = view["findings"][0]
    assert finding["metrics"]["hiring.min_impact_ratio"] is None
    assert finding["metrics"]["hiring.adverse_impact_categories"] == 1
    assert finding["suppressed"] is True and "0.29" not in finding["message"]


def test_rendering_note_counts_the_withheld_fields(document: Doc) -> None:
    doc = document("monitoring-log")
    view = representative_view(doc, 10)
    withheld = len(view["disclosure"]["withheld_fields"])
    assert withheld > 0
    note = mark_for_rendering(view, "en")["findings"][0]["message"]
    assert f"{withheld} field(s) not cleared for release are withheld" in note
