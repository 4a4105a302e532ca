"""Entry points of the equal-access report (``access-audit/v1``, issue 16): the hiring report's
view of the same tables, titled for the process, with the sections the process adds (time to
promotion, the index de l'égalité promotion gap, training indicators 2.1 and 2.4).

Sources: EEOC 29 CFR 1607.4(D) (four-fifths, here a warning threshold); Kaplan–Meier (1958)
and the log-rank test (Mantel 1966); Code du travail D1142-2 and annex (index de l'égalité,
indicator 3); pledge indicators 2.1 and 2.4 (indicators.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

from rich.console import Console

from ai_work_audit.documents import AccessDocument
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.reports._console import print_view, render_text
from ai_work_audit.reports._findings import get_str
from ai_work_audit.reports._hiring_view import HiringView, build_view
from ai_work_audit.reports._html import render_hiring_html
from ai_work_audit.reports._i18n import Lang, Language, check_language
from ai_work_audit.reports._markdown import render_markdown
from ai_work_audit.reports._pdf import html_to_pdf
from ai_work_audit.reports._typed import suppressed, typed_document

SCHEMA: Final = "ai-work-audit/access-audit/v1"
FORMATS: Final = ("md", "html", "pdf", "text")
ERR_FORMAT: Final = ("The 'fmt' parameter of render_access must be one of {allowed}; got "
                     "{got!r} instead. Choose one of the listed formats.")
ERR_SCHEMA: Final = ("The document given to render_access must be a '" + SCHEMA + "' document "
                     "(a dict or its model); got {got} instead.")
TITLES: Final = {"training": ("access.title.training", "access.subtitle.training"),
                 "promotion": ("access.title.promotion", "access.subtitle.promotion"),
                 "decision_roles": ("access.title.decision_roles",
                                    "access.subtitle.decision_roles")}


def access_view(doc: Mapping[str, Any] | AccessDocument, lang: Lang) -> HiringView:
    """The hiring view of the document's tables, retitled, with the process's sections."""
    d = typed_document(doc, AccessDocument, SCHEMA, InputError, ERR_SCHEMA)
    view = build_view(d, lang, "render_access")
    title, subtitle = TITLES.get(d.process or "", TITLES["training"])
    view.title, view.subtitle = lang.t(title), lang.t(subtitle)
    for survival in d.survival or []:
        attribute = ", ".join(get_str(a) for a in survival.attributes or [])
        for row in survival.rows or []:
            group = ", ".join(get_str(v) for v in (row.group or {}).values())
            label = lang.t("access.survival.median", attribute=attribute, group=group)
            if suppressed(row):
                view.summary.append((label, lang.t("access.suppressed")))
                continue
            view.summary.append((label, lang.t(
                "access.survival.value", median=lang.number(row.median_months, 1),
                promoted=lang.integer(row.promoted), people=lang.integer(row.people))))
        view.summary.append((lang.t("access.survival.logrank", attribute=attribute),
                             lang.number(survival.logrank_p_value, 4)))
    if d.survival:
        view.method.append(lang.t("access.method.survival"))
    index = d.equality_index
    if index is not None:
        view.summary.append((lang.t("access.index.gap"), lang.number(index.gap, 1)
                             if index.calculable else lang.t("access.index.not_calculable")))
        view.summary.append((lang.t("access.index.points"),
                             lang.t("access.index.points_value",
                                    points=lang.integer(index.points),
                                    max=lang.integer(index.max_points))
                             if index.points is not None else lang.t("value.na")))
        view.method.append(lang.t("access.method.index"))
    training = d.training
    if training is not None:
        view.summary.append((lang.t("access.training.coverage"),
                             lang.percent(training.ai_literacy_coverage)))
        view.summary.append((lang.t("access.training.hours"),
                             lang.number(training.hours_per_worker, 1)))
        view.method.append(lang.t("access.method.training"))
    view.method.insert(0, lang.t("access.method.warning"))
    return view


def render_access(doc: Mapping[str, Any] | AccessDocument,
                  fmt: Literal["md", "html", "pdf", "text"],
                  lang: Language = "en") -> str | bytes:
    """Render an ``access-audit/v1`` document as Markdown, HTML, PDF or plain text."""
    if fmt not in FORMATS:
        raise ConfigError(ERR_FORMAT.format(allowed=", ".join(FORMATS), got=fmt))
    view = access_view(doc, Lang(check_language(lang, "render_access")))
    if fmt == "md":
        return render_markdown(view)
    if fmt == "text":
        return render_text(view)
    html = render_hiring_html(view)
    return html if fmt == "html" else html_to_pdf(html)


def print_access_summary(doc: Mapping[str, Any] | AccessDocument, console: Console,
                         lang: Language = "en") -> None:
    """Print an equal-access audit on a terminal."""
    print_view(access_view(doc, Lang(check_language(lang, "print_access_summary"))), console)
