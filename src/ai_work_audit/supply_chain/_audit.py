"""The data-enrichment wage audit (commitment 6; issue 16): vendor statements against a
living-wage benchmark table, with the statutory minimum as a floor.

Per statement line: hourly pay = gross pay ÷ hours (piece-rate lines: hours equivalent = units
× measured minutes per unit ÷ 60), converted to the benchmark's currency with the user's rate
table (no network). Shares of hours and of workers below the living wage and below the minimum,
by vendor and by country; lines whose country has no benchmark are counted apart. Indicator 6.2
(indicators.md): the minimum over supplier sites (vendor × country × region) of the site's pay
per hour ÷ the local living wage. Sources: Anker & Anker, *Living Wages Around the World*
(2017); Global Living Wage Coalition; ILO, *Minimum Wage Policy Guide* (2016); pledge
commitment 6 ("living wages … for data-enrichment workers"). Vendors are named; workers never.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ai_work_audit import __version__
from ai_work_audit.errors import InputError
from ai_work_audit.findings import Finding, MetricValue
from ai_work_audit.sources import (
    LoadedTable,
    as_strings,
    parse_dates,
    parse_scores,
    read_table,
    row_list,
)
from ai_work_audit.supply_chain._options import SupplyChainOptions

SCHEMA = "ai-work-audit/supply-chain-audit/v1"
BENCHMARK_COLUMNS = ("country", "region", "living_wage", "currency", "source", "year")
RATE_COLUMNS = ("currency", "rate")


@dataclass
class SupplyChainAudit:
    """Everything one supply-chain audit computed; it computes, never prints or records."""

    audit_id: str
    created_at: str
    tool_version: str
    input_rows: int
    input_sha256: str
    input_name: str
    parameters: dict[str, Any]
    benchmarks: dict[str, Any]
    totals: dict[str, Any]
    by_vendor: list[dict[str, Any]]
    by_country: list[dict[str, Any]]
    sites: list[dict[str, Any]]
    unknown_benchmark: dict[str, Any]
    timeliness: dict[str, Any] | None
    organisation: str = "default"
    system: str = ""
    findings: list[Finding] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    ledger_run_id: str | None = None
    facts: dict[str, MetricValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.facts = supply_chain_facts(self)

    def to_dict(self) -> dict[str, Any]:
        """The ``ai-work-audit/supply-chain-audit/v1`` JSON document."""
        out: dict[str, Any] = {
            "schema": SCHEMA, "audit_id": self.audit_id, "created_at": self.created_at,
            "tool_version": self.tool_version, "organisation": self.organisation,
            "system": self.system,
            "input": {"rows": self.input_rows, "sha256": self.input_sha256,
                      "name": self.input_name},
            "parameters": dict(self.parameters), "benchmarks": dict(self.benchmarks),
            "totals": dict(self.totals), "by_vendor": list(self.by_vendor),
            "by_country": list(self.by_country), "sites": list(self.sites),
            "unknown_benchmark": dict(self.unknown_benchmark),
            "timeliness": self.timeliness, "facts": dict(self.facts),
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.ledger_run_id is not None:
            out["ledger"] = {"mlflow_run_id": self.ledger_run_id}
        return out


def _share(part: float, whole: float) -> float | None:
    return part / whole if whole > 0 else None


def supply_chain_facts(audit: SupplyChainAudit) -> dict[str, MetricValue]:
    """Audit-scope facts (vocab/facts.yaml, producer supply-chain); 6.2 is
    ``supply_chain.min_site_living_wage_ratio``."""
    t = audit.totals
    ratios = [s["living_wage_ratio"] for s in audit.sites
              if isinstance(s.get("living_wage_ratio"), float)]
    timely = audit.timeliness or {}
    return {
        "supply_chain.min_site_living_wage_ratio": min(ratios) if ratios else None,
        "supply_chain.hours_below_living_wage_share": t.get("hours_below_living_wage_share"),
        "supply_chain.workers_below_living_wage_share":
            t.get("workers_below_living_wage_share"),
        "supply_chain.hours_below_minimum_share": t.get("hours_below_minimum_share"),
        "supply_chain.workers_below_minimum_share": t.get("workers_below_minimum_share"),
        "supply_chain.piece_rate_hours_below_living_wage_share":
            t.get("piece_rate_hours_below_living_wage_share"),
        "supply_chain.unknown_benchmark_hours_share": _share(
            float(audit.unknown_benchmark.get("hours") or 0.0),
            float(audit.unknown_benchmark.get("hours") or 0.0) + float(t.get("hours") or 0.0)),
        "supply_chain.on_time_payment_share": timely.get("on_time_share"),
        "supply_chain.vendors": len(audit.by_vendor),
        "supply_chain.workers": t.get("workers"),
    }


# --- reading ---------------------------------------------------------------------------------


def _problem(problems: list[str], mask: Any, column: str, expectation: str) -> None:
    count, rows = row_list(np.asarray(mask, dtype=bool))
    if count:
        problems.append(
            f"column {column!r} {expectation}; got {count} invalid value"
            f"{'s' if count > 1 else ''} instead (rows {rows}; row 1 is the first data row). "
            "Correct or remove those rows.")


def _texts(table: Any, column: str) -> list[str]:
    return ["" if v is None else str(v).strip()
            for v in as_strings(table.column(column)).to_pylist()]


def _numbers(table: Any, column: str) -> tuple[np.ndarray, np.ndarray]:
    values, bad = parse_scores(table.column(column))
    return values, bad


def read_rates(path: str, base: str) -> dict[str, float]:
    """Currency → units per 1 ``base`` (the base itself is 1)."""
    loaded = read_table(path, list(RATE_COLUMNS), numeric_columns=["rate"])
    problems: list[str] = []
    codes = [c.upper() for c in _texts(loaded.table, "currency")]
    rates, bad = _numbers(loaded.table, "rate")
    _problem(problems, bad | ~(np.nan_to_num(rates, nan=0.0) > 0), "rate",
             "must hold a positive number (units of the currency per 1 " + base + ")")
    _problem(problems, [len(c) != 3 or not c.isalpha() for c in codes], "currency",
             "must hold a three-letter ISO 4217 code")
    seen: dict[str, int] = {}
    for code in codes:
        seen[code] = seen.get(code, 0) + 1
    if any(n > 1 for n in seen.values()):
        problems.append("column 'currency' must name each currency once; got "
                        f"{sum(1 for n in seen.values() if n > 1)} repeated. Keep one rate "
                        "per currency.")
    if problems:
        raise InputError(problems, source=str(path))
    out = {c: float(r) for c, r in zip(codes, rates, strict=True)}
    out[base.upper()] = out.get(base.upper(), 1.0)
    return out


def read_benchmarks(path: str) -> tuple[dict[tuple[str, str], dict[str, Any]], LoadedTable]:
    """(country, region) → living wage, minimum, currency, source, year ("" = country-wide)."""
    head = read_table(path)
    wanted = list(BENCHMARK_COLUMNS) + (["minimum_wage"] if "minimum_wage" in
                                        head.table.column_names else [])
    loaded = read_table(path, wanted, numeric_columns=["living_wage", "minimum_wage"])
    t = loaded.table
    problems: list[str] = []
    living, bad_living = _numbers(t, "living_wage")
    _problem(problems, bad_living | ~(np.nan_to_num(living, nan=0.0) > 0), "living_wage",
             "must hold a positive hourly amount")
    if "minimum_wage" in t.column_names:
        minimum, bad_min = _numbers(t, "minimum_wage")
        empty = np.array([v == "" for v in _texts(t, "minimum_wage")])
        _problem(problems, (bad_min & ~empty) | (np.nan_to_num(minimum, nan=1.0) <= 0),
                 "minimum_wage", "must be empty or hold a positive hourly amount")
    else:
        minimum = np.full(t.num_rows, np.nan)
    countries = _texts(t, "country")
    _problem(problems, [c == "" for c in countries], "country", "must name a country")
    currencies = [c.upper() for c in _texts(t, "currency")]
    _problem(problems, [len(c) != 3 or not c.isalpha() for c in currencies], "currency",
             "must hold a three-letter ISO 4217 code")
    sources = _texts(t, "source")
    _problem(problems, [s == "" for s in sources], "source",
             "must cite where the living wage comes from")
    if problems:
        raise InputError(problems, source=str(path))
    regions, years = _texts(t, "region"), _texts(t, "year")
    table: dict[tuple[str, str], dict[str, Any]] = {}
    for i, country in enumerate(countries):
        key = (country.casefold(), regions[i].casefold())
        if key in table:
            raise InputError(f"rows repeat the benchmark of one country and region (row "
                             f"{i + 1}); keep one row per country and region.",
                             source=str(path))
        table[key] = {"country": country, "region": regions[i], "living_wage": float(living[i]),
                      "minimum_wage": float(minimum[i]) if math.isfinite(minimum[i]) else None,
                      "currency": currencies[i], "source": sources[i], "year": years[i]}
    return table, loaded


# --- the audit -------------------------------------------------------------------------------


def audit_supply_chain(path: str | Path, options: SupplyChainOptions) -> SupplyChainAudit:
    """Audit a vendor-statement file against the benchmark and rate tables of ``options``."""
    assert options.benchmarks is not None
    benchmarks, bench_loaded = read_benchmarks(options.benchmarks)
    rates = read_rates(options.rates, options.base_currency) if options.rates else None
    numeric = [c for c in (options.hours, options.pay, options.workers, options.units,
                           options.minutes_per_unit) if c]
    loaded = read_table(path, options.columns(), numeric_columns=numeric,
                        no_header=options.no_header)
    return audit_statements(loaded, options, benchmarks, rates, bench_loaded, source=str(path))


def _convert(amount: float, source: str, target: str, rates: dict[str, float] | None
             ) -> float:
    if source == target:
        return amount
    assert rates is not None
    return amount / rates[source] * rates[target]


def audit_statements(loaded: LoadedTable, options: SupplyChainOptions,
                     benchmarks: dict[tuple[str, str], dict[str, Any]],
                     rates: dict[str, float] | None, bench_loaded: LoadedTable, *,
                     source: str) -> SupplyChainAudit:
    """Compute every section of ``supply-chain-audit/v1`` for the statements of ``loaded``."""
    t = loaded.table
    n = t.num_rows
    problems: list[str] = []
    if n == 0:
        raise InputError("the file has a header but no data rows; nothing to audit.",
                         source=source)
    vendors = _texts(t, options.vendor)
    _problem(problems, [v == "" for v in vendors], options.vendor, "must name the vendor")
    countries = _texts(t, options.country)
    _problem(problems, [c == "" for c in countries], options.country, "must name a country")
    regions = _texts(t, options.region) if options.region else [""] * n
    currencies = [c.upper() for c in _texts(t, options.currency)]
    pay, bad_pay = _numbers(t, options.pay)
    _problem(problems, bad_pay | (np.nan_to_num(pay, nan=-1.0) < 0), options.pay,
             "must hold a gross pay amount ≥ 0")
    hours, bad_hours = _numbers(t, options.hours)
    hours_empty = np.array([v == "" for v in _texts(t, options.hours)])
    piece = np.zeros(n, dtype=bool)
    if options.units and options.minutes_per_unit:
        units, bad_units = _numbers(t, options.units)
        minutes, bad_minutes = _numbers(t, options.minutes_per_unit)
        piece = hours_empty & ~bad_units
        _problem(problems, piece & (bad_minutes | (np.nan_to_num(minutes, nan=-1.0) <= 0)),
                 options.minutes_per_unit, "must hold positive minutes for a piece-rate line "
                 "(units given, hours empty)")
        _problem(problems, piece & (np.nan_to_num(units, nan=-1.0) < 0), options.units,
                 "must hold units ≥ 0")
        equivalent = np.where(piece, np.nan_to_num(units) * np.nan_to_num(minutes) / 60, 0.0)
        hours = np.where(piece, equivalent, hours)
        bad_hours = np.where(piece, False, bad_hours)
    _problem(problems, bad_hours | (np.nan_to_num(hours, nan=-1.0) <= 0), options.hours,
             "must hold hours worked > 0 (or, with --units, an empty cell for a piece-rate "
             "line)")
    if options.workers:
        workers, bad_workers = _numbers(t, options.workers)
        _problem(problems, bad_workers | (np.nan_to_num(workers, nan=-1.0) < 1)
                 | (np.floor(np.nan_to_num(workers)) != np.nan_to_num(workers)),
                 options.workers, "must hold a whole number of workers ≥ 1")
    else:
        workers = np.ones(n)
    known_currency = [c == options.base_currency.upper() or (rates is not None and c in rates)
                      for c in currencies]
    bench_currencies = {b["currency"] for b in benchmarks.values()}
    if rates is None and (len(set(currencies) | bench_currencies) > 1):
        problems.append("the statements and benchmarks use more than one currency; give "
                        "--rates (a table of currency, rate) to convert them.")
    elif rates is not None:
        _problem(problems, [not k for k in known_currency], options.currency,
                 "must hold a currency of the --rates table (ISO 4217)")
        missing = sorted(c for c in bench_currencies if c not in rates)
        if missing:
            problems.append(f"the --rates table has no rate for {len(missing)} currency(ies) "
                            "of the benchmark table; add a row per currency.")
    timely = None
    if options.due and options.paid:
        due, bad_due = parse_dates(_texts(t, options.due), column=options.due)
        paid, bad_paid = parse_dates(_texts(t, options.paid), column=options.paid)
        _problem(problems, bad_due, options.due, "must hold dates (e.g. 2026-03-31)")
        _problem(problems, bad_paid, options.paid, "must hold dates (e.g. 2026-03-31)")
    if problems:
        raise InputError(problems, source=source)
    if options.due and options.paid:
        on_time = np.asarray((paid <= due).to_numpy(dtype=bool))
        timely = {"lines": n, "paid_on_time": int(on_time.sum()),
                  "on_time_share": float(on_time.mean()),
                  "workers_paid_late": int(workers[~on_time].sum())}

    lines: list[dict[str, Any]] = []
    unknown = {"lines": 0, "workers": 0, "hours": 0.0, "countries": 0}
    unknown_countries: set[str] = set()
    for i in range(n):
        bench = benchmarks.get((countries[i].casefold(), regions[i].casefold())) or \
            benchmarks.get((countries[i].casefold(), ""))
        if bench is None:
            unknown["lines"] += 1
            unknown["workers"] += int(workers[i])
            unknown["hours"] += float(hours[i])
            unknown_countries.add(countries[i].casefold())
            continue
        paid_in_bench = _convert(float(pay[i]), currencies[i], bench["currency"], rates)
        hourly = paid_in_bench / float(hours[i])
        lines.append({"vendor": vendors[i], "country": bench["country"],
                      "region": regions[i], "site_region": bench["region"],
                      "hours": float(hours[i]), "workers": int(workers[i]),
                      "pay": paid_in_bench, "hourly": hourly, "piece": bool(piece[i]),
                      "below_living": hourly < bench["living_wage"],
                      "below_minimum": bench["minimum_wage"] is not None
                      and hourly < bench["minimum_wage"], "bench": bench})
    unknown["countries"] = len(unknown_countries)
    totals = _aggregate(lines)
    piece_hours = sum(x["hours"] for x in lines if x["piece"])
    totals["piece_rate_hours"] = piece_hours
    totals["piece_rate_hours_below_living_wage_share"] = _share(
        sum(x["hours"] for x in lines if x["piece"] and x["below_living"]), piece_hours)
    used = {(b["country"], b["region"]): b for b in (x["bench"] for x in lines)}
    params = options.to_params()
    return SupplyChainAudit(
        audit_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        tool_version=__version__, input_rows=n, input_sha256=loaded.sha256,
        input_name=loaded.name, parameters=params,
        benchmarks={"name": bench_loaded.name, "sha256": bench_loaded.sha256,
                    "rows": bench_loaded.rows,
                    "used": [{k: b[k] for k in ("country", "region", "living_wage",
                                                "minimum_wage", "currency", "source", "year")}
                             for _, b in sorted(used.items())]},
        totals=totals,
        by_vendor=_grouped(lines, ("vendor",)),
        by_country=_grouped(lines, ("country",)),
        sites=_sites(lines),
        unknown_benchmark=unknown, timeliness=timely,
        organisation=options.organisation, system=options.system or loaded.name,
    )


def _aggregate(lines: Sequence[dict[str, Any]]) -> dict[str, Any]:
    hours = sum(x["hours"] for x in lines)
    workers = sum(x["workers"] for x in lines)
    h_living = sum(x["hours"] for x in lines if x["below_living"])
    w_living = sum(x["workers"] for x in lines if x["below_living"])
    h_min = sum(x["hours"] for x in lines if x["below_minimum"])
    w_min = sum(x["workers"] for x in lines if x["below_minimum"])
    return {"lines": len(lines), "workers": workers, "hours": hours,
            "workers_below_living_wage": w_living, "workers_below_minimum": w_min,
            "hours_below_living_wage_share": _share(h_living, hours),
            "workers_below_living_wage_share": _share(w_living, workers),
            "hours_below_minimum_share": _share(h_min, hours),
            "workers_below_minimum_share": _share(w_min, workers)}


def _grouped(lines: Sequence[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for line in lines:
        groups.setdefault(tuple(line[k] for k in keys), []).append(line)
    out = []
    for key, members in sorted(groups.items()):
        row = {"group": dict(zip(keys, key, strict=True)), **_aggregate(members)}
        ratios = [m["hourly"] / m["bench"]["living_wage"] for m in members]
        row["min_line_living_wage_ratio"] = min(ratios) if ratios else None
        out.append(row)
    return out


def _sites(lines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Supplier sites (vendor × country × benchmark region): pay per hour ÷ living wage."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for line in lines:
        groups.setdefault((line["vendor"], line["country"], line["site_region"]),
                          []).append(line)
    out = []
    for (vendor, country, region), members in sorted(groups.items()):
        bench = members[0]["bench"]
        hours = sum(m["hours"] for m in members)
        hourly = sum(m["pay"] for m in members) / hours
        out.append({"group": {"vendor": vendor, "country": country, "region": region},
                    "workers": sum(m["workers"] for m in members), "hours": hours,
                    "hourly_pay": hourly, "currency": bench["currency"],
                    "living_wage": bench["living_wage"], "minimum_wage": bench["minimum_wage"],
                    "living_wage_ratio": hourly / bench["living_wage"]})
    return out
