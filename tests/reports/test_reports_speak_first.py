"""Hiring reports that speak first (issue 12 item 5): a headline naming the categories with
adverse impact and their ratios (and whether the verdict survives the unknown category's
bounds), mode wording, model headings that name the attribute, a funnel overview with the
stage where each gap opens, per-stage detail collapsed, a terminal summary legible at 80
columns."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from ai_work_audit.reports import print_hiring_summary, render_hiring

FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parents[1] / "golden" / "data"


def _fixture(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / f"hiring_{name}.json").read_text("utf-8"))
    return doc


def _golden(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text("utf-8"))
    return doc


def _headline(text: str) -> str:
    """The Markdown headline: the bold paragraph right under the subtitle."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[1].startswith("*") and lines[2].startswith("**"), lines[:3]
    return lines[2]


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "categories have adverse impact"),
    ("fr", "catégories sont en impact défavorable"),
])
def test_the_headline_names_the_adverse_categories_and_their_ratios(lang: str,
                                                                     words: str) -> None:
    doc = _fixture("selection")
    text = render_hiring(doc, "md", lang)
    headline = _headline(text)
    adverse = [r for t in doc["tables"] for r in t["rows"]
               if r.get("adverse_impact") and not r.get("excluded")]
    assert headline.startswith(f"**{len(adverse)} {words}")
    lowest = min(adverse, key=lambda r: r["impact_ratio"])
    assert " × ".join(lowest["group"].values()) in headline
    ratio = f"{lowest['impact_ratio']:.3f}"
    assert (ratio if lang == "en" else ratio.replace(".", ",")) in headline
    assert "Female 0" not in headline  # sex: Female 0.832 is not adverse
    html = render_hiring(_fixture("selection"), "html", lang)
    assert '<p class="headline">' in html
    assert html.index('class="headline"') < html.index('id="meta-heading"')


def test_the_headline_without_adverse_impact_names_the_lowest_ratio() -> None:
    doc = copy.deepcopy(_fixture("selection"))
    for table in doc["tables"]:
        for row in table["rows"]:
            row["adverse_impact"] = False
    headline = _headline(render_hiring(doc, "md"))
    assert headline.startswith("**No category has adverse impact")
    rows = [(r["impact_ratio"], " × ".join(r["group"].values())) for t in doc["tables"]
            for r in t["rows"] if r.get("impact_ratio") is not None and not r.get("excluded")]
    ratio, name = min(rows)
    assert f"lowest: {name} (" in headline and f"{ratio:.3f}" in headline


def _with_bounds(stable_for: set[str]) -> dict[str, Any]:
    """The fixture with bounds ±0.1 around each ratio; stable for the names given and for
    every ratio of 0.95 or more."""
    doc = copy.deepcopy(_fixture("selection"))
    for table in doc["tables"]:
        for row in table["rows"]:
            ratio = row.get("impact_ratio")
            if ratio is not None:
                name = " × ".join(row["group"].values())
                row["bounds"] = {"impact_ratio_min": max(ratio - 0.1, 0.0),
                                 "impact_ratio_max": min(ratio + 0.1, 1.0),
                                 "verdict_stable": name in stable_for or ratio >= 0.95}
    return doc


def test_the_headline_says_which_verdicts_could_flip_under_the_bounds() -> None:
    doc = _with_bounds({"Female"})
    headline = _headline(render_hiring(doc, "md"))
    assert "the verdict could change for" in headline
    tail = headline.split("could change for")[1]
    assert "Black or African American (race) 0.536 to 0.736" in tail
    assert "Female (sex)" not in tail  # stable
    unstable = [r for t in doc["tables"] for r in t["rows"]
                if "bounds" in r and not r["bounds"]["verdict_stable"] and not r.get("excluded")]
    # a few named (the adverse ones first), the rest counted
    assert len(unstable) > 6
    assert tail.count(";") == 5 - 1
    assert f"and {len(unstable) - 5} more" in tail
    fr = _headline(render_hiring(_with_bounds(set()), "md", "fr"))
    assert "le constat pourrait changer pour" in fr


