"""An organisation's overrides of the framework's scoring parameters (docs/indicators.md).

An override file changes ``good``, ``fail``, ``points``, ``weight`` or ``min_people`` of named
indicators; it is validated against the framework (unknown ids or fields, or a change that
breaks a rule, are PolicyErrors naming file:line), and every applied change is recorded in the
self-assessment (``overrides``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ai_work_audit.errors import PolicyError
from ai_work_audit.indicators._framework import (
    MSG_UNKNOWN_INDICATOR,
    Framework,
    Indicator,
    _direction_of,
    _load_yaml,
    _Path,
    _Problems,
    check_rule,
)

OVERRIDES_SCHEMA = "ai-work-audit/framework-overrides/v1"
OVERRIDABLE = ("good", "fail", "points", "weight", "min_people")
MSG_NON_STRING_KEY = (
    'indicator ids must be quoted strings such as "4.1"; got {type} instead. Quote the id.'
)
MSG_BAD_FIELD = (
    "{field!r} cannot be overridden on indicator {id} ({rule} rule); allowed: {allowed}."
)


@dataclass(frozen=True)
class OverrideRecord:
    """One default changed by an organisation's override file (self-assessment ``overrides``)."""

    indicator: str
    field: str
    default: Any
    value: Any
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "field": self.field,
            "default": _jsonable(self.default),
            "value": _jsonable(self.value),
            "source": self.source,
        }


@dataclass(frozen=True)
class Overrides:
    """An organisation's validated overrides: per indicator, field → new value, and a source."""

    changes: Mapping[str, Mapping[str, Any]]
    sources: Mapping[str, str]
    path: str | None = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value



def parse_overrides(
    data: Any,
    framework: Framework,
    *,
    filename: str = "<overrides>",
    marks: Mapping[_Path, int] | None = None,
) -> Overrides:
    """Validate an organisation's overrides against ``framework``.

    Shape: ``{framework?: id, source?: text, indicators: {"4.1": {good, fail, points, weight,
    min_people, source?}}}``. Unknown ids or fields, or a rule the change would break, raise
    PolicyError naming file:line. Changing good or fail without points drops default points.
    """
    problems = _Problems(filename, marks or {})
    if not isinstance(data, dict):
        problems.add((), f"must hold a mapping; got {type(data).__name__} instead.")
        problems.raise_if_any()
    allowed_top = {"schema", "framework", "organisation", "source", "indicators"}
    for key in data:
        if key not in allowed_top:
            problems.add((key,), f"unknown key; allowed: {sorted(allowed_top)}.")
    if "schema" in data and data["schema"] != OVERRIDES_SCHEMA:
        problems.add(("schema",), f"schema must be {OVERRIDES_SCHEMA}; got another id.")
    if "framework" in data and data["framework"] != framework.id:
        problems.add(("framework",), f"framework must be {framework.id}; got another id.")
    file_source = data.get("source")
    if file_source is not None and not (isinstance(file_source, str) and file_source.strip()):
        problems.add(("source",), "source must be a non-empty text; got something else.")
    indicators = data.get("indicators") or {}
    if not isinstance(indicators, dict):
        problems.add(("indicators",), "indicators must be a mapping of id to changes.")
        indicators = {}

    changes: dict[str, dict[str, Any]] = {}
    sources: dict[str, str] = {}
    for ind_id, fields in indicators.items():
        where: _Path = ("indicators", ind_id)
        if not isinstance(ind_id, str):
            problems.add(where, MSG_NON_STRING_KEY.format(type=type(ind_id).__name__))
            continue
        if not framework.has_indicator(ind_id):
            problems.add(where, MSG_UNKNOWN_INDICATOR.format(id=ind_id, framework=framework.id))
            continue
        ind = framework.indicator(ind_id)
        if not isinstance(fields, dict) or not fields:
            problems.add(where, "must be a non-empty mapping of field to new value.")
            continue
        allowed = _overridable(ind)
        one: dict[str, Any] = {}
        for name, value in fields.items():
            if name == "source":
                if not (isinstance(value, str) and value.strip()):
                    problems.add((*where, name), "source must be a non-empty text.")
                else:
                    sources[ind_id] = value.strip()
                continue
            if name not in allowed:
                problems.add(
                    (*where, name),
                    MSG_BAD_FIELD.format(
                        field=name, id=ind_id, rule=ind.rule.kind, allowed=", ".join(allowed)
                    ),
                )
                continue
            checked = _check_override_value(name, value, (*where, name), problems)
            if checked is not None:
                one[name] = checked
        if one:
            changes[ind_id] = one
            sources.setdefault(ind_id, file_source.strip() if file_source else "")
            _apply_one(ind, one, where, problems)
    problems.raise_if_any()
    for ind_id in changes:
        if not sources[ind_id]:
            line = problems.line(("indicators", ind_id))
            sources[ind_id] = f"{filename}:{line}"
    return Overrides(changes=changes, sources=sources, path=filename)


