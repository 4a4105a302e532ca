"""The worker-representative view of a typed document: it walks the disclosure annotations and
fails closed (issue 9 item 5; design.md "Privacy of the tool").

- A field without an annotation (an extra field, a nested unknown key) or annotated ``person``
  is withheld, and its JSON path listed in ``disclosure.withheld_fields``.
- A category cell (a model naming its ``disclosure_cell`` count) with fewer than k people is
  replaced by ``{"group": …, "suppressed": true}`` (contracts.md "HTTP service"); its
  ``derived`` fields go with it. Secondary suppression, per table: while the hidden cells of a
  table add up to fewer than k people, or only one is hidden (the table's total minus the
  visible cells would reveal it), the next smallest cell is hidden too. A list split into
  tables (``disclosure_partition``, e.g. trends by period and attribute) is protected both as a
  whole, as before, and table by table. Cells keyed by category (``by_type``) overlap — one
  worker is in several — so they get primary suppression only.
- A table's fields computed over all its cells (``disclosure_aggregates``, e.g. the minimum
  impact ratio) are withheld when one of its cells is hidden; its people counts are nulled when
  the hidden cells stay under k people or a single one.
- Other ``people`` counts (outside cells) with 0 < n < k are nulled
  (``<name>_suppressed: true``); findings' metrics and facts that count workers or people
  under k, or equal a derived value of a hidden cell (the lowest impact ratio of a table whose
  lowest category is hidden), are nulled and the finding's message, which may quote them,
  replaced.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, get_args

from pydantic import BaseModel

from ai_work_audit.documents._registry import load_document
from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab import (
    AGGREGATES_KEY,
    CELL_KEY,
    PARTITION_KEY,
    Disclosure,
    FindingDoc,
    disclosure_of,
)

METHOD: Final = "small-cell suppression (primary and secondary) over disclosure annotations; " \
    "unannotated and person-level fields withheld"
DEFAULT_K: Final = 10
AUDIENCES: Final = ("full", "representative")
MSG_K = ("k must be a whole number of at least 2; got {got} instead. Give --k 10 "
         "(or more).")
MSG_AUDIENCE = "audience must be one of full, representative; got {got} instead."
SUPPRESSED_NOTE: Final = "suppressed: fewer than {k} people"
#: Metric and fact names that count people (findings and ``facts`` are fact id → value).
PEOPLE_METRIC: Final = re.compile(r"worker|people|person|applicant|candidate")


def _count(value: Any) -> int | None:
    """An integer count, or None (bools are not counts)."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _config(model: BaseModel | type[BaseModel]) -> Mapping[str, Any]:
    extra = model.model_config.get("json_schema_extra")
    return extra if isinstance(extra, Mapping) else {}


def check_k(k: Any) -> int:
    """``k`` itself: a whole number of at least 2; else a ConfigError."""
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ConfigError(MSG_K.format(got=k if isinstance(k, int) and not isinstance(k, bool)
                                       else type(k).__name__))
    return k


def hide_cells(counts: Sequence[int], k: int, already: set[int] | frozenset[int] = frozenset()
               ) -> set[int]:
    """Indices of the cells to hide in one table of people counts: every cell of 0 < n < ``k``
    people (and those ``already`` hidden), then the smallest others while the hidden add up to
    fewer than ``k`` people or only one is hidden. Empty cells describe nobody and stay."""
    hidden = set(already) | {i for i, n in enumerate(counts) if 0 < n < k}
    if not hidden:
        return hidden
    rest = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
    while (sum(counts[i] for i in hidden) < k or len(hidden) < 2) and rest:
        hidden.add(rest.pop(0)[1])
    return hidden


