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
- Hiring cells are protected together across tables, intersections, funnel stages and trend
  periods, and against the organisation's earlier releases (``_linked.py``, ``_register.py``);
  derived figures are re-based and recomputed from what is shown, and monitoring sections made
  consistent with their hidden cells (``_derived.py``). ``disclosure.summary`` (and
  ``summaries`` per language) says in words what was protected and how.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, get_args

from pydantic import BaseModel

from ai_work_audit.disclosure import _derived
from ai_work_audit.disclosure._linked import (
    Release,
    hiring_release,
    monitoring_release,
    protect,
    related,
)
from ai_work_audit.disclosure._register import Register
from ai_work_audit.documents._access import SCHEMA_ID as ACCESS_ID
from ai_work_audit.documents._hiring import SCHEMA_ID as HIRING_ID
from ai_work_audit.documents._monitoring import SCHEMA_ID as MONITORING_ID
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
from ai_work_audit.vocab._messages import LANGUAGES, message

METHOD: Final = "linked-table small-cell suppression (primary and secondary, audited by linear " \
    "programming across tables, periods, stages and the organisation's earlier releases); " \
    "ratios re-based on the highest visible category; facts recomputed from what is shown; " \
    "unannotated and person-level fields withheld"
DEFAULT_K: Final = 10
AUDIENCES: Final = ("full", "representative")
MSG_K = ("k must be a whole number of at least 2; got {got} instead. Give --k 10 "
         "(or more).")
MSG_AUDIENCE = "audience must be one of full, representative; got {got} instead."
SUPPRESSED_NOTE: Final = "suppressed: fewer than {k} people"
#: Metric and fact names that count people (findings and ``facts`` are fact id → value).
PEOPLE_METRIC: Final = re.compile(r"worker|people|person|applicant|candidate")
#: Documents of the hiring core's shape (hiring, and the access processes of issue 16).
HIRING_SHAPED: Final = (HIRING_ID, ACCESS_ID)


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
    """Indices of the cells to hide in one table of people counts: every cell of fewer than
    ``k`` people, empty ones included (contracts.md: "every category with fewer than k people"),
    and those ``already`` hidden; then the smallest others while the hidden people add up to
    fewer than ``k`` or only one non-empty cell is hidden. An empty cell describes nobody, so
    it never calls for another to be hidden."""
    hidden = set(already) | {i for i, n in enumerate(counts) if n < k}
    if not any(counts[i] > 0 for i in hidden):
        return hidden
    rest = sorted((n, i) for i, n in enumerate(counts) if i not in hidden and n > 0)
    while (sum(counts[i] for i in hidden) < k
           or sum(1 for i in hidden if counts[i] > 0) < 2) and rest:
        hidden.add(rest.pop(0)[1])
    return hidden


@dataclass
class _Release:
    """One walk over a document."""

    k: int
    cells: int = 0
    withheld: list[str] = field(default_factory=list)
    secrets: set[float] = field(default_factory=set)
    #: cells to hide whatever their size: list path → indices (list) or keys (mapping)
    forced: Mapping[str, set[Any]] = field(default_factory=dict)
    #: event counts of hidden cells (a fact equal to one goes with it) and their names
    counts: set[int] = field(default_factory=set)
    hidden_names: set[str] = field(default_factory=set)
    visible_names: set[str] = field(default_factory=set)

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
            if disclosure_of(info) is Disclosure.EVENTS and (n := _count(value)):
                self.counts.add(n)

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
                    and (0 < n < self.k or key in self.forced.get(path, ())):
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
        if isinstance(instance, FindingDoc) and isinstance(out.get("message"), str) and (
                _names(out["message"], self.hidden_names)
                or _names(str(out.get("scope") or ""), self.hidden_names)):
            hidden_metrics = max(hidden_metrics, 1)
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
            # an event count equal to a hidden cell's goes, unless it names a category shown
            secret = (isinstance(number, float) and number in self.secrets) or (
                isinstance(number, int) and number in self.counts
                and not _names(name, self.visible_names)) or _names(name, self.hidden_names)
            # a text fact (a list of event types, say) naming a hidden category goes too
            secret = secret or (isinstance(value, str) and _names(value, self.hidden_names))
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
        forced = set(self.forced.get(path, ()))
        hidden = {counted[j] for j in hide_cells(
            counts, self.k, {j for j, i in enumerate(counted) if i in forced})} | forced
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
        hide: set[Any] = set(self.forced.get(path, ()))
        if cell_key:
            # the cells' other counts (events) add up to a total: never one hidden alone
            keys = [key for key, r in raw.items() if isinstance(r, Mapping)
                    and _count(r.get(cell_key)) is not None]
            counts = [int(raw[key][cell_key]) for key in keys]
            hide |= ({keys[j] for j in hide_cells(counts, self.k)}
                     if path.endswith(".by_event_type") else
                     {key for key, n in zip(keys, counts, strict=True) if 0 < n < self.k})
        for key, r in raw.items():
            v = values.get(key)
            at = f"{path}.{key}"
            if not isinstance(v, BaseModel) or not isinstance(r, Mapping):
                out[key] = copy.deepcopy(r)
                continue
            if key in hide:
                self.cells += 1
                self.keep_secret(v, r)
                self.hidden_names.add(str(key))
                out[key] = {"group": key, "suppressed": True}
            else:
                if cell_key:
                    self.visible_names.add(str(key))
                out[key] = self.model(v, r, at)
        return out


