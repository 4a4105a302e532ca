"""Linked-table suppression of a hiring release, audited against every earlier release.

Method (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, ch. 4.4; the τ-ARGUS
manual, "linked tables" and "audit"): the tables, intersections, funnel stages and trend periods
of one release are linked by additive relations (a marginal row is the sum of its intersectional
rows, an annual row the sum of its periods, a stage's applicants its previous stage's selected,
a table's rows add up to its total). An attacker knows every published figure, these relations
and that a suppressed cell is not empty. For each protected quantity — a suppressed cell with
0 < n < k people, or the difference between two releases of the same cell when it is under k —
the attack is solved as two linear programmes (smallest and largest value compatible with what
was published, scipy's HiGHS); a quantity whose range is a single value is recovered, and the
smallest visible cell linked to it is suppressed too, until none is. Earlier releases of the same
organisation (the release register, ``_register.py``) enter the same programmes: their
published figures are constants, their suppressed cells unknowns.

Only relations that hold exactly in the data are used; that is what an attacker can rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np

#: A term of an equation: (cell index, measure, coefficient); measure "a" applicants, "s" selected.
Term = tuple[int, str, float]


@dataclass
class Release:
    """The cells of one release with their true counts, which are hidden, and the relations."""

    key: str
    idents: list[tuple[Any, ...]]
    applicants: list[int]
    selected: list[int | None]
    hidden: set[int] = field(default_factory=set)
    primary: set[int] = field(default_factory=set)
    equations: list[tuple[list[Term], float]] = field(default_factory=list)
    #: where each cell sits in the document: (list path, index), or (mapping or model path,
    #: key) for monitoring cells; empty for stored releases
    places: list[tuple[str, Any]] = field(default_factory=list)
    #: the period a monitoring release covers (first, last event), public in the document
    span: tuple[str, str] | None = None

    def value(self, i: int, measure: str) -> int | None:
        return self.applicants[i] if measure == "a" else self.selected[i]

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "idents": [list(i) for i in self.idents],
                "applicants": self.applicants, "selected": self.selected,
                "hidden": sorted(self.hidden), "primary": sorted(self.primary),
                "equations": [[[list(t) for t in terms], const]
                              for terms, const in self.equations],
                **({"span": list(self.span)} if self.span else {})}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Release:
        return cls(key=str(data["key"]), idents=[_ident(i) for i in data["idents"]],
                   applicants=[int(a) for a in data["applicants"]],
                   selected=[None if s is None else int(s) for s in data["selected"]],
                   hidden={int(i) for i in data["hidden"]},
                   primary={int(i) for i in data["primary"]},
                   equations=[([(int(t[0]), str(t[1]), float(t[2])) for t in terms],
                               float(const)) for terms, const in data["equations"]],
                   span=_span(data.get("span")))


def _span(value: Any) -> tuple[str, str] | None:
    if isinstance(value, list | tuple) and len(value) == 2 and all(
            isinstance(v, str) for v in value):
        return str(value[0]), str(value[1])
    return None


def _ident(value: Any) -> tuple[Any, ...]:
    return tuple(_ident(v) if isinstance(v, list) else v for v in value)


def _group_key(group: Any, attribute: str | None = None) -> tuple[tuple[str, str], ...]:
    if isinstance(group, Mapping):
        return tuple(sorted((str(k), str(v)) for k, v in group.items()))
    return ((str(attribute), str(group)),) if attribute else (("", str(group)),)


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def hiring_release(document: Mapping[str, Any], key: str, k: int) -> Release | None:
    """The cells and relations of a hiring document (None when it has no cells)."""
    idents: list[tuple[Any, ...]] = []
    applicants: list[int] = []
    selected: list[int | None] = []
    places: list[tuple[str, int]] = []
    tables: list[tuple[str, list[int], Mapping[str, Any]]] = []  # (section, cells, table)

    def add(ident: tuple[Any, ...], row: Mapping[str, Any], count: str, place: tuple[str, int],
            with_selected: bool = True) -> int | None:
        n = _count(row.get(count))
        if n is None:
            return None
        idents.append(ident)
        applicants.append(n)
        selected.append(_count(row.get("selected")) if with_selected else None)
        places.append(place)
        return len(idents) - 1

    for section in ("tables", "funnel"):
        for t, table in enumerate(document.get(section) or ()):
            if not isinstance(table, Mapping):
                continue
            attrs = tuple(str(a) for a in table.get("attributes") or ())
            members = []
            for r, row in enumerate(table.get("rows") or ()):
                if isinstance(row, Mapping):
                    i = add((section, table.get("stage"), attrs, _group_key(row.get("group"))),
                            row, "applicants", (f"$.{section}[{t}].rows", r))
                    if i is not None:
                        members.append(i)
            tables.append((section, members, table))
    trend_cells: list[int] = []
    for r, row in enumerate(document.get("trends") or ()):
        if isinstance(row, Mapping):
            i = add(("trend", row.get("period"), _group_key(row.get("group"),
                                                             str(row.get("attribute")))),
                    row, "applicants", ("$.trends", r))
            if i is not None:
                trend_cells.append(i)
    for t, block in enumerate(document.get("model_metrics") or ()):
        if not isinstance(block, Mapping):
            continue
        attrs = tuple(str(a) for a in block.get("attributes") or ())
        for r, row in enumerate(block.get("by_group") or ()):
            if isinstance(row, Mapping):
                group = row.get("group")
                attribute = attrs[0] if len(attrs) == 1 else " × ".join(attrs)
                add(("model", attrs, _group_key(group, attribute)), row, "count",
                    (f"$.model_metrics[{t}].by_group", r), with_selected=False)
    if not idents:
        return None
    release = Release(key=key, idents=idents, applicants=applicants, selected=selected,
                      places=places)
    release.primary = {i for i, n in enumerate(applicants) if 0 < n < k}
    _relations(release, tables, trend_cells)
    return release


def _holds(release: Release, terms: Sequence[Term], const: float) -> bool:
    total = 0.0
    for i, measure, coef in terms:
        value = release.value(i, measure)
        if value is None:
            return False
        total += coef * value
    return abs(total - const) < 1e-9


def _relations(release: Release, tables: Sequence[tuple[str, list[int], Mapping[str, Any]]],
               trend_cells: Sequence[int]) -> None:
    """Every additive relation between the cells of one release that holds in the data."""
    out: list[tuple[list[Term], float]] = []

    def offer(terms: list[Term], const: float) -> None:
        if terms and _holds(release, terms, const):
            out.append((terms, const))

    # a table's rows add up to its total less the unknown (the total is public or implied by
    # the rows' shares)
    for _section, members, table in tables:
        total, unknown = _count(table.get("total")), _count(table.get("unknown")) or 0
        if total is not None and members:
            offer([(i, "a", 1.0) for i in members], float(total - unknown))
    # the same group (no period): equal counts in any two measures are taken as one population
    # (a marginal table and a funnel stage, a stage's selected and the next stage's applicants,
    # the label metrics' counts); the same for a group's rows over the periods of the trends
    by_group: dict[tuple[Any, ...], list[int]] = {}
    for i, ident in enumerate(release.idents):
        if ident[0] != "trend":
            by_group.setdefault(ident[-1], []).append(i)
    for members in by_group.values():
        measures = [(i, m) for i in members for m in ("a", "s") if release.value(i, m) is not None]
        for x, (i, m) in enumerate(measures):
            for j, n in measures[x + 1:]:
                if i != j and release.value(i, m) == release.value(j, n):
                    offer([(i, m, 1.0), (j, n, -1.0)], 0.0)
    # marginal = sum of the intersectional rows of its category (one attribute of several)
    for i, ident in enumerate(release.idents):
        if ident[0] == "trend" or len(ident[-1]) != 1:
            continue
        (attr, value), = ident[-1]
        parts = [j for j, other in enumerate(release.idents)
                 if other[0] == ident[0] and other[1] == ident[1] and len(other[-1]) > 1
                 and (attr, value) in other[-1]]
        supersets: dict[tuple[str, ...], list[int]] = {}
        for j in parts:
            supersets.setdefault(tuple(a for a, _ in release.idents[j][-1]), []).append(j)
        for cells in supersets.values():
            for m in ("a", "s"):
                offer([(i, m, 1.0), *((j, m, -1.0) for j in cells)], 0.0)
        # the periods of the trends add up to the marginal row
        periods = [j for j in trend_cells if release.idents[j][-1] == ident[-1]]
        if periods and ident[0] == "tables":
            for m in ("a", "s"):
                offer([(i, m, 1.0), *((j, m, -1.0) for j in periods)], 0.0)
    release.equations = out


def monitoring_release(document: Mapping[str, Any], key: str, k: int) -> Release | None:
    """The people counts of a monitoring document as cells: the workers (or rows) read, the
    workers per event type, per personal-data type and per roster group; with the relation
    that holds exactly (the groups of one roster column add up to the workers read less the
    workers not in the roster, when that figure is published)."""
    idents: list[tuple[Any, ...]] = []
    counts: list[int] = []
    places: list[tuple[str, Any]] = []

    def add(ident: tuple[Any, ...], value: Any, place: tuple[str, Any]) -> int | None:
        n = _count(value)
        if n is None:
            return None
        idents.append(ident)
        counts.append(n)
        places.append(place)
        return len(idents) - 1

    source = document.get("input")
    read: int | None = None
    if isinstance(source, Mapping):
        for name in ("workers", "rows"):
            i = add(("monitoring", "input", name), source.get(name), ("$.input", name))
            if name == "workers":
                read = i
    surveillance = document.get("surveillance")
    surveillance = surveillance if isinstance(surveillance, Mapping) else {}
    pii = document.get("pii")
    for section, cells, path in (
            ("event_type", surveillance.get("by_event_type"), "$.surveillance.by_event_type"),
            ("pii", pii.get("by_type") if isinstance(pii, Mapping) else None, "$.pii.by_type")):
        for name, cell in (cells or {}).items() if isinstance(cells, Mapping) else ():
            if isinstance(cell, Mapping):
                add(("monitoring", section, str(name)), cell.get("workers"), (path, name))
    groups: list[tuple[list[int], Any]] = []
    intensity = surveillance.get("intensity_by_group")
    for attribute, table in (intensity or {}).items() if isinstance(intensity, Mapping) else ():
        if not isinstance(table, Mapping):
            continue
        members = []
        for r, row in enumerate(table.get("groups") or ()):
            if isinstance(row, Mapping):
                i = add(("monitoring", "group", str(attribute), str(row.get("group"))),
                        row.get("workers"),
                        (f"$.surveillance.intensity_by_group.{attribute}.groups", r))
                if i is not None:
                    members.append(i)
        groups.append((members, table.get("unknown_workers")))
    if not idents:
        return None
    span = None
    if isinstance(source, Mapping) and isinstance(source.get("first"), str) \
            and isinstance(source.get("last"), str):
        span = (str(source["first"]), str(source["last"]))
    release = Release(key=key, idents=idents, applicants=counts, selected=[None] * len(counts),
                      places=places, span=span)
    release.primary = {i for i, n in enumerate(counts) if 0 < n < k}
    for members, unknown in groups:
        missing = _count(unknown)
        # the workers outside the roster are published only when none or at least k
        if read is not None and members and missing is not None and (missing == 0
                                                                      or missing >= k):
            terms: list[Term] = [*((i, "a", 1.0) for i in members), (read, "a", -1.0)]
            if _holds(release, terms, float(-missing)):
                release.equations.append((terms, float(-missing)))
    return release


def _covers(outer: Release, one: Release, two: Release) -> bool:
    """Whether ``outer``'s period holds both others' (its log may be their union)."""
    if outer.span is None or one.span is None or two.span is None:
        return False
    return outer.span[0] <= min(one.span[0], two.span[0]) and \
        outer.span[1] >= max(one.span[1], two.span[1])


# --- the attack, as linear programmes ------------------------------------------------------


Var = tuple[int, int, str]  # (release, cell, measure)


def _links(releases: Sequence[Release]) -> list[tuple[int, int, int, int, str]]:
    """The same cell of two releases with the same count, per measure: (r, i, o, j, m) — as a
    chain over the releases that share it (equality is transitive)."""
    chains: dict[tuple[Any, ...], list[tuple[int, int]]] = {}
    for r, rel in enumerate(releases):
        for i, ident in enumerate(rel.idents):
            for m in ("a", "s"):
                value = rel.value(i, m)
                if value is not None:
                    chains.setdefault((ident, m, value), []).append((r, i))
    out: list[tuple[int, int, int, int, str]] = []
    for (_ident, m, _value), cells in chains.items():
        out.extend((r, i, o, j, m) for (r, i), (o, j) in pairwise(cells)
                   if r != o)
    return out


def _system(releases: Sequence[Release], links: Sequence[tuple[int, int, int, int, str]]
            ) -> tuple[dict[Var, int], np.ndarray, np.ndarray,
                                                  list[tuple[float, float | None]],
                                                  np.ndarray, np.ndarray]:
    index: dict[Var, int] = {}
    bounds: list[tuple[float, float | None]] = []
    for r, rel in enumerate(releases):
        for i in sorted(rel.hidden):
            for m in ("a", "s"):
                value = rel.value(i, m)
                if value is None:
                    continue
                index[(r, i, m)] = len(bounds)
                low = 1.0 if (m == "a" and value >= 1) else 0.0
                bounds.append((low, None))
    rows, rhs = [], []
    for r, rel in enumerate(releases):
        for terms, const in rel.equations:
            row = np.zeros(len(bounds))
            b = const
            for i, m, coef in terms:
                var = index.get((r, i, m))
                if var is None:
                    b -= coef * float(rel.value(i, m) or 0)
                else:
                    row[var] += coef
            if row.any():
                rows.append(row)
                rhs.append(b)
    for r, i, o, j, m in links:
        row = np.zeros(len(bounds))
        b = 0.0
        for rr, ii, coef in ((r, i, 1.0), (o, j, -1.0)):
            var = index.get((rr, ii, m))
            if var is None:
                b -= coef * float(releases[rr].value(ii, m) or 0)
            else:
                row[var] += coef
        if row.any():
            rows.append(row)
            rhs.append(b)
    ub_rows = []
    for (r, i, m), var in index.items():  # selected ≤ applicants
        if m == "s":
            row = np.zeros(len(bounds))
            row[var] = 1.0
            a = index.get((r, i, "a"))
            if a is None:
                low, _ = bounds[var]
                bounds[var] = (low, float(releases[r].applicants[i]))
            else:
                row[a] = -1.0
                ub_rows.append(row)
    shape = (0, len(bounds))
    return (index, np.array(rows) if rows else np.zeros(shape), np.array(rhs),
            bounds, np.array(ub_rows) if ub_rows else np.zeros(shape), np.zeros(len(ub_rows)))


def _pairs(releases: Sequence[Release]) -> Iterable[tuple[tuple[int, Release],
                                                          tuple[int, Release]]]:
    for r, rel in enumerate(releases):
        for o in range(r + 1, len(releases)):
            yield (r, rel), (o, releases[o])


def _same_cells(one: Release, other: Release) -> list[tuple[int, int]]:
    where = {ident: j for j, ident in enumerate(other.idents)}
    return [(i, where[ident]) for i, ident in enumerate(one.idents) if ident in where]


#: A protected quantity: terms over (release, cell) applicants.
Functional = tuple[tuple[int, int, float], ...]


def _objective(functional: Functional, index: Mapping[tuple[int, int, str], int],
               size: int) -> Any:
    """The coefficient vector of one protected quantity over the system's variables."""
    c = np.zeros(size)
    for r, i, coef in functional:
        var = index.get((r, i, "a"))
        if var is not None:
            c[var] += coef
    return c


