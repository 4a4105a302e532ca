"""The hiring audit on a terminal (Rich) and as plain text.

User values are passed to Rich as :class:`rich.text.Text`, never as markup, so a category called
``[bold red]…`` prints as written; control characters were removed in the view.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Final

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ai_work_audit.reports._findings import FindingView
from ai_work_audit.reports._hiring_view import Flag, HiringView, StageOverview, TableView

#: The columns a Rich cell adds around its text (SIMPLE_HEAD and ASCII2: one space each side).
CELL_PADDING: Final = 2

SEVERITY_STYLES = {
    "critical": "bold white on red",
    "high": "bold red",
    "medium": "bold yellow",
    "low": "cyan",
    "info": "dim",
}
OUTCOME_STYLES = {"fail": "red", "error": "red", "warn": "yellow", "pass": "green"}
FLAG_STYLES = {
    "adverse": "bold red",
    "small_sample": "yellow",
    "excluded": "dim",
    "reference": "blue",
    "significant": "magenta",
}


def _rate_table(view: HiringView, table: TableView, box_style: box.Box) -> Table:
    c = view.columns
    title = table.title + (f" — {view.lang.t('table.stage', stage=table.stage)}"
                           if table.stage else "")
    out = Table(title=Text(title), title_justify="left", box=box_style, header_style="bold",
                caption=Text(table.unknown_note), caption_justify="left")
    out.add_column(c["group"], overflow="fold")
    for key in ("applicants", "selected", "rate", "ci", "ratio", "p"):
        out.add_column(c[key], justify="right", no_wrap=True)
    out.add_column(c["flags"])
    for r in table.rows:
        flags = Text()
        _flags(r.flags, flags)
        ratio = Text(r.ratio, style="bold red" if r.adverse else "")
        out.add_row(Text(r.label), *(Text(x) for x in (r.applicants, r.selected, r.rate, r.ci)),
                    ratio, Text(r.p), flags, style="dim" if r.excluded else None)
    return out


def _flags(flags: Sequence[Flag], text: Text) -> None:
    """Append a row's flags, each in its colour, comma-separated."""
    for i, flag in enumerate(flags):
        if i:
            text.append(", ")
        text.append(flag.label, style=FLAG_STYLES.get(flag.kind, ""))


def _natural_width(columns: Sequence[Sequence[str]]) -> int:
    """The width a table needs to show every cell on one line (each column: header + cells)."""
    return sum(max(cell_len(x) for x in column) + CELL_PADDING for column in columns) + 2


def _rate_columns(view: HiringView, table: TableView) -> list[list[str]]:
    c = view.columns
    columns = [[c["group"], *(r.label for r in table.rows)]]
    for key in ("applicants", "selected", "rate", "ci", "ratio", "p"):
        columns.append([c[key], *(str(getattr(r, key)) for r in table.rows)])
    columns.append([c["flags"], *(", ".join(f.label for f in r.flags) for r in table.rows)])
    return columns


def _stacked_table(view: HiringView, table: TableView) -> Group:
    """A rate table for a narrow terminal: one block per category, its name and flags first,
    then its figures, wrapped (and indented) at the terminal's width."""
    c = view.columns
    colon = view.lang.colon
    title = Text(table.title, style="bold")
    if table.stage:
        title.append(f" — {view.lang.t('table.stage', stage=table.stage)}")
    parts: list[RenderableType] = [title]
    for r in table.rows:
        name = Text(r.label, style="bold dim" if r.excluded else "bold")
        if r.flags:
            name.append(" — ")
            _flags(r.flags, name)
        figures = Text()
        for i, (label, value) in enumerate([
                (c["applicants"], r.applicants), (c["selected"], r.selected),
                (c["rate"], f"{r.rate} {r.ci}"), (c["ratio"], r.ratio), (c["p"], r.p)]):
            if i:
                figures.append(" · ")
            figures.append(f"{label}{colon}", style="dim")
            figures.append(value, style="bold red" if label == c["ratio"] and r.adverse else "")
        parts += [Padding(name, (0, 0, 0, 2)), Padding(figures, (0, 0, 0, 4))]
    parts.append(Text(table.unknown_note, style="dim"))
    return Group(*parts)


