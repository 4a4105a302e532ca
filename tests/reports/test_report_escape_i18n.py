"""Escaping helpers and the English/French catalogue of the reports."""

from __future__ import annotations

import string

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.reports import (
    escape_html,
    escape_markdown,
    html_cell,
    markdown_cell,
    neutralise_formula,
    safe_text,
    strip_control,
)
from ai_work_audit.reports._i18n import MESSAGES, NNBSP, Lang, check_language


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Female", "Female"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_formula(value: str, expected: str) -> None:
    assert neutralise_formula(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a\nb", "a b"),
        ("a\r\nb", "a b"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("abc\u202edef", "abcdef"),  # bidi override dropped
        ("a\u200db", "a\u200db"),  # zero-width joiner kept
        ("tab\there", "tab here"),
    ],
)
def test_strip_control(value: str, expected: str) -> None:
    assert strip_control(value) == expected


def test_safe_text_neutralises_after_stripping() -> None:
    assert safe_text("\t=1+1") == "' =1+1"
    assert safe_text("\n=cmd") == "' =cmd"
    assert safe_text("  -2") == "'  -2"
    assert safe_text("=1") == "'=1"


def test_escape_markdown_every_special_character() -> None:
    assert escape_markdown("a|b*c_d`e<f>[g]\\") == r"a\|b\*c\_d\`e\<f\>\[g\]\\"


def test_markdown_cell_combines_formula_and_markup() -> None:
    assert markdown_cell("=A1|B1") == r"'=A1\|B1"


def test_html_helpers_escape() -> None:
    assert str(escape_html("<script>alert(1)</script>")) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert str(html_cell("=1<2")) == "&#39;=1&lt;2"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_catalogue_entry_has_both_languages_and_same_fields(msg_id: str) -> None:
    entry = MESSAGES[msg_id]
    assert set(entry) == {"en", "fr"}
    assert entry["en"].strip() and entry["fr"].strip()
    assert _fields(entry["en"]) == _fields(entry["fr"])


@pytest.mark.parametrize(
    ("method", "value", "en", "fr"),
    [
        ("integer", 1234567, "1,234,567", f"1{NNBSP}234{NNBSP}567"),
        ("percent", 0.25, "25.0%", f"25,0{NNBSP}%"),
        ("share", 0.0209, "2.09%", f"2,09{NNBSP}%"),
        ("pvalue", 0.0034, "0.0034", "0,0034"),
        ("pvalue", 0.012, "0.012", "0,012"),
        ("pvalue", 0.54, "0.54", "0,54"),
        ("pvalue", 0.00001, "< 0.0001", "< 0,0001"),
        ("signed", -1.918, "\u22121.92", "\u22121,92"),
        ("percent", None, "n/a", "n.d."),
    ],
)
def test_number_formats(method: str, value: float | None, en: str, fr: str) -> None:
    assert getattr(Lang("en"), method)(value) == en
    assert getattr(Lang("fr"), method)(value) == fr


@pytest.mark.parametrize(
    ("value", "adverse", "expected"),
    [
        (0.8333, False, "0.833"),
        (0.5, True, "0.500"),  # EEOC Q&A worked example: 30 % / 60 %
        (0.7996, True, "0.799"),  # would round to 0.800 beside an adverse-impact flag
        (0.7999999999999999, False, "0.800"),  # 3/5 vs 3/4 in floating point: not adverse
        (0.8, False, "0.800"),
        (1.0, False, "1.000"),
    ],
)
def test_ratio_stays_on_the_side_of_the_exact_comparison(
    value: float, adverse: bool, expected: str
) -> None:
    assert Lang("en").ratio(value, adverse) == expected


def test_interval_and_date() -> None:
    assert Lang("en").interval((0.216, 0.287)) == "[21.6%, 28.7%]"
    assert Lang("fr").interval((0.216, 0.287)) == f"[21,6{NNBSP}% {NNBSP}; 28,7{NNBSP}%]".replace(
        f"% {NNBSP};", f"%{NNBSP};"
    )
    assert Lang("en").date("2026-03-14T09:30:12Z") == "14 March 2026, 09:30 UTC"
    assert Lang("fr").date("2026-03-14T09:30:12+01:00") == "14 mars 2026 à 08:30 UTC"
    assert Lang("en").date("not a date") == "not a date"


def test_french_colon_gets_a_non_breaking_space() -> None:
    assert Lang("fr").t("table.stage", stage="x") == "Étape\u00a0: x"


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'lang' parameter"):
        check_language("de", "render_hiring")


def test_strip_control_keeps_printable_text_as_it_is_and_drops_every_control_or_format_char(
) -> None:
    """The shortcut for printable text (start-up) gives what the per-character filter gives."""
    import sys
    import unicodedata

    from ai_work_audit.reports._escape import strip_control

    for code in range(0, sys.maxunicode + 1, 7):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{ch}b"
        kept = ch in "\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf")
        expected = "a b" if ch in "\r\n\t\u2028\u2029" else (text if kept else "ab")
        assert strip_control(text) == expected, hex(code)
    assert strip_control("\x1b[31mred\u202e\u200dx\ny\x7f") == "[31mred\u200dx y"
    assert strip_control("Prefer not to say, Hispanic\u00a0or Latino") == \
        "Prefer not to say, Hispanic\u00a0or Latino"
