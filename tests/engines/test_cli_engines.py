"""The engines through the command line: exit codes, messages, ``--explain``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.engines.conftest import DEMO

from ai_work_audit.engines import MSG_JAVA

SRC = str(Path(__file__).parents[2] / "src")
HIRING = ["hiring", "--group", "sex", "--group", "race_ethnicity", "--outcome", "screened_in",
          "--system", "s", "--format", "json", "--no-ledger"]


def cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
        ) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": SRC, **(env or {})}
    return subprocess.run([sys.executable, "-m", "ai_work_audit.cli", *args],
                          capture_output=True, text=True, env=environment, timeout=300,
                          check=False, cwd=cwd)


def _json(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    for key in ("audit_id", "created_at", "input_sha256", "input_name"):
        document.pop(key, None)
    document["input"].pop("sha256")
    document["input"].pop("name")
    document["parameters"].pop("engine")
    document["parameters"].pop("table", None)
    return document


@pytest.mark.postgres
def test_cli_sql_engine_gives_the_local_document(postgres: dict[str, str],
                                                 tmp_path: Path) -> None:
    home = {"AI_WORK_AUDIT_HOME": str(tmp_path)}
    local = cli(*HIRING, str(DEMO / "candidates.csv"), env=home, cwd=tmp_path)
    assert local.returncode == 0, local.stderr
    sql = cli(*HIRING, "--engine", "sql", "--source", postgres["reader"], "--table",
              "candidates", env=home, cwd=tmp_path)
    assert sql.returncode == 0, sql.stderr
    assert _json(sql.stdout) == _json(local.stdout)
    assert postgres["reader"].split("@")[0] not in sql.stdout  # the role's password


@pytest.mark.postgres
def test_cli_explain_prints_the_queries_and_runs_nothing(postgres: dict[str, str],
                                                         tmp_path: Path) -> None:
    done = cli(*HIRING, "--engine", "sql", "--source", postgres["reader"], "--table",
               "candidates", "--explain", env={"AI_WORK_AUDIT_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("WITH audited_rows AS (") and "GROUP BY" in done.stdout
    assert '"candidates"' in done.stdout or "FROM candidates" in done.stdout


@pytest.mark.postgres
def test_cli_database_failure_exits_2_with_one_line(postgres: dict[str, str],
                                                    tmp_path: Path) -> None:
    done = cli(*HIRING, "--engine", "sql", "--source", postgres["reader"], "--table",
               "no_such_table", env={"AI_WORK_AUDIT_HOME": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.startswith("error: the sql engine failed") and "Traceback" not in \
        done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_options_need_their_engine(tmp_path: Path) -> None:
    done = cli(*HIRING, str(DEMO / "candidates.csv"), "--table", "t")
    assert done.returncode == 2 and "need --engine sql" in done.stderr
    none = cli(*HIRING)
    assert none.returncode == 2 and "needs an INPUT file" in none.stderr


def test_spark_without_java_names_java(tmp_path: Path) -> None:
    """No JAVA_HOME and no java on PATH: a ConfigError naming Java 17 (exit 2)."""
    bare = tmp_path / "bin"
    bare.mkdir()
    done = cli(*HIRING, str(DEMO / "candidates.csv"), "--engine", "spark",
               env={"PATH": str(bare), "JAVA_HOME": ""})
    assert done.returncode == 2
    assert " ".join(MSG_JAVA.split())[:60] in done.stderr


@pytest.mark.slow
def test_cli_spark_monitoring_keeps_the_jvm_off_stderr(tmp_path: Path) -> None:
    """``monitoring --engine spark`` in a fresh process (a new JVM): the Java launcher's and
    Spark's start-up lines do not reach stderr, and the document is local's."""
    pytest.importorskip("pyspark")
    from tests.engines.test_monitoring_engines import _random_log

    _random_log(tmp_path, 3, 120, 2, ["csv", "parquet"])
    args = ("monitoring", str(tmp_path), "--timezone", "UTC", "--format", "json",
            "--no-ledger", "--jobs", "1")
    local = cli(*args)
    spark = cli(*args, "--engine", "spark", "--spark-master", "local[2]")
    assert local.returncode == 0 and spark.returncode == 0, spark.stderr
    for line in ("WARNING: Using incubator modules", "Setting default log level",
                 "sc.setLogLevel", "FutureWarning", "WARN "):
        assert line not in spark.stderr
    assert spark.stderr.strip() == local.stderr.strip()

    def plain(text: str) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(text)
        for key in ("audit_id", "created_at"):
            document.pop(key)
        document["parameters"].pop("engine")
        return document

    assert plain(spark.stdout) == plain(local.stdout)
