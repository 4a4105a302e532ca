"""MLflow metrics from facts: the metrics of a run are the audit's facts (vocab/facts.yaml).

Numeric facts are logged as they are, booleans as 1/0, missing values as None (the run
records no value); texts are skipped. Names are made MLflow-safe.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from ai_work_audit.findings import MetricValue

_METRIC_NAME = re.compile(r"[^A-Za-z0-9_\-./ ]+")


def metric_name(*parts: str) -> str:
    """An MLflow-safe metric name from parts (fact ids, column names), joined by dots."""
    return ".".join(_METRIC_NAME.sub("_", p).strip() or "_" for p in parts)


def metric_value(value: MetricValue) -> float | None:
    """A fact as a metric value: numbers as floats, booleans as 1/0, None or NaN as None."""
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        number = float(value)
        return number if not math.isnan(number) else None
    return None


def metrics_from_facts(facts: Mapping[str, MetricValue], *, scope: str | None = None,
                       only: Iterable[str] | None = None) -> dict[str, float | None]:
    """The MLflow metrics of ``facts`` (fact id → value); strings are skipped.

    With ``scope`` (a table's label), a metric is named after the fact id without its first
    part, then the scope: ``hiring.min_impact_ratio`` of table ``sex`` → ``min_impact_ratio.sex``
    (the per-table names runs have always carried). ``only`` restricts to those fact ids.
    """
    wanted = set(only) if only is not None else None
    out: dict[str, float | None] = {}
    for fact, value in facts.items():
        if isinstance(value, str) or (wanted is not None and fact not in wanted):
            continue
        if scope is None:
            out[metric_name(fact)] = metric_value(value)
        else:
            out[metric_name(fact.split(".", 1)[-1], scope)] = metric_value(value)
    return out
