"""Options of a hiring audit (the CLI's and the API's parameters, validated once)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from ai_work_audit.errors import ConfigError
from ai_work_audit.sources import DEFAULT_UNKNOWN

Period = Literal["month", "quarter", "year"]


@dataclass(frozen=True)
class HiringOptions:
    """What to audit and how; contracts.md ``ai-work-audit hiring``."""

    group: tuple[str, ...]
    outcome: str | None = None
    score: str | None = None
    applicants: str | None = None
    selected: str | None = None
    intersectional: bool = True
    unknown: tuple[str, ...] = DEFAULT_UNKNOWN
    exclude_under: float = 0.0
    stage: str | None = None
    stage_order: tuple[str, ...] = ()
    period: str | None = None
    by: Period = "month"
    label: str | None = None
    organisation: str = "default"
    system: str | None = None
    policies: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        problems: list[str] = []
        modes = [self.outcome is not None, self.score is not None,
                 self.applicants is not None or self.selected is not None]
        if sum(modes) != 1:
            problems.append(
                "exactly one of --outcome, --score or --applicants with --selected must be "
                f"given; got {sum(modes)} instead."
            )
        if (self.applicants is None) != (self.selected is None):
            problems.append("--applicants and --selected go together; give both.")
        if not self.group:
            problems.append("at least one --group column (a protected attribute) is required.")
        if len(set(self.group)) != len(self.group):
            problems.append("each --group column may be given once.")
        if not 0 <= self.exclude_under < 1:
            problems.append(
                f"--exclude-under must be a share in [0, 1); got {self.exclude_under} instead. "
                "NYC DCWP rules allow 0.02 (2 %)."
            )
        if self.applicants is not None and (self.stage or self.label or self.period):
            problems.append("--stage, --period and --label need row-level input (--outcome or "
                            "--score), not aggregated counts.")
        if self.score is not None and self.stage is not None:
            problems.append("--stage needs --outcome (pass/fail per stage), not --score.")
        if self.label is not None and self.outcome is None:
            problems.append("--label needs --outcome (the tool's decision to compare with).")
        if self.by not in ("month", "quarter", "year"):
            problems.append(f"--by must be month, quarter or year; got {self.by!r} instead.")
        used = [c for c in (self.outcome, self.score, self.applicants, self.selected, self.stage,
                            self.period, self.label) if c]
        clash = sorted(set(used) & set(self.group))
        if clash:
            problems.append(f"a column cannot be both a --group and a measure: {clash}.")
        if problems:
            raise ConfigError(" ".join(problems))

    @property
    def mode(self) -> Literal["selection", "scoring"]:
        return "scoring" if self.score is not None else "selection"

    @property
    def aggregated(self) -> bool:
        return self.applicants is not None

    def columns(self) -> list[str]:
        """Every input column the audit reads."""
        cols = [*self.group]
        for c in (self.outcome, self.score, self.applicants, self.selected, self.stage,
                  self.period, self.label):
            if c is not None:
                cols.append(c)
        return cols

    def to_params(self) -> dict[str, Any]:
        """The options as recorded with a run (column names and settings; no data)."""
        out = asdict(self)
        out["group"] = list(self.group)
        out["unknown"] = list(self.unknown)
        out["stage_order"] = list(self.stage_order)
        out["policies"] = list(self.policies)
        return out
