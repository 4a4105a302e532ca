"""Which rules apply where, and from when: the self-assessment's ``laws`` section.

For the jurisdiction profiles asked for (``self-assessment --jurisdiction``), every policy pack
they select, with its jurisdictions, its dates (the pack's data, with their sources) and, for
each rule, whether its duty applies on the assessment date or the date it starts. Source:
issue 13 items 4-5; the dates are those of rulebook.md "Deployer duties and the 2026–2027 laws".
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from ai_work_audit.policy import load_policy_packs, policy_pack_paths
from ai_work_audit.vocab._messages import message


def law_applicability(as_of: date, jurisdictions: Sequence[str]) -> list[dict[str, Any]]:
    """One entry per pack the profiles select (every pack when none), by pack id."""
    packs = load_policy_packs(policy_pack_paths())
    out: list[dict[str, Any]] = []
    for pack in packs:
        if jurisdictions and not pack.in_jurisdictions(tuple(jurisdictions)):
            continue
        start = pack.date("applies_from")
        out.append({
            "pack": pack.pack,
            "version": pack.version,
            "title": {"en": pack.title.en, "fr": pack.title.fr},
            "applies_to": list(pack.applies_to),
            "jurisdictions": list(pack.jurisdictions),
            "dates": {name: d.to_dict() for name, d in pack.dates},
            "applies": start is None or start.date <= as_of,
            "sources": list(pack.sources),
            "rules": [{
                "rule": rule.id,
                "refs": list(rule.refs),
                "severity": rule.severity.value,
                "applies_from": rule.applies_from.date.isoformat()
                if rule.applies_from else None,
                "applies": rule.applies_on(as_of),
            } for rule in pack.rules],
        })
    return out


def with_laws(document: Mapping[str, Any], as_of: date,
              jurisdictions: Sequence[str]) -> dict[str, Any]:
    """The self-assessment document with its ``laws`` section (added field, contracts.md)."""
    return {**document, "laws": {"as_of": as_of.isoformat(),
                                 "jurisdictions": list(jurisdictions),
                                 "packs": law_applicability(as_of, jurisdictions)}}


def laws_section(document: Mapping[str, Any], fmt: str, lang: str) -> str:
    """The ``laws`` section as Markdown or HTML: one row per pack, which rules apply."""
    laws = document.get("laws")
    if not isinstance(laws, Mapping):
        return ""
    head = [message(f"laws.column.{c}", lang) for c in
            ("jurisdictions", "pack", "applies_from", "status", "rules")]
    rows: list[list[str]] = []
    for pack in laws.get("packs") or []:
        start = (pack.get("dates") or {}).get("applies_from") or {}
        applying = [r["rule"] for r in pack["rules"] if r["applies"]]
        later = [r for r in pack["rules"] if not r["applies"]]
        status = message("laws.applies" if pack["applies"] else "laws.not_yet", lang,
                         start=start.get("date", ""))
        rules = message("laws.rules", lang, applying=len(applying), later=len(later))
        rows.append([", ".join(pack["jurisdictions"]) or "—",
                     str(pack["title"].get(lang) or pack["pack"]),
                     str(start.get("date") or "—"), status, rules])
    title = message("laws.title", lang, as_of=laws.get("as_of", ""))
    if fmt == "html":
        cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                       for row in rows)
        return (f'<section class="laws"><h2>{html.escape(title)}</h2><table><thead><tr>'
                f"{cells}</tr></thead><tbody>{body}</tbody></table></section>")

    def md(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["", f"## {title}", "", "| " + " | ".join(head) + " |",
             "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def append_laws_section(rendered: str, document: Mapping[str, Any], fmt: str,
                        lang: str) -> str:
    """``rendered`` (md or html) with the laws section at the end (before ``</body>``)."""
    section = laws_section(document, fmt, lang)
    if not section:
        return rendered
    if fmt == "html" and "</body>" in rendered:
        head, _, tail = rendered.rpartition("</body>")
        return f"{head}{section}</body>{tail}"
    return rendered + section
