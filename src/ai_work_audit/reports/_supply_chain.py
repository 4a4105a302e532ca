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
from ai_work_audit.reports._escape import escape_html, markdown_cell
from ai_work_audit.reports._findings import FindingView, finding_view, get_str, sort_findings
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
    benchmarks = [lang.t("supply.benchmark", country=get_str(b.country),
                         region=get_str(b.region) or "—", wage=lang.number(b.living_wage, 2),
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


def _html(view: SupplyChainView, lang: str) -> str:
    e = escape_html
    parts = [f"<!DOCTYPE html><html lang=\"{e(lang)}\"><head><meta charset=\"utf-8\">"
             f"<title>{e(view.title)}</title></head><body><h1>{e(view.title)}</h1>"
             f"<p>{e(view.subtitle)}</p><dl>"]
    parts += [f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in view.meta]
    parts.append("</dl><table>")
    parts += [f"<tr><th scope=\"row\">{e(k)}</th><td>{e(v)}</td></tr>" for k, v in view.summary]
    parts.append("</table>")
    for title, head, body in view.tables:
        parts.append(f"<h2>{e(title)}</h2><table><thead><tr>"
                     + "".join(f"<th>{e(h)}</th>" for h in head) + "</tr></thead><tbody>")
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in body]
        parts.append("</tbody></table>")
    parts.append(f"<h2>{e(view.headings[0])}</h2><ul>" + "".join(f"<li>{e(b)}</li>"
                                                      for b in view.benchmarks) + "</ul>")
    parts.append(f"<h2>{e(view.headings[1])}</h2><ul>" + "".join(
        f"<li><strong>{e(f.outcome_label)}</strong> ({e(f.severity_label)}) {e(f.message)}</li>"
        for f in view.findings) + "</ul>")
    parts.append(f"<h2>{e(view.headings[2])}</h2><ul>"
                 + "".join(f"<li>{e(m)}</li>" for m in view.method) + "</ul></body></html>\n")
    return "".join(parts)


def render_supply_chain(doc: Mapping[str, Any] | SupplyChainDocument,
                        fmt: Literal["md", "html", "pdf", "text"],
                        lang: Language = "en") -> str | bytes:
    """Render a ``supply-chain-audit/v1`` document as Markdown, HTML, PDF or plain text."""
    if fmt not in FORMATS:
        raise ConfigError(ERR_FORMAT.format(allowed=", ".join(FORMATS), got=fmt))
    code = check_language(lang, "render_supply_chain")
    view = build_view(doc, Lang(code))
    if fmt in ("md", "text"):
        return _markdown(view)
    html = _html(view, code)
    return html if fmt == "html" else html_to_pdf(html)


def print_supply_chain_summary(doc: Mapping[str, Any] | SupplyChainDocument, console: Console,
                               lang: Language = "en") -> None:
    """Print a supply-chain audit on a terminal (its Markdown, as plain text)."""
    console.print(render_supply_chain(doc, "text", lang), markup=False, highlight=False)
