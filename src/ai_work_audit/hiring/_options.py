"""Options of a hiring audit: the single declaration of the CLI's, API's and specs' options.

contracts.md ``ai-work-audit hiring``; the CLI options are generated from this model
(``cli/_generate.py``), API params and audit specs validated by ``options_from_params``.
"""

from __future__ import annotations

from typing import Any, Literal

from ai_work_audit.errors import ConfigError
from ai_work_audit.options import (
    Audience,
    Engine,
    Jurisdiction,
    as_of_option,
    audience_option,
    check_as_of,
    declarations_option,
    engine_option,
    engine_problems,
    jurisdictions_option,
    k_option,
    option,
    options_from_params,
    options_model,
    organisation_option,
    policies_option,
    recorded_params,
    requests_option,
    spark_conf_option,
    spark_master_option,
    system_option,
)
from ai_work_audit.sources import DEFAULT_UNKNOWN

Period = Literal["month", "quarter", "year"]


@options_model
class HiringOptions:
    """What to audit and how; contracts.md ``ai-work-audit hiring``."""

    group: tuple[str, ...] = option(
        default=(), help="A protected-attribute column (repeatable): one table per attribute.")
    outcome: str | None = option(
        default=None, help="Column of selection decisions (1/0, true/false, yes/no, oui/non, "
        "selected/rejected, retenu/refusé).")
    positive: tuple[str, ...] = option(
        default=(), split=",", help="Outcome values meaning selected, comma-separated (e.g. "
        "oui,retenu); every other value means not selected.")
    score: str | None = option(
        default=None, help="Column of numeric scores: scoring-rate mode (share above the "
        "sample median).")
    applicants: str | None = option(
        default=None, help="Aggregated input: column of applicant counts per category.")
    selected: str | None = option(
        default=None, help="Aggregated input: column of selected counts per category.")
    intersectional: bool = option(
        default=True, negative="--no-intersectional",
        help="Add the table over all --group columns (two or more).")
    unknown: tuple[str, ...] = option(
        default=DEFAULT_UNKNOWN, empty_means_default=True,
        help="A value meaning 'unknown category' (repeatable; replaces the defaults: empty, NA, "
        "Unknown, Missing, Missing/Unknown, Prefer not to say).")
    exclude_under: float = option(
        default=0.0, help="Leave categories under this share of the known total out of the "
        "impact-ratio reference (NYC DCWP § 5-301(d), e.g. 0.02).")
    reference: tuple[str, ...] = option(
        default=(), help="A fixed comparator category (repeatable, one per table; "
        "intersectional categories as 'Female × Black'); default: the highest rate.")
    stratum: str | None = option(
        default=None, help="Stratum column (job opening, site, period): per-stratum tables "
        "and Cochran–Mantel–Haenszel pooled comparisons with Breslow–Day homogeneity.")
    stage: str | None = option(
        default=None, help="Funnel stage column (one row per candidate and stage; --outcome = "
        "passed).")
    stage_order: tuple[str, ...] = option(
        default=(), split=",", help="Stages first to last, comma-separated (default: by "
        "decreasing size).")
    period: str | None = option(default=None, help="Date column for trends.")
    date_format: str | None = option(
        default=None, help="strftime format of the --period dates (e.g. %d/%m/%Y); default: "
        "ISO 8601, or day/month dates when no row is ambiguous.")
    by: Period = option(default="month", help="Trend granularity.")
    label: str | None = option(
        default=None, help="Ground-truth column (1/0): per-group TPR/FPR and equalized odds via "
        "fairlearn.")
    no_header: bool = option(
        default=False, flag="--no-header", record=False,
        help="CSV/TSV without a header row: read its columns as column_1, column_2, … (a "
        "first row that looks like data is otherwise an error).")
    organisation: str = organisation_option()
    system: str | None = system_option()
    policies: tuple[str, ...] = policies_option("hiring")
    engine: Engine = engine_option()
    spark_master: str = spark_master_option()
    spark_conf: tuple[str, ...] = spark_conf_option()
    source: str | None = option(
        default=None, record=False, help="With --engine sql: the database, as an SQLAlchemy "
        "URL (postgresql://auditor@host/hr); use a read-only role. Not recorded.")
    table: str | None = option(
        default=None, help="With --engine sql: the table (or view) holding the decisions.")
    query: str | None = option(
        default=None, record=False, help="With --engine sql: a SELECT whose rows are the "
        "decisions (instead of --table).")
    explain: bool = option(
        default=False, flag="--explain", record=False,
        help="With --engine sql: print the queries the audit sends, and run nothing.")
    audience: Audience = audience_option()
    k: int = k_option()
    # --- laws (issue 13) ---
    proxy: tuple[str, ...] = option(
        default=(), help="A candidate feature column to test as a proxy of the --group "
        "attributes (repeatable): Cramér's V and the share of the adverse impact it carries; "
        "a zip code is a proxy Illinois HB 3773 names.")
    jurisdictions: tuple[Jurisdiction, ...] = jurisdictions_option()
    as_of: str | None = as_of_option()
    requests: str | None = requests_option()
    declarations: str | None = declarations_option()

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
        if self.positive and self.outcome is None:
            problems.append("--positive needs --outcome (the values of that column meaning "
                            "selected).")
        if self.date_format is not None and self.period is None:
            problems.append("--date-format needs --period (the date column it reads).")
        if self.score is not None and self.stage is not None:
            problems.append("--stage needs --outcome (pass/fail per stage), not --score.")
        if self.label is not None and self.outcome is None:
            problems.append("--label needs --outcome (the tool's decision to compare with).")
        check_as_of(self.as_of)
        if self.proxy and self.engine != "local":
            problems.append("--proxy reads the rows, so it needs --engine local; got another "
                            "engine instead. Run the proxy test on an extract.")
        if self.proxy and self.aggregated:
            problems.append("--proxy needs row-level input (--outcome or --score), not "
                            "aggregated counts.")
        used = [c for c in (self.outcome, self.score, self.applicants, self.selected, self.stage,
                            self.period, self.label, self.stratum, *self.proxy) if c]
        clash = sorted(set(used) & set(self.group))
        if clash:
            problems.append(f"a column cannot be both a --group and a measure: {clash}.")
        problems += engine_problems(self.engine, self.spark_master, self.spark_conf)
        if self.engine == "sql" and (self.source is None
                                     or (self.table is None) == (self.query is None)):
            problems.append("--engine sql needs --source and one of --table or --query.")
        if self.engine != "sql" and (self.source or self.table or self.query or self.explain):
            problems.append("--source, --table, --query and --explain need --engine sql.")
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
                  self.period, self.label, self.stratum, *self.proxy):
            if c is not None and c not in cols:
                cols.append(c)
        return cols

    def to_params(self) -> dict[str, Any]:
        """The options as recorded with a run (column names and settings; no data), and
        ``reference_rule``: ``given`` with --reference, else ``highest_rate``."""
        params = recorded_params(self)
        params["reference_rule"] = "given" if self.reference else "highest_rate"
        return params


def hiring_options_from_params(params: dict[str, Any]) -> HiringOptions:
    """HiringOptions from an API ``params`` object (the CLI's long options, underscores).

    Unknown keys and wrong types are a ConfigError naming the key (contracts.md, HTTP).
    """
    return options_from_params(HiringOptions, params)
