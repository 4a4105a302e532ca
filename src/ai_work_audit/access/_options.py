"""Options of the equal-access audits (training, promotion, decision roles; issue 16): the
hiring options, plus the columns these processes add. The single declaration of their CLI,
API and spec options (``options.py``).
"""

from __future__ import annotations

from typing import Any

from ai_work_audit.errors import ConfigError
from ai_work_audit.hiring._options import HiringOptions
from ai_work_audit.options import option, options_model, policies_option


@options_model
class AccessOptions(HiringOptions):
    """Who gets into a process (``--outcome`` = trained, promoted, appointed), by category."""

    part_time: str | None = option(
        default=None, help="Part-time status column (e.g. full-time / part-time): a "
        "first-class attribute, audited like a --group column (Directive 97/81/EC).")
    age_band: str | None = option(
        default=None, help="Age-band column (e.g. <30, 30-49, 50+): a first-class attribute, "
        "audited like a --group column (Directive 2000/78/EC art. 6).")
    sex: str | None = option(
        default=None, help="The column of sex for the index de l'égalité promotion-rate gap "
        "(Code du travail D1142-2); default: the --group column named sex, gender, sexe or "
        "genre.")
    csp: str | None = option(
        default=None, help="Socio-professional category column (ouvriers, employés, "
        "techniciens et agents de maîtrise, ingénieurs et cadres) of the index de l'égalité "
        "gap; default: one category.")
    policies: tuple[str, ...] = policies_option("equal-access")

    def __post_init__(self) -> None:
        first_class = [c for c in (self.part_time, self.age_band) if c]
        object.__setattr__(self, "group", tuple(dict.fromkeys([*self.group, *first_class])))
        super().__post_init__()
        problems: list[str] = []
        if self.sex is not None and self.sex not in self.group:
            problems.append("--sex must name one of the --group columns.")
        if self.csp is not None and self.csp in self.group:
            problems.append("--csp must not be a --group column (it is the index de "
                            "l'égalité's categories, not a protected attribute).")
        problems += self._more_problems()
        if problems:
            raise ConfigError(" ".join(problems))

    def _more_problems(self) -> list[str]:
        return []

    def extra_columns(self) -> list[str]:
        """The columns this process reads besides the hiring ones."""
        return [c for c in (self.csp,) if c]

    def numeric_columns(self) -> list[str]:
        return [c for c in (self.score, self.applicants, self.selected) if c]

    def columns(self) -> list[str]:
        return list(dict.fromkeys([*super().columns(), *self.extra_columns()]))


@options_model
class TrainingOptions(AccessOptions):
    """Training records: who is trained, and AI-literacy coverage and hours (2.1, 2.4)."""

    ai_literacy: str | None = option(
        default=None, help="Column saying whether the worker completed AI-literacy training in "
        "the last 12 months (1/0): pledge indicator 2.1 (AI Act art. 4).")
    hours: str | None = option(
        default=None, help="Column of the worker's training hours over the year: pledge "
        "indicator 2.4 (hours per affected worker).")
    affected: str | None = option(
        default=None, help="Column saying whether the worker uses or oversees an AI system, or "
        "holds a role changed by AI (1/0); indicators 2.1 and 2.4 count these workers only "
        "(default: every row).")

    def _more_problems(self) -> list[str]:
        if self.affected is not None and self.ai_literacy is None and self.hours is None:
            return ["--affected needs --ai-literacy or --hours (the indicators it restricts)."]
        clash = sorted({c for c in (self.ai_literacy, self.hours, self.affected) if c}
                       & set(self.group))
        return [f"a column cannot be both a --group and a training measure: {clash}."] \
            if clash else []

    def extra_columns(self) -> list[str]:
        return [*super().extra_columns(),
                *(c for c in (self.ai_literacy, self.hours, self.affected) if c)]

    def numeric_columns(self) -> list[str]:
        return [*super().numeric_columns(), *(c for c in (self.hours,) if c)]


@options_model
class PromotionOptions(AccessOptions):
    """Promotions; with ``--duration``, time to promotion with the not-yet-promoted censored."""

    duration: str | None = option(
        default=None, help="Column of months to promotion (or, for people not promoted, months "
        "observed so far: censored): Kaplan–Meier medians per category and a log-rank test. "
        "Needs --outcome (1 = promoted).")

    def _more_problems(self) -> list[str]:
        problems = []
        if self.duration is not None and self.outcome is None:
            problems.append("--duration needs --outcome (1 = promoted, 0 = not yet: "
                            "censored).")
        if self.duration is not None and self.duration in self.group:
            problems.append("--duration cannot also be a --group column.")
        return problems

    def extra_columns(self) -> list[str]:
        return [*super().extra_columns(), *(c for c in (self.duration,) if c)]

    def numeric_columns(self) -> list[str]:
        return [*super().numeric_columns(), *(c for c in (self.duration,) if c)]


@options_model
class DecisionRolesOptions(AccessOptions):
    """Appointments to decision-making roles (management, boards, committees)."""


def recorded(options: AccessOptions) -> dict[str, Any]:
    """The options as recorded with a run (``HiringOptions.to_params``)."""
    return options.to_params()
