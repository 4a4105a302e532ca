"""Entry points of the hiring report: :func:`render_hiring` and :func:`print_hiring_summary`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, get_args, overload

from rich.console import Console

from ai_work_audit.documents import HiringDocument
from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._console import print_view, render_text
from ai_work_audit.reports._hiring_view import build_view
from ai_work_audit.reports._i18n import Lang, Language, check_language
from ai_work_audit.reports._markdown import render_markdown
from ai_work_audit.reports._pdf import html_to_pdf

#: The document a renderer takes: its JSON (a dict) or its typed model.
DocumentIn = Mapping[str, Any] | HiringDocument

Format = Literal["md", "html", "pdf", "text"]
FORMATS: Final[tuple[str, ...]] = get_args(Format)
ERR_FORMAT: Final = (
    "The 'fmt' parameter of render_hiring must be one of {allowed}; got {got!r} instead. "
    "Choose one of the listed formats."
)


@overload
def render_hiring(doc: DocumentIn, fmt: Literal["pdf"], lang: Language = "en") -> bytes: ...


@overload
def render_hiring(
    doc: DocumentIn, fmt: Literal["md", "html", "text"], lang: Language = "en"
) -> str: ...


@overload
def render_hiring(doc: DocumentIn, fmt: Format, lang: Language = "en") -> bytes | str: ...


def render_hiring(doc: DocumentIn, fmt: Format, lang: Language = "en") -> bytes | str:
    """Render a ``ai-work-audit/hiring-audit/v1`` document as Markdown, HTML, PDF or plain text.

    Definitions: EEOC 29 CFR 1607.4(D) (four-fifths rule), NYC DCWP 6 RCNY § 5-300/5-301
    (selection and scoring rates, impact ratio, unknown category, exclusion under 2 %).
    ``pdf`` returns bytes and needs the ``pdf`` extra (WeasyPrint); the others return text.
    """
    if fmt not in FORMATS:
        raise ConfigError(ERR_FORMAT.format(allowed=", ".join(FORMATS), got=fmt))
    view = build_view(doc, Lang(check_language(lang, "render_hiring")), "render_hiring")
    if fmt == "md":
        return render_markdown(view)
    if fmt == "text":
        return render_text(view)
    # Jinja2 for HTML and PDF only: a terminal summary or Markdown does not import it.
    from ai_work_audit.reports._html import render_hiring_html

    html = render_hiring_html(view)
    if fmt == "html":
        return html
    return html_to_pdf(html)


def print_hiring_summary(doc: DocumentIn, console: Console, lang: Language = "en") -> None:
    """Print a hiring audit on a terminal: one Rich table per table, then the findings."""
    view = build_view(doc, Lang(check_language(lang, "print_hiring_summary")),
                      "print_hiring_summary")
    print_view(view, console)
