"""The monitoring report in every format and language, from monitoring-audit/v1 documents.

Fixtures: ``monitoring_log.json`` (a real audit of a CERT-style log), ``monitoring_hr_export.json``
(a hand-written HR-export audit: surveillance null, columns filled) and ``monitoring_hostile.json``
(the log with hostile strings in every user-controlled place).
"""

from __future__ import annotations

import copy
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.reports import MONITORING_FORMATS, print_monitoring_summary, render_monitoring
from ai_work_audit.reports._i18n import MESSAGES, NNBSP
from ai_work_audit.reports._monitoring_view import duration, working_days
from ai_work_audit.reports._pdf import ERR_NO_WEASYPRINT
from ai_work_audit.vocab._messages import LANGUAGES, catalogue_sections

FIXTURES = Path(__file__).parent / "fixtures"
NAMES = ("log", "hr_export")
LANGS = ("en", "fr")
TEXT_FORMATS = ("md", "html", "text")
TITLES = {"en": "Workplace monitoring audit", "fr": "Audit de la surveillance au travail"}
XSS = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("x")'
LINK = "[link](javascript:x)"
PSEUDONYM = re.compile(r"w_[0-9a-f]{16}")


def load(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / f"monitoring_{name}.json").read_text("utf-8"))
    return doc


def formulas_neutralised(text: str) -> bool:
    """Every ``=HYPERLINK(`` is preceded by an apostrophe (and maybe the spaces it kept)."""
    starts = [m.start() for m in re.finditer(r"=HYPERLINK\(", text)]
    return bool(starts) and all(text[:i].rstrip(" ").endswith("'") for i in starts)


def unescape(text: str) -> str:
    return text.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"')


@pytest.fixture(scope="module")
def log() -> dict[str, Any]:
    return load("log")


@pytest.fixture(scope="module")
def hostile() -> dict[str, Any]:
    return load("hostile")


@pytest.fixture(scope="module")
def html_en(log: dict[str, Any]) -> str:
    return render_monitoring(log, "html", "en")


# --- every format, every language --------------------------------------------------------------


def test_formats_are_exported() -> None:
    assert MONITORING_FORMATS == ("md", "html", "pdf", "text")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_text_formats_render(name: str, lang: str, fmt: str) -> None:
    out = render_monitoring(load(name), fmt, lang)  # type: ignore[call-overload]
    assert isinstance(out, str)
    assert TITLES[lang] in unescape(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_pdf_is_a_real_pdf(name: str, lang: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    pdf = render_monitoring(load(name), "pdf", lang)  # type: ignore[call-overload]
    assert isinstance(pdf, bytes)
    assert pdf.startswith(b"%PDF")
    assert b"%%EOF" in pdf[-1024:]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert TITLES[lang] in text.replace("’", "'")
    assert PSEUDONYM.search(text) is None


@pytest.mark.slow
def test_pdf_of_hostile_document_shows_text_not_markup(hostile: dict[str, Any]) -> None:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(render_monitoring(hostile, "pdf")))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "")
    assert "<script>alert(1)</script>" in text


# --- privacy: pseudonyms never rendered ----------------------------------------------------------


def _pseudonyms(doc: dict[str, Any]) -> set[str]:
    ids = {i for ids in doc["pii"].get("exposed_workers", {}).values() for i in ids}
    assert ids and all(PSEUDONYM.fullmatch(i) for i in ids)
    return ids


