"""Load and validate the pledge indicator framework (``policies/pledge-2025.yaml``).

The framework is data (docs/indicators.md): commitments, indicators, scoring rules, weights and a
mapping onto an official indicator list. Files are validated before use; every problem is
collected and reported together, each with the file and line of the YAML node it concerns.
An organisation's overrides of the scoring parameters: ``_overrides.py``.
Over 500 lines because the framework's whole schema and its checks read best in one place.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ai_work_audit.errors import PolicyError
from ai_work_audit.vocab import (
    YamlPath,
    YamlSyntaxError,
    dotted,
    line_at,
    line_marks,
    load_yaml_with_lines,
)

FRAMEWORK_SCHEMA = "ai-work-audit/framework/v1"
DEFAULT_FRAMEWORK_FILE = "pledge-2025.yaml"
POLICY_DIR_ENV = "AI_WORK_AUDIT_POLICIES"
LEVELS = (0, 25, 50, 75, 100)
RISKS = ("critical", "high", "medium", "low")

Risk = Literal["critical", "high", "medium", "low"]
RuleKind = Literal["linear", "step", "gate", "levels"]
Compute = Literal["declared", "audit_worst", "audit_gate", "audit_coverage"]
Unit = Literal["share", "rate", "ratio", "count", "hours", "level"]
Direction = Literal["higher", "lower"]

# Messages (tests import them).
MSG_NOT_FOUND = "framework file {path} must exist; got nothing there. Pass the path explicitly."
MSG_YAML = "must be valid YAML; {problem}"
MSG_EMPTY = "must hold a mapping; got an empty document instead."
MSG_DUPLICATE_KEY = "key {key!r} must appear once; got it twice."
MSG_UNKNOWN_INDICATOR = (
    "indicator {id!r} must be an indicator of framework {framework}; got an unknown id instead."
)


# --------------------------------------------------------------------------------------------
# Public, validated model (frozen dataclasses)


@dataclass(frozen=True)
class Text:
    """A short text in English and French."""

    en: str
    fr: str

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}


@dataclass(frozen=True)
class ScoringRule:
    """How a value or level becomes a score from 0 to 100 (docs/indicators.md, Scoring model).

    ``linear``: 100 at or beyond ``good``, 0 at or beyond ``fail``, linear in between — or
    piecewise-linear through ``points`` when given (they run from ``(fail, 0)`` to
    ``(good, 100)``). ``step``: 100 at or beyond ``good``, 0 short of it. ``gate``: a count of
    things found, 0 → 100 and anything more → 0. ``levels``: a declared level is its own score.
    """

    kind: RuleKind
    good: float | None = None
    fail: float | None = None
    points: tuple[tuple[float, float], ...] | None = None
    direction: Direction = "higher"

    @property
    def curve(self) -> tuple[tuple[float, float], ...]:
        """The breakpoints of a linear rule, from the fail end to the good end."""
        if self.points is not None:
            return self.points
        assert self.good is not None and self.fail is not None
        return ((self.fail, 0.0), (self.good, 100.0))


@dataclass(frozen=True)
class Indicator:
    """One indicator of the framework, with its (possibly overridden) scoring parameters."""

    id: str
    commitment: int
    title: Text
    measure: str
    type: Literal["Q", "D"]
    risk: Risk
    weight: float
    rule: ScoringRule
    unit: Unit
    compute: Compute
    evidence: tuple[str, ...]
    hint: Text
    levels: Mapping[int, Text]
    audit_kind: str | None = None
    reads: tuple[str, ...] = ()
    reads_findings: tuple[str, ...] = ()
    min_people: int | None = None
    window_months: int | None = None
    declared_value: Literal["value", "system_count"] = "value"

    @property
    def critical(self) -> bool:
        return self.risk == "critical"


@dataclass(frozen=True)
class Commitment:
    """One of the pledge's six commitments and its indicators, in framework order."""

    id: int
    title: Text
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Framework:
    """The validated indicator framework; ``mapping`` maps our ids onto an official list."""

    id: str
    version: str
    title: Text
    source: str
    weights: Mapping[str, float]
    commitments: tuple[Commitment, ...]
    mapping: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for c in self.commitments for i in c.indicators)

    def indicator(self, indicator_id: str) -> Indicator:
        for ind in self.indicators:
            if ind.id == indicator_id:
                return ind
        raise KeyError(indicator_id)

    def has_indicator(self, indicator_id: str) -> bool:
        return any(ind.id == indicator_id for ind in self.indicators)


# --------------------------------------------------------------------------------------------
# YAML with line numbers

