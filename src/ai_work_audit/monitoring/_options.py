"""Options of a monitoring audit: the single declaration of the CLI's, API's and specs' options.

contracts.md ``ai-work-audit monitoring``; the CLI options are generated from this model
(``cli/_generate.py``), API params and audit specs validated by ``options_from_params``.
The default working time lives here, once.
"""

from __future__ import annotations

from typing import Any, Literal

from ai_work_audit.errors import ConfigError
from ai_work_audit.options import (
    Audience,
    Jurisdiction,
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

DetectLanguage = Literal["en", "fr", "auto"]

#: The default working time (contracts.md ``--working-hours``, ``--working-days``).
DEFAULT_WORKING_HOURS = "08:00-19:00"
DEFAULT_WORKING_DAYS = "mon-fri"
DEFAULT_WORKING_TIME = (DEFAULT_WORKING_HOURS, DEFAULT_WORKING_DAYS)


@options_model
class MonitoringOptions:
    """What to audit and how."""

    mapping: str | None = option(
        default=None, help="Column mapping YAML, or a shipped one by name (cert).")
    timezone: str | None = option(
        default=None, help="IANA time zone of timestamps without an offset, e.g. Europe/Paris.")
    working_hours: str = option(default=DEFAULT_WORKING_HOURS,
                                help="Working hours, HH:MM-HH:MM.")
    working_days: str = option(default=DEFAULT_WORKING_DAYS, help="Working days, e.g. mon-fri.")
    roster: str | None = option(
        default=None, path=True, help="HR roster: worker id, name, e-mail, optional leave "
        "periods and demographics.")
    policies: tuple[str, ...] = policies_option("monitoring")
    language: DetectLanguage = option(
        default="auto", help="Language of free text: en, fr or auto (per text).")
    as_of: str | None = option(
        default=None, help="Audit date: the date the retention check is made at (default: the "
        "last event) and the laws applied on (default: today).")
    company_policy: str | None = option(
        default=None, path=True, help="The company's monitoring policy (YAML, "
        "company-policy/v1): its retention limits, working time and allowed event types are "
        "checked.")
    text_column: tuple[str, ...] = option(
        default=(), help="A free-text column of the log to scan for personal data besides "
        "content and subject (repeatable), e.g. a note or a window title.")
    no_header: bool = option(
        default=False, flag="--no-header", record=False,
        help="CSV/TSV without a header row: read its columns as column_1, column_2, … (a "
        "first row that looks like data is otherwise an error).")
    organisation: str = organisation_option()
    system: str | None = system_option()
    audience: Audience = audience_option()
    k: int = k_option()
    engine: Literal["local", "spark"] = engine_option("local or spark")
    spark_master: str = spark_master_option()
    spark_conf: tuple[str, ...] = spark_conf_option()
    # --- laws (issue 13) ---
    jurisdictions: tuple[Jurisdiction, ...] = jurisdictions_option()
    requests: str | None = requests_option()
    declarations: str | None = declarations_option()

    def __post_init__(self) -> None:
        check_as_of(self.as_of)
        problems = engine_problems(self.engine, self.spark_master, self.spark_conf)
        if problems:
            raise ConfigError(" ".join(problems))

    def to_params(self) -> dict[str, Any]:
        """The options as recorded with a run (paths, names and settings; no data)."""
        return recorded_params(self)


def monitoring_options_from_params(params: dict[str, Any]) -> MonitoringOptions:
    """MonitoringOptions from an API ``params`` object (the CLI's long options, underscores)."""
    return options_from_params(MonitoringOptions, params)
