"""The monitoring report as GitHub-flavoured Markdown.

Every text goes through :func:`escape_markdown` (user values were already formula-neutralised
in the view), so a sample or a group called ``[link](javascript:x)`` stays text.
"""

from __future__ import annotations

from ai_work_audit.reports._escape import escape_markdown as md
from ai_work_audit.reports._findings import FindingView
from ai_work_audit.reports._hiring_view import Flag
from ai_work_audit.reports._markdown import _code, _table
from ai_work_audit.reports._monitoring_view import MonitoringView


def _type(label: str, code: str) -> str:
    return md(label) if not code or code == label else f"{md(label)} ({_code(code)})"


def _flags(flags: tuple[Flag, ...], strong: bool = False) -> str:
    text = ", ".join(md(f.label) for f in flags)
    return f"**{text}**" if strong and text else text


def _finding(f: FindingView, view: MonitoringView) -> list[str]:
    t, colon = view.lang.t, view.lang.colon
    head = f"**{md(f.severity_label.upper())}** · {md(f.outcome_label)} · {_code(f.rule)}"
    if f.refs:
        head += " · " + ", ".join(md(r) for r in f.refs)
    out = [f"- {head} — {md(f.message)}"]
    details = []
    if f.legal_basis:
        details.append(f"{md(t('finding.legal_basis'))}{colon}"
                       + "; ".join(md(b) for b in f.legal_basis))
    if f.remediation:
        details.append(f"{md(t('finding.remediation'))}{colon}{md(f.remediation)}")
    if f.metrics:
        details.append(f"{md(t('finding.metrics'))}{colon}"
                       + ", ".join(f"{md(k)} = {md(v)}" for k, v in f.metrics))
    details.append(f"{md(t('finding.policy'))}{colon}{md(f.policy)}")
    return out + [f"  - {d}" for d in details]


def render_monitoring_markdown(view: MonitoringView) -> str:
    """The full report, in the order of the HTML one."""
    t, c = view.lang.t, view.c
    out: list[str] = [f"# {md(view.title)}", "", f"*{md(view.subtitle)}*", ""]
    if view.system:
        out += [f"**{md(t('meta.system'))}**{view.lang.colon}{md(view.system)}", ""]
    if view.suppression:
        out += [f"> {md(view.suppression)}", ""]

    out += [f"## {md(t('mon.plain.heading'))}", ""]
    out += _table([md(t("col.metric")), md(c["value"])],
                  ([md(k), v] for k, v in view.key_figures), "lr")
    out.append("")
    out += [f"- {md(p)}" for p in view.plain]
    out += ["", f"### {md(t('mon.plain.broken'))}", ""]
    if view.broken:
        out += [f"- **{md(f.severity_label.upper())}**"
                + (f" {', '.join(md(r) for r in f.refs)}" if f.refs else "")
                + f" — {md(f.message)}" for f in view.broken]
    else:
        out.append(md(t("mon.plain.none_broken")))
    out.append("")

    out += [f"## {md(t('meta.heading'))}", ""]
    out += _table([md(c["item"]), md(c["value"])],
                  ([md(m.label), _code(m.value) if m.mono else md(m.value)] for m in view.meta))
    out.append("")

    out += [f"## {md(t('findings.heading'))}", ""]
    if not view.finding_groups:
        out += [md(t("findings.none")), ""]
    for group in view.finding_groups:
        out += [f"### {md(group.title)}", ""]
        for f in group.findings:
            out += _finding(f, view)
        out.append("")

    out += [f"## {md(t('mon.pii.heading'))}", "", md(view.pii_intro), ""]
    if view.exposure:
        table = view.kind == "table"
        header = [c["pii_type"], c["records"], *([c["columns"]] if table else
                                                 [c["workers"], c["share_records"]])]
        header.append(c["category"])
        rows = []
        for r in view.exposure:
            label = _type(r.label, r.code)
            row = [f"**{label}**" if r.special else label, r.records,
                   *([r.columns] if table else [r.workers, r.share])]
            row.append(_flags(r.flags, strong=r.special))
            rows.append(row)
        out += _table([md(h) for h in header], rows,
                      "l" + "r" * (len(header) - 2) + "l")
        out.append("")
    else:
        out += [md(t("mon.pii.none")), ""]

    if view.columns:
        out += [f"## {md(t('mon.columns.heading'))}", "", md(t("mon.columns.intro")), ""]
        out += _table([md(c[k]) for k in ("column", "non_empty", "share", "detected", "flags")],
                      ([md(r.name), r.non_empty, r.share, md(r.detected),
                        _flags(r.flags, strong=r.special)] for r in view.columns), "lrrll")
        out.append("")

    s = view.surveillance
    if s is not None:
        out += [f"## {md(t('mon.surv.heading'))}", "", f"### {md(t('mon.surv.by_type'))}", "",
                f"*{md(t('mon.surv.caption'))}*", ""]
        out += _table(
            [md(c[k]) for k in ("event_type", "events", "workers", "interval", "per_day", "p95",
                                "max", "off_hours", "refs", "flags")],
            ([_type(r.label, r.code), r.events, r.workers, r.interval, r.median, r.p95, r.max,
              r.off_hours, md(r.refs), _flags(r.flags, strong=r.intrusive)] for r in s.events),
            "lrrrrrrrll")
        out += ["", f"### {md(t('mon.surv.time.heading'))}", ""]
        out += [f"- {md(x)}" for x in (s.off_hours, s.on_leave, *s.per_worker, s.modalities)]
        out.append("")
        if s.content:
            out += [f"### {md(t('mon.surv.content.heading'))}", "",
                    md(t("mon.surv.content.intro")), ""]
            out += _table([md(c[k]) for k in ("event_type", "with_content", "metadata_only",
                                               "share_content")],
                          ([_type(r.label, r.code),
                            f"**{r.with_content}**" if r.captured else r.with_content,
                            r.metadata_only, r.share] for r in s.content), "lrrr")
            out.append("")
        if s.groups:
            out += [f"### {md(t('mon.surv.groups.heading'))}", "", md(s.groups_intro), ""]
            for g in s.groups:
                out += [f"#### {md(g.title)}", ""]
                out += _table(
                    [md(c[k]) for k in ("group", "workers", "worker_days", "rate", "ratio_least",
                                        "flags")],
                    ([md(r.label), r.workers, r.worker_days, r.rate, r.ratio, _flags(r.flags)]
                     for r in g.rows), "lrrrrl")
                out += ["", f"- {md(g.note)}", ""]
        out += [f"### {md(t('mon.retention.heading'))}", "", md(s.retention_intro), ""]
        if s.retention:
            out += _table([md(c[k]) for k in ("event_type", "limit", "past_limit")],
                          ([_type(r.label, r.code), md(r.limit),
                            f"**{r.past}**" if r.exceeded else md(r.past)]
                           for r in s.retention), "llr")
            out.append("")

    if view.samples:
        out += [f"## {md(t('mon.samples.heading'))} ({md(t('mon.samples.badge'))})", "",
                md(t("mon.samples.intro")), ""]
        out += _table([md(c["pii_type"]), md(c["sample"])],
                      ([_type(r.label, r.code), md(r.text)] for r in view.samples))
        out.append("")

    if view.warnings:
        out += [f"## {md(t('mon.warnings.heading'))}", ""]
        out += [f"- {md(w)}" for w in view.warnings]
        out.append("")

    out += [f"## {md(t('method.heading'))}", ""]
    out += [f"- {md(p)}" for p in view.method]
    out += ["", "---", "", f"*{md(view.footer)}*", ""]
    return "\n".join(out)