@dataclass
class _Release:
    """One walk over a document."""

    k: int
    cells: int = 0
    withheld: list[str] = field(default_factory=list)
    secrets: set[float] = field(default_factory=set)

    def withhold(self, path: str) -> None:
        self.withheld.append(path)

    def keep_secret(self, cell: Any, raw: Mapping[str, Any]) -> None:
        """Remember the derived values of a hidden cell: a fact or a finding metric equal to
        one of them (the lowest impact ratio, say) goes with the cell."""
        if not isinstance(cell, BaseModel):
            return
        for key, info in type(cell).model_fields.items():
            value = raw.get(info.alias or key)
            if disclosure_of(info) is Disclosure.DERIVED and isinstance(value, float):
                self.secrets.add(value)

    # --- models ----------------------------------------------------------------------------
    def model(self, instance: BaseModel, data: Mapping[str, Any], path: str) -> dict[str, Any]:
        fields = {(info.alias or name): name for name, info in type(instance).model_fields.items()}
        out: dict[str, Any] = {}
        exposed_tables = False  # a table whose hidden cells a total could still reveal
        hidden_any = False
        hidden_metrics = 0
        # a visible cell shows its counts whole: its rates would give them back anyway
        in_cell = CELL_KEY in _config(instance)
        for key, raw in data.items():
            at = f"{path}.{key}"
            name = fields.get(key)
            if name is None:
                self.withhold(at)
                continue
            kind = disclosure_of(type(instance).model_fields[name])
            if kind is Disclosure.PERSON:
                self.withhold(at)
                continue
            value = getattr(instance, name)
            if _structural(type(instance).model_fields[name].annotation) and (
                    raw is None or isinstance(raw, Mapping | list)):
                if raw is None:
                    out[key] = None
                    continue
                result, hidden, exposed = self.structure(value, raw, at)
                out[key] = result
                hidden_any |= hidden
                exposed_tables |= exposed
                continue
            if kind is None:
                self.withhold(at)
                continue
            if kind is Disclosure.PEOPLE and not in_cell and (n := _count(raw)) is not None \
                    and 0 < n < self.k:
                out[key] = None
                out[f"{key}_suppressed"] = True
                self.cells += 1
                continue
            if key in ("metrics", "facts") and isinstance(raw, Mapping):
                raw, hidden_n = self.metrics(raw)
                hidden_metrics += hidden_n
            out[key] = copy.deepcopy(raw)
        if hidden_any:
            for key in _config(instance).get(AGGREGATES_KEY, ()):
                if key in out:
                    del out[key]
                    self.withhold(f"{path}.{key}")
        if exposed_tables:
            for key, name in fields.items():
                info = type(instance).model_fields[name]
                if disclosure_of(info) is Disclosure.PEOPLE and _count(out.get(key)):
                    out[key] = None
                    out[f"{key}_suppressed"] = True
                    self.cells += 1
        if hidden_metrics and isinstance(instance, FindingDoc):
            out["message"] = SUPPRESSED_NOTE.format(k=self.k) + \
                f" ({hidden_metrics} figure(s) hidden)."
            if isinstance(out.get("messages"), Mapping):
                out["messages"] = {lang: out["message"] for lang in out["messages"]}
            out["suppressed"] = True
        return out

    def metrics(self, data: Mapping[str, Any]) -> tuple[dict[str, Any], int]:
        """Fact id → value with the counts of people under k nulled."""
        out: dict[str, Any] = {}
        hidden = 0
        for name, value in data.items():
            number = value if isinstance(value, int | float) and not isinstance(value, bool) \
                else None
            counts_people = bool(PEOPLE_METRIC.search(name)) and number is not None \
                and 0 < number < self.k
            secret = isinstance(number, float) and number in self.secrets
            if counts_people or secret:
                out[name] = None
                hidden += 1
            else:
                out[name] = copy.deepcopy(value)
        return out, hidden

    # --- containers ------------------------------------------------------------------------
    def structure(self, value: Any, raw: Any, path: str) -> tuple[Any, bool, bool]:
        """The view of a nested model, list or mapping; whether cells were hidden in it and
        whether a table of it stays exposed to differencing."""
        if isinstance(value, BaseModel) and isinstance(raw, Mapping):
            return self.model(value, raw, path), False, False
        if isinstance(value, list) and isinstance(raw, list):
            return self.items(value, raw, path)
        if isinstance(value, dict) and isinstance(raw, Mapping):
            return self.keyed(value, raw, path), False, False
        self.withhold(path)  # a shape the model does not describe
        return None, False, False

    def items(self, values: list[Any], raw: list[Any], path: str) -> tuple[list[Any], bool, bool]:
        cell_key = _cell_key(values)
        if cell_key is None:
            out = []
            for i, (v, r) in enumerate(zip(values, raw, strict=False)):
                if isinstance(v, BaseModel) and isinstance(r, Mapping):
                    out.append(self.model(v, r, f"{path}[{i}]"))
                else:
                    out.append(copy.deepcopy(r))
            return out, False, False
        counted = [i for i, r in enumerate(raw)
                   if isinstance(r, Mapping) and _count(r.get(cell_key)) is not None]
        counts = [int(raw[i][cell_key]) for i in counted]
        hidden = {counted[j] for j in hide_cells(counts, self.k)}
        partition = _config(values[0]).get(PARTITION_KEY)
        if partition:
            tables: dict[tuple[Any, ...], list[int]] = {}
            for i in counted:
                tables.setdefault(tuple(raw[i].get(p) for p in partition), []).append(i)
            for members in tables.values():
                before = {j for j, i in enumerate(members) if i in hidden}
                more = hide_cells([int(raw[i][cell_key]) for i in members], self.k, before)
                hidden |= {members[j] for j in more}
        exposed = bool(hidden) and (len(hidden) < 2 or sum(
            int(raw[i][cell_key]) for i in hidden) < self.k)
        out = []
        for i, (v, r) in enumerate(zip(values, raw, strict=False)):
            if i in hidden:
                self.cells += 1
                self.keep_secret(v, r)
                out.append({"group": copy.deepcopy(r.get("group")), "suppressed": True})
            elif isinstance(v, BaseModel) and isinstance(r, Mapping):
                out.append(self.model(v, r, f"{path}[{i}]"))
            else:
                self.withhold(f"{path}[{i}]")
        return out, bool(hidden), exposed

    def keyed(self, values: dict[str, Any], raw: Mapping[str, Any], path: str) -> dict[str, Any]:
        cell_key = _cell_key(list(values.values()))
        out: dict[str, Any] = {}
        for key, r in raw.items():
            v = values.get(key)
            at = f"{path}.{key}"
            if not isinstance(v, BaseModel) or not isinstance(r, Mapping):
                out[key] = copy.deepcopy(r)
                continue
            n = _count(r.get(cell_key)) if cell_key else None
            if n is not None and 0 < n < self.k:
                self.cells += 1
                self.keep_secret(v, r)
                out[key] = {"group": key, "suppressed": True}
            else:
                out[key] = self.model(v, r, at)
        return out


