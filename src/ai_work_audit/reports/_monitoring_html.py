"""The monitoring report as self-contained HTML (shared base template, macros and CSS).

The inline SVG chart draws events per worker-day by kind of monitoring; every text put in it
goes through :func:`escape_html`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from markupsafe import Markup

from ai_work_audit.reports._charts import FONT, WIDTH
from ai_work_audit.reports._escape import escape_html
from ai_work_audit.reports._findings import finding_labels
from ai_work_audit.reports._html import render_template
from ai_work_audit.reports._i18n import Lang
from ai_work_audit.reports._monitoring_view import EventRow, MonitoringView

ROW = 22
BAR = 12
TOP = 12
BOTTOM = 30
LEFT = 200
RIGHT = 170
LABEL_CHARS = 30
INTRUSIVE_FILL = "#b2182b"
OTHER_FILL = "#5b8db8"


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _nice_step(top: float) -> float:
    """A 1-2-5 step giving at most about six ticks up to ``top``."""
    raw = max(top, 1.0) / 6
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1.0, 2.0, 5.0, 10.0) if m * magnitude >= raw)


def intensity_chart(rows: Sequence[EventRow], *, title: str, desc: str, lang: Lang,
                    chart_id: str = "chart-intensity") -> Markup | None:
    """Horizontal bars: median events per worker-day, a line to the 95th percentile, a tick at
    the maximum; intrusive kinds of monitoring in red. None when nothing can be drawn."""
    bars = [r for r in rows if r.median_value is not None]
    if not bars:
        return None
    top = max(max(r.max_value or r.p95_value or r.median_value or 0.0 for r in bars), 1.0)
    step = _nice_step(top)
    x_max = math.ceil(top / step) * step
    plot = WIDTH - LEFT - RIGHT
    height = TOP + ROW * len(bars) + BOTTOM
    bottom = TOP + ROW * len(bars)

    def x(v: float) -> float:
        return LEFT + plot * max(0.0, min(v, x_max)) / x_max

    e = escape_html
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<desc id="{chart_id}-desc">{e(desc)}</desc>',
    ]
    ticks = [i * step for i in range(round(x_max / step) + 1)]
    for tick in ticks:
        tx = _fmt(x(tick))
        parts.append(f'<line x1="{tx}" y1="{TOP - 4}" x2="{tx}" y2="{bottom}" '
                     'stroke="#d9dde3" stroke-width="1"/>')
        label = lang.integer(round(tick)) if float(tick).is_integer() else lang.number(tick, 1)
        parts.append(f'<text x="{tx}" y="{bottom + 15}" {FONT} font-size="10" fill="#4a5563" '
                     f'text-anchor="middle">{e(label)}</text>')
    for i, r in enumerate(bars):
        cy = TOP + ROW * i + ROW / 2
        label = r.label if len(r.label) <= LABEL_CHARS else r.label[: LABEL_CHARS - 1] + "…"
        parts.append(f'<text x="{LEFT - 8}" y="{_fmt(cy + 4)}" {FONT} font-size="11" '
                     f'fill="#1f2933" text-anchor="end"><title>{e(r.label)}</title>'
                     f"{e(label)}</text>")
        fill = INTRUSIVE_FILL if r.intrusive else OTHER_FILL
        width = max(x(r.median_value or 0.0) - LEFT, 0.5)
        kind = "intrusive" if r.intrusive else "other"
        parts.append(f'<rect x="{LEFT}" y="{_fmt(cy - BAR / 2)}" width="{_fmt(width)}" '
                     f'height="{BAR}" fill="{fill}" class="bar bar-{kind}"/>')
        if r.p95_value is not None and r.median_value is not None \
                and r.p95_value > r.median_value:
            parts.append(f'<line x1="{_fmt(x(r.median_value))}" y1="{_fmt(cy)}" '
                         f'x2="{_fmt(x(r.p95_value))}" y2="{_fmt(cy)}" stroke="#1f2933" '
                         'stroke-width="1.5" class="p95"/>')
        if r.max_value is not None:
            mx = _fmt(x(r.max_value))
            parts.append(f'<line x1="{mx}" y1="{_fmt(cy - 6)}" x2="{mx}" y2="{_fmt(cy + 6)}" '
                         'stroke="#1f2933" stroke-width="1.5" class="max"/>')
        note = f"{r.median} · {r.p95} · {r.max}"
        parts.append(f'<text x="{WIDTH - RIGHT + 10}" y="{_fmt(cy + 4)}" {FONT} '
                     f'font-size="10.5" fill="#1f2933">{e(note)}</text>')
    parts.append(f'<line x1="{LEFT}" y1="{TOP - 4}" x2="{LEFT}" y2="{bottom}" '
                 'stroke="#4a5563" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))


def render_monitoring_html(view: MonitoringView) -> str:
    """The monitoring report as one self-contained HTML document."""
    lang = view.lang
    chart = None
    if view.surveillance is not None:
        chart = intensity_chart(view.surveillance.events, title=lang.t("mon.chart.title"),
                                desc=lang.t("mon.chart.desc"), lang=lang)
    return render_template(
        "monitoring.html.j2",
        lang=lang.code,
        v=view,
        t=lang.t,
        c=view.c,
        colon=lang.colon,
        chart=chart,
        title_suffix=" · ".join(x for x in (view.organisation, view.system) if x),
        finding_labels=finding_labels(lang),
    )
