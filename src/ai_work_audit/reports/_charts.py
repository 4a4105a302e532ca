"""Inline SVG charts (no JavaScript, no external assets) for the HTML and PDF reports.

Every text put in an SVG goes through :func:`html_cell` or :func:`escape_html`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from ai_work_audit.reports._escape import escape_html
from ai_work_audit.reports._i18n import Lang

WIDTH = 760
ROW_HEIGHT = 24
BAR_HEIGHT = 14
TOP = 30
BOTTOM = 34
RIGHT = 250
LABEL_CHARS = 34
CHAR_WIDTH = 6.4  # average width of an 11 px sans-serif glyph, to size the label column

COLOURS = {
    "reference": "#2c5f8a",
    "ok": "#5b8db8",
    "adverse": "#b2182b",
    "excluded": "#b8bec6",
}


NOTE_FILL = {"adverse": "#8b1020", "excluded": "#4a5563"}
FONT = 'font-family="DejaVu Sans, Helvetica, Arial, sans-serif"'


@dataclass(frozen=True)
class Bar:
    """One category of a rate chart."""

    label: str  # safe text, not yet escaped
    value: float | None
    low: float | None
    high: float | None
    kind: str  # reference, ok, adverse, excluded
    note: str  # text shown right of the bar: the rate and its flags


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _axis_max(bars: Sequence[Bar], threshold: float | None) -> float:
    top = max([b.high or b.value or 0.0 for b in bars] + [threshold or 0.0, 0.05])
    return min(1.0, math.ceil(top * 10 + 1e-9) / 10)


def rate_chart(
    bars: Sequence[Bar],
    *,
    threshold: float | None,
    title: str,
    desc: str,
    threshold_label: str,
    lang: Lang,
    chart_id: str,
) -> Markup:
    """Horizontal bars of rates with 95 % whiskers and a dashed line at the four-fifths level."""
    label_width = min(LABEL_CHARS, max((len(_shorten(b.label)) for b in bars), default=8))
    left = int(max(80, label_width * CHAR_WIDTH + 16))
    plot_w = WIDTH - left - RIGHT
    height = TOP + ROW_HEIGHT * len(bars) + BOTTOM
    x_max = _axis_max(bars, threshold)

    def x(v: float) -> float:
        return left + plot_w * max(0.0, min(v, x_max)) / x_max

    step = 0.1 if x_max <= 0.5 else 0.2
    ticks = [i * step for i in range(round(x_max / step) + 1)]
    e = escape_html
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{e(title)}</title>',
        f'<desc id="{chart_id}-desc">{e(desc)}</desc>',
    ]
    bottom = TOP + ROW_HEIGHT * len(bars)
    for tick in ticks:
        tx = _fmt(x(tick))
        parts.append(f'<line x1="{tx}" y1="{TOP - 4}" x2="{tx}" y2="{bottom}" '
                     'stroke="#d9dde3" stroke-width="1"/>')
        parts.append(f'<text x="{tx}" y="{bottom + 16}" {FONT} font-size="10" fill="#4a5563" '
                     'text-anchor="middle">'
                     f"{e(lang.percent(tick, 0))}</text>")
    for i, bar in enumerate(bars):
        cy = TOP + ROW_HEIGHT * i + ROW_HEIGHT / 2
        parts.append(f'<text x="{left - 8}" y="{_fmt(cy + 4)}" {FONT} font-size="11" '
                     'fill="#1f2933" text-anchor="end">'
                     f"<title>{e(bar.label)}</title>{e(_shorten(bar.label))}</text>")
        colour = COLOURS.get(bar.kind, COLOURS["ok"])
        if bar.value is not None:
            w = x(bar.value) - left
            parts.append(
                f'<rect x="{left}" y="{_fmt(cy - BAR_HEIGHT / 2)}" width="{_fmt(max(w, 0.5))}" '
                f'height="{BAR_HEIGHT}" fill="{colour}" class="bar bar-{bar.kind}"/>'
            )
        if bar.low is not None and bar.high is not None:
            x1, x2 = _fmt(x(bar.low)), _fmt(x(bar.high))
            y1, y2 = _fmt(cy - 5), _fmt(cy + 5)
            parts.append(
                '<g class="whisker" stroke="#1f2933" stroke-width="1.3">'
                f'<line x1="{x1}" y1="{_fmt(cy)}" x2="{x2}" y2="{_fmt(cy)}"/>'
                f'<line x1="{x1}" y1="{y1}" x2="{x1}" y2="{y2}"/>'
                f'<line x1="{x2}" y1="{y1}" x2="{x2}" y2="{y2}"/></g>'
            )
        note_fill = NOTE_FILL.get(bar.kind, "#1f2933")
        parts.append(f'<text x="{WIDTH - RIGHT + 8}" y="{_fmt(cy + 4)}" '
                     f'{FONT} font-size="10.5" fill="{note_fill}">{e(bar.note)}</text>')
    if threshold is not None:
        tx = _fmt(x(threshold))
        parts.append(f'<line x1="{tx}" y1="{TOP - 6}" x2="{tx}" y2="{bottom + 2}" '
                     'stroke="#7a1d1d" stroke-width="1.5" stroke-dasharray="5 3" '
                     'class="threshold"/>')
        parts.append(f'<text x="{tx}" y="{TOP - 10}" {FONT} font-size="10" fill="#7a1d1d" '
                     f'text-anchor="middle">{e(threshold_label)}</text>')
    parts.append(f'<line x1="{left}" y1="{TOP - 4}" x2="{left}" y2="{bottom}" '
                 'stroke="#4a5563" stroke-width="1"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