def _stage_overview(view: HiringView, overview: StageOverview, box_style: box.Box,
                    width: int) -> RenderableType:
    """The funnel's stage overview: a category × stage table, or, when that would not fit in
    ``width`` columns, one block per category."""
    columns = [[view.columns["group"], *(label for label, _ in overview.rows)]]
    columns += [[stage, *("—" if (cell := cells[i]) is None else cell.ratio
                          for _, cells in overview.rows)]
                for i, stage in enumerate(overview.stages)]
    if _natural_width(columns) > width:
        parts: list[RenderableType] = [Text(overview.title, style="bold")]
        for label, cells in overview.rows:
            ratios = Text()
            for i, (stage, cell) in enumerate(zip(overview.stages, cells, strict=True)):
                if i:
                    ratios.append(" · ")
                ratios.append(f"{stage} ", style="dim")
                ratios.append("—" if cell is None else cell.ratio,
                              style="bold red" if cell is not None and cell.adverse else "")
            parts += [Padding(Text(label, style="bold"), (0, 0, 0, 2)),
                      Padding(ratios, (0, 0, 0, 4))]
        parts += [Text(f"- {sentence}") for sentence in overview.opens]
        return Group(*parts)
    table = Table(title=Text(overview.title), title_justify="left", box=box_style,
                  header_style="bold", caption=Text("\n".join(overview.opens)),
                  caption_justify="left")
    table.add_column(view.columns["group"], overflow="fold")
    for stage in overview.stages:
        table.add_column(stage, justify="right", overflow="fold")
    for label, cells in overview.rows:
        table.add_row(Text(label), *(Text("—") if cell is None else Text(
            cell.ratio, style="bold red" if cell.adverse else "") for cell in cells))
    return table


def _table_or_stack(view: HiringView, table: TableView, box_style: box.Box,
                    width: int) -> RenderableType:
    """A rate table, stacked (one block per category) when its columns would not fit in
    ``width``, so that no category name or flag is cut or wrapped (issue 12 item 5)."""
    if _natural_width(_rate_columns(view, table)) > width:
        return _stacked_table(view, table)
    return _rate_table(view, table, box_style)


def summary_renderables(view: HiringView, *, plain: bool = False,
                        width: int = 120) -> list[RenderableType]:
    """Header and headline, one table per rate table (stacked when it would not fit in
    ``width``), the funnel's stage overview and stages, then the findings."""
    t = view.lang.t
    colon = view.lang.colon
    box_style = box.ASCII2 if plain else box.SIMPLE_HEAD
    header = Text(view.title, style="bold")
    header.append("\n")
    for item in view.meta:
        header.append(f"{item.label}{colon}", style="dim")
        header.append(item.value + "\n")
    headline = Text(view.headline, style="bold")
    items: list[RenderableType] = [header, headline, Text("")]
    for table in view.tables:
        items += [_table_or_stack(view, table, box_style, width), Text("")]
    if view.funnel:
        items += [Text(t("funnel.heading"), style="bold underline"),
                  Text(t("funnel.overview")), Text("")]
        items += [x for o in view.stage_overview
                  for x in (_stage_overview(view, o, box_style, width), Text(""))]
    for table in view.funnel:
        items += [_table_or_stack(view, table, box_style, width), Text("")]
    items.append(Text(t("findings.heading"), style="bold underline"))
    if not view.findings:
        items.append(Text(t("findings.none")))
    for f in view.findings:
        items += finding_renderables(f, t("finding.legal_basis"), t("finding.remediation"),
                                     colon, f.scope)
    items.append(Text(""))
    return items


def finding_renderables(f: FindingView, legal_label: str, remediation_label: str, colon: str,
                        scope: str | None) -> list[RenderableType]:
    """One finding on a terminal: severity, outcome, rule, (scope), message; then its legal
    basis and remediation indented by four columns on every wrapped line (80-column terminals)."""
    head = Text()
    head.append(f"[{f.severity_label.upper()}]", style=SEVERITY_STYLES[f.severity])
    head.append(" ")
    head.append(f.outcome_label, style=OUTCOME_STYLES.get(f.outcome, "dim"))
    head.append(f" {f.rule}", style="bold")
    if scope:
        head.append(f" ({scope})")
    head.append(f"{colon}{f.message}")
    out: list[RenderableType] = [head]
    if f.legal_basis:
        out.append(Padding(Text(f"{legal_label}{colon}{'; '.join(f.legal_basis)}", style="dim"),
                           (0, 0, 0, 4)))
    if f.remediation:
        out.append(Padding(Text(f"{remediation_label}{colon}{f.remediation}", style="dim"),
                           (0, 0, 0, 4)))
    return out


def print_view(view: HiringView, console: Console) -> None:
    """Print the summary of ``view`` on ``console``."""
    for item in summary_renderables(view, width=console.width):
        console.print(item)


def render_text(view: HiringView, width: int = 120) -> str:
    """The summary as plain text: ASCII borders, no colours, no terminal escapes."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      no_color=True, emoji=False, highlight=False, legacy_windows=False)
    console.print(Group(*summary_renderables(view, plain=True, width=width)))
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    lines += ["", view.lang.t("method.heading")]
    lines += [f"- {p}" for p in view.method]
    lines += ["", view.footer, ""]
    return "\n".join(lines)
