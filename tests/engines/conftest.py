"""A real SparkSession (``local[2]``) and a real PostgreSQL database, one each per session."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_ROLE = "awa_engines"
PG_READER = "awa_engines_reader"
PG_PASSWORD = "awa_engines_pw"  # throw-away roles on the local test server only
DEMO = Path(__file__).parents[1] / "golden" / "data" / "inputs" / "hiring"


def _psql(sql: str, database: str = "postgres") -> subprocess.CompletedProcess[str]:
    return subprocess.run(["su", "postgres", "-c",
                           f"psql -d {database} -v ON_ERROR_STOP=1 -qAt -c \"{sql}\""],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    """The session's Spark (the engine's own ``session``, on ``local[2]``)."""
    pytest.importorskip("pyspark")
    from ai_work_audit.engines._spark import session

    yield session("local[2]", ("spark.sql.shuffle.partitions=4",))


@pytest.fixture(scope="session")
def postgres() -> Iterator[dict[str, str]]:
    """A fresh database with the demo hiring tables, owned by one role and readable (SELECT
    only) by another: ``{"owner": url, "reader": url}``. Dropped after the session."""
    if shutil.which("su") is None or shutil.which("psql") is None:
        pytest.skip("PostgreSQL client tools (psql) are not installed")
    if _psql("SELECT 1").returncode != 0:
        pytest.skip("PostgreSQL is not reachable (pg_ctlcluster --skip-systemctl-redirect 15 "
                    "main start)")
    for role in (PG_ROLE, PG_READER):
        if not _psql(f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'").stdout.strip():
            _psql(f"CREATE ROLE {role} LOGIN PASSWORD '{PG_PASSWORD}'")
    name = f"awa_engines_{uuid.uuid4().hex[:12]}"
    created = _psql(f"CREATE DATABASE {name} OWNER {PG_ROLE}")
    if created.returncode != 0:
        pytest.skip("cannot create a PostgreSQL test database")
    owner = f"postgresql+psycopg://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:5432/{name}"
    reader = f"postgresql+psycopg://{PG_READER}:{PG_PASSWORD}@127.0.0.1:5432/{name}"
    load_demo(owner)
    _psql(f"GRANT CONNECT ON DATABASE {name} TO {PG_READER}")
    _psql(f"GRANT USAGE ON SCHEMA public TO {PG_READER}", name)
    _psql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {PG_READER}", name)
    yield {"owner": owner, "reader": reader}
    _psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def load_demo(url: str) -> None:
    """The demo CSVs as tables, with the column types a warehouse would give them."""
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        for stem in ("candidates", "funnel", "aggregated"):
            frame = pd.read_csv(DEMO / f"{stem}.csv", keep_default_na=False,
                                dtype={"sex": str, "race_ethnicity": str})
            if "applied_on" in frame:
                frame["applied_on"] = pd.to_datetime(frame["applied_on"]).dt.date
            frame.to_sql(stem, engine, index=False)
    finally:
        engine.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests on the SparkSession are ``slow`` (their first query starts a JVM; CI runs them)."""
    for item in items:
        if "spark" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
