"""The hiring report as GitHub-flavoured Markdown.

Every text (user values and translated sentences that embed them) goes through
:func:`escape_markdown`; user values were already formula-neutralised in the view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ai_work_audit.reports._escape import escape_html
from ai_work_audit.reports._escape import escape_markdown as md
from ai_work_audit.reports._hiring_view import HiringView, TableView

_IDENT = re.compile(r"[\w.:/-]+")


def _code(value: str) -> str:
    """An identifier as inline code when that is safe in a table cell, else escaped text."""
    return f"`{value}`" if _IDENT.fullmatch(value) else md(value)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]],
           align: Sequence[str] | None = None) -> list[str]:
    """A GFM table; ``align`` holds ``l`` or ``r`` per column."""
    align = align or ["l"] * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _rate_table(view: HiringView, table: TableView, level: str) -> list[str]:
    c = view.columns
    out = [f"{level} {md(table.title)}", ""]
    if table.stage:
        out += [f"*{md(view.lang.t('table.stage', stage=table.stage))}*", ""]
    header = [c[k] for k in ("group", "applicants", "selected", "share", "rate", "ci", "ratio",
                             "p", "p_holm", "z", "flags")]
    rows = []
    for r in table.rows:
        flags = ", ".join(f.label for f in r.flags)
        if r.adverse:
            flags = f"**{flags}**"
        rows.append([md(r.label), r.applicants, r.selected, r.share, r.rate, r.ci,
                     f"**{r.ratio}**" if r.adverse else r.ratio,
                     r.p, r.p_holm, r.z, flags])
    out += _table([md(h) for h in header], rows, "lrrrrrrrrrl")
    out.append("")
    notes = [table.unknown_note, table.reference_note, table.threshold_note]
    out += [f"- {md(n)}" for n in notes if n]
    out.append("")
    return out


def render_markdown(view: HiringView) -> str:
    """The full report: metadata, summary, method, tables, funnel, trends, models, findings."""
    t = view.lang.t
    c = view.columns
    colon = view.lang.colon
    out: list[str] = [f"# {md(view.title)}", "", f"*{md(view.subtitle)}*", "",
                      f"**{md(view.headline)}**", ""]

    out += [f"## {md(t('meta.heading'))}", ""]
    out += _table([md(t("col.item")), md(c["value"])],
                  ([md(m.label), _code(m.value) if m.mono else md(m.value)]
                   for m in view.meta))
    out += ["", f"## {md(t('summary.heading'))}", ""]
    out += _table([md(c["metric"]), md(c["value"])],
                  ([md(k), v] for k, v in view.summary), "lr")
    out.append("")

    out += [f"## {md(t('method.heading'))}", ""]
    out += [f"- {md(p)}" for p in view.method]
    out.append("")

    out += [f"## {md(t('tables.heading'))}", ""]
    for table in view.tables:
        out += _rate_table(view, table, "###")

    if view.funnel:
        out += [f"## {md(t('funnel.heading'))}", "", md(t("funnel.overview")), ""]
        for overview in view.stage_overview:
            out += [f"### {md(overview.title)}", ""]
            out += _table(
                [md(c["group"]), *(md(s) for s in overview.stages)],
                ([md(label), *("—" if cell is None else
                               f"**{cell.ratio}**" if cell.adverse else cell.ratio
                               for cell in cells)] for label, cells in overview.rows),
                "l" + "r" * len(overview.stages))
            out.append("")
            out += [f"- {md(sentence)}" for sentence in overview.opens]
            out.append("")
        out += [md(t("funnel.detail")), ""]
        for detail in view.stage_details:
            out += ["<details>", f"<summary>{escape_html(detail.summary)}</summary>", ""]
            for table in detail.tables:
                out += _rate_table(view, table, "####")
            out += ["</details>", ""]

    if view.trends:
        out += [f"## {md(t('trends.heading'))}", ""]
        out += _table(
            [md(c[k]) for k in ("period", "attribute", "group", "applicants", "selected", "rate",
                                "ratio")],
            ([md(r.period), md(r.attribute), md(r.group), r.applicants, r.selected, r.rate,
              f"**{r.ratio}**" if r.adverse else r.ratio] for r in view.trends),
            "lllrrrr",
        )
        out.append("")

    if view.models:
        out += [f"## {md(t('model.heading'))}", ""]
        for model in view.models:
            out += [f"### {md(t('model.by', attribute=model.attribute))}", ""]
            out += _table([md(c["metric"]), md(c["value"])],
                          ([md(k), md(v)] for k, v in model.metrics), "lr")
            out.append("")
            if model.by_group:
                out += _table(
                    [md(c[k]) for k in ("group", "tpr", "fpr", "selection_rate", "count")],
                    ([md(g[0]), *g[1:]] for g in model.by_group), "lrrrr")
                out.append("")

    out += [f"## {md(t('findings.heading'))}", ""]
    if not view.findings:
        out += [md(t("findings.none")), ""]
    for f in view.findings:
        head = f"**{md(f.severity_label.upper())}** · {md(f.outcome_label)} · {_code(f.rule)}"
        out.append(f"- {head} — {md(f.message)}")
        details = []
        if f.scope:
            details.append(f"{md(t('finding.scope'))}{colon}{md(f.scope)}")
        details.append(f"{md(t('finding.policy'))}{colon}{md(f.policy)}")
        if f.metrics:
            details.append(f"{md(t('finding.metrics'))}{colon}"
                           + ", ".join(f"{md(k)} = {md(v)}" for k, v in f.metrics))
        if f.legal_basis:
            details.append(f"{md(t('finding.legal_basis'))}{colon}"
                           + "; ".join(md(b) for b in f.legal_basis))
        if f.refs:
            details.append(f"{md(t('finding.refs'))}{colon}" + ", ".join(md(r) for r in f.refs))
        if f.remediation:
            details.append(f"{md(t('finding.remediation'))}{colon}{md(f.remediation)}")
        out += [f"  - {d}" for d in details]
    out.append("")

    out += ["---", "", f"*{md(view.footer)}*", ""]
    return "\n".join(out)
