"""Mark a representative view for rendering: suppressed rows say so in their label and a note
heads the findings, so that every rendered format (md, html, pdf) shows what was protected."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any


def mark_for_rendering(document: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a suppressed document whose suppressed rows say so in their label, plus a
    note among the findings, so that every rendered format (md, html, pdf) marks them."""
    info = document.get("suppression") or {}
    k = info.get("k", "k")
    mark = (f" [masqué : moins de {k} personnes]" if lang == "fr"
            else f" [suppressed: fewer than {k} people]")
    doc = copy.deepcopy(dict(document))

    def label(group: Any) -> Any:
        if isinstance(group, Mapping):
            keys = list(group)
            return {key: (f"{group[key]}{mark}" if i == len(keys) - 1 else group[key])
                    for i, key in enumerate(keys)}
        return f"{group}{mark}"

    def walk(value: Any) -> Any:
        if isinstance(value, Mapping):
            if value.get("suppressed") is True and "group" in value:
                return {"group": label(value["group"]), "suppressed": True}
            return {key: walk(v) for key, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    doc = dict(walk(doc))
    note = (f"Worker-representative view: {info.get('cells', 0)} cell(s) with fewer than {k} "
            "people are suppressed and marked so; no worker-level data is shown.")
    if lang == "fr":
        note = (f"Vue des représentants du personnel : {info.get('cells', 0)} case(s) de moins "
                f"de {k} personnes sont masquées et signalées ; aucune donnée individuelle.")
    summary = ((document.get("disclosure") or {}).get("summaries") or {}).get(lang)
    if isinstance(summary, str):  # what was protected and how, in words
        note += " " + summary[:1].upper() + summary[1:]
    withheld = len((document.get("disclosure") or {}).get("withheld_fields") or ())
    if withheld:
        note += (f" {withheld} champ(s) non autorisé(s) à la diffusion sont retenus."
                 if lang == "fr" else
                 f" {withheld} field(s) not cleared for release are withheld.")
    doc.setdefault("findings", []).insert(0, {
        "rule": "service.small_cell_suppression", "policy": "ai-work-audit-service",
        "policy_version": "1", "severity": "info", "outcome": "not_applicable", "refs": [],
        "message": note, "metrics": {"suppressed_cells": info.get("cells", 0), "k": k},
        "legal_basis": [],
    })
    return doc