def _structural(annotation: Any) -> bool:
    """A field typed as a nested model, or a list or mapping of models (its contents are
    judged by their own annotations)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_structural(arg) for arg in get_args(annotation))


def _cell_key(values: Sequence[Any]) -> str | None:
    for value in values:
        if isinstance(value, BaseModel):
            key = _config(value).get(CELL_KEY)
            return key if isinstance(key, str) else None
    return None


def representative_view(document: Mapping[str, Any] | BaseModel, k: int = DEFAULT_K
                        ) -> dict[str, Any]:
    """The worker-representative view of a typed document (a dict or a model): fails closed.

    Adds ``disclosure: {method, k, protected_cells, withheld_fields}`` (contracts.md
    "Audience") and, as before, ``suppression: {k, cells}`` (unless the document has its own).
    The input is not changed.
    """
    check_k(k)
    model = load_document(document)
    raw = document if isinstance(document, Mapping) else model.model_dump(
        mode="json", exclude_unset=True)
    first = _Release(k)
    first.model(model, raw, "$")  # the hidden cells' values, wherever the facts come
    release = _Release(k, secrets=first.secrets)
    out = release.model(model, raw, "$")
    out["disclosure"] = {"method": METHOD, "k": k, "protected_cells": release.cells,
                         "withheld_fields": release.withheld}
    # the service's former note; a consolidated document keeps its own ``suppression``
    out.setdefault("suppression", {"k": k, "cells": release.cells})
    return out


def apply_audience(document: dict[str, Any], audience: str, k: int = DEFAULT_K
                   ) -> dict[str, Any]:
    """The document for an audience: ``full`` as it is, ``representative`` its view."""
    if audience == "full":
        check_k(k)
        return document
    if audience == "representative":
        return representative_view(document, k)
    raise ConfigError(MSG_AUDIENCE.format(got=type(audience).__name__
                                          if not isinstance(audience, str) else "another name"))
