"""Jinja2 environment of the pages (autoescaped) and the reports' own HTML inside a page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Final

import jinja2
from starlette.responses import HTMLResponse

from ai_work_audit.web._i18n import text

TEMPLATES: Final = Path(__file__).with_name("templates")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S)


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                              autoescape=jinja2.select_autoescape(default=True),
                              undefined=jinja2.StrictUndefined, trim_blocks=True,
                              lstrip_blocks=True)


def page(name: str, lang: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` in ``lang``: ``t(key, **values)`` gives the texts."""

    def t(key: str, /, **values: Any) -> str:
        return text(key, lang, **values)

    body = environment().get_template(name).render(lang=lang, t=t, **context)
    return HTMLResponse(body, status_code=status)


def report_fragment(report_html: str) -> str:
    """The body of a rendered HTML report (already escaped by the reports' templates) as a
    fragment for a page: its landmarks become plain sections (a page has one ``main``)."""
    match = _BODY.search(report_html)
    body = match.group(1) if match else ""
    body = re.sub(r"<main>", '<div class="report-main">', body)
    body = body.replace("</main>", "</div>")
    body = re.sub(r"<header class=\"report-header\">", '<div class="report-header">', body)
    body = re.sub(r"<footer class=\"report-footer\">", '<div class="report-footer">', body)
    body = body.replace("</header>", "</div>").replace("</footer>", "</div>")
    # a scrolling table must be reachable by keyboard (WCAG 2.1.1; axe scrollable-region-focusable)
    return body.replace('class="table-wrap"', 'class="table-wrap" tabindex="0"')