def _names(text: str, names: set[str]) -> bool:
    """Whether ``text`` names one of the hidden categories (as a word or an id part)."""
    lowered = text.lower()
    return any(re.search(rf"(?<![a-z0-9]){re.escape(n.lower())}(?![a-z0-9])", lowered)
               or re.search(rf"[._]{re.escape(n.lower())}", lowered) for n in names if n)


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


def representative_view(document: Mapping[str, Any] | BaseModel, k: int = DEFAULT_K,
                        register: Register | None = None) -> dict[str, Any]:
    """The worker-representative view of a typed document (a dict or a model): fails closed.

    Adds ``disclosure: {method, k, protected_cells, withheld_fields, …}`` (contracts.md
    "Audience") and, as before, ``suppression: {k, cells}`` (unless the document has its own).
    With the organisation's ``register`` (``_register.py``) a hiring release is checked against
    every earlier release to the organisation's representatives and recorded; the same document
    released again gets the same view. The input is not changed.
    """
    check_k(k)
    model = load_document(document)
    raw = document if isinstance(document, Mapping) else model.model_dump(
        mode="json", exclude_unset=True)
    if register is None:
        return _view(model, raw, k, None, None)
    with register.lock():
        return _view(model, raw, k, register, register.releases())


def _view(model: BaseModel, raw: Mapping[str, Any], k: int, register: Register | None,
          earlier: list[Release] | None) -> dict[str, Any]:
    linked = None
    key = f"{raw.get('audit_id')}.k{k}"
    if raw.get("schema") in HIRING_SHAPED:
        linked = hiring_release(raw, key, k)
    elif raw.get("schema") == MONITORING_ID:
        linked = monitoring_release(raw, key, k)
    added = 0
    compared = 0
    stored = None
    if linked is not None:
        stored = register.get(key) if register is not None else None
        others = [r for r in earlier or () if r.key != key]
        twin = next((r for r in reversed(others) if r.key.endswith(f".k{k}")
                     and r.idents == linked.idents and r.applicants == linked.applicants
                     and r.selected == linked.selected), None)
        if stored is not None and stored.idents == linked.idents:
            linked.hidden = set(stored.hidden)  # released before: the same view again
        elif twin is not None:  # the same figures were released: the same cells hidden
            linked.hidden = set(twin.hidden)
            stored = twin
        else:
            linked.hidden = initial_hidden(linked, k) if raw.get("schema") == HIRING_ID \
                else _hidden_in(_Release(k).model(model, raw, "$"), linked)
            first = set(linked.hidden)
            checked = related(linked, others)
            added = protect(linked, checked, k)
            linked.hidden |= first
            compared = len(checked)
    forced: dict[str, set[Any]] = {}
    if linked is not None:
        for i in linked.hidden:
            path, index = linked.places[i]
            forced.setdefault(path, set()).add(index)
    first_walk = _Release(k, forced=forced)
    first_walk.model(model, raw, "$")  # the hidden cells' values, wherever the facts come
    release = _Release(k, secrets=first_walk.secrets, forced=forced, counts=first_walk.counts,
                       hidden_names=first_walk.hidden_names,
                       visible_names=first_walk.visible_names - first_walk.hidden_names)
    out = release.model(model, raw, "$")
    notes: dict[str, Any] = {}
    if raw.get("schema") in HIRING_SHAPED:
        notes = _derived.hiring(out, raw, release.withheld)
    elif raw.get("schema") == MONITORING_ID:
        notes = _derived.monitoring(out, release.hidden_names, k, release.withheld)
    if linked is not None:
        linked.hidden = _hidden_in(out, linked)
        if register is not None and stored is None:
            register.record(linked)
    out["disclosure"] = {
        "method": METHOD, "k": k, "protected_cells": release.cells,
        "withheld_fields": release.withheld, "linked_cells": added,
        "earlier_releases": len([r for r in earlier or () if r.key != key]),
        "earlier_releases_compared": compared,
        "register": register is not None, **notes,
        "summary": _summary(k, release.cells, added, register is not None, notes),
        "summaries": {lang: _summary(k, release.cells, added, register is not None, notes, lang)
                      for lang in LANGUAGES},
    }
    # the service's former note; a consolidated document keeps its own ``suppression``
    out.setdefault("suppression", {"k": k, "cells": release.cells})
    return out


