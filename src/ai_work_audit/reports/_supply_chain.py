"""The supply-chain wage report (``supply-chain-audit/v1``, issue 16): Markdown, HTML, PDF and
plain text from one view of the typed document. Vendors and countries are named; workers
never (the document holds no worker). Living-wage methodology: Anker & Anker (2017), Global
Living Wage Coalition; statutory minimum as the floor (ILO Minimum Wage Policy Guide, 2016);
pledge indicator 6.2 (indicators.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from rich.console import Console

from ai_work_audit.documents import SupplyChainDocument
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.reports._escape import markdown_cell
from ai_work_audit.reports._findings import (
    FindingView,
    finding_labels,
    finding_view,
    get_str,
    sort_findings,
)
from ai_work_audit.reports._html import render_template
from ai_work_audit.reports._i18n import Lang, Language, check_language
from ai_work_audit.reports._pdf import html_to_pdf
from ai_work_audit.reports._typed import suppressed, typed_document

SCHEMA: Final = "ai-work-audit/supply-chain-audit/v1"
FORMATS: Final = ("md", "html", "pdf", "text")
ERR_FORMAT: Final = ("The 'fmt' parameter of render_supply_chain must be one of {allowed}; got "
                     "{got!r} instead. Choose one of the listed formats.")
ERR_SCHEMA: Final = ("The document given to render_supply_chain must be a '" + SCHEMA + "' "
                     "document (a dict or its model); got {got} instead.")


@dataclass
class SupplyChainView:
    """What every supply-chain renderer shows, formatted in one language."""

    title: str
    subtitle: str
    meta: list[tuple[str, str]]
    summary: list[tuple[str, str]]
    tables: list[tuple[str, list[str], list[list[str]]]]
    benchmarks: list[str]
    findings: list[FindingView]
    method: list[str]
    headings: tuple[str, str, str] = ("", "", "")


def build_view(doc: Mapping[str, Any] | SupplyChainDocument, lang: Lang) -> SupplyChainView:
    """Read the document once and format it in ``lang``."""
    d = typed_document(doc, SupplyChainDocument, SCHEMA, InputError, ERR_SCHEMA)
    t = d.totals
    unknown = d.unknown_benchmark
    facts = d.facts or {}
    ratio = facts.get("supply_chain.min_site_living_wage_ratio")
    summary = [
        (lang.t("supply.summary.min_ratio"),
         lang.number(ratio if isinstance(ratio, float) else None, 2)),
        (lang.t("supply.summary.hours_below_living"),
         lang.percent(t.hours_below_living_wage_share if t else None)),
        (lang.t("supply.summary.workers_below_living"),
         lang.percent(t.workers_below_living_wage_share if t else None)),
        (lang.t("supply.summary.hours_below_minimum"),
         lang.percent(t.hours_below_minimum_share if t else None)),
        (lang.t("supply.summary.workers_below_minimum"),
         lang.percent(t.workers_below_minimum_share if t else None)),
        (lang.t("supply.summary.unknown"),
         lang.t("supply.summary.unknown_value",
                lines=lang.integer(unknown.lines if unknown else 0),
                countries=lang.integer(unknown.countries if unknown else 0))),
    ]
    if d.timeliness is not None:
        summary.append((lang.t("supply.summary.on_time"),
                        lang.percent(d.timeliness.on_time_share)))
    head = [lang.t("supply.col.group"), lang.t("supply.col.workers"),
            lang.t("supply.col.hours"), lang.t("supply.col.hours_below_living"),
            lang.t("supply.col.workers_below_living"), lang.t("supply.col.hours_below_minimum"),
            lang.t("supply.col.min_ratio")]
    tables = []
    for title, rows in ((lang.t("supply.table.vendor"), d.by_vendor or []),
                        (lang.t("supply.table.country"), d.by_country or [])):
        body = []
        for row in rows:
            name = ", ".join(get_str(v) for v in (row.group or {}).values())
            if suppressed(row):
                body.append([name] + [lang.t("supply.suppressed")] * (len(head) - 1))
                continue
            body.append([name, lang.integer(row.workers), lang.number(row.hours, 1),
                         lang.percent(row.hours_below_living_wage_share),
                         lang.percent(row.workers_below_living_wage_share),
                         lang.percent(row.hours_below_minimum_share),
                         lang.number(row.min_line_living_wage_ratio, 2)])
        tables.append((title, head, body))
    site_head = [lang.t("supply.col.site"), lang.t("supply.col.workers"),
                 lang.t("supply.col.hourly"), lang.t("supply.col.living_wage"),
                 lang.t("supply.col.ratio")]
    site_body = []
    for site in d.sites or []:
        name = " / ".join(get_str(v) for v in (site.group or {}).values() if v)
        if suppressed(site):
            site_body.append([name] + [lang.t("supply.suppressed")] * 4)
            continue
        site_body.append([name, lang.integer(site.workers),
                          f"{lang.number(site.hourly_pay, 2)} {get_str(site.currency)}",
                          f"{lang.number(site.living_wage, 2)} {get_str(site.currency)}",
                          lang.number(site.living_wage_ratio, 2)])
    tables.append((lang.t("supply.table.sites"), site_head, site_body))
    benchmarks = [lang.t("supply.benchmark",
                         place=" / ".join(x for x in (get_str(b.country), get_str(b.region)) if x),
                         wage=lang.number(b.living_wage, 2),
                         currency=get_str(b.currency), source=get_str(b.source),
                         year=get_str(b.year))
                  for b in (d.benchmarks.used or [] if d.benchmarks else [])]
    inp = d.input
    meta = [(lang.t("meta.organisation"), get_str(d.organisation)),
            (lang.t("meta.system"), get_str(d.system)),
            (lang.t("meta.input"), get_str(inp.name if inp else None)),
            (lang.t("meta.digest"), get_str(inp.sha256 if inp else None)),
            (lang.t("meta.audit_id"), get_str(d.audit_id))]
    return SupplyChainView(
        title=lang.t("supply.title"), subtitle=lang.t("supply.subtitle"), meta=meta,
        summary=summary, tables=tables, benchmarks=benchmarks,
        findings=sort_findings(finding_view(f, lang) for f in d.findings or []),
        method=[lang.t("supply.method.hourly"), lang.t("supply.method.unknown"),
                lang.t("supply.method.indicator"), lang.t("supply.method.workers")],
        headings=(lang.t("supply.heading.benchmarks"), lang.t("supply.heading.findings"),
                  lang.t("supply.heading.method")))


def _markdown(view: SupplyChainView) -> str:
    out = [f"# {markdown_cell(view.title)}", "", markdown_cell(view.subtitle), ""]
    out += [f"- {markdown_cell(k)}: {markdown_cell(v)}" for k, v in view.meta] + [""]
    out += ["| | |", "|---|---|"]
    out += [f"| {markdown_cell(k)} | {markdown_cell(v)} |" for k, v in view.summary] + [""]
    for title, head, body in view.tables:
        out += [f"## {markdown_cell(title)}", "",
                "| " + " | ".join(markdown_cell(h) for h in head) + " |",
                "|" + "---|" * len(head)]
        out += ["| " + " | ".join(markdown_cell(c) for c in row) + " |" for row in body]
        out.append("")
    out += [f"## {markdown_cell(view.headings[0])}", ""]
    out += [f"- {markdown_cell(b)}" for b in view.benchmarks] + [""]
    out += [f"## {markdown_cell(view.headings[1])}", ""]
    out += [f"- **{markdown_cell(f.outcome_label)}** ({markdown_cell(f.severity_label)}) "
            f"{markdown_cell(f.message)}" for f in view.findings] + [""]
    out += [f"## {markdown_cell(view.headings[2])}", ""]
    out += [f"- {markdown_cell(m)}" for m in view.method]
    return "\n".join(out) + "\n"


def _html(view: SupplyChainView, lang: Lang, doc: SupplyChainDocument) -> str:
    """The report as one self-contained HTML document (shared base template, macros, CSS)."""
    return render_template(
        "supply_chain.html.j2", lang=lang.code, v=view, t=lang.t, colon=lang.colon,
        meta=[{"label": k, "value": v, "mono": k == lang.t("meta.digest")
               or k == lang.t("meta.audit_id")} for k, v in view.meta],
        title_suffix=" · ".join(x for x in (doc.organisation, doc.system) if x),
        finding_labels=finding_labels(lang),
        footer=lang.t("footer", version=get_str(doc.tool_version), audit_id=get_str(doc.audit_id)))


def render_supply_chain(doc: Mapping[str, Any] | SupplyChainDocument,
                        fmt: Literal["md", "html", "pdf", "text"],
                        lang: Language = "en") -> str | bytes:
    """Render a ``supply-chain-audit/v1`` document as Markdown, HTML, PDF or plain text."""
    if fmt not in FORMATS:
        raise ConfigError(ERR_FORMAT.format(allowed=", ".join(FORMATS), got=fmt))
    code = check_language(lang, "render_supply_chain")
    typed = typed_document(doc, SupplyChainDocument, SCHEMA, InputError, ERR_SCHEMA)
    lang_ = Lang(code)
    view = build_view(typed, lang_)
    if fmt in ("md", "text"):
        return _markdown(view)
    html = _html(view, lang_, typed)
    return html if fmt == "html" else html_to_pdf(html)


def print_supply_chain_summary(doc: Mapping[str, Any] | SupplyChainDocument, console: Console,
                               lang: Language = "en") -> None:
    """Print a supply-chain audit on a terminal (its Markdown, as plain text)."""
    console.print(render_supply_chain(doc, "text", lang), markup=False, highlight=False)
