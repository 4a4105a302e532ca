"""Parsed shipped YAML files, kept in the user's cache (start-up, issue 9 item 9).

The message catalogue, the fact catalogue and the policy packs are parsed on every run; PyYAML
and the line-aware tree cost more CPU than the rest of a small audit's own work. Their parsed
tree (lines, key lines, duplicated keys included) is stored as JSON under
``$AI_WORK_AUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/ai-work-audit``, else
``~/.cache/ai-work-audit``, in a file named by the SHA-256 of the text and of the loader's
source: a changed file or loader is a new name, so an entry is never stale.
``AI_WORK_AUDIT_CACHE_DIR=off`` turns the cache off. A tree holding a value JSON cannot say
exactly (binary, sets, pairs) is not cached; a cache that cannot be read or written is ignored.
Only files that hold no personal data are cached (callers pass ``cached=True``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ai_work_audit.vocab._yaml_tree import LineList, LineMap

CACHE_ENV = "AI_WORK_AUDIT_CACHE_DIR"
OFF = ("off", "0", "false", "no")
#: Bump when the encoding below changes.
FORMAT = "1"

Parsed = tuple[Any, list[tuple[int, str]]]


class _Uncacheable(Exception):
    """A value the JSON encoding does not carry exactly."""


def cache_dir() -> Path | None:
    """Where parsed trees are kept; None when the cache is off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None and env.strip().lower() in OFF:
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ai-work-audit"


@cache
def _loader_digest() -> str:
    """The digest of the loader's source and of the Python version: a new loader (or a new
    PyYAML result type) never reads an entry an older one wrote."""
    source = (Path(__file__).parent / "_yaml_parse.py").read_bytes()
    return hashlib.sha256(source + FORMAT.encode() + sys.version.encode()).hexdigest()[:16]


def entry_path(text: str) -> Path | None:
    """The cache file of ``text`` (None when the cache is off)."""
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return folder / "yaml" / f"{digest}-{_loader_digest()}.json"


def load(text: str) -> Parsed | None:
    """The parsed tree of ``text`` from the cache, or None (absent, off, unreadable)."""
    path = entry_path(text)
    if path is None:
        return None
    try:
        raw = json.loads(path.read_bytes())
        return decode(raw["data"]), [(int(line), str(key)) for line, key in raw["duplicates"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError, _Uncacheable):
        return None


def store(text: str, parsed: Parsed) -> None:
    """Keep the parsed tree of ``text`` (written atomically; nothing when it cannot be)."""
    path = entry_path(text)
    if path is None:
        return
    try:
        body = json.dumps({"data": encode(parsed[0]), "duplicates": parsed[1]},
                          ensure_ascii=False, separators=(",", ":"))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(body)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, _Uncacheable, ValueError, TypeError, AttributeError):
        return


# --- encoding: JSON scalars as they are, tagged objects for the rest -------------------------


def encode(value: Any) -> Any:
    """A JSON value carrying ``value`` exactly (LineMap, LineList, dates); _Uncacheable else."""
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, LineMap):
        return {"m": value.line, "k": value.key_lines,
                "v": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, LineList):
        return {"s": value.line, "i": value.item_lines, "v": [encode(v) for v in value]}
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    raise _Uncacheable(type(value).__name__)


def decode(value: Any) -> Any:
    """The value ``encode`` carried."""
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise _Uncacheable("list")
        return value
    if "m" in value:
        mapping = LineMap()
        mapping.line = int(value["m"])
        for k, v in value["v"]:
            mapping[decode(k)] = decode(v)
        mapping.key_lines = value["k"]
        return mapping
    if "s" in value:
        items = LineList([decode(v) for v in value["v"]])
        items.line = int(value["s"])
        items.item_lines = value["i"]
        return items
    if "t" in value:
        return datetime.fromisoformat(value["t"])
    if "d" in value:
        return date.fromisoformat(value["d"])
    raise _Uncacheable("object")
