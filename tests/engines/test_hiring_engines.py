"""``--engine spark`` and ``--engine sql`` give the local engine's hiring document, field for
field (ids, timings, the input's digest and name aside), in every mode (issue 14)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.engines.conftest import DEMO

from ai_work_audit.engines import EngineError, explain_hiring
from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.hiring import HiringOptions, audit_hiring_file

GROUPS = {"group": ("sex", "race_ethnicity")}
#: mode → (demo table, options); every mode of contracts.md ``ai-work-audit hiring``.
MODES: dict[str, tuple[str, dict[str, Any]]] = {
    "selection": ("candidates", {"outcome": "screened_in"}),
    "scoring": ("candidates", {"score": "screening_score", "exclude_under": 0.02}),
    "funnel": ("funnel", {"outcome": "passed", "stage": "stage",
                          "stage_order": ("application", "screening", "interview", "offer"),
                          "exclude_under": 0.02}),
    "trend": ("candidates", {"outcome": "screened_in", "period": "applied_on", "by": "quarter"}),
    "label": ("candidates", {"outcome": "screened_in", "label": "qualified"}),
    "stratified": ("candidates", {"outcome": "screened_in", "stratum": "age_band"}),
    "aggregated": ("aggregated", {"applicants": "applicants", "selected": "selected"}),
}
#: What differs by engine on purpose: ids, timings, where the input came from.
ASIDE = ("audit_id", "created_at", "input_sha256", "input_name")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in document.items() if k not in ASIDE}
    if isinstance(out.get("input"), dict):
        out["input"] = {k: v for k, v in out["input"].items() if k not in ("sha256", "name")}
    out["parameters"] = {k: v for k, v in document["parameters"].items()
                         if k not in ("engine", "table")}
    return out


def local_document(path: Path, options: dict[str, Any]) -> dict[str, Any]:
    return audit_hiring_file(path, HiringOptions(**GROUPS, **options, system="s")).to_dict()


@pytest.mark.parametrize("mode", list(MODES))
def test_spark_document_equals_local(spark: Any, mode: str) -> None:
    table, options = MODES[mode]
    path = DEMO / f"{table}.csv"
    local = local_document(path, options)
    document = audit_hiring_file(path, HiringOptions(
        **GROUPS, **options, system="s", engine="spark", spark_master="local[2]")).to_dict()
    assert document["parameters"]["engine"] == "spark"
    assert local["parameters"]["engine"] == "local"
    assert document["input"]["sha256"] == local["input"]["sha256"]  # the same file's digest
    assert comparable(document) == comparable(local)


@pytest.mark.postgres
@pytest.mark.parametrize("mode", list(MODES))
def test_sql_document_equals_local(postgres: dict[str, str], mode: str) -> None:
    table, options = MODES[mode]
    local = local_document(DEMO / f"{table}.csv", options)
    document = audit_hiring_file(None, HiringOptions(
        **GROUPS, **options, system="s", engine="sql", source=postgres["reader"],
        table=table)).to_dict()
    assert document["parameters"]["engine"] == "sql"
    assert document["parameters"]["table"] == table
    assert "source" not in document["parameters"]  # the URL (a role, maybe a password)
    assert comparable(document) == comparable(local)


@pytest.mark.postgres
def test_sql_query_source_and_explain(postgres: dict[str, str]) -> None:
    """``--query`` audits a SELECT; ``--explain`` shows every statement, running none."""
    options = HiringOptions(**GROUPS, outcome="screened_in", system="s", engine="sql",
                            source=postgres["reader"],
                            query="SELECT * FROM candidates WHERE age_band = 'Under 40'")
    statements = explain_hiring(options)
    assert len(statements) == 1 and "GROUP BY" in statements[0]
    assert "FROM (SELECT * FROM candidates WHERE age_band = 'Under 40') AS audited" in \
        statements[0]
    scoring = explain_hiring(HiringOptions(**GROUPS, score="screening_score", engine="sql",
                                           source=postgres["reader"], table="candidates"))
    assert len(scoring) == 3 and "PERCENTILE_DISC(0.5)" in scoring[0]
    document = audit_hiring_file(None, options).to_dict()
    frame = pd.read_csv(DEMO / "candidates.csv", keep_default_na=False)
    assert document["input"]["rows"] == int((frame["age_band"] == "Under 40").sum())


@pytest.mark.postgres
def test_sql_failures_are_one_clear_error(postgres: dict[str, str]) -> None:
    """A missing table, a role without SELECT, a bad URL: one error naming no value."""
    with pytest.raises(EngineError, match=r"the sql engine failed .*ProgrammingError"):
        audit_hiring_file(None, HiringOptions(**GROUPS, outcome="screened_in", engine="sql",
                                              source=postgres["reader"], table="missing"))
    with pytest.raises(ConfigError, match="--source must be an SQLAlchemy database URL"):
        audit_hiring_file(None, HiringOptions(**GROUPS, outcome="screened_in", engine="sql",
                                              source="not a url", table="candidates"))
    with pytest.raises(ConfigError, match="--date-format is not supported by --engine sql"):
        audit_hiring_file(None, HiringOptions(**GROUPS, outcome="screened_in", engine="sql",
                                              source=postgres["reader"], table="candidates",
                                              period="applied_on", date_format="%d/%m/%Y"))


@pytest.mark.postgres
def test_sql_invalid_values_are_counted_not_shown(postgres: dict[str, str]) -> None:
    """Invalid outcomes are an InputError with their count (no value, no row list)."""
    with pytest.raises(InputError) as caught:
        audit_hiring_file(None, HiringOptions(**GROUPS, outcome="age_band", engine="sql",
                                              source=postgres["reader"], table="candidates"))
    message = str(caught.value)
    assert "column 'age_band' must hold 1/0" in message and "Under 40" not in message
    assert "without row numbers" in message


def test_options_need_their_engine() -> None:
    with pytest.raises(ConfigError, match="--engine sql needs --source and one of --table"):
        HiringOptions(**GROUPS, outcome="d", engine="sql", source="postgresql://x/y")
    with pytest.raises(ConfigError, match="need --engine sql"):
        HiringOptions(**GROUPS, outcome="d", table="t")
    with pytest.raises(ConfigError, match="--spark-master and --spark-conf need --engine"):
        HiringOptions(**GROUPS, outcome="d", spark_master="local[1]")
    with pytest.raises(ConfigError, match="--spark-conf must be KEY=VALUE"):
        HiringOptions(**GROUPS, outcome="d", engine="spark", spark_conf=("nokey",))


# --- random data (hypothesis, small) ----------------------------------------------------------

ROWS = st.lists(st.tuples(
    st.sampled_from(["F", "M", "X", "", "Unknown"]),
    st.sampled_from(["A", "B", "C"]),
    st.sampled_from(["yes", "no", "1", "0", "Oui", "non"]),
    st.sampled_from([1.0, 2.5, 2.5, 3.0, 7.25, 10.0, 0.1]),
    st.sampled_from(["s1", "s2"]),
    st.sampled_from(["2025-01-15", "2025-04-01", "2025-12-31"]),
), min_size=12, max_size=60)


def _write(rows: list[tuple[Any, ...]], folder: Path) -> tuple[Path, pd.DataFrame]:
    frame = pd.DataFrame(rows, columns=["sex", "race", "decision", "score", "site", "day"])
    path = folder / f"r{uuid.uuid4().hex[:8]}.csv"
    frame.to_csv(path, index=False)
    return path, frame


def _local_or_error(path: Path, options: dict[str, Any]) -> dict[str, Any] | str:
    try:
        return comparable(audit_hiring_file(path, HiringOptions(**options)).to_dict())
    except InputError as exc:
        return f"InputError ({len(exc.problems)})"


RANDOM = [{"outcome": "decision", "stratum": "site", "period": "day", "by": "month"},
          {"score": "score"}]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=ROWS, which=st.sampled_from(RANDOM))
def test_random_data_same_document_on_every_engine(spark: Any, postgres: dict[str, str],
                                                   tmp_path: Path, rows: list[Any],
                                                   which: dict[str, Any]) -> None:
    import sqlalchemy as sa

    options = {"group": ("sex", "race"), "system": "s", **which}
    path, frame = _write(rows, tmp_path)
    expected = _local_or_error(path, options)
    table = path.stem
    engine = sa.create_engine(postgres["owner"])
    try:
        frame.to_sql(table, engine, index=False)
    finally:
        engine.dispose()
    for engine_options in ({"engine": "spark", "spark_master": "local[2]"},
                           {"engine": "sql", "source": postgres["owner"], "table": table}):
        try:
            got: dict[str, Any] | str = comparable(audit_hiring_file(
                path if engine_options["engine"] == "spark" else None,
                HiringOptions(**options, **engine_options)).to_dict())
        except InputError as exc:
            got = f"InputError ({len(exc.problems)})"
        assert got == expected, engine_options["engine"]


def test_spark_reads_parquet_folders_and_json_lines(spark: Any, tmp_path: Path) -> None:
    """A folder of Parquet parts and a JSON Lines file give the document of the CSV."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    frame = pd.read_csv(DEMO / "candidates.csv", keep_default_na=False)
    options = {"outcome": "screened_in", "label": "qualified"}
    expected = comparable(local_document(DEMO / "candidates.csv", options))
    folder = tmp_path / "parts"
    folder.mkdir()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table.slice(0, 700), folder / "part-0.parquet")
    pq.write_table(table.slice(700), folder / "part-1.parquet")
    lines = tmp_path / "candidates.jsonl"
    frame.to_json(lines, orient="records", lines=True)
    for path in (folder, lines):
        document = audit_hiring_file(path, HiringOptions(
            **GROUPS, **options, system="s", engine="spark")).to_dict()
        assert comparable(document) == expected, path.name


def test_spec_params_carry_the_engine_settings() -> None:
    """Audit specs and API params are validated by the same options model."""
    from ai_work_audit.hiring import hiring_options_from_params
    from ai_work_audit.monitoring import MonitoringOptions
    from ai_work_audit.options import options_from_params

    options = hiring_options_from_params({
        "group": ["sex"], "outcome": "d", "engine": "spark", "spark_master": "local[1]",
        "spark_conf": ["spark.executor.memory=2g"]})
    assert options.spark_conf == ("spark.executor.memory=2g",)
    assert options.to_params()["engine"] == "spark"
    assert "spark_conf" not in options.to_params() and "spark_master" not in options.to_params()
    with pytest.raises(ConfigError, match=r"engine must be one of local, spark"):
        options_from_params(MonitoringOptions, {"engine": "sql"})
