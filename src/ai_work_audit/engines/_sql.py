"""The SQL engine: the hiring audit's aggregates pushed down into the employer's database.

Every measured column is parsed by SQL expressions that mirror the local parsers
(``sources._values``: outcomes, scores, counts; ISO dates for periods), and one GROUP BY
returns the counts per combination and the invalid-row counts per check; in scoring mode two
small queries give the exact median of the full sample (``percentile_disc`` and the next value).
Raw rows never leave the database: only counts (and two score values) come back. Tested on
PostgreSQL. Sources: PostgreSQL 15 manual, "Aggregate Functions" (ordered-set aggregates);
NYC DCWP 6 RCNY § 5-300 (scoring rate).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ai_work_audit.engines._counts import (
    APPLICANTS,
    MSG_EMPTY,
    PERIOD,
    POSITIVES,
    SELECTED,
    STAGE,
    STRATUM,
    TRUE_POSITIVES,
    CountOptions,
    checks,
    problem_text,
)
from ai_work_audit.engines._result import (
    MSG_ENGINE_FAILED,
    CountedInput,
    EngineError,
    counts_digest,
    counts_table,
    middle_of,
)
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.sources import MAX_CATEGORY_CHARS
from ai_work_audit.sources._values import FALSE_VALUES, INVISIBLE_CHARS, TRUE_VALUES

ROWS = "n_rows"
NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
PERIOD_FORMATS = {"month": "YYYY-MM", "quarter": 'YYYY-"Q"Q', "year": "YYYY"}
MSG_URL = ("--source must be an SQLAlchemy database URL (postgresql://role@host/db); got an "
           "unusable value instead.")
MSG_DATE_FORMAT = ("--date-format is not supported by --engine sql: give the --period column "
                   "as a DATE or TIMESTAMP, or as ISO text (2026-03-31).")


def _literal(values: tuple[str, ...] | list[str]) -> str:
    return "(" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


class Plan:
    """The SQL of one hiring audit: expressions per column, then the queries."""

    def __init__(self, quote: Any, options: CountOptions, *, table: str | None,
                 query: str | None) -> None:
        if options.date_format is not None:
            raise ConfigError(MSG_DATE_FORMAT)
        self.q = quote
        self.options = options
        if table is not None:
            self.source = ".".join(quote(part) for part in table.split("."))
            self.name = table
        else:
            assert query is not None
            self.source = f"({query.strip().rstrip(';')}) AS audited"
            self.name = "query"
        self.keys: list[tuple[str, str]] = []  # (alias, expression)
        self.bad: list[str] = []               # one 0/1 expression per check
        self.selected = "0"
        self.applicants = "1"
        self.score: str | None = None
        self.label: str | None = None
        self._build()

    def _text(self, column: str) -> str:
        return f"CAST({self.q(column)} AS TEXT)"

    def _flag(self, condition: str) -> str:
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    def _number(self, column: str) -> tuple[str, str]:
        text = f"REPLACE(BTRIM({self._text(column)}), ',', '.')"
        ok = f"{text} ~ '{NUMBER}'"
        return f"CASE WHEN {ok} THEN CAST({text} AS DOUBLE PRECISION) END", ok

    def _outcome(self, column: str, positive: tuple[str, ...] = ()) -> tuple[str, str]:
        text = f"LOWER(BTRIM({self._text(column)}))"
        if positive:
            wanted = sorted({v.strip().casefold() for v in positive})
            return (self._flag(f"{text} IN {_literal(wanted)}"),
                    self._flag(f"{text} IS NULL OR {text} = ''"))
        valid = f"{text} IN {_literal(TRUE_VALUES + FALSE_VALUES)}"
        return (self._flag(f"{text} IN {_literal(TRUE_VALUES)}"),
                self._flag(f"{text} IS NULL OR NOT ({valid})"))

    def _named(self, column: str) -> str:
        text = self._text(column)
        return self._flag(f"{text} IS NULL OR BTRIM({text}) = ''")

    def _build(self) -> None:
        o = self.options
        for group in o.group:
            text = self._text(group)
            invisible = INVISIBLE_CHARS.replace("'", "''")
            self.keys.append((group, text))
            self.bad += [self._flag(f"{text} ~ '{invisible}'"),
                         self._flag(f"CHAR_LENGTH({text}) > {MAX_CATEGORY_CHARS}")]
        if o.outcome is not None:
            self.selected, bad = self._outcome(o.outcome, o.positive)
            self.bad.append(bad)
        elif o.score is not None:
            self.score, ok = self._number(o.score)
            self.bad.append(self._flag(f"NOT ({ok}) OR {self._text(o.score)} IS NULL"))
        else:
            assert o.applicants is not None and o.selected is not None
            whole = {}
            for column in (o.applicants, o.selected):
                value, ok = self._number(column)
                good = f"({ok}) AND {value} >= 0 AND FLOOR({value}) = {value}"
                whole[column] = (value, good)
                self.bad.append(self._flag(f"{self._text(column)} IS NULL OR NOT ({good})"))
            (a, a_ok), (s, s_ok) = whole[o.applicants], whole[o.selected]
            self.bad.append(self._flag(f"({a_ok}) AND ({s_ok}) AND {s} > {a}"))
            self.applicants = f"CASE WHEN {a_ok} THEN CAST({a} AS BIGINT) ELSE 0 END"
            self.selected = f"CASE WHEN {s_ok} THEN CAST({s} AS BIGINT) ELSE 0 END"
        for alias, named in ((STAGE, o.stage), (STRATUM, o.stratum)):
            if named is not None:
                self.keys.append((alias, self._text(named)))
                self.bad.append(self._named(named))
        if o.period is not None:
            text = f"BTRIM({self._text(o.period)})"
            iso = f"{text} ~ '{ISO_DATE}'"
            day = f"CAST(SUBSTRING({text} FROM 1 FOR 10) AS DATE)"
            self.keys.append((PERIOD, f"CASE WHEN {iso} THEN TO_CHAR({day}, "
                                      f"'{PERIOD_FORMATS[o.by]}') END"))
            self.bad.append(self._flag(f"{text} IS NULL OR NOT ({iso})"))
        if o.label is not None:
            self.label, bad = self._outcome(o.label)
            self.bad.append(bad)
        assert len(self.bad) == len(checks(o))

    def rows(self, median: float | None = None) -> str:
        """The normalised rows (a CTE body): keys, measures, bad flags."""
        selected = (f"CASE WHEN {self.score} > {float(median or 0.0)!r} THEN 1 ELSE 0 END"
                    if self.score is not None else self.selected)
        parts = [f"{expr} AS {self.q(alias)}" for alias, expr in self.keys]
        parts += [f"{self.applicants} AS applicants_", f"{selected} AS selected_"]
        if self.score is not None:
            parts.append(f"{self.score} AS score_")
        if self.label is not None:
            parts.append(f"{self.label} AS label_")
        parts += [f"{bad} AS bad_{i}" for i, bad in enumerate(self.bad)]
        return "SELECT " + ",\n       ".join(parts) + f"\nFROM {self.source}"

    def counts_query(self, median: float | None = None) -> str:
        keys = ", ".join(self.q(alias) for alias, _ in self.keys)
        sums = [f"COUNT(*) AS {ROWS}", f"SUM(applicants_) AS {APPLICANTS}",
                f"SUM(selected_) AS {SELECTED}"]
        if self.label is not None:
            sums += [f"SUM(label_) AS {POSITIVES}",
                     f"SUM(label_ * selected_) AS {TRUE_POSITIVES}"]
        sums += [f"SUM(bad_{i}) AS bad_{i}" for i in range(len(self.bad))]
        return (f"WITH audited_rows AS (\n{self.rows(median)}\n)\nSELECT {keys}, "
                + ", ".join(sums) + f"\nFROM audited_rows GROUP BY {keys}")

    def median_queries(self) -> tuple[str, str]:
        """The lower middle score and its count, then the count at or below it and the next."""
        base = f"WITH audited_rows AS (\n{self.rows()}\n)\n"
        first = (base + "SELECT COUNT(score_) AS n, PERCENTILE_DISC(0.5) WITHIN GROUP "
                 "(ORDER BY score_) AS low FROM audited_rows WHERE score_ IS NOT NULL")
        second = (base + "SELECT SUM(CASE WHEN score_ <= :low THEN 1 ELSE 0 END) AS "
                  "at_or_below, MIN(CASE WHEN score_ > :low THEN score_ END) AS next "
                  "FROM audited_rows")
        return first, second


@contextmanager
def _failures() -> Iterator[None]:
    try:
        yield
    except (InputError, ConfigError):
        raise
    except Exception as exc:
        raise EngineError(MSG_ENGINE_FAILED.format(
            engine="sql", reason=type(exc).__name__,
            fix="Check --source, that the role may SELECT the table or query, and the "
                "columns' types (the queries: --explain).")) from None


def _engine(url: str | None) -> Any:
    import sqlalchemy as sa

    if not url:
        raise ConfigError(MSG_URL)
    try:
        return sa.create_engine(url)
    except Exception:
        raise ConfigError(MSG_URL) from None


def _quote(engine: Any) -> Any:
    return engine.dialect.identifier_preparer.quote


def explain_hiring(url: str | None, options: CountOptions, *, table: str | None,
                   query: str | None) -> list[str]:
    """Every statement the audit sends (``--explain``); none is run."""
    engine = _engine(url)
    plan = Plan(_quote(engine), options, table=table, query=query)
    statements = []
    if plan.score is not None:
        statements += list(plan.median_queries())
        statements.append(plan.counts_query(median=0.0).replace("> 0.0 THEN", "> :median THEN"))
    else:
        statements.append(plan.counts_query())
    return statements


def count_hiring(url: str | None, options: CountOptions, *, table: str | None,
                 query: str | None) -> CountedInput:
    """Hiring sufficient statistics computed by the database (``hiring_counts``'s)."""
    import sqlalchemy as sa

    engine = _engine(url)
    plan = Plan(_quote(engine), options, table=table, query=query)
    keys = [alias for alias, _ in plan.keys]
    try:
        with _failures(), engine.connect() as connection:
            median: float | None = None
            if plan.score is not None:
                first, second = plan.median_queries()
                row = connection.execute(sa.text(first)).mappings().one()
                n, low = int(row["n"]), row["low"]
                if n and n % 2:
                    median = float(low)
                elif n:
                    nxt = connection.execute(sa.text(second), {"low": low}).mappings().one()
                    median = middle_of(n, float(low), int(nxt["at_or_below"]), nxt["next"])
            rows = list(connection.execute(sa.text(plan.counts_query(median))).mappings())
    finally:
        engine.dispose()
    total = sum(int(r[ROWS]) for r in rows)
    if total == 0:
        raise InputError(MSG_EMPTY, source=plan.name)
    problems = []
    for i, (column, expectation) in enumerate(checks(options)):
        bad = sum(int(r[f"bad_{i}"] or 0) for r in rows)
        if bad:
            problems.append(problem_text(column, expectation, bad, None))
    if problems:
        raise InputError(problems, source=plan.name)
    counts = counts_table(rows, keys, label=options.label is not None)
    return CountedInput(counts=counts, median=median, rows=total, sha256=counts_digest(counts),
                        name=plan.name, source=plan.name)
