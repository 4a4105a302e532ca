"""Kinds of monitoring: passive capture vs activity the worker started (a classification of
event types, as data).

rulebook.md "Passive capture and worker-initiated activity": passive capture outside working
time or during leave breaches Directive (EU) 2024/2831 art. 7(1)(c) on any occurrence (WP-03);
worker-initiated activity outside hours is a right-to-disconnect measure (Code du travail
L2242-17 7°). The shipped classification is ``modalities.yaml`` beside this module; a company
policy may override it (``modalities`` block, validated there).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ai_work_audit.errors import ConfigError
from ai_work_audit.sources._mapping import EVENT_TYPES
from ai_work_audit.vocab import LineList, LineMap, load_yaml_with_lines

MODALITIES_FILE = Path(__file__).with_name("modalities.yaml")
PASSIVE = "passive"
WORKER_INITIATED = "worker_initiated"
UNCLASSIFIED = "unclassified"
MODALITY_KEYS = (PASSIVE, WORKER_INITIATED)


@dataclass(frozen=True)
class Modalities:
    """Which event types are passive capture and which are worker-initiated activity."""

    passive: tuple[str, ...]
    worker_initiated: tuple[str, ...]
    #: Where the classification came from: ``shipped`` or the company policy's file name.
    source: str = "shipped"

    def of(self, event_type: str) -> str:
        """``passive``, ``worker_initiated`` or ``unclassified``."""
        if event_type in self.passive:
            return PASSIVE
        if event_type in self.worker_initiated:
            return WORKER_INITIATED
        return UNCLASSIFIED

    def overridden(self, overrides: Mapping[str, str], source: str) -> Modalities:
        """This classification with each event type of ``overrides`` moved to its kind
        (``passive`` or ``worker_initiated``; an event-log mapping's ``modalities`` block);
        ``source`` names where the overrides came from."""
        if not overrides:
            return self
        passive = [t for t in self.passive if overrides.get(t, PASSIVE) == PASSIVE]
        started = [t for t in self.worker_initiated
                   if overrides.get(t, WORKER_INITIATED) == WORKER_INITIATED]
        for kind, modality in sorted(overrides.items()):
            target = passive if modality == PASSIVE else started
            if kind not in target:
                target.append(kind)
        return Modalities(passive=tuple(passive), worker_initiated=tuple(started),
                          source=f"{self.source}; {source}")

    def describe(self) -> dict[str, object]:
        return {"source": self.source, PASSIVE: list(self.passive),
                WORKER_INITIATED: list(self.worker_initiated)}


def modality_problems(data: object, where: str = "modalities") -> list[tuple[int, str]]:
    """``(line, problem)`` of a ``{passive: [...], worker_initiated: [...]}`` mapping: known
    keys, lists of known event types, no type in both lists."""
    if not isinstance(data, LineMap):
        return [(getattr(data, "line", 1), f"{where} must be a mapping with the keys passive "
                 "and worker_initiated; got another value instead.")]
    problems: list[tuple[int, str]] = []
    seen: dict[str, str] = {}
    for key, value in data.items():
        line = data.line_of(str(key))
        if key not in MODALITY_KEYS:
            problems.append((line, f"{where} must only use the keys passive and "
                             f"worker_initiated; got {str(key)!r} instead."))
            continue
        if not isinstance(value, LineList):
            problems.append((line, f"{where}.{key} must be a list of event types; got another "
                             "value instead."))
            continue
        for i, item in enumerate(value):
            if item not in EVENT_TYPES:
                problems.append((value.line_of(i), f"{where}.{key}[{i}] must be an event type "
                                 f"({', '.join(EVENT_TYPES)}); got another value instead."))
            elif item in seen and seen[item] != key:
                problems.append((value.line_of(i), f"{where}.{key}[{i}] names {item!r}, which "
                                 f"{where}.{seen[item]} names too; keep it in one list."))
            else:
                seen[str(item)] = str(key)
    return problems


def modalities_from(data: LineMap, source: str) -> Modalities:
    """A validated mapping (``modality_problems`` empty) as ``Modalities``."""
    return Modalities(passive=tuple(data.get(PASSIVE, ())),
                      worker_initiated=tuple(data.get(WORKER_INITIATED, ())), source=source)


@cache
def shipped_modalities() -> Modalities:
    """The shipped classification (``modalities.yaml``)."""
    data, _ = load_yaml_with_lines(MODALITIES_FILE.read_text(encoding="utf-8"), cached=True)
    problems = modality_problems(data)
    if problems:
        line, text = problems[0]
        raise ConfigError(f"{MODALITIES_FILE.name}:{line}: {text}")
    return modalities_from(data, "shipped")