def initial_hidden(linked: Release, k: int) -> set[int]:
    """Primary and per-table secondary suppression, as the walk does it, on the linked cells:
    per list, and per period and attribute for the trends."""
    tables: dict[tuple[Any, ...], list[int]] = {}
    for i, (path, _index) in enumerate(linked.places):
        tables.setdefault((path,), []).append(i)
        ident = linked.idents[i]
        if ident[0] == "trend":
            tables.setdefault((path, ident[1], ident[-1][0][0]), []).append(i)
    hidden: set[int] = set()
    for members in tables.values():
        before = {j for j, i in enumerate(members) if i in hidden}
        more = hide_cells([linked.applicants[i] for i in members], k, before)
        hidden |= {members[j] for j in more}
    return hidden


def _hidden_in(view: Mapping[str, Any], linked: Release) -> set[int]:
    """The cells of ``linked`` that ``view`` does not show."""
    if linked.idents and linked.idents[0][0] == "monitoring":
        return {i for i, ident in enumerate(linked.idents) if _monitoring_hidden(view, ident)}
    return {i for i, (path, index) in enumerate(linked.places)
            if _suppressed(view, path, index)}


def _monitoring_hidden(view: Mapping[str, Any], ident: tuple[Any, ...]) -> bool:
    """Whether a monitoring cell (``monitoring_release``'s ident) is hidden in the view."""
    def at(node: Any, *keys: Any) -> Any:
        for key in keys:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    section = ident[1]
    if section == "input":
        return at(view, "input", ident[2]) is None
    if section in ("event_type", "pii"):
        cell = at(view, *(("surveillance", "by_event_type") if section == "event_type"
                          else ("pii", "by_type")), ident[2])
        return not isinstance(cell, Mapping) or cell.get("suppressed") is True \
            or cell.get("workers") is None
    groups = at(view, "surveillance", "intensity_by_group", ident[2], "groups")
    for group in groups if isinstance(groups, list) else ():
        if isinstance(group, Mapping) and str(group.get("group")) == ident[3]:
            return group.get("suppressed") is True or group.get("workers") is None
    return True


def _suppressed(view: Mapping[str, Any], path: str, index: int) -> bool:
    node: Any = view
    for part in re.findall(r"\.([A-Za-z_]+)|\[(\d+)\]", path[1:]):
        name, number = part
        if name:
            node = node.get(name) if isinstance(node, Mapping) else None
        else:
            node = node[int(number)] if isinstance(node, list) and int(number) < len(node) \
                else None
    if isinstance(node, list) and index < len(node) and isinstance(node[index], Mapping):
        return node[index].get("suppressed") is True
    return True


def _summary(k: int, cells: int, linked: int, register: bool, notes: Mapping[str, Any],
             lang: str = "en") -> str:
    """What was protected and how, in words (``disclosure`` section of the catalogue)."""
    words = [message("disclosure.suppressed", lang, cells=cells, k=k)]
    if linked:
        words.append(message("disclosure.linked", lang, linked=linked))
    words.append(message("disclosure.register" if register else "disclosure.no_register", lang))
    if notes.get("rebased_tables"):
        words.append(message("disclosure.rebased", lang, tables=len(notes["rebased_tables"])))
    if notes.get("hidden_event_types"):
        words.append(message("disclosure.hidden_event_types", lang,
                             types=len(notes["hidden_event_types"])))
    if notes.get("quantiles_withheld"):
        words.append(message("disclosure.quantiles_withheld", lang,
                             figures=notes["quantiles_withheld"]))
    return message("disclosure.separator", lang).join(words) + "."


def apply_audience(document: dict[str, Any], audience: str, k: int = DEFAULT_K,
                   register: Register | None = None) -> dict[str, Any]:
    """The document for an audience: ``full`` as it is, ``representative`` its view (checked
    against the organisation's ``register`` when given)."""
    if audience == "full":
        check_k(k)
        return document
    if audience == "representative":
        return representative_view(document, k, register)
    raise ConfigError(MSG_AUDIENCE.format(got=type(audience).__name__
                                          if not isinstance(audience, str) else "another name"))
