"""Self-contained HTML reports: Jinja2 with autoescaping, inline CSS and inline SVG.

``base.html.j2``, ``_macros.html.j2`` and ``report.css`` are shared by every report of the
package; :func:`render_template` is the one entry point the renderers use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import jinja2
from markupsafe import Markup

from ai_work_audit.reports._charts import Bar, rate_chart
from ai_work_audit.reports._findings import finding_labels
from ai_work_audit.reports._hiring_view import GROUP_SEPARATOR, HiringView, TableView
from ai_work_audit.reports._i18n import Lang

_TEMPLATES = files("ai_work_audit.reports") / "templates"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("ai_work_audit.reports", "templates"),
        autoescape=True,  # every template, whatever its extension
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )


@cache
def stylesheet() -> Markup:
    """The shared report CSS (trusted package data, inlined in ``<style>``)."""
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    return Markup(css.replace("</", "<\\/"))


def render_template(name: str, **context: Any) -> str:
    """Render one of the package templates; ``css`` is supplied."""
    return _environment().get_template(name).render(css=stylesheet(), **context)


# --- hiring ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    ratio: str
    rate: str
    band: str
    flag: str


@dataclass(frozen=True)
class HeatView:
    title: str
    corner: str
    columns: list[str]
    rows: list[tuple[str, list[HeatCell | None]]]
    legend: list[tuple[str, str]]
    legend_title: str


def band(ratio: float | None, adverse: bool, excluded: bool) -> str:
    """The heat-table colour band of an impact ratio (exact adverse flag wins over rounding)."""
    if ratio is None or excluded:
        return "na"
    if adverse:
        return "low" if ratio < 0.6 else "adverse"
    return "near" if ratio < 0.9 else "ok"


def _heat(table: TableView, lang: Lang) -> HeatView:
    """Pivot an intersectional table: all but the last attribute in rows, the last in columns."""
    row_keys: list[str] = []
    col_keys: list[str] = []
    cells: dict[tuple[str, str], HeatCell] = {}
    for r in table.rows:
        row_key, col_key = GROUP_SEPARATOR.join(r.parts[:-1]), r.parts[-1]
        if row_key not in row_keys:
            row_keys.append(row_key)
        if col_key not in col_keys:
            col_keys.append(col_key)
        flag = ""
        if r.adverse:
            flag = "▼ " + lang.t("flag.adverse")
        elif r.excluded:
            flag = next((f.label for f in r.flags if f.kind == "excluded"), "")
        elif r.reference:
            flag = lang.t("flag.reference")
        cells[(row_key, col_key)] = HeatCell(
            ratio=r.ratio, rate=r.rate, band=band(r.ratio_value, r.adverse, r.excluded), flag=flag
        )
    return HeatView(
        title=lang.t("heat.title", attributes=table.attributes_label),
        corner=GROUP_SEPARATOR.join(table.attributes[:-1]) + " \\ " + table.attributes[-1],
        columns=col_keys,
        rows=[(rk, [cells.get((rk, ck)) for ck in col_keys]) for rk in row_keys],
        legend=[(b, lang.t(f"heat.band.{b}")) for b in ("low", "adverse", "near", "ok", "na")],
        legend_title=lang.t("heat.legend"),
    )


def _chart(table: TableView, view: HiringView) -> Markup:
    lang = view.lang
    bars = []
    for r in table.rows:
        kind = ("excluded" if r.excluded else "adverse" if r.adverse
                else "reference" if r.reference else "ok")
        note = " · ".join([r.rate, *(f.label for f in r.flags)])
        low, high = r.ci_value if r.ci_value is not None else (None, None)
        bars.append(Bar(label=r.label, value=r.rate_value, low=low, high=high, kind=kind,
                        note=note))
    threshold = lang.percent(table.threshold_value) if table.threshold_value is not None else ""
    return rate_chart(
        bars,
        threshold=table.threshold_value,
        title=lang.t("chart.title", rate_label=view.columns["rate"],
                     attributes=table.attributes_label),
        desc=lang.t("chart.desc", threshold=threshold),
        threshold_label=f"{lang.t('chart.threshold')} ({threshold})",
        lang=lang,
        chart_id=f"chart-{table.key}",
    )


def render_hiring_html(view: HiringView) -> str:
    """The hiring report as one self-contained HTML document."""
    lang = view.lang
    charts: dict[str, Markup | None] = {}
    heats: dict[str, HeatView | None] = {}
    for table in [*view.tables, *view.funnel]:
        charts[table.key] = _chart(table, view) if not table.intersectional and table.rows else None
        heats[table.key] = _heat(table, lang) if table.intersectional and table.rows else None
    return render_template(
        "hiring.html.j2",
        lang=lang.code,
        v=view,
        t=lang.t,
        c=view.columns,
        colon=lang.colon,
        charts=charts,
        heats=heats,
        title_suffix=" · ".join(x for x in (view.organisation, view.system) if x),
        finding_labels=finding_labels(lang),
    )
