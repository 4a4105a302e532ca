"""Where an audit's heavy steps run: ``local`` (this process), ``spark``, ``sql``.

An engine computes sufficient statistics only — hiring counts per category, stage, stratum and
period, confusion counts, the median of scoring mode; the monitoring scan's tier-2 detection
over distinct texts — and the audits compute everything after them with the same code
(design.md, "Data flow"). ``spark`` and ``sql`` are imported on first use: their extras
(``spark``: pyspark and Java 17; ``sql``: SQLAlchemy and a driver) are optional.
"""

from typing import TYPE_CHECKING

from ai_work_audit.engines._base import (
    ENGINES,
    MSG_JAVA,
    MSG_SPARK_EXTRA,
    MSG_SQL_EXTRA,
    count_hiring,
    explain_hiring,
    require_spark,
    require_sql,
)
from ai_work_audit.engines._counts import (
    APPLICANTS,
    PERIOD,
    POSITIVES,
    SELECTED,
    STAGE,
    STRATUM,
    TRUE_POSITIVES,
    CountOptions,
    hiring_counts,
)
from ai_work_audit.engines._result import MSG_ENGINE_FAILED, CountedInput, EngineError

if TYPE_CHECKING:
    from ai_work_audit.engines._scan import SparkAnalysisPool
    from ai_work_audit.engines._spark import PartialRun, session


def __getattr__(name: str) -> object:
    """``SparkAnalysisPool`` (it needs the privacy extra and pyspark), ``PartialRun`` and
    ``session`` (pyspark) on first use."""
    if name == "SparkAnalysisPool":
        from ai_work_audit.engines._scan import SparkAnalysisPool

        return SparkAnalysisPool
    if name in ("PartialRun", "session"):
        from ai_work_audit.engines import _spark

        return getattr(_spark, name)
    raise AttributeError(name)


__all__ = [
    "APPLICANTS",
    "ENGINES",
    "MSG_ENGINE_FAILED",
    "MSG_JAVA",
    "MSG_SPARK_EXTRA",
    "MSG_SQL_EXTRA",
    "PERIOD",
    "POSITIVES",
    "SELECTED",
    "STAGE",
    "STRATUM",
    "TRUE_POSITIVES",
    "CountOptions",
    "CountedInput",
    "EngineError",
    "PartialRun",
    "SparkAnalysisPool",
    "count_hiring",
    "explain_hiring",
    "hiring_counts",
    "require_spark",
    "require_sql",
    "session",
]
