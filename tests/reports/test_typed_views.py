"""Reports render from the typed document only (issue 9 item 5): a dict and its model give the
same report, a representative view (suppressed cells, nulled and withheld fields) renders, and
an invalid document is refused naming the field, never its value."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.disclosure import representative_view
from ai_work_audit.disclosure._render import mark_for_rendering
from ai_work_audit.documents import load_document
from ai_work_audit.errors import InputError
from ai_work_audit.reports import render_hiring, render_monitoring

#: A cell that is a figure: digits, separators, a per cent sign, an interval.
FIGURE = re.compile(r"[\[\]\d.,;%\s\u202f\u00a0<−-]*\d[\[\]\d.,;%\s\u202f\u00a0<−-]*")
FIXTURES = Path(__file__).parent / "fixtures"
RENDER: dict[str, Callable[..., Any]] = {"hiring": render_hiring, "monitoring": render_monitoring}
CASES = [("hiring", "selection"), ("hiring", "scoring"), ("monitoring", "log"),
         ("monitoring", "hr_export")]


def _load(kind: str, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / f"{kind}_{name}.json").read_text("utf-8"))
    return doc


@pytest.mark.parametrize(("kind", "name"), CASES)
@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_a_model_renders_as_its_dict(kind: str, name: str, fmt: str) -> None:
    doc = _load(kind, name)
    model = load_document(doc)
    assert RENDER[kind](model, fmt, "fr") == RENDER[kind](doc, fmt, "fr")


@pytest.mark.parametrize(("kind", "name"), CASES)
def test_a_representative_view_renders(kind: str, name: str) -> None:
    """Suppressed rows ({group, suppressed}), nulled counts and withheld fields still render;
    a suppressed row shows no figure of its own."""
    doc = _load(kind, name)
    view = representative_view(doc, k=50)
    for lang in ("en", "fr"):
        marked = mark_for_rendering(view, lang)
        text = RENDER[kind](marked, "md", lang)
        assert ("fewer than 50" if lang == "en" else "moins de 50") in text
        for line in text.splitlines():
            if "suppressed: fewer than 50 people" in line and line.startswith("|"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                figures = [c for c in cells[1:] if FIGURE.fullmatch(c.strip("*"))]
                assert not figures, line


def test_a_representative_view_hides_the_figures_of_a_suppressed_row() -> None:
    doc = _load("hiring", "selection")
    rows = doc["tables"][0]["rows"]
    smallest = min(rows, key=lambda r: r["applicants"])
    view = representative_view(doc, k=smallest["applicants"] + 1)
    text = render_hiring(mark_for_rendering(view, "en"), "md")
    line = next(ln for ln in text.splitlines()
                if "suppressed: fewer than" in ln and ln.startswith("|"))
    assert str(smallest["applicants"]) not in line.split("|", 2)[2]


def test_an_invalid_document_names_the_field_not_the_value() -> None:
    doc = copy.deepcopy(_load("hiring", "selection"))
    doc["tables"][0]["rows"][0]["applicants"] = "secret-value-17"
    with pytest.raises(InputError) as info:
        render_hiring(doc, "md")
    assert "tables.0.rows.0.applicants" in str(info.value)
    assert "secret-value-17" not in str(info.value)
