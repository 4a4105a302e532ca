"""The Spark engine: the same sufficient statistics, computed on a Spark cluster.

Each partition is validated and normalised by the local code (``_counts.prepare`` through
``mapInArrow``), then Spark aggregates: one group-by → counts and the invalid-row counts per
check, and in scoring mode the exact median of the full sample (``percentile_disc`` and the
next value, averaged as numpy does). The driver collects only the counts. The tier-2 personal
data scan maps Presidio over the distinct texts, one analyzer per executor (``scan_texts``).
Sources: Apache Spark SQL reference (``mapInArrow``, ``percentile_disc``); NYC DCWP
6 RCNY § 5-300 (scoring rate: share above the median of the full sample).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from ai_work_audit.engines._counts import (
    APPLICANTS,
    LABEL,
    MSG_EMPTY,
    POSITIVES,
    SCORE,
    SELECTED,
    TRUE_POSITIVES,
    CountOptions,
    checks,
    key_columns,
    prepare,
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
from ai_work_audit.sources import detect_encoding, file_sha256, sniff_delimiter, suggest_column

ROWS = "__rows"
BAD = "__bad_{}"
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
PARQUET_SUFFIXES = (".parquet", ".pq")
#: Spark's own settings the audit sets unless ``--spark-conf`` or spark-submit says otherwise.
DEFAULT_CONF = {
    "spark.ui.showConsoleProgress": "false",
    "spark.ui.enabled": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}
MSG_FORMAT = ("--engine spark reads Parquet, CSV/TSV or JSON Lines (a file, or a folder of "
              "them); got a {suffix!r} file instead. Convert it, or use --engine local.")
MSG_STATIC = ("--spark-conf {key} cannot be changed in the running Spark session; set it where "
              "the session starts (spark-submit --conf, the cluster's settings).")
MSG_MISSING = "column {column!r} is not in the input. {hint}"
_LOCK = threading.Lock()


@dataclass(frozen=True)
class CountSpec:
    """The options the executors need, as plain picklable data (``CountOptions``)."""

    group: tuple[str, ...]
    outcome: str | None
    positive: tuple[str, ...]
    score: str | None
    applicants: str | None
    selected: str | None
    stage: str | None
    stratum: str | None
    period: str | None
    date_format: str | None
    by: str
    label: str | None

    @classmethod
    def of(cls, options: CountOptions) -> CountSpec:
        return cls(**{name: getattr(options, name) for name in cls.__dataclass_fields__})


def session(master: str = "local[*]", conf: Sequence[str] = ()) -> Any:
    """The Spark session: the active one (Databricks, a notebook), else a new one — on
    spark-submit's master when spark-submit started this process, else on ``master``. On a
    ``local`` master the executors run this interpreter (unless PYSPARK_PYTHON says
    otherwise)."""
    from pyspark.sql import SparkSession

    # PySpark 4 warns on every Arrow call that it does not "fully support" pandas 3; the
    # engine's documents are tested equal to the local engine's on this pair of versions.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas",
                            category=FutureWarning)
    with _LOCK:
        active = SparkSession.getActiveSession()
        if active is not None:
            for item in conf:
                key, _, value = item.partition("=")
                try:
                    if active.conf.get(key.strip(), None) != value.strip():
                        active.conf.set(key.strip(), value.strip())
                except Exception:
                    raise ConfigError(MSG_STATIC.format(key=key.strip())) from None
            return active
        submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started the JVM
        builder = SparkSession.builder.appName("ai-work-audit")
        settings = dict(DEFAULT_CONF)
        if not submitted:
            builder = builder.master(master)
        if not submitted and master.startswith("local"):
            # executors on this machine run this interpreter and see this package
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            log4j = Path(__file__).with_name("log4j2.properties")
            settings["spark.driver.extraJavaOptions"] = \
                f"-Dlog4j2.configurationFile=file:{log4j}"
            settings["spark.executorEnv.PYTHONPATH"] = os.pathsep.join(
                p for p in sys.path if p and Path(p).is_dir())
        for item in conf:
            key, _, value = item.partition("=")
            settings[key.strip()] = value.strip()
        for key, value in settings.items():
            builder = builder.config(key, value)
        with failures("spark"), _jvm_stderr(submitted):
            spark = builder.getOrCreate()
            spark.sparkContext.setLogLevel("OFF")
        return spark


#: Where the JVM this process starts writes its own stderr (the module system's "Using
#: incubator modules" warning, Spark's "Setting default log level" lines, executor output):
#: a file, not the user's terminal.
JVM_LOG = Path(tempfile.gettempdir()) / f"ai-work-audit-spark-{os.getuid()}.log"


@contextmanager
def _jvm_stderr(submitted: bool) -> Iterator[None]:
    """While the JVM starts, file descriptor 2 points at ``JVM_LOG``, which the JVM
    inherits: the lines it prints before any log4j setting applies (the Java launcher's
    warning, Spark's default-level notice) do not reach the terminal. Nothing changes when
    spark-submit started the JVM."""
    if submitted:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    # owner-only and never through a link: an executor's traceback may quote a cell value
    log = os.open(JVM_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(log, 0o600)
        os.dup2(log, 2)
    finally:
        os.close(log)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


_ERROR_NAME = re.compile(r"\b([A-Z][A-Za-z]*(?:Error|Exception))\b")


def reason_of(exc: BaseException) -> str:
    """A failure's kind, never its text (it may quote a cell): the innermost error class."""
    names = _ERROR_NAME.findall(str(exc).split("\n\tat ")[0])
    inner = [n for n in names if n not in ("PythonException", "Py4JJavaError")]
    return (f"{type(exc).__name__}, raised on an executor as {inner[-1]}" if inner
            else type(exc).__name__)


@contextmanager
def failures(engine: str) -> Iterator[None]:
    """Turn any failure of the cluster into one EngineError (no Java or Python stack)."""
    try:
        yield
    except (InputError, ConfigError):
        raise
    except Exception as exc:
        raise EngineError(MSG_ENGINE_FAILED.format(
            engine=engine, reason=reason_of(exc),
            fix="Check the executors' logs (the Spark UI) and that every executor has this "
                "package and its extras installed.")) from None


def _files(path: str) -> list[Path]:
    local = Path(path.removeprefix("file://"))
    if "://" in path and not path.startswith("file://"):
        return []
    if local.is_dir():
        return sorted(f for f in local.rglob("*") if f.is_file()
                      and not f.name.startswith((".", "_")))
    return [local] if local.exists() else []


def _suffix(path: str, files: list[Path]) -> str:
    suffixes = {f.suffix.lower() for f in files} or {Path(path).suffix.lower()}
    if len(suffixes) != 1:
        raise InputError(f"a folder read by --engine spark must hold files of one format; got "
                         f"{len(suffixes)} formats instead.", source=Path(path).name)
    return suffixes.pop()


def read_input(spark: Any, path: str, *, no_header: bool = False) -> tuple[Any, list[Path]]:
    """A DataFrame of ``path`` (file, folder or URI); CSV columns are read as text, as the
    local reader's cells are before their values are parsed."""
    files = _files(path)
    if "://" not in path and not files:
        raise InputError(f"{path!r} does not exist. Check the path.")
    suffix = _suffix(path, files)
    reader = spark.read
    if suffix in PARQUET_SUFFIXES:
        return reader.parquet(path), files
    if suffix in JSON_SUFFIXES:
        return reader.json(path), files
    if suffix in CSV_SUFFIXES:
        encoding, delimiter = "utf-8", "\t" if suffix == ".tsv" else ","
        if files:
            sample = files[0].read_bytes()[: 1 << 16]
            encoding = detect_encoding(sample)
            delimiter = sniff_delimiter(sample.decode(encoding, errors="replace"), suffix)
        frame = reader.options(header=str(not no_header).lower(), sep=delimiter,
                               encoding=encoding, quote='"', escape='"', multiLine="true",
                               # an empty cell is "" as the local reader keeps it, not null
                               nullValue="\u0000", emptyValue="",
                               inferSchema="false", mode="FAILFAST").csv(path)
        if no_header:
            frame = frame.toDF(*[f"column_{i}" for i in range(1, len(frame.columns) + 1)])
        return frame, files
    raise InputError(MSG_FORMAT.format(suffix=suffix), source=Path(path).name)


def input_digest(files: Sequence[Path]) -> str | None:
    """SHA-256 of the input file (the local engine's digest), or of the sorted file digests of
    a folder; None for a remote URI (then the counts are digested)."""
    if len(files) == 1:
        return file_sha256(files[0])
    if not files:
        return None
    digest = hashlib.sha256()
    for f in files:
        digest.update(f"{f.name}\0{file_sha256(f)}\n".encode())
    return digest.hexdigest()


def _normalise(spec: CountSpec, keys: list[str]) -> Any:
    """The per-partition step: ``prepare`` on each Arrow batch → keys, measures, bad flags."""
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            prepared = prepare(pa.Table.from_batches([batch]), spec)
            n = batch.num_rows
            columns: dict[str, Any] = {k: _plain(prepared.keys[k]) for k in keys}
            ones = np.ones(n, dtype=np.int64)
            columns[APPLICANTS] = (_int64(prepared.weights) if prepared.weights is not None
                                   else ones)
            columns[SELECTED] = (_int64(prepared.selected) if prepared.selected is not None
                                 else np.zeros(n, dtype=np.int64))
            columns[SCORE] = (prepared.scores if prepared.scores is not None
                              else np.full(n, np.nan))
            columns[LABEL] = (_int64(prepared.label) if prepared.label is not None
                              else np.zeros(n, dtype=np.int64))
            for i, mask in enumerate(prepared.masks):
                columns[BAD.format(i)] = _int64(mask, null=1)
            yield pa.RecordBatch.from_pydict(
                {name: pa.array(v) if isinstance(v, np.ndarray) else v
                 for name, v in columns.items()})
    return run


def _plain(column: pa.ChunkedArray) -> pa.Array:
    import pyarrow.compute as pc

    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if pa.types.is_dictionary(array.type):
        array = pc.cast(array, pa.string())
    return pc.cast(array, pa.string())


def _int64(values: Any, null: int = 0) -> np.ndarray:
    import pyarrow.compute as pc

    if isinstance(values, np.ndarray):
        return values.astype(np.int64)
    return np.asarray(pc.fill_null(pc.cast(values, pa.int64()), null)
                      .to_numpy(zero_copy_only=False), dtype=np.int64)


def _schema(keys: list[str], n_checks: int) -> str:
    fields = [f"`{k}` string" for k in keys]
    fields += [f"{APPLICANTS} bigint", f"{SELECTED} bigint", f"{SCORE} double",
               f"{LABEL} bigint"]
    fields += [f"{BAD.format(i)} bigint" for i in range(n_checks)]
    return ", ".join(fields)


def count_hiring(path: str, options: CountOptions, *, master: str = "local[*]",
                 conf: Sequence[str] = (), no_header: bool = False) -> CountedInput:
    """Hiring sufficient statistics on Spark (``hiring_counts``'s, field for field)."""
    from pyspark.sql import functions as F

    spec = CountSpec.of(options)
    name = Path(path.rstrip("/")).name or path
    spark = session(master, conf)
    with failures("spark"):
        frame, files = read_input(spark, path, no_header=no_header)
        wanted = list(dict.fromkeys([*spec.group] + [c for c in (
            spec.outcome, spec.score, spec.applicants, spec.selected, spec.stage,
            spec.period, spec.label, spec.stratum) if c]))
        missing = [c for c in wanted if c not in frame.columns]
        if missing:
            raise InputError([MSG_MISSING.format(column=c, hint=suggest_column(c, frame.columns))
                              for c in missing], source=name)
        keys = key_columns(spec)
        n_checks = len(checks(spec))
        normal = frame.select(*[F.col(f"`{c}`") for c in wanted]).mapInArrow(
            _normalise(spec, keys), _schema(keys, n_checks))
        median: float | None = None
        if spec.score is not None:
            normal = normal.persist()
            median = _median(normal)
            normal = normal.withColumn(SELECTED, (F.col(SCORE) > F.lit(median or 0.0))
                                       .cast("bigint"))
        sums = [F.count(F.lit(1)).alias(ROWS), F.sum(APPLICANTS).alias(APPLICANTS),
                F.sum(SELECTED).alias(SELECTED)]
        if spec.label is not None:
            sums += [F.sum(LABEL).alias(POSITIVES),
                     F.sum(F.col(LABEL) * F.col(SELECTED)).alias(TRUE_POSITIVES)]
        sums += [F.sum(BAD.format(i)).alias(BAD.format(i)) for i in range(n_checks)]
        rows = normal.groupBy(*[F.col(f"`{k}`") for k in keys]).agg(*sums).collect()
        if spec.score is not None:
            normal.unpersist()
    return _counted(rows, spec, keys, n_checks, median, files, name)


def _median(normal: Any) -> float | None:
    """The exact median of the valid scores, as ``np.median`` computes it."""
    from pyspark.sql import functions as F

    valid = normal.where(F.col(SCORE).isNotNull() & ~F.isnan(SCORE))
    first = valid.agg(F.count(F.lit(1)).alias("n"),
                      F.expr(f"percentile_disc(0.5) WITHIN GROUP (ORDER BY {SCORE})")
                      .alias("low")).collect()[0]
    n, low = int(first["n"]), first["low"]
    if n == 0:
        return None
    if n % 2:
        return float(low)
    second = valid.agg(F.sum((F.col(SCORE) <= F.lit(low)).cast("bigint")).alias("at_or_below"),
                       F.min(F.when(F.col(SCORE) > F.lit(low), F.col(SCORE))).alias("next")
                       ).collect()[0]
    return middle_of(n, float(low), int(second["at_or_below"]), second["next"])


def _counted(rows: Sequence[Any], spec: CountSpec, keys: list[str], n_checks: int,
             median: float | None, files: Sequence[Path], name: str) -> CountedInput:
    total = sum(int(r[ROWS]) for r in rows)
    if total == 0:
        raise InputError(MSG_EMPTY, source=name)
    problems = []
    for i, (column, expectation) in enumerate(checks(spec)):
        bad = sum(int(r[BAD.format(i)] or 0) for r in rows)
        if bad:
            problems.append(problem_text(column, expectation, bad, None))
    if problems:
        raise InputError(problems, source=name)
    counts = counts_table(rows, keys, label=spec.label is not None)
    return CountedInput(counts=counts, median=median, rows=total,
                        sha256=input_digest(files) or counts_digest(counts), name=name,
                        source=name)


UNIT = "__unit"
STATE = "__state"
_DDL = {pa.string(): "string", pa.int64(): "bigint", pa.float64(): "double",
        pa.binary(): "binary"}


def _ddl(schema: pa.Schema) -> str:
    return ", ".join(f"`{f.name}` {_DDL[f.type]}" for f in schema)


class PartialRun:
    """Work units run on the executors, one task each (an input file, say), for an audit
    whose heavy step folds its rows into a mergeable state.

    ``task(unit)`` runs on an executor and yields tables of ``records`` (rows kept on the
    cluster for a second pass, ``regroup``) and, last, its partial state as bytes. The
    driver collects the states only (``states``, in unit order) and merges them with the
    audit's own code; ``regroup`` sends the records to the executors by a key column and
    collects what ``fn`` makes of each group of keys. Use as a context manager (the records
    are cached on the cluster until ``close``)."""

    def __init__(self, spark: Any, units: int,
                 task: Callable[[int], Iterator[pa.Table | bytes]], records: pa.Schema) -> None:
        from pyspark import StorageLevel

        schema = pa.schema([pa.field(UNIT, pa.int64()), pa.field(STATE, pa.binary()),
                            *records])
        self.spark, self.records = spark, records

        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            for batch in batches:
                for unit in batch.column(0).to_pylist():
                    for item in task(int(unit)):
                        if isinstance(item, bytes):
                            columns = [pa.array([unit], pa.int64()),
                                       pa.array([item], pa.binary())]
                            columns += [pa.nulls(1, f.type) for f in records]
                            yield pa.RecordBatch.from_arrays(columns, schema=schema)
                            continue
                        table = item.select(records.names).cast(records)
                        for part in table.to_batches(max_chunksize=1 << 16):
                            rows = part.num_rows
                            yield pa.RecordBatch.from_arrays(
                                [pa.array(np.full(rows, unit, dtype=np.int64)),
                                 pa.nulls(rows, pa.binary()), *part.columns], schema=schema)

        with failures("spark"):
            self.frame = (spark.range(0, units, 1, max(units, 1))
                          .mapInArrow(run, _ddl(schema))
                          .persist(StorageLevel.MEMORY_AND_DISK))

    def __enter__(self) -> PartialRun:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Drop the cached records from the cluster."""
        self.frame.unpersist()

    def states(self) -> list[bytes]:
        """Every unit's partial state, in unit order (the first pass runs here)."""
        from pyspark.sql import functions as F

        with failures("spark"):
            rows = self.frame.where(F.col(STATE).isNotNull()).select(UNIT, STATE).collect()
        return [bytes(row[STATE]) for row in sorted(rows, key=lambda r: int(r[UNIT]))]

    def regroup(self, key: str, fn: Callable[[pa.Table], pa.Table], out: pa.Schema,
                partitions: int | None = None) -> pa.Table:
        """``fn`` over the records, each call holding every record of its keys (the records
        are shuffled by ``key``); the driver collects ``fn``'s results only."""
        from pyspark.sql import functions as F

        records = self.records

        def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
            parts = list(batches)
            if not parts or not sum(b.num_rows for b in parts):
                return
            table = pa.Table.from_batches(parts).select(records.names)
            yield from fn(table).cast(out).to_batches()

        count = partitions or int(self.spark.sparkContext.defaultParallelism)
        with failures("spark"):
            grouped = (self.frame.where(F.col(STATE).isNull()).select(*records.names)
                       .repartition(max(count, 1), key).mapInArrow(run, _ddl(out)))
            table: pa.Table = grouped.toArrow()
        return table
