"""The typed ``supply-chain-audit/v1`` document (issue 16), every number annotated for
disclosure: worker counts are ``people`` (vendor and country rows are cells suppressed under k
in a representative view), pay and hours are ``derived``. Vendors are named; workers never.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from ai_work_audit.documents._receipt import DisclosureDoc
from ai_work_audit.vocab import (
    AGGREGATES_KEY,
    CELL_KEY,
    DocumentPart,
    FactValue,
    FindingDoc,
    LedgerDoc,
    Number,
    derived,
    people,
    public,
)

SCHEMA_ID = "ai-work-audit/supply-chain-audit/v1"


class SupplyChainInput(DocumentPart):
    """The statement file: lines, digest and name."""

    rows: int | None = public()
    sha256: str | None = public()
    name: str | None = public()


class SupplyChainParameters(DocumentPart):
    """The options of the audit: file and column names, no data (``SupplyChainOptions``)."""

    benchmarks: str | None = public()
    rates: str | None = public()
    base_currency: str | None = public()
    vendor: str | None = public()
    country: str | None = public()
    region: str | None = public()
    task: str | None = public()
    hours: str | None = public()
    pay: str | None = public()
    currency: str | None = public()
    period: str | None = public()
    workers: str | None = public()
    units: str | None = public()
    minutes_per_unit: str | None = public()
    due: str | None = public()
    paid: str | None = public()
    organisation: str | None = public()
    system: str | None = public()
    policies: list[str] | None = public()
    policy_packs: dict[str, str] | None = public()
    audience: str | None = public()
    k: int | None = public()


class BenchmarkDoc(DocumentPart):
    """One benchmark used: the living wage and minimum of a country and region, its source."""

    country: str | None = public()
    region: str | None = public()
    living_wage: Number | None = public()
    minimum_wage: Number | None = public()
    currency: str | None = public()
    source: str | None = public()
    year: str | None = public()


class BenchmarksDoc(DocumentPart):
    """The benchmark table: name, digest, rows, and the rows the statements used."""

    name: str | None = public()
    sha256: str | None = public()
    rows: int | None = public()
    used: list[BenchmarkDoc] | None = None


class WageRowDoc(DocumentPart):
    """Statements of one vendor or one country against their benchmarks."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers"})

    group: dict[str, str] | None = public()
    lines: int | None = derived()
    workers: int | None = people()
    hours: Number | None = derived()
    workers_below_living_wage: int | None = people()
    workers_below_minimum: int | None = people()
    hours_below_living_wage_share: Number | None = derived()
    workers_below_living_wage_share: Number | None = derived()
    hours_below_minimum_share: Number | None = derived()
    workers_below_minimum_share: Number | None = derived()
    min_line_living_wage_ratio: Number | None = derived()


class SiteDoc(DocumentPart):
    """A supplier site (vendor × country × region): pay per hour ÷ living wage (6.2)."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers"})

    group: dict[str, str] | None = public()
    workers: int | None = people()
    hours: Number | None = derived()
    hourly_pay: Number | None = derived()
    currency: str | None = public()
    living_wage: Number | None = public()
    minimum_wage: Number | None = public()
    living_wage_ratio: Number | None = derived()


class TotalsDoc(DocumentPart):
    """Every line with a benchmark, together."""

    lines: int | None = derived()
    workers: int | None = people()
    hours: Number | None = derived()
    workers_below_living_wage: int | None = people()
    workers_below_minimum: int | None = people()
    hours_below_living_wage_share: Number | None = derived()
    workers_below_living_wage_share: Number | None = derived()
    hours_below_minimum_share: Number | None = derived()
    workers_below_minimum_share: Number | None = derived()
    piece_rate_hours: Number | None = derived()
    piece_rate_hours_below_living_wage_share: Number | None = derived()


class UnknownBenchmarkDoc(DocumentPart):
    """Lines whose country (and region) has no benchmark: counted apart."""

    lines: int | None = derived()
    workers: int | None = people()
    hours: Number | None = derived()
    countries: int | None = public()


class TimelinessDoc(DocumentPart):
    """Payment timeliness (``--due`` and ``--paid``)."""

    lines: int | None = derived()
    paid_on_time: int | None = derived()
    on_time_share: Number | None = derived()
    workers_paid_late: int | None = people()


class SupplyChainDocument(DocumentPart):
    """The ``ai-work-audit/supply-chain-audit/v1`` document."""

    model_config = ConfigDict(json_schema_extra={AGGREGATES_KEY: []})

    schema_id: Literal["ai-work-audit/supply-chain-audit/v1"] = public(..., alias="schema")
    audit_id: str | None = public()
    created_at: str | None = public()
    tool_version: str | None = public()
    organisation: str | None = public()
    system: str | None = public()
    input: SupplyChainInput | None = None
    parameters: SupplyChainParameters | None = None
    benchmarks: BenchmarksDoc | None = None
    totals: TotalsDoc | None = None
    by_vendor: list[WageRowDoc] | None = None
    by_country: list[WageRowDoc] | None = None
    sites: list[SiteDoc] | None = None
    unknown_benchmark: UnknownBenchmarkDoc | None = None
    timeliness: TimelinessDoc | None = None
    facts: dict[str, FactValue] | None = derived()
    findings: list[FindingDoc] | None = None
    ledger: LedgerDoc | None = None
    disclosure: DisclosureDoc | None = None
