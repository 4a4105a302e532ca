"""The hiring audit on a terminal (Rich) and as plain text.

User values are passed to Rich as :class:`rich.text.Text`, never as markup, so a category called
``[bold red]…`` prints as written; control characters were removed in the view.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from ai_work_audit.reports._hiring_view import HiringView, TableView

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
        for i, flag in enumerate(r.flags):
            if i:
                flags.append(", ")
            flags.append(flag.label, style=FLAG_STYLES.get(flag.kind, ""))
        ratio = Text(r.ratio, style="bold red" if r.adverse else "")
        out.add_row(Text(r.label), *(Text(x) for x in (r.applicants, r.selected, r.rate, r.ci)),
                    ratio, Text(r.p), flags, style="dim" if r.excluded else None)
    return out


def summary_renderables(view: HiringView, *, plain: bool = False) -> list[RenderableType]:
    """Header, one table per rate table, then the findings."""
    t = view.lang.t
    colon = view.lang.colon
    box_style = box.ASCII2 if plain else box.SIMPLE_HEAD
    header = Text(view.title, style="bold")
    header.append("\n")
    for item in view.meta:
        header.append(f"{item.label}{colon}", style="dim")
        header.append(item.value + "\n")
    items: list[RenderableType] = [header]
    for table in [*view.tables, *view.funnel]:
        items += [_rate_table(view, table, box_style), Text("")]
    findings = Text()
    findings.append(t("findings.heading"), style="bold underline")
    findings.append("\n")
    if not view.findings:
        findings.append(t("findings.none") + "\n")
    for f in view.findings:
        findings.append(f"[{f.severity_label.upper()}]", style=SEVERITY_STYLES[f.severity])
        findings.append(" ")
        findings.append(f.outcome_label, style=OUTCOME_STYLES.get(f.outcome, "dim"))
        findings.append(f" {f.rule}", style="bold")
        if f.scope:
            findings.append(f" ({f.scope})")
        findings.append(f"{colon}{f.message}\n")
        if f.legal_basis:
            findings.append(f"    {t('finding.legal_basis')}{colon}{'; '.join(f.legal_basis)}\n",
                            style="dim")
        if f.remediation:
            findings.append(f"    {t('finding.remediation')}{colon}{f.remediation}\n",
                            style="dim")
    items.append(findings)
    return items


def print_view(view: HiringView, console: Console) -> None:
    """Print the summary of ``view`` on ``console``."""
    for item in summary_renderables(view):
        console.print(item)


def render_text(view: HiringView, width: int = 120) -> str:
    """The summary as plain text: ASCII borders, no colours, no terminal escapes."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      no_color=True, emoji=False, highlight=False, legacy_windows=False)
    console.print(Group(*summary_renderables(view, plain=True)))
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    lines += ["", view.lang.t("method.heading")]
    lines += [f"- {p}" for p in view.method]
    lines += ["", view.footer, ""]
    return "\n".join(lines)