def load_overrides(path: str | Path, framework: Framework) -> Overrides:
    """Load an organisation's override file (YAML) and validate it against ``framework``."""
    file = Path(path)
    if not file.is_file():
        raise PolicyError(f"override file {file} must exist; got nothing there.")
    data, marks = _load_yaml(file.read_text(encoding="utf-8"), str(file))
    return parse_overrides(data, framework, filename=str(file), marks=marks)


def apply_overrides(
    framework: Framework, overrides: Overrides | None
) -> tuple[Framework, list[OverrideRecord]]:
    """The framework with an organisation's overrides applied, and one record per change."""
    if overrides is None or not overrides.changes:
        return framework, []
    records: list[OverrideRecord] = []
    problems = _Problems(overrides.path or "<overrides>", {})
    commitments = []
    for c in framework.commitments:
        new_inds = []
        for ind in c.indicators:
            one = overrides.changes.get(ind.id)
            if one:
                new, changed = _apply_one(ind, one, ("indicators", ind.id), problems)
                source = overrides.sources.get(ind.id, overrides.path or "")
                records.extend(
                    OverrideRecord(ind.id, name, old, value, source) for name, old, value in changed
                )
                new_inds.append(new)
            else:
                new_inds.append(ind)
        commitments.append(replace(c, indicators=tuple(new_inds)))
    problems.raise_if_any()
    return replace(framework, commitments=tuple(commitments)), records


def _overridable(ind: Indicator) -> tuple[str, ...]:
    if ind.rule.kind == "linear":
        fields: tuple[str, ...] = ("good", "fail", "points", "weight")
    elif ind.rule.kind == "step":
        fields = ("good", "weight")
    else:
        fields = ("weight",)
    if ind.min_people is not None:
        fields = (*fields, "min_people")
    return fields


def _check_override_value(name: str, value: Any, where: _Path, problems: _Problems) -> Any:
    if name == "points":
        ok = isinstance(value, list) and all(
            isinstance(p, list | tuple) and len(p) == 2 and all(_is_number(v) for v in p)
            for p in value
        )
        if not ok:
            problems.add(where, "points must be a list of [value, score] pairs; got another.")
            return None
        return tuple((float(x), float(y)) for x, y in value)
    if name == "min_people":
        if not (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            problems.add(where, "min_people must be a whole number ≥ 1; got another value.")
            return None
        return value
    if not _is_number(value) or not math.isfinite(float(value)):
        problems.add(where, f"{name} must be a number; got {type(value).__name__} instead.")
        return None
    if name == "weight" and float(value) <= 0:
        problems.add(where, "weight must be positive; got zero or less. Use not_applicable.")
        return None
    return float(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _apply_one(
    ind: Indicator, one: Mapping[str, Any], where: _Path, problems: _Problems
) -> tuple[Indicator, list[tuple[str, Any, Any]]]:
    """Apply one indicator's changes; return the new indicator and (field, old, new) triples."""
    rule = ind.rule
    changed: list[tuple[str, Any, Any]] = []
    good, fail, points = rule.good, rule.fail, rule.points
    if "points" in one:
        points = one["points"]
        good = one.get("good", points[-1][0] if points else good)
        fail = one.get("fail", points[0][0] if points else fail)
    else:
        good = one.get("good", good)
        fail = one.get("fail", fail)
        if points is not None and (good != rule.good or fail != rule.fail):
            points = None  # the default breakpoints no longer fit the new thresholds
    direction = (
        _direction_of(good, fail, rule.direction) if rule.kind == "linear" else rule.direction
    )
    if rule.kind == "linear" and direction != rule.direction:
        problems.add(
            where,
            f"overrides of {ind.id} must keep {rule.direction} values better; "
            "got good and fail the other way round instead.",
        )
    new_rule = replace(rule, good=good, fail=fail, points=points, direction=direction)
    check_rule(new_rule, where, problems)
    for name, old, new in (
        ("good", rule.good, good),
        ("fail", rule.fail, fail),
        ("points", rule.points, points),
    ):
        if old != new:
            changed.append((name, old, new))
    weight = float(one.get("weight", ind.weight))
    if weight != ind.weight:
        changed.append(("weight", ind.weight, weight))
    min_people = one.get("min_people", ind.min_people)
    if min_people != ind.min_people:
        changed.append(("min_people", ind.min_people, min_people))
    return replace(ind, rule=new_rule, weight=weight, min_people=min_people), changed