def protected(releases: Sequence[Release], k: int) -> list[Functional]:
    """Every quantity that must not be recovered: suppressed cells under k people, and the
    difference of two releases' same cell when it is under k people."""
    out: list[Functional] = []
    for r, rel in enumerate(releases):
        out.extend(((r, i, 1.0),) for i in sorted(rel.primary & rel.hidden))
    for (r, rel), (o, other) in _pairs(releases):
        for i, j in _same_cells(rel, other):
            if 0 < abs(rel.applicants[i] - other.applicants[j]) < k:
                out.append(((r, i, 1.0), (o, j, -1.0)))
    # distinct counts of workers: a log that is the union of two others (its period holds
    # theirs) gives the workers seen in both by inclusion–exclusion, n₁ + n₂ − n∪
    spans = [r for r, rel in enumerate(releases) if rel.span is not None]
    for z in spans:
        for x in spans:
            for y in spans:
                if not (x < y and z not in (x, y)
                        and _covers(releases[z], releases[x], releases[y])):
                    continue
                where_y = dict(_same_cells(releases[x], releases[y]))
                where_z = dict(_same_cells(releases[x], releases[z]))
                for i, j in where_y.items():
                    if i in where_z:
                        both = (releases[x].applicants[i] + releases[y].applicants[j]
                                - releases[z].applicants[where_z[i]])
                        if 0 < both < k:
                            out.append(((x, i, 1.0), (y, j, 1.0), (z, where_z[i], -1.0)))
    return out


