"""Entry points of the monitoring report: :func:`render_monitoring` and
:func:`print_monitoring_summary`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal, get_args, overload

from rich.console import Console

from ai_work_audit.documents import MonitoringDocument
from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._i18n import Lang, Language, check_language
from ai_work_audit.reports._monitoring_console import print_monitoring_view, render_monitoring_text
from ai_work_audit.reports._monitoring_html import render_monitoring_html
from ai_work_audit.reports._monitoring_markdown import render_monitoring_markdown
from ai_work_audit.reports._monitoring_view import build_view
from ai_work_audit.reports._pdf import html_to_pdf

#: The document a renderer takes: its JSON (a dict) or its typed model.
DocumentIn = Mapping[str, Any] | MonitoringDocument

MonitoringFormat = Literal["md", "html", "pdf", "text"]
MONITORING_FORMATS: Final[tuple[str, ...]] = get_args(MonitoringFormat)
ERR_FORMAT: Final = (
    "The 'fmt' parameter of render_monitoring must be one of {allowed}; got {got!r} instead. "
    "Choose one of the listed formats."
)


@overload
def render_monitoring(
    doc: DocumentIn, fmt: Literal["pdf"], lang: Language = "en"
) -> bytes: ...


@overload
def render_monitoring(
    doc: DocumentIn, fmt: Literal["md", "html", "text"], lang: Language = "en"
) -> str: ...


@overload
def render_monitoring(
    doc: DocumentIn, fmt: MonitoringFormat, lang: Language = "en"
) -> bytes | str: ...


def render_monitoring(
    doc: DocumentIn, fmt: MonitoringFormat, lang: Language = "en"
) -> bytes | str:
    """Render a ``ai-work-audit/monitoring-audit/v1`` document as Markdown, HTML, PDF or text.

    Sources: Platform Work Directive (EU) 2024/2831 art. 7; GDPR art. 5, 9, 25, 35; AI Act
    art. 5(1)(f); CNIL guidance on workplace monitoring. Exposed workers appear as counts only;
    samples are shown as redacted in the document. ``pdf`` returns bytes and needs the ``pdf``
    extra (WeasyPrint); the others return text.
    """
    if fmt not in MONITORING_FORMATS:
        raise ConfigError(ERR_FORMAT.format(allowed=", ".join(MONITORING_FORMATS), got=fmt))
    view = build_view(doc, Lang(check_language(lang, "render_monitoring")), "render_monitoring")
    if fmt == "md":
        return render_monitoring_markdown(view)
    if fmt == "text":
        return render_monitoring_text(view)
    html = render_monitoring_html(view)
    if fmt == "html":
        return html
    return html_to_pdf(html)


def print_monitoring_summary(
    doc: DocumentIn, console: Console, lang: Language = "en"
) -> None:
    """Print a monitoring audit on a terminal: summary, exposure, surveillance, findings."""
    view = build_view(doc, Lang(check_language(lang, "print_monitoring_summary")),
                      "print_monitoring_summary")
    print_monitoring_view(view, console)