@pytest.mark.parametrize("name", ["log", "hostile"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_pseudonym_lists_never_appear(name: str, lang: str, fmt: str) -> None:
    doc = load(name)
    _pseudonyms(doc)
    out = render_monitoring(doc, fmt, lang)  # type: ignore[call-overload]
    assert PSEUDONYM.search(out) is None


def test_exposed_workers_are_counted(log: dict[str, Any]) -> None:
    """Pseudonym lists of documents from earlier versions are neither shown nor counted."""
    md = render_monitoring(log, "md")
    row = next(line for line in md.splitlines() if line.startswith("| **Health"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1:4] == ["75", "65", "0.03%"] and len(cells) == 5
    assert "pseudonymised identifiers" not in md.lower()


def test_terminal_never_shows_pseudonyms(log: dict[str, Any]) -> None:
    console = Console(record=True, width=160, color_system=None)
    print_monitoring_summary(log, console)
    assert PSEUDONYM.search(console.export_text()) is None


# --- hostile strings ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_html_escapes_hostile_strings(hostile: dict[str, Any], lang: str) -> None:
    html = render_monitoring(hostile, "html", lang)  # type: ignore[call-overload]
    assert XSS not in html
    assert "<script" not in html.lower()
    # system, file, group, attribute, column, event type, sample, warning, finding
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 9
    assert "javascript:" not in re.sub(r">[^<]*<", "><", html)  # only ever in text nodes
    assert re.search(r"<a\b", html) is None
    assert formulas_neutralised(unescape(html))
    assert unescape(html).count("'=HYPERLINK(") >= 5


def test_markdown_escapes_hostile_strings(hostile: dict[str, Any]) -> None:
    md = render_monitoring(hostile, "md")
    assert XSS not in md
    assert r"\<script\>alert(1)\</script\>" in md
    assert LINK not in md and r"\[link\](javascript:x)" in md
    assert formulas_neutralised(md)
    assert md.count("'=HYPERLINK(") >= 5
    assert r"\<HEALTH\>" in md  # redaction tags stay visible as text
    # the pipe in a sample does not add a column
    sample = next(line for line in md.splitlines() if "pipe" in line)
    assert len(re.findall(r"(?<!\\)\|", sample)) == 3


def test_text_neutralises_formulas(hostile: dict[str, Any]) -> None:
    text = render_monitoring(hostile, "text")
    assert formulas_neutralised(text)
    assert "'=HYPERLINK(" in text
    assert "\x1b" not in text


def test_terminal_shows_markup_literally(hostile: dict[str, Any]) -> None:
    doc = copy.deepcopy(hostile)
    doc["system"] = "[bold red]pwn[/]\x1b[2J"
    console = Console(record=True, width=200, color_system=None)
    print_monitoring_summary(doc, console)
    text = console.export_text()
    assert "[bold red]pwn[/][2J" in text
    assert "\x1b" not in text
    assert XSS in text  # plain text on a terminal


# --- self-contained HTML -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["log", "hr_export", "hostile"])
def test_html_has_no_external_assets(name: str) -> None:
    html = render_monitoring(load(name), "html")
    assert re.search(r"""(?:src|href)\s*=""", html, re.I) is None
    assert re.search(r"<link\b|<script\b|<img\b|<iframe\b", html, re.I) is None
    assert "@import" not in html
    assert "url(" not in html
    assert re.search(r"https?://(?!www\.w3\.org/2000/svg)", html) is None


def test_html_structure(html_en: str) -> None:
    assert '<html lang="en">' in html_en
    assert html_en.count("<svg") == 1 and 'role="img"' in html_en
    headings = re.findall(r"<h2[^>]*>([^<]+)", html_en)
    assert headings[:4] == ["In plain words, for workers&#39; representatives", "Audit details",
                            "Findings", "Personal data exposed"]
    assert "Surveillance intensity" in headings and "Method" in headings
    assert html_en.index(">Failed (12)<") < html_en.index(">Warnings (1)<") < html_en.index(
        ">Could not be checked (2)<") < html_en.index(">Passed (5)<")
    assert 'class="badge sev sev-critical"' in html_en
    assert html_en.count('class="row-special"') == 2  # health and union
    assert "Redacted samples" in html_en and 'class="redacted-label"' in html_en


def test_html_content_of_the_log(html_en: str) -> None:
    for text in ("230,902", "18dd2dbc39f56d779a0c3d7e91e4ecd92413972b39903a808b942cacd0dc48d9",
                 "3 March 2025, 07:00 UTC → 29 March 2025, 10:50 UTC", "tracker.csv (132,816 rows)",
                 "08:00-19:00, Mon–Fri", "Europe/Paris", "1.2%", "2,832", ">10 min<", ">114<",
                 ">125<", ">129<", "WP-10, WP-16", "Customer Support", ">8.95<", "31 days",
                 "twice the least monitored or more", "1 file(s) ignored by the mapping",
                 "Regulation (EU) 2024/1689 (AI Act) art. 5(1)(f)",
                 "Switch off the emotion, sentiment or engagement features"):
        assert text in html_en, text
    for citation in ("GDPR art. 5", "art. 9", "art. 25", "art. 35", "2024/2831", "art. 7",
                     "5(1)(f)", "CNIL", "Presidio", "Two-tier scan"):
        assert citation in html_en, citation


def test_hr_export_variant() -> None:
    doc = load("hr_export")
    md = render_monitoring(doc, "md")
    assert "## Columns of the HR export" in md
    assert "## Surveillance intensity" not in md
    assert "| sick\\_leave\\_reason | 37 | 9.0% | Health 100.0% | **special category" in md
    assert "| email | 412 | 100.0% | E-mail address 100.0% | direct identifier |" in md
    assert "3 columns hold direct identifiers and 2 columns hold special-category data" in md
    html = render_monitoring(doc, "html", "fr")
    assert "Colonnes de l&#39;export RH" in html and "identifiant direct" in html
    assert "Santé dans 1 colonne(s)" in html


# --- languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_french_report_speaks_french(log: dict[str, Any], fmt: str) -> None:
    out = unescape(render_monitoring(log, fmt, "fr"))  # type: ignore[call-overload]
    for text in ("Audit de la surveillance au travail", "Données personnelles exposées",
                 "Intensité de la surveillance", "Constats", "non conforme", "Base juridique",
                 "Mesure corrective", "Santé", "salariés", "Hors temps de travail",
                 f"230{NNBSP}902", f"1,2{NNBSP}%"):
        assert text in out, text
    if fmt != "text":
        for text in ("En clair, pour les représentants du personnel", "Extraits caviardés",
                     "Durée de conservation", "Méthode", "lun.–ven.", "3 mars 2025"):
            assert text in out, text
    for english in ("Findings", "Personal data exposed", "Surveillance intensity",
                    "Kind of monitoring", "Redacted samples", "Legal basis"):
        assert english not in out, english


def test_french_numbers_and_typography(log: dict[str, Any]) -> None:
    html = render_monitoring(log, "html", "fr")
    assert f">58{NNBSP}365<" in html and ">1 h 49 min<" in html and ">1 j 0 h<" in html
    assert "Hors du temps de travail\u00a0:" in html
    assert ">8,95<" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_monitoring_messages_are_in_the_catalogue(lang: str) -> None:
    section = catalogue_sections(lang)["monitoring"]
    assert section and all(k.startswith("mon.") for k in section)
    assert all(MESSAGES[k][lang] == v for k, v in section.items())


@pytest.mark.parametrize(
    ("seconds", "en", "fr"),
    [(45, "45 s", "45 s"), (600, "10 min", "10 min"), (3600, "1 h", "1 h"),
     (6557.5, "1 h 49 min", "1 h 49 min"), (86796.5, "1 d 0 h", "1 j 0 h"), (None, "n/a", "n.d.")],
)
def test_durations(seconds: float | None, en: str, fr: str) -> None:
    from ai_work_audit.reports._i18n import Lang

    assert duration(Lang("en"), seconds) == en
    assert duration(Lang("fr"), seconds) == fr


@pytest.mark.parametrize(
    ("spec", "en"),
    [("mon-fri", "Mon–Fri"), ("mon,tue,wed,thu,fri", "Mon–Fri"), ("sat,sun", "Sat, Sun"),
     ("mon-sun", "every day"), ("fri-mon", "Mon, Fri, Sat, Sun"), ("=1+1", "'=1+1")],
)
def test_working_days(spec: str, en: str) -> None:
    from ai_work_audit.reports._i18n import Lang

    assert working_days(Lang("en"), spec) == en


# --- worker-representative (suppressed) views ----------------------------------------------------


def test_suppressed_cells_render(log: dict[str, Any]) -> None:
    from ai_work_audit.api._suppress import mark_suppressed_for_rendering, suppress_small_cells

    doc = mark_suppressed_for_rendering(suppress_small_cells(log, 30), "en")
    for fmt in TEXT_FORMATS:
        out = render_monitoring(doc, fmt)  # type: ignore[call-overload]
        assert "suppressed" in out
        assert PSEUDONYM.search(out) is None
    html = render_monitoring(doc, "html")
    assert "Worker-representative view" in html
    assert "emotion [suppressed: fewer than 30 people]" in html


# --- errors ------------------------------------------------------------------------------------


def test_bad_format_or_language(log: dict[str, Any]) -> None:
    with pytest.raises(ConfigError, match="'fmt' parameter of render_monitoring"):
        render_monitoring(log, "docx")  # type: ignore[call-overload]
    with pytest.raises(ConfigError, match="'lang' parameter of render_monitoring"):
        render_monitoring(log, "md", "de")  # type: ignore[call-overload]


def test_wrong_document(log: dict[str, Any]) -> None:
    doc = copy.deepcopy(log)
    doc["schema"] = "ai-work-audit/hiring-audit/v1"
    with pytest.raises(InputError, match="monitoring-audit/v1"):
        render_monitoring(doc, "md")
    with pytest.raises(InputError):
        render_monitoring([], "md")  # type: ignore[call-overload]


def test_minimal_document_renders() -> None:
    doc = {"schema": "ai-work-audit/monitoring-audit/v1", "input": {}, "pii": {},
           "surveillance": {}, "findings": []}
    for fmt in TEXT_FORMATS:
        assert TITLES["en"] in unescape(render_monitoring(doc, fmt))  # type: ignore[call-overload]


def test_pdf_without_weasyprint(log: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ConfigError) as info:
        render_monitoring(log, "pdf")
    assert str(info.value) == ERR_NO_WEASYPRINT
