"""Options of a supply-chain wage audit (``ai-work-audit supply-chain FILE``; issue 16): the
single declaration of its CLI, API and spec options (``options.py``)."""

from __future__ import annotations

from typing import Any

from ai_work_audit.errors import ConfigError
from ai_work_audit.options import (
    Audience,
    audience_option,
    k_option,
    option,
    options_model,
    organisation_option,
    policies_option,
    recorded_params,
    system_option,
)


@options_model
class SupplyChainOptions:
    """Vendor statements, a living-wage benchmark table and a currency rate table."""

    benchmarks: str | None = option(
        default=None, path=True, help="Living-wage benchmark table (CSV/Excel): country, "
        "region, living_wage (hourly), currency, source, year, and optionally minimum_wage "
        "(hourly statutory minimum, the floor). Required.")
    rates: str | None = option(
        default=None, path=True, help="Currency rate table (CSV/Excel): currency, rate = units "
        "of that currency per 1 --base-currency (no network). Needed when currencies differ.")
    base_currency: str = option(default="USD", help="The currency the rate table is against.")
    vendor: str = option(default="vendor", help="Vendor column.")
    country: str = option(default="country", help="Country column (ISO 3166 code or name, as "
                          "in the benchmark table).")
    region: str | None = option(default=None, help="Region column (matched to the benchmark "
                                "table's region; a country-wide row is the fallback).")
    task: str | None = option(default=None, help="Task-type column (labelling, moderation…).")
    hours: str = option(default="hours", help="Column of hours worked on the line.")
    pay: str = option(default="pay", help="Column of gross pay for the line (before deductions).")
    currency: str = option(default="currency", help="Column of the pay's currency (ISO 4217).")
    period: str | None = option(default=None, help="Pay-period column (kept for the report).")
    workers: str | None = option(
        default=None, help="Column of the number of workers on the line (default: one worker "
        "per line).")
    units: str | None = option(
        default=None, help="Piece-rate lines: column of units (tasks, items) paid; with "
        "--minutes-per-unit its hours equivalent replaces an empty hours cell.")
    minutes_per_unit: str | None = option(
        default=None, help="Piece-rate lines: column of the measured minutes one unit takes.")
    due: str | None = option(default=None, help="Column of the date pay was due (payment "
                             "timeliness, with --paid).")
    paid: str | None = option(default=None, help="Column of the date pay was received.")
    no_header: bool = option(default=False, flag="--no-header", record=False,
                             help="A CSV without a header row (columns column_1, column_2, …).")
    organisation: str = organisation_option()
    system: str | None = system_option()
    policies: tuple[str, ...] = policies_option("supply-chain")
    audience: Audience = audience_option()
    k: int = k_option()

    def __post_init__(self) -> None:
        problems = []
        if self.benchmarks is None:
            problems.append("--benchmarks (the living-wage table) is required.")
        if (self.units is None) != (self.minutes_per_unit is None):
            problems.append("--units and --minutes-per-unit go together; give both.")
        if (self.due is None) != (self.paid is None):
            problems.append("--due and --paid go together; give both.")
        if not self.base_currency.strip().isalpha() or len(self.base_currency.strip()) != 3:
            problems.append("--base-currency must be a three-letter ISO 4217 code (e.g. USD).")
        columns = self.columns()
        if len(set(columns)) != len(columns):
            problems.append("each column may be given for one role only.")
        if problems:
            raise ConfigError(" ".join(problems))

    def columns(self) -> list[str]:
        """Every input column the audit reads."""
        return [c for c in (self.vendor, self.country, self.region, self.task, self.hours,
                            self.pay, self.currency, self.period, self.workers, self.units,
                            self.minutes_per_unit, self.due, self.paid) if c]

    def to_params(self) -> dict[str, Any]:
        return recorded_params(self)