def test_the_headline_says_the_verdicts_hold_when_every_bound_is_stable() -> None:
    doc = _with_bounds(set())
    for table in doc["tables"]:
        for row in table["rows"]:
            if "bounds" in row:
                row["bounds"]["verdict_stable"] = True
    headline = _headline(render_hiring(doc, "md"))
    assert "These verdicts hold whatever the category" in headline
    assert "could change" not in headline


def test_no_bounds_no_bounds_sentence() -> None:
    headline = _headline(render_hiring(_fixture("selection"), "md"))
    assert "unknown category" not in headline


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_scoring_reports_speak_of_scoring_not_selection(lang: str) -> None:
    text = render_hiring(_fixture("scoring"), "md", lang)
    before_findings = text[:text.index("## Constats" if lang == "fr" else "## Findings")]
    method = before_findings[before_findings.index("## M"):]
    assert ("Scoring outcomes" if lang == "en" else "Résultats de score") in text
    assert ("Selection rate:" if lang == "en" else "Taux de sélection :") not in method
    assert ("were selected differently" if lang == "en" else "sélectionnée autrement") \
        not in method
    assert ("Scoring rate" if lang == "en" else "Taux de score") in method


def test_model_metrics_headings_name_the_attribute_and_translate_every_metric() -> None:
    for lang, by in (("en", "### By sex"), ("fr", "### Par sex")):
        text = render_hiring(_golden("hiring-selection"), "md", lang)
        models = text[text.index("## M", text.index("## R")):]
        assert by in models
        assert "### By \n" not in text and "### Par \n" not in text
        assert "tpr\\_gap" not in text and "tpr_gap" not in text


def test_the_funnel_opens_with_a_stage_overview_and_collapses_the_stages() -> None:
    doc = _golden("hiring-funnel")
    text = render_hiring(doc, "md")
    funnel = text[text.index("## Selection funnel"):]
    overview = funnel[:funnel.index("<details>")]
    assert overview.count("### ") == 3  # one overview per attribute set
    assert "| Category | application |" in overview
    assert "- The gap opens at stage screening for: Non-binary 0.666." in overview
    assert "- The gap opens at stage offer for: Female 0.596; Male 0.643." in overview
    stages = [t["stage"] for t in doc["funnel"]]
    assert funnel.count("<details>") == len(dict.fromkeys(stages))
    assert "<summary>Stage offer: " in funnel
    html = render_hiring(doc, "html")
    assert html.count('<details class="stage-detail">') == len(dict.fromkeys(stages))
    assert html.index('class="stage-table"') < html.index('<details class="stage-detail">')


def _terminal(doc: dict[str, Any], width: int) -> list[str]:
    buffer = io.StringIO()
    print_hiring_summary(doc, Console(file=buffer, width=width, color_system=None,
                                      force_terminal=False), "en")
    return buffer.getvalue().splitlines()


@pytest.mark.parametrize("width", [80, 120])
def test_the_terminal_summary_shows_every_category_and_flag(width: int) -> None:
    doc = _golden("hiring-selection")
    lines = _terminal(doc, width)
    assert all(cell_len(line) <= width for line in lines)
    assert lines[0] == "Hiring bias audit"
    flat = "\n".join(lines)
    assert "20 categories have adverse impact" in " ".join(flat.split())
    lines = lines[lines.index(next(ln for ln in lines if ln.startswith("By sex"))):]
    for table in doc["tables"]:
        for row in table["rows"]:
            name = " × ".join(row["group"][a] for a in table["attributes"])
            # every name whole on one line, with its flags on that line when it has any
            line = next((ln for ln in lines if ln.strip().startswith(name)
                         and (ln.strip() == name or ln.strip()[len(name)] in " —")), None)
            assert line is not None, (width, name)
            if row.get("adverse_impact"):
                assert "adverse impact" in line, (width, line)
