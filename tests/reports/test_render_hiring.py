"""The hiring report in every format and language, from hand-written hiring-audit/v1 documents."""

from __future__ import annotations

import copy
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.reports import print_hiring_summary, render_hiring
from ai_work_audit.reports._i18n import NNBSP, Lang
from ai_work_audit.reports._pdf import ERR_NO_WEASYPRINT

FIXTURES = Path(__file__).parent / "fixtures"
XSS = "<script>alert(1)</script>"
XSS_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
LANGS = ("en", "fr")


def load(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / f"hiring_{name}.json").read_text("utf-8"))
    return doc


@pytest.fixture(scope="module")
def selection() -> dict[str, Any]:
    return load("selection")


@pytest.fixture(scope="module")
def scoring() -> dict[str, Any]:
    return load("scoring")


@pytest.fixture(scope="module")
def html_en(selection: dict[str, Any]) -> str:
    return render_hiring(selection, "html", "en")


@pytest.fixture(scope="module")
def html_fr(selection: dict[str, Any]) -> str:
    return render_hiring(selection, "html", "fr")


def label(row: dict[str, Any], attributes: list[str]) -> str:
    return " × ".join(str(row["group"][a]) for a in attributes)


# --- every format, every language --------------------------------------------------------------


@pytest.mark.parametrize("name", ["selection", "scoring"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_text_formats_render(name: str, lang: str, fmt: str) -> None:
    out = render_hiring(load(name), fmt, lang)  # type: ignore[arg-type]
    assert isinstance(out, str)
    assert ("Hiring bias audit" if lang == "en" else "Audit des biais à l'embauche") in (
        out.replace("&#39;", "'")
    )


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_a_pdf(selection: dict[str, Any], lang: str) -> None:
    pdf = render_hiring(selection, "pdf", lang)  # type: ignore[arg-type]
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    assert b"%%EOF" in pdf[-1024:]


def test_pdf_text_with_pypdf(selection: dict[str, Any]) -> None:
    pypdf = pytest.importorskip("pypdf")
    import io

    reader = pypdf.PdfReader(io.BytesIO(render_hiring(selection, "pdf")))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert "Hiring bias audit" in text
    assert "Black or African American" in text


@pytest.mark.slow
def test_pdf_pages_carry_title_and_groups(html_en: str) -> None:
    """Checked on WeasyPrint's laid-out document (the PDF is written from it)."""
    weasyprint = pytest.importorskip("weasyprint")
    document = weasyprint.HTML(string=html_en).render()
    assert len(document.pages) >= 2
    texts = [
        box.text
        for page in document.pages
        for box in page._page_box.descendants()
        if isinstance(getattr(box, "text", None), str)
    ]
    joined = " ".join(texts)
    assert "Hiring bias audit" in joined
    assert "Black or African American" in joined
    assert "<script>alert(1)</" in joined.replace(" ", "")  # text in the PDF, not markup


# --- escaping ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_html_never_contains_the_script_tag(selection: dict[str, Any], lang: str) -> None:
    html = render_hiring(selection, "html", lang)  # type: ignore[arg-type]
    assert XSS not in html
    assert "<script" not in html.lower()
    assert XSS_ESCAPED in html


def test_markdown_escapes_markup(selection: dict[str, Any]) -> None:
    md = render_hiring(selection, "md")
    assert XSS not in md
    assert r"\<script\>alert(1)\</script\>" in md


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_formula_injection_is_neutralised(selection: dict[str, Any], fmt: str) -> None:
    out = render_hiring(selection, fmt)  # type: ignore[arg-type]
    out = out.replace("&#39;", "'")
    assert out.count("=HYPERLINK(") >= 3
    assert re.search(r"(?<!')=HYPERLINK\(", out) is None


def test_markdown_table_rows_keep_their_columns() -> None:
    doc = load("scoring")
    doc["tables"][0]["rows"][0]["group"]["sex"] = "A|B\nC*_`[x](y)"
    md = render_hiring(doc, "md")
    table = [line for line in md.splitlines() if line.startswith("| ")]
    cols = {len(re.findall(r"(?<!\\)\|", line)) for line in table if "Applicants" in line
            or "A\\|B" in line or "Female" in line}
    assert len(cols) == 1
    assert "A\\|B C\\*\\_\\`\\[x\\](y)" in md


def test_terminal_output_shows_markup_literally() -> None:
    doc = load("scoring")
    doc["tables"][0]["rows"][0]["group"]["sex"] = "[bold red]Male[/]\x1b[2J"
    console = Console(record=True, width=160, color_system=None)
    print_hiring_summary(doc, console)
    text = console.export_text()
    assert "[bold red]Male[/][2J" in text
    assert "\x1b" not in text


# --- self-contained HTML -----------------------------------------------------------------------


def test_html_has_no_external_assets(html_en: str) -> None:
    assert re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html_en, re.I) is None
    assert re.search(r"<link\b", html_en, re.I) is None
    assert re.search(r"<script\b", html_en, re.I) is None
    assert "@import" not in html_en
    assert "url(" not in html_en
    assert "<style>" in html_en


def test_html_structure_is_accessible(html_en: str, html_fr: str) -> None:
    assert '<html lang="en">' in html_en
    assert '<html lang="fr">' in html_fr
    assert html_en.count('<th scope="col"') > 20
    assert '<th scope="row"' in html_en
    # two attribute tables and two funnel stages get a chart; each names itself
    assert html_en.count("<svg") == 4
    assert html_en.count('role="img"') == 4
    assert html_en.count('stroke-dasharray="5 3"') == 4
    # the intersectional table as a heat table with a legend, flags spelled out
    assert 'class="heat-table"' in html_en
    assert 'class="legend"' in html_en
    assert "▼ adverse impact" in html_en
    assert 'class="flag flag-adverse">adverse impact<' in html_en


class _RateTables(HTMLParser):
    """Cell texts of every ``table.rates`` row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._in_table = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", "rates") in attrs:
            self._in_table = True
            self.tables.append([])
        elif self._in_table and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


@pytest.mark.parametrize("lang", LANGS)
def test_html_numbers_match_the_document(selection: dict[str, Any], lang: str) -> None:
    parser = _RateTables()
    parser.feed(render_hiring(selection, "html", lang))  # type: ignore[arg-type]
    fmt = Lang(lang)  # type: ignore[arg-type]
    tables = [*selection["tables"], *selection["funnel"]]
    assert len(parser.tables) == len(tables)
    for table, rendered in zip(tables, parser.tables, strict=True):
        _header, *rows = rendered
        assert len(rows) == len(table["rows"])
        for row, cells in zip(table["rows"], rows, strict=True):
            group = label(row, table["attributes"])
            expected_label = "'" + group if group.startswith("=") else group
            expected_label = expected_label.replace("× =", "× '=")
            assert cells[0] == expected_label
            assert cells[1] == fmt.integer(row["applicants"])
            assert cells[2] == fmt.integer(row["selected"])
            assert cells[4] == fmt.percent(row["rate"])
            assert cells[6] == fmt.ratio(row["impact_ratio"], row["adverse_impact"])
            assert ("adverse impact" in cells[10] or "impact défavorable" in cells[10]) is bool(
                row["adverse_impact"]
            )


def test_html_spot_values(html_en: str, html_fr: str) -> None:
    # sex table: 140/560 = 25.0 %, ratio 0.25/0.3003 = 0.832; race: 52/260 → 0.636 adverse
    assert ">25.0%<" in html_en and ">0.832<" in html_en and ">0.636<" in html_en
    assert f">25,0{NNBSP}%<" in html_fr and ">0,832<" in html_fr and ">0,636<" in html_fr
    assert f"[21,6{NNBSP}%{NNBSP}; 28,7{NNBSP}%]" in html_fr


# --- languages and modes -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_french_report_speaks_french(selection: dict[str, Any], fmt: str) -> None:
    out = render_hiring(selection, fmt, "fr").replace("&#39;", "'")  # type: ignore[arg-type]
    for text in ("Taux de sélection", "Ratio d'impact", "Catégorie inconnue", "impact défavorable",
                 "Constats"):
        assert text in out, text
    if fmt != "text":
        assert "Règle des quatre cinquièmes" in out
    assert "Selection rate" not in out
    assert "Findings" not in out


def test_scoring_mode_labels(scoring: dict[str, Any]) -> None:
    md = render_hiring(scoring, "md")
    assert "Scoring rate" in md and "Above median" in md and "62.50" in md
    assert "0.823" in md and "54.3%" in md and "44.7%" in md  # NYC DCWP culture-fit example
    fr = render_hiring(scoring, "html", "fr")
    assert "Taux de score" in fr and "Au-dessus de la médiane" in fr and "62,50" in fr


def test_findings_are_ordered_with_legal_basis_and_remediation(selection: dict[str, Any]) -> None:
    md = render_hiring(selection, "md")
    section = md.split("## Findings", 1)[1]
    assert section.index("**HIGH** · fail") < section.index("**MEDIUM** · warning")
    assert section.index("**LOW** · warning") < section.index("**HIGH** · pass")
    assert "Legal basis: 29 CFR 1607.4(D)" in section
    assert "Remediation: Investigate the selection procedure" in section


def test_markdown_sections(selection: dict[str, Any]) -> None:
    md = render_hiring(selection, "md")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Audit details", "## Summary", "## Method", "## Results by category",
        "## Selection funnel", "## Trends over time", "## Model metrics", "## Findings",
    ]
    for citation in ("29 CFR 1607.4(D)", "6 RCNY § 5-301(d)", "Wilson", "Fisher", "Holm",
                     "44 Fed. Reg. 11996"):
        assert citation in md
    assert "9f2c1e7b4a8d6e0f" in md and "acme-logistics" in md and "ResumeRanker 4.2" in md


def test_optional_sections_are_left_out(scoring: dict[str, Any]) -> None:
    md = render_hiring(scoring, "md")
    assert "## Selection funnel" not in md and "## Trends" not in md
    assert "No findings." in md


def test_print_hiring_summary(selection: dict[str, Any]) -> None:
    console = Console(record=True, width=180, color_system="truecolor", force_terminal=True)
    print_hiring_summary(selection, console, "fr")
    text = console.export_text(clear=False)
    assert "Audit des biais à l'embauche" in text
    assert "Black or African American" in text and "impact défavorable" in text
    assert "[ÉLEVÉE]" in text and "eeoc.four_fifths" in text
    assert XSS in text  # plain text on a terminal
    styled = console.export_text(styles=True)
    assert "\x1b[1;31m[ÉLEVÉE]" in styled  # severities in colour


# --- errors ------------------------------------------------------------------------------------


def test_bad_format_or_language(selection: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="'fmt' parameter of render_hiring"):
        render_hiring(selection, "docx")  # type: ignore[call-overload]
    with pytest.raises(ConfigError, match="'lang' parameter of render_hiring"):
        render_hiring(selection, "md", "de")  # type: ignore[arg-type]


def test_wrong_document(selection: dict[str, Any]) -> None:
    doc = copy.deepcopy(selection)
    doc["schema"] = "ai-work-audit/monitoring-audit/v1"
    with pytest.raises(InputError, match="hiring-audit/v1"):
        render_hiring(doc, "md")
    with pytest.raises(InputError):
        render_hiring([], "md")  # type: ignore[call-overload]


def test_pdf_without_weasyprint(selection: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ConfigError) as info:
        render_hiring(selection, "pdf")
    assert str(info.value) == ERR_NO_WEASYPRINT
    assert "'pdf' extra" in str(info.value)