_Path = YamlPath


class _Problems:
    """Collects problems with the line of the YAML node they concern; raises them together."""

    def __init__(self, filename: str, marks: Mapping[_Path, int]) -> None:
        self.filename = filename
        self.marks = marks
        self.items: list[str] = []

    def line(self, path: Sequence[str | int]) -> int:
        return line_at(self.marks, path)

    def add(self, path: Sequence[str | int], message: str) -> None:
        name = dotted(path)
        where = f"{self.filename}:{self.line(path)}"
        self.items.append(f"{where}: {name}: {message}" if name else f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.items:
            raise _policy_error(self.items)


def _policy_error(problems: list[str]) -> PolicyError:
    if len(problems) == 1:
        error = PolicyError(problems[0])
    else:
        error = PolicyError(f"{len(problems)} problems: " + " | ".join(problems))
    error.problems = problems  # type: ignore[attr-defined]
    return error


def _load_yaml(text: str, filename: str) -> tuple[Any, dict[_Path, int]]:
    """Parse YAML (the one loader, ``vocab/_yaml.py``) into data plus the 1-based line of
    every node, keyed by its path."""
    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise PolicyError(f"{filename}:{exc.line}: " + MSG_YAML.format(problem=exc.problem)
                          ) from None
    if data is None:
        raise PolicyError(f"{filename}:1: " + MSG_EMPTY)
    if duplicates:
        raise _policy_error([f"{filename}:{line}: " + MSG_DUPLICATE_KEY.format(key=key)
                             for line, key in duplicates])
    return data, line_marks(data)


# --------------------------------------------------------------------------------------------
# File schema (pydantic), then semantic checks


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TextIn(_Strict):
    en: str = Field(min_length=1)
    fr: str = Field(min_length=1)


class _CommitmentIn(_Strict):
    id: int = Field(ge=1)
    title: _TextIn


class _IndicatorIn(_Strict):
    id: str = Field(pattern=r"^[1-9][0-9]*\.[1-9][0-9]*$")
    commitment: int
    title: _TextIn
    measure: str = Field(min_length=1)
    type: Literal["Q", "D"]
    risk: Risk
    rule: RuleKind
    unit: Unit
    good: float | None = None
    fail: float | None = None
    points: list[tuple[float, float]] | None = None
    direction: Direction | None = None
    compute: Compute = "declared"
    audit_kind: str | None = None
    reads: list[str] = []
    reads_findings: list[str] = []
    min_people: int | None = Field(default=None, ge=1)
    window_months: int | None = Field(default=None, ge=1)
    declared_value: Literal["value", "system_count"] = "value"
    levels: dict[int, _TextIn] | None = None
    evidence: list[str] = Field(min_length=1)
    hint: _TextIn


class _FrameworkIn(_Strict):
    schema_: Literal["ai-work-audit/framework/v1"] = Field(alias="schema")
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    version: str = Field(min_length=1)
    title: _TextIn
    source: str = Field(min_length=1)
    weights: dict[str, float]
    levels: dict[int, _TextIn]
    mapping: dict[str, str] = {}
    commitments: list[_CommitmentIn] = Field(min_length=1)
    indicators: list[_IndicatorIn] = Field(min_length=1)


def _pydantic_problems(exc: ValidationError, problems: _Problems, base: _Path = ()) -> None:
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        path = (*base, *(("schema" if p == "schema_" else p) for p in loc))
        got = type(err.get("input")).__name__
        problems.add(path, f"{err['msg'][:1].lower()}{err['msg'][1:]}; got {got}")


def _text(t: _TextIn) -> Text:
    return Text(en=t.en, fr=t.fr)


def check_rule(rule: ScoringRule, where: _Path, problems: _Problems) -> None:
    """Check that a scoring rule is well formed (shared by framework files and overrides)."""
    numbers = [v for v in (rule.good, rule.fail) if v is not None]
    if any(not math.isfinite(v) for v in numbers):
        problems.add(where, "good and fail must be finite numbers; got a non-finite one instead.")
        return
    if rule.kind == "linear":
        if rule.good is None or rule.fail is None:
            problems.add(where, "a linear rule must have both good and fail; got one missing.")
            return
        if rule.good == rule.fail:
            problems.add(
                (*where, "fail"),
                "good and fail must differ (the direction is inferred from them); got equal "
                "values instead. Use rule: step for all-or-nothing indicators.",
            )
            return
        if rule.points is not None:
            _check_points(rule, (*where, "points"), problems)
    elif rule.kind == "step":
        if rule.good is None:
            problems.add(where, "a step rule must have good; got none instead.")
        if rule.fail is not None or rule.points is not None:
            problems.add(where, "a step rule takes good and direction only; got fail or points.")
    elif rule.good is not None or rule.fail is not None or rule.points is not None:
        problems.add(where, f"a {rule.kind} rule takes no good, fail or points; got some.")


def _check_points(rule: ScoringRule, where: _Path, problems: _Problems) -> None:
    pts = rule.points or ()
    if len(pts) < 2:
        problems.add(where, f"points must hold at least 2 breakpoints; got {len(pts)} instead.")
        return
    if pts[0] != (rule.fail, 0.0) or pts[-1] != (rule.good, 100.0):
        problems.add(
            where,
            "points must run from [fail, 0] to [good, 100]; got other end points instead. "
            "Make the first breakpoint [fail, 0] and the last [good, 100].",
        )
    sign = 1.0 if rule.direction == "higher" else -1.0
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        if not (sign * (x1 - x0) > 0 and y1 > y0):
            problems.add(
                where,
                "points must move strictly from fail towards good with rising scores; "
                "got a breakpoint out of order instead.",
            )
            break


def _direction_of(good: float | None, fail: float | None, given: Direction | None) -> Direction:
    if good is not None and fail is not None and good != fail:
        return "higher" if good > fail else "lower"
    return given or "higher"


def _build_indicator(
    raw: _IndicatorIn,
    weights: Mapping[str, float],
    default_levels: Mapping[int, Text],
    where: _Path,
    problems: _Problems,
) -> Indicator:
    direction = _direction_of(raw.good, raw.fail, raw.direction)
    if raw.direction is not None and raw.direction != direction:
        problems.add(
            (*where, "direction"),
            f"direction must agree with good and fail ({direction}); got {raw.direction} instead.",
        )
    points = None
    if raw.points is not None:
        points = tuple((float(x), float(y)) for x, y in raw.points)
    rule = ScoringRule(
        kind=raw.rule,
        good=None if raw.good is None else float(raw.good),
        fail=None if raw.fail is None else float(raw.fail),
        points=points,
        direction=direction,
    )
    check_rule(rule, where, problems)
    if raw.type == "D" and raw.rule != "levels":
        problems.add((*where, "rule"), f"a D indicator must use rule levels; got {raw.rule}.")
    if raw.type == "Q" and raw.rule == "levels":
        problems.add((*where, "rule"), "a Q indicator must use linear, step or gate; got levels.")
    if raw.rule == "step" and raw.direction is None:
        problems.add((*where, "rule"), "a step rule must state its direction; got none.")
    if raw.type == "D" and raw.compute != "declared":
        problems.add((*where, "compute"), f"a D indicator is declared; got {raw.compute}.")
    if raw.compute in ("audit_worst", "audit_gate") and not (raw.reads or raw.reads_findings):
        problems.add((*where, "reads"), f"compute {raw.compute} must read a metric; got none.")
    if raw.compute == "audit_worst" and len(raw.reads) != 1:
        problems.add(
            (*where, "reads"),
            f"compute audit_worst must read exactly 1 metric; got {len(raw.reads)} instead.",
        )
    if raw.compute == "audit_gate" and raw.rule != "gate":
        problems.add((*where, "rule"), f"compute audit_gate must use rule gate; got {raw.rule}.")
    if raw.compute == "audit_coverage":
        if raw.window_months is None:
            problems.add(where, "compute audit_coverage must set window_months; got none.")
        if raw.declared_value != "system_count":
            problems.add(
                (*where, "declared_value"),
                "compute audit_coverage takes a declared system_count; got value instead.",
            )
    elif raw.declared_value != "value":
        problems.add(
            (*where, "declared_value"),
            "declared_value system_count is only for compute audit_coverage.",
        )
    levels: Mapping[int, Text] = default_levels
    if raw.levels is not None:
        if sorted(raw.levels) != list(LEVELS):
            problems.add(
                (*where, "levels"),
                f"levels must be exactly {list(LEVELS)}; got {len(raw.levels)} keys instead.",
            )
        levels = {k: _text(v) for k, v in raw.levels.items()}
    if raw.type == "Q" and raw.levels is not None:
        problems.add((*where, "levels"), "a Q indicator takes no levels; got some.")
    if not raw.id.startswith(f"{raw.commitment}."):
        problems.add(
            (*where, "id"),
            f"id must start with its commitment number {raw.commitment}; got another prefix.",
        )
    return Indicator(
        id=raw.id,
        commitment=raw.commitment,
        title=_text(raw.title),
        measure=raw.measure,
        type=raw.type,
        risk=raw.risk,
        weight=float(weights.get(raw.risk, 0.0)),
        rule=rule,
        unit=raw.unit,
        compute=raw.compute,
        evidence=tuple(raw.evidence),
        hint=_text(raw.hint),
        levels=levels if raw.type == "D" else {},
        audit_kind=raw.audit_kind,
        reads=tuple(raw.reads),
        reads_findings=tuple(raw.reads_findings),
        min_people=raw.min_people,
        window_months=raw.window_months,
        declared_value=raw.declared_value,
    )


def parse_framework(text: str, *, filename: str = "<framework>") -> Framework:
    """Validate a framework document given as YAML text; every problem names file:line."""
    data, marks = _load_yaml(text, filename)
    problems = _Problems(filename, marks)
    if not isinstance(data, dict):
        problems.add((), f"must hold a mapping; got {type(data).__name__} instead.")
        problems.raise_if_any()
    try:
        raw = _FrameworkIn.model_validate(data)
    except ValidationError as exc:
        _pydantic_problems(exc, problems)
        problems.raise_if_any()
        raise  # pragma: no cover - raise_if_any always raises here

    if sorted(raw.weights) != sorted(RISKS):
        problems.add(("weights",), f"weights must give {list(RISKS)}; got {len(raw.weights)}.")
    for risk, weight in raw.weights.items():
        if not (math.isfinite(weight) and weight > 0):
            problems.add(("weights", risk), "weight must be a positive number; got another.")
    if sorted(raw.levels) != list(LEVELS):
        problems.add(("levels",), f"levels must be exactly {list(LEVELS)}; got other keys.")
    default_levels = {k: _text(v) for k, v in raw.levels.items()}

    seen_commitments: set[int] = set()
    for i, c in enumerate(raw.commitments):
        if c.id in seen_commitments:
            problems.add(("commitments", i, "id"), f"commitment {c.id} must appear once.")
        seen_commitments.add(c.id)

    built: list[Indicator] = []
    seen: set[str] = set()
    for i, raw_ind in enumerate(raw.indicators):
        where: _Path = ("indicators", i)
        if raw_ind.id in seen:
            problems.add((*where, "id"), f"indicator {raw_ind.id} must appear once; got twice.")
        seen.add(raw_ind.id)
        if raw_ind.commitment not in seen_commitments:
            problems.add(
                (*where, "commitment"),
                f"commitment must be one of {sorted(seen_commitments)}; got an unknown one.",
            )
        built.append(_build_indicator(raw_ind, raw.weights, default_levels, where, problems))
    for key in raw.mapping:
        if key not in seen:
            problems.add(("mapping", key), MSG_UNKNOWN_INDICATOR.format(id=key, framework=raw.id))
    for c in raw.commitments:
        if not any(ind.commitment == c.id for ind in built):
            problems.add(("commitments",), f"commitment {c.id} must have an indicator; got none.")
    problems.raise_if_any()

    commitments = tuple(
        Commitment(
            id=c.id,
            title=_text(c.title),
            indicators=tuple(ind for ind in built if ind.commitment == c.id),
        )
        for c in raw.commitments
    )
    return Framework(
        id=raw.id,
        version=raw.version,
        title=_text(raw.title),
        source=raw.source,
        weights=dict(raw.weights),
        commitments=commitments,
        mapping=dict(raw.mapping),
        path=filename,
    )


def default_framework_path() -> Path:
    """``pledge-2025.yaml`` in $AI_WORK_AUDIT_POLICIES, else in the checkout's ``policies/``.

    The same folder the policy packs are read from (``ai_work_audit.policy``).
    """
    from ai_work_audit.policy import policy_dir

    if not os.environ.get(POLICY_DIR_ENV) and not (
            Path(__file__).resolve().parents[3] / "policies").is_dir():
        from ai_work_audit.policy._pack import INSTALLED_POLICIES

        return INSTALLED_POLICIES / DEFAULT_FRAMEWORK_FILE
    return policy_dir() / DEFAULT_FRAMEWORK_FILE


def load_framework(path: str | Path | None = None) -> Framework:
    """Load and validate a framework file (default: the pledge-2025 framework)."""
    file = Path(path) if path is not None else default_framework_path()
    if not file.is_file():
        raise PolicyError(MSG_NOT_FOUND.format(path=file))
    return parse_framework(file.read_text(encoding="utf-8"), filename=str(file))
