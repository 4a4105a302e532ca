"""The worker-representative view as it was before the typed documents (api/_suppress.py at
commit 6126e96), kept as the yardstick: the disclosure view must hide all it hides.

Small-cell suppression for worker representatives' views (design.md "Privacy of the tool").

Every category with fewer than k people is replaced by ``{"group": …, "suppressed": true}``;
worker-level fields and samples are dropped. Secondary suppression: when the suppressed cells of
a table add up to fewer than k people (so that a total minus the rest would reveal them), the
next smallest cells are suppressed too. The rule set is data (the tables below), applied to
hiring-audit/v1 and monitoring-audit/v1 documents alike.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Final

#: Keys whose value counts the people of a category, in order of preference.
PEOPLE_KEYS: Final = ("applicants", "workers", "count", "people")
#: Keys of worker-level data, removed wherever they appear.
WORKER_LEVEL_KEYS: Final = frozenset({
    "samples", "sample", "worker_id", "worker_ids", "workers_list", "per_worker", "by_worker",
    "worker", "pseudonym", "pseudonyms", "examples",
})
#: Table-level counts of people that are suppressed (set to null) when 0 < n < k.
SMALL_COUNT_KEYS: Final = frozenset({"unknown", "unknown_workers"})
#: Statistics of one person (the maximum over workers) removed from per-worker distributions.
SINGLE_PERSON_STATS: Final = frozenset({"max", "min"})
SUPPRESSED_NOTE: Final = "suppressed: fewer than {k} people"
K_MSG = "k must be a whole number of at least 2; got {got} instead."


def _people(cell: Mapping[str, Any]) -> int | None:
    for key in PEOPLE_KEYS:
        value = cell.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


class _Suppressor:
    def __init__(self, k: int) -> None:
        self.k = k
        self.cells = 0

    def suppress(self, group: Any) -> dict[str, Any]:
        self.cells += 1
        return {"group": group, "suppressed": True}

    def rows(self, rows: list[Any]) -> list[Any]:
        """A list of category rows: primary then secondary suppression."""
        counts = [(_people(r), i) for i, r in enumerate(rows)
                  if isinstance(r, Mapping) and "group" in r and _people(r) is not None]
        hidden = {i for n, i in counts if n is not None and n < self.k}
        if hidden:
            hidden_total = sum(n or 0 for n, i in counts if i in hidden)
            rest = sorted((n or 0, i) for n, i in counts if i not in hidden)
            while hidden_total < self.k and rest:
                n, i = rest.pop(0)
                hidden.add(i)
                hidden_total += n
        out = []
        for i, row in enumerate(rows):
            if i in hidden:
                out.append(self.suppress(row.get("group")))
            else:
                out.append(self.value(row))
        return out

    def mapping(self, data: Mapping[str, Any], parent: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        # a mapping of category name -> stats with a people count (e.g. by_type, by_event_type)
        named = {k: v for k, v in data.items()
                 if isinstance(v, Mapping) and _people(v) is not None and "group" not in v}
        for key, value in data.items():
            if key in WORKER_LEVEL_KEYS:
                continue
            if key in named and len(named) == len(data):
                people = _people(value)
                if people is not None and people < self.k:
                    out[key] = self.suppress(key)
                    continue
            if key in SMALL_COUNT_KEYS and isinstance(value, int) and not isinstance(value, bool) \
                    and 0 < value < self.k:
                out[key] = None
                out[f"{key}_suppressed"] = True
                self.cells += 1
                continue
            if "per_worker" in parent and key in SINGLE_PERSON_STATS:
                continue
            out[key] = self.value(value, key)
        return out

    def value(self, value: Any, key: str = "") -> Any:
        if isinstance(value, Mapping):
            return self.mapping(value, key)
        if isinstance(value, list):
            if value and all(isinstance(v, Mapping) and "group" in v for v in value):
                return self.rows(value)
            return [self.value(v, key) for v in value]
        return value


def _finding(finding: Any, k: int) -> Any:
    """Findings keep counts of categories; person counts under k hide the message."""
    if not isinstance(finding, Mapping):
        return finding
    out = {k_: v for k_, v in finding.items() if k_ not in WORKER_LEVEL_KEYS}
    metrics = out.get("metrics")
    if isinstance(metrics, Mapping):
        hidden = [name for name, v in metrics.items()
                  if ("worker" in name or "people" in name or "person" in name)
                  and isinstance(v, int | float) and not isinstance(v, bool) and 0 < v < k]
        if hidden:
            out["metrics"] = {n: (None if n in hidden else v) for n, v in metrics.items()}
            out["message"] = SUPPRESSED_NOTE.format(k=k) + f" ({len(hidden)} figure(s) hidden)."
            out["suppressed"] = True
    return out


def suppress_small_cells(document: Mapping[str, Any], k: int) -> dict[str, Any]:
    """A worker representative's view of an audit document: every category with fewer than
    ``k`` people replaced by ``{"group": …, "suppressed": true}``, no worker-level data.

    Adds ``suppression: {"k": k, "cells": n}`` so that readers know. The input is not changed.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError(K_MSG.format(got=type(k).__name__ if not isinstance(k, int) else k))
    sup = _Suppressor(k)
    doc = copy.deepcopy(dict(document))
    findings = doc.pop("findings", None)
    out = sup.mapping(doc)
    if findings is not None:
        out["findings"] = [_finding(f, k) for f in findings]
    out["suppression"] = {"k": k, "cells": sup.cells}
    return out


def mark_suppressed_for_rendering(document: Mapping[str, Any], lang: str) -> dict[str, Any]:
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
    doc.setdefault("findings", []).insert(0, {
        "rule": "service.small_cell_suppression", "policy": "ai-work-audit-service",
        "policy_version": "1", "severity": "info", "outcome": "not_applicable", "refs": [],
        "message": note, "metrics": {"suppressed_cells": info.get("cells", 0), "k": k},
        "legal_basis": [],
    })
    return doc
