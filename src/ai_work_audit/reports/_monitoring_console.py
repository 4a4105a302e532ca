"""The monitoring audit on a terminal (Rich) and as plain text.

User values go to Rich as :class:`rich.text.Text`, never as markup; control characters were
removed in the view, so a group called ``[bold red]…`` or holding an escape sequence prints
as written and cannot drive the terminal.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ai_work_audit.reports._console import finding_renderables
from ai_work_audit.reports._hiring_view import Flag
from ai_work_audit.reports._monitoring_view import MonitoringView

FLAG_STYLES = {
    "special": "bold red",
    "intrusive": "red",
    "direct": "yellow",
    "suppressed": "dim",
    "reference": "blue",
    "small_sample": "yellow",
}


def _flags(flags: tuple[Flag, ...]) -> Text:
    text = Text()
    for i, flag in enumerate(flags):
        if i:
            text.append(", ")
        text.append(flag.label, style=FLAG_STYLES.get(flag.kind, ""))
    return text


def _table(title: str, box_style: box.Box, caption: str | None = None) -> Table:
    return Table(title=Text(title), title_justify="left", box=box_style, header_style="bold",
                 caption=Text(caption) if caption else None, caption_justify="left")


def summary_renderables(view: MonitoringView, *, plain: bool = False) -> list[RenderableType]:
    """Header and plain summary, exposure, surveillance by type, findings."""
    t, c, colon = view.lang.t, view.c, view.lang.colon
    box_style = box.ASCII2 if plain else box.SIMPLE_HEAD
    header = Text(view.title, style="bold")
    header.append("\n")
    if view.suppression:
        header.append(view.suppression + "\n", style="italic")
    for item in view.meta:
        header.append(f"{item.label}{colon}", style="dim")
        header.append(item.value + "\n")
    items: list[RenderableType] = [header]

    summary = Text()
    summary.append(t("mon.plain.heading"), style="bold underline")
    summary.append("\n")
    for sentence in view.plain:
        summary.append(f"- {sentence}\n")
    items.append(summary)

    exposure = _table(t("mon.pii.heading"), box_style)
    exposure.add_column(c["pii_type"], overflow="fold", min_width=18)
    exposure.add_column(c["records"], justify="right", no_wrap=True)
    table_kind = view.kind == "table"
    exposure.add_column(c["columns"] if table_kind else c["workers"], justify="right",
                        no_wrap=True)
    exposure.add_column(c["category"])
    for r in view.exposure:
        cells = [Text(r.label, style="bold red" if r.special else ""), Text(r.records),
                 Text(r.columns if table_kind else r.workers)]
        exposure.add_row(*cells, _flags(r.flags))
    items += [exposure, Text("")]

    if view.columns:
        columns = _table(t("mon.columns.heading"), box_style)
        columns.add_column(c["column"], overflow="fold")
        columns.add_column(c["non_empty"], justify="right", no_wrap=True)
        columns.add_column(c["detected"], overflow="fold")
        columns.add_column(c["flags"])
        for col in view.columns:
            columns.add_row(Text(col.name), Text(col.non_empty), Text(col.detected),
                            _flags(col.flags))
        items += [columns, Text("")]

    s = view.surveillance
    if s is not None:
        events = _table(t("mon.surv.heading"), box_style, s.off_hours)
        events.add_column(c["event_type"], overflow="fold", min_width=18)
        for key in ("events", "workers", "interval", "per_day", "p95", "max", "off_hours"):
            events.add_column(c[key], justify="right", no_wrap=True)
        events.add_column(c["refs"], min_width=6)
        for e in s.events:
            events.add_row(Text(e.label, style="red" if e.intrusive else ""),
                           *(Text(x) for x in (e.events, e.workers, e.interval, e.median, e.p95,
                                               e.max, e.off_hours, e.refs)))
        items += [events, Text(s.on_leave), Text(s.modalities), Text("")]

    items.append(Text(t("findings.heading"), style="bold underline"))
    if not view.finding_groups:
        items.append(Text(t("findings.none")))
    for group in view.finding_groups:
        items.append(Text(group.title, style="bold"))
        for f in group.findings:
            items += finding_renderables(f, t("finding.legal_basis"), t("finding.remediation"),
                                         colon, ", ".join(f.refs))
    items.append(Text(""))

    if view.warnings:
        warnings = Text()
        warnings.append(t("mon.warnings.heading"), style="bold underline")
        warnings.append("\n")
        for w in view.warnings:
            warnings.append(f"- {w}\n", style="yellow")
        items.append(warnings)
    return items


def print_monitoring_view(view: MonitoringView, console: Console) -> None:
    """Print the summary of ``view`` on ``console``."""
    for item in summary_renderables(view):
        console.print(item)


def render_monitoring_text(view: MonitoringView, width: int = 120) -> str:
    """The report as plain text: ASCII borders, no colours, no terminal escapes; the sections
    a terminal summary leaves out (groups, retention, samples, method) follow as text."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      no_color=True, emoji=False, highlight=False, legacy_windows=False)
    console.print(Group(*summary_renderables(view, plain=True)))
    t, c = view.lang.t, view.c
    s = view.surveillance
    if s is not None:
        for g in s.groups:
            table = _table(f"{t('mon.surv.groups.heading')} — {g.title}", box.ASCII2, g.note)
            table.add_column(c["group"], overflow="fold")
            for key in ("workers", "worker_days", "rate", "ratio_least"):
                table.add_column(c[key], justify="right", no_wrap=True)
            table.add_column(c["flags"])
            for r in g.rows:
                table.add_row(Text(r.label), *(Text(x) for x in (r.workers, r.worker_days,
                                                                  r.rate, r.ratio)),
                              _flags(r.flags))
            console.print(table)
        if s.retention:
            table = _table(t("mon.retention.heading"), box.ASCII2, s.retention_intro)
            table.add_column(c["event_type"])
            table.add_column(c["limit"])
            table.add_column(c["past_limit"], justify="right")
            for kept in s.retention:
                table.add_row(Text(kept.label), Text(kept.limit), Text(kept.past))
            console.print(table)
    if view.samples:
        table = _table(f"{t('mon.samples.heading')} ({t('mon.samples.badge')})", box.ASCII2,
                       t("mon.samples.intro"))
        table.add_column(c["pii_type"], no_wrap=True)
        table.add_column(c["sample"], overflow="fold")
        for sample in view.samples:
            table.add_row(Text(sample.label), Text(sample.text))
        console.print(table)
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    lines += ["", t("method.heading")]
    lines += [f"- {p}" for p in view.method]
    lines += ["", view.footer, ""]
    return "\n".join(lines)
