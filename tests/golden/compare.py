"""Comparisons of a new output with its golden: JSON (additions allowed), Markdown, hiding.

Source: issue 9, item 1, and contracts.md ("extend them by adding fields, never by renaming").
Paths are written JSONPath-like: ``$.tables[2].rows[0].impact_ratio``; a list of findings (every
item has a distinct ``rule``) is matched by rule, ``$.findings[rule=eeoc.four_fifths]``, so that
a finding added by a later version does not shift the others.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Mapping
from typing import Any

REL_TOL = 1e-12
LIMIT = 20
_MISSING = object()

Key = str | int | tuple[str, str]


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of objects with distinct ``rule`` values, keyed by rule; else None."""
    if not items or not all(isinstance(i, Mapping) and isinstance(i.get("rule"), str)
                            for i in items):
        return None
    keyed = {i["rule"]: i for i in items}
    return keyed if len(keyed) == len(items) else None


def render_path(path: tuple[Key, ...]) -> str:
    """``("tables", 2, "rows")`` → ``$.tables[2].rows``."""
    out = "$"
    for part in path:
        if isinstance(part, tuple):
            out += f"[{part[0]}={part[1]}]"
        elif isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}"
    return out


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if _number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def differences(golden: Any, new: Any, path: tuple[Key, ...] = ()) -> Iterator[str]:
    """Every way ``new`` departs from ``golden``: a golden field missing or different (floats
    to 1e-12 relative); fields only in ``new`` are additions, hence allowed."""
    if isinstance(golden, Mapping):
        if not isinstance(new, Mapping):
            yield f"{render_path(path)}: object expected, got {_kind(new)}"
            return
        for key, value in golden.items():
            if key not in new:
                yield f"{render_path((*path, key))}: missing (golden {_short(value)})"
            else:
                yield from differences(value, new[key], (*path, key))
    elif isinstance(golden, list):
        if not isinstance(new, list):
            yield f"{render_path(path)}: array expected, got {_kind(new)}"
            return
        keyed = _keyed(golden)
        if keyed is not None and (new_keyed := _keyed(new)) is not None:
            for rule, item in keyed.items():
                where = (*path, ("rule", rule))
                if rule not in new_keyed:
                    yield f"{render_path(where)}: missing finding"
                else:
                    yield from differences(item, new_keyed[rule], where)
            return
        if len(golden) != len(new):
            yield f"{render_path(path)}: {len(golden)} items in the golden, {len(new)} now"
        for i, (g, n) in enumerate(zip(golden, new, strict=False)):
            yield from differences(g, n, (*path, i))
    elif _number(golden):
        if not _number(new):
            yield f"{render_path(path)}: number {golden!r} expected, got {_short(new)}"
        elif not math.isclose(golden, new, rel_tol=REL_TOL, abs_tol=0.0):
            yield f"{render_path(path)}: golden {golden!r}, now {new!r}"
    elif golden != new or type(golden) is not type(new):
        yield f"{render_path(path)}: golden {_short(golden)}, now {_short(new)}"


def leaves(value: Any, path: tuple[Key, ...] = ()) -> Iterator[tuple[tuple[Key, ...], Any]]:
    """Every scalar of a JSON value with its path (findings keyed by rule)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from leaves(item, (*path, key))
    elif isinstance(value, list):
        keyed = _keyed(value)
        if keyed is not None:
            for rule, item in keyed.items():
                yield from leaves(item, (*path, ("rule", rule)))
        else:
            for i, item in enumerate(value):
                yield from leaves(item, (*path, i))
    else:
        yield path, value


def lookup(value: Any, path: tuple[Key, ...]) -> Any:
    """The value at ``path``, or ``_MISSING``."""
    for part in path:
        if isinstance(part, tuple):
            keyed = _keyed(value) if isinstance(value, list) else None
            if keyed is None or part[1] not in keyed:
                return _MISSING
            value = keyed[part[1]]
        elif isinstance(part, int):
            if not isinstance(value, list) or part >= len(value):
                return _MISSING
            value = value[part]
        else:
            if not isinstance(value, Mapping) or part not in value:
                return _MISSING
            value = value[part]
    return value


def hidden_paths(full: Any, view: Any) -> list[tuple[Key, ...]]:
    """Paths of the values of ``full`` that ``view`` hides (absent there, or null)."""
    out = []
    for path, value in leaves(full):
        if value is None:
            continue
        shown = lookup(view, path)
        if shown is _MISSING or shown is None:
            out.append(path)
    return out


def leaks(full: Any, golden_view: Any, new_view: Any) -> Iterator[str]:
    """Values that the golden representative view hides and the new one shows."""
    for path in hidden_paths(full, golden_view):
        shown = lookup(new_view, path)
        if shown is not _MISSING and shown is not None:
            yield (f"{render_path(path)}: hidden in the golden view, shown now "
                   f"({_short(shown)})")


def first(items: Iterator[str], limit: int = LIMIT) -> list[str]:
    """At most ``limit`` items, plus a line saying how many more there were."""
    out: list[str] = []
    extra = 0
    for item in items:
        if len(out) < limit:
            out.append(item)
        else:
            extra += 1
    if extra:
        out.append(f"... and {extra} more")
    return out


def text_differences(golden: str, new: str, limit: int = LIMIT) -> list[str]:
    """The first differing lines of two texts, with their line numbers (unified diff)."""
    diff = difflib.unified_diff(golden.splitlines(), new.splitlines(), "golden", "now",
                                n=0, lineterm="")
    return first((line for line in diff if not line.startswith(("---", "+++"))), limit)
