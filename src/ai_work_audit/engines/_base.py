"""The engine seam: what every engine returns, the dispatch, and the errors of missing extras."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from ai_work_audit.engines._counts import CountOptions
from ai_work_audit.engines._result import CountedInput
from ai_work_audit.errors import ConfigError

ENGINES = ("local", "spark", "sql")
MSG_SPARK_EXTRA = ("--engine spark needs the 'spark' extra, which is not installed; install it "
                   "with `pip install 'ai-work-audit[spark]'` (PySpark 4, with Java 17).")
MSG_JAVA = ("--engine spark needs Java 17 or later, and no `java` was found (neither JAVA_HOME "
            "nor PATH). Install a JDK 17 (Debian: `apt-get install openjdk-17-jre-headless`).")
MSG_SQL_EXTRA = ("--engine sql needs the 'sql' extra (SQLAlchemy and a database driver such as "
                 "psycopg), which is not installed; install it with "
                 "`pip install 'ai-work-audit[sql]'`.")
def require_spark() -> None:
    """ConfigError naming the extra or Java when the Spark engine cannot start."""
    if importlib.util.find_spec("pyspark") is None:
        raise ConfigError(MSG_SPARK_EXTRA)
    import os

    home = os.environ.get("JAVA_HOME")
    if not (home and Path(home, "bin", "java").exists()) and shutil.which("java") is None:
        raise ConfigError(MSG_JAVA)


def require_sql() -> None:
    """ConfigError naming the extra when SQLAlchemy is missing."""
    if importlib.util.find_spec("sqlalchemy") is None:
        raise ConfigError(MSG_SQL_EXTRA)


def count_hiring(path: str | Path | None, options: Any) -> CountedInput:
    """Hiring sufficient statistics computed by ``options.engine`` (spark or sql)."""
    opts: CountOptions = options
    if options.engine == "spark":
        require_spark()
        from ai_work_audit.engines import _spark

        if path is None:
            raise ConfigError("--engine spark reads an INPUT path (file, folder or URI); "
                              "got none.")
        return _spark.count_hiring(str(path), opts, master=options.spark_master,
                                   conf=options.spark_conf, no_header=options.no_header)
    if options.engine == "sql":
        require_sql()
        from ai_work_audit.engines import _sql

        return _sql.count_hiring(options.source, opts, table=options.table,
                                 query=options.query)
    raise ConfigError(f"--engine must be one of {', '.join(ENGINES)}; got another value "
                      "instead.")


def explain_hiring(options: Any) -> list[str]:
    """The SQL statements ``--engine sql`` sends for ``options`` (``--explain``)."""
    require_sql()
    from ai_work_audit.engines import _sql

    return _sql.explain_hiring(options.source, options, table=options.table,
                               query=options.query)