def recovered(releases: Sequence[Release], functionals: Sequence[Functional],
              links: Sequence[tuple[int, int, int, int, str]] | None = None) -> list[bool]:
    """Whether each quantity's value is the only one compatible with what was published."""
    from scipy.optimize import linprog  # a representative release only (startup stays light)

    index, a_eq, b_eq, bounds, a_ub, b_ub = _system(
        releases, _links(releases) if links is None else links)
    out = []
    for f in functionals:
        c = _objective(f, index, len(bounds))
        if not c.any():
            out.append(True)
            continue
        values: list[float] = []
        for sign in (1.0, -1.0):
            res = linprog(sign * c, A_ub=a_ub if len(b_ub) else None,
                          b_ub=b_ub if len(b_ub) else None,
                          A_eq=a_eq if len(b_eq) else None, b_eq=b_eq if len(b_eq) else None,
                          bounds=bounds, method="highs")
            if res.status != 0:  # unbounded (or, never with true relations, infeasible)
                values = []
                break
            values.append(sign * res.fun)
        out.append(bool(values) and values[1] - values[0] < 0.5)
    return out


#: Earlier releases a new one is solved together with: the most recent that share a cell
#: with it (a year of monthly releases). Older ones were checked when they were released.
MAX_COMPARED = 12


