"""Accessible SVG charts of the pages: each is an image with a title and a description, and
comes with the table of its data (WCAG 2.1 SC 1.1.1 text alternatives; W3C WAI "Complex
images" tutorial: a long description as a data table)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Final

from markupsafe import Markup

INK: Final = "#1f2933"
BAR: Final = "#2c5f8a"
RULE: Final = "#6b7480"
LINE: Final = "#8b1020"
_ids = itertools.count(1)


@dataclass(frozen=True)
class Chart:
    """The SVG (trusted markup), its title and the rows of its data table."""

    svg: Markup
    title: str
    rows: list[tuple[str, str]]


def _number(value: float | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return "—"
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if lang == "fr" else shown


def _describe(items: Sequence[tuple[str, float | None]], lang: str, digits: int) -> str:
    """The chart in words: every label with its value."""
    return "; ".join(f"{label}: {_number(value, lang, digits)}" for label, value in items)


def _shorten(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(items: Sequence[tuple[str, float | None]], *, title: str, top: float,
              lang: str, threshold: float | None = None, digits: int = 0) -> Chart:
    """Horizontal bars, one per item (label, value or None for no value), 0 to ``top``."""
    n = next(_ids)
    width, label_w, row_h = 600, 210, 28
    height = row_h * len(items) + 30
    plot = width - label_w - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-labelledby="c{n}t c{n}d">',
             f'<title id="c{n}t">{escape(title)}</title>',
             f'<desc id="c{n}d">{escape(_describe(items, lang, digits))}</desc>']
    for i, (label, value) in enumerate(items):
        y = 10 + i * row_h
        parts.append(f'<text x="0" y="{y + 17}" font-size="12" '
                     f'fill="{INK}">{escape(_shorten(label, 27))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{plot}" height="{row_h - 8}" '
                     f'fill="#eef1f5"/>')
        if value is not None:
            w = max(0.0, min(1.0, value / top)) * plot
            parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" '
                         f'height="{row_h - 8}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + plot + 6}" y="{y + 17}" font-size="13" '
                     f'fill="{INK}">{escape(_number(value, lang, digits))}</text>')
    if threshold is not None:
        x = label_w + threshold / top * plot
        parts.append(f'<line x1="{x:.1f}" y1="6" x2="{x:.1f}" y2="{height - 18}" '
                     f'stroke="{LINE}" stroke-width="2" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" font-size="12" '
                     f'fill="{LINE}">{escape(_number(threshold, lang, digits))}</text>')
    parts.append("</svg>")
    return Chart(Markup("".join(parts)), title,
                 [(k, _number(v, lang, digits)) for k, v in items])


def line_chart(points: Sequence[tuple[str, float | None]], *, title: str, top: float,
               lang: str, threshold: float | None = None) -> Chart:
    """A line over time (label, value or None), 0 to ``top``, with an optional dashed line."""
    n = next(_ids)
    width, height, left, bottom, pad = 560, 240, 50, 40, 20
    plot_w, plot_h = width - left - pad, height - bottom - pad
    count = max(1, len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return (left + (i / count if len(points) > 1 else 0.5) * plot_w,
                pad + (1 - max(0.0, min(1.0, v / top))) * plot_h)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" role="img" aria-labelledby="c{n}t c{n}d">',
             f'<title id="c{n}t">{escape(title)}</title>',
             f'<desc id="c{n}d">{escape(_describe(points, lang, 2))}</desc>',
             f'<line x1="{left}" y1="{pad}" x2="{left}" y2="{pad + plot_h}" stroke="{RULE}"/>',
             f'<line x1="{left}" y1="{pad + plot_h}" x2="{left + plot_w}" y2="{pad + plot_h}" '
             f'stroke="{RULE}"/>']
    for tick in (0.0, top / 2, top):
        _, y = xy(0, tick)
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
                     f'fill="{INK}">{escape(_number(tick, lang))}</text>')
    if threshold is not None:
        _, y = xy(0, threshold)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
                     f'stroke="{LINE}" stroke-dasharray="4 3"/>')
    known = [(i, v) for i, (_, v) in enumerate(points) if v is not None]
    if len(known) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in known))
        parts.append(f'<polyline points="{path}" fill="none" stroke="{BAR}" stroke-width="2"/>')
    for i, v in known:
        x, y = xy(i, v)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>')
        parts.append(f'<text x="{x + 6:.1f}" y="{y - 6:.1f}" font-size="11" '
                     f'fill="{INK}">{escape(_number(v, lang))}</text>')
    for i, (label, _) in enumerate(points):
        if len(points) <= 6 or i in (0, len(points) - 1):
            x, _ = xy(i, 0)
            parts.append(f'<text x="{x:.1f}" y="{height - 12}" text-anchor="middle" '
                         f'font-size="11" fill="{INK}">{escape(label[:10])}</text>')
    parts.append("</svg>")
    return Chart(Markup("".join(parts)), title, [(k, _number(v, lang)) for k, v in points])