def related(release: Release, earlier: Sequence[Release], limit: int = MAX_COMPARED
            ) -> list[Release]:
    """The most recent earlier releases sharing at least one cell with ``release``."""
    mine = set(release.idents)
    return [r for r in earlier if mine & set(r.idents)][-limit:]


def linearly_recovered(releases: Sequence[Release], functionals: Sequence[Functional],
                       links: Sequence[tuple[int, int, int, int, str]]) -> list[bool]:
    """Whether each quantity is fixed by the published relations alone (it lies in their row
    space: orthogonal to their null space) — the fast test, bounds aside."""
    index, a_eq, _b, bounds, _u, _v = _system(releases, links)
    if len(a_eq):
        a_eq = np.unique(a_eq, axis=0)  # the same relation from several releases
        _, sv, vt = np.linalg.svd(a_eq, full_matrices=False)
        basis = vt[sv > 1e-9 * max(1.0, float(sv.max()))]
    else:
        basis = np.zeros((0, len(bounds)))
    out = []
    for f in functionals:
        c = _objective(f, index, len(bounds))
        rest = c - basis.T @ (basis @ c)  # what the relations cannot reach
        out.append(not c.any() or float(np.abs(rest).max()) < 1e-7)
    return out


def protect(release: Release, earlier: Sequence[Release], k: int) -> int:
    """Suppress cells of ``release`` (its ``hidden`` grows) until no protected quantity of it
    and the ``earlier`` releases is recovered; the quantities earlier releases had already
    given away are left out. Returns how many cells were added.

    Every quantity is tested against the relations (linear algebra); the new release's own
    quantities also against the bounds (the linear programmes), which catch a range pinned by
    "a hidden cell is not empty". Suppressing more only widens what an attacker can tell apart.
    """
    releases = [*earlier, release]
    me = len(releases) - 1
    before = set(release.hidden)
    saved = release.hidden
    release.hidden = set(range(len(release.idents)))
    links = _links(releases)
    theirs = [f for f in protected(releases, k) if all(r != me for r, _, _ in f)]
    given_away = {f for f, gone in zip(
        theirs, linearly_recovered(releases, theirs, links), strict=True) if gone}
    release.hidden = saved
    todo = [f for f in protected(releases, k) if f not in given_away]
    mine = [f for f in todo if any(r == me for r, _, _ in f)]
    for _ in range(len(release.idents) + 1):
        broken = [f for f, gone in zip(todo, linearly_recovered(releases, todo, links),
                                       strict=True) if gone]
        if not broken:
            broken = [f for f, gone in zip(mine, recovered(releases, mine, links), strict=True)
                      if gone]
            if not broken:
                break
        picks = {p for f in broken if (p := _candidate(releases, me, f)) is not None}
        if not picks:
            release.hidden = {i for i in range(len(release.idents))
                              if release.applicants[i] > 0}
            break
        release.hidden |= picks
    return len(release.hidden - before)


def _candidate(releases: Sequence[Release], me: int, f: Functional) -> int | None:
    """The smallest visible cell of release ``me`` linked (through relations and unknowns) to
    the quantity ``f``."""
    rel = releases[me]
    reach = {(r, i) for r, i, _ in f}
    own = sorted((rel.applicants[i], i) for r, i in reach if r == me and i not in rel.hidden)
    if own:  # the quantity is the difference of a visible cell with an earlier release
        return own[0][1]
    links: list[set[tuple[int, int]]] = [{(r, i) for i, _, _ in terms}
                                         for r, x in enumerate(releases)
                                         for terms, _ in x.equations]
    links.extend({(r, i), (o, j)} for r, i, o, j, _ in _links(releases))
    frontier = set(reach)
    while frontier:
        near = set().union(*(link for link in links if link & frontier)) - reach
        visible = sorted((rel.applicants[i], i) for r, i in near
                         if r == me and i not in rel.hidden and rel.applicants[i] > 0)
        if visible:
            return visible[0][1]
        reach |= near
        frontier = {(r, i) for r, i in near if i in releases[r].hidden}
    return None
