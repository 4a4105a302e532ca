"""Model metrics where outcomes are known, computed by fairlearn on sufficient statistics.

Definitions: fairlearn.metrics — ``true_positive_rate``, ``false_positive_rate``,
``selection_rate``, ``equalized_odds_difference`` (the larger of the TPR and FPR differences
between groups) and ``demographic_parity_ratio`` (smallest ÷ largest selection rate).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

APPLICANTS = "applicants"
SELECTED = "selected"
POSITIVES = "positives"
TRUE_POSITIVES = "true_positives"


def expand_confusion(counts: pd.DataFrame, attributes: list[str]) -> pd.DataFrame:
    """Rows (group, y_true, y_pred, weight) from per-group applicants/selected/label counts."""
    grouped = counts.groupby(attributes, dropna=False, observed=True)[
        [APPLICANTS, SELECTED, POSITIVES, TRUE_POSITIVES]].sum().reset_index()
    tp = grouped[TRUE_POSITIVES]
    fp = grouped[SELECTED] - tp
    fn = grouped[POSITIVES] - tp
    tn = grouped[APPLICANTS] - tp - fp - fn
    parts = []
    for y_true, y_pred, weight in ((1, 1, tp), (0, 1, fp), (1, 0, fn), (0, 0, tn)):
        part = grouped[attributes].copy()
        part["y_true"] = y_true
        part["y_pred"] = y_pred
        part["weight"] = weight.to_numpy()
        parts.append(part)
    rows = pd.concat(parts, ignore_index=True)
    return rows[rows["weight"] > 0].reset_index(drop=True)


def group_model_metrics(counts: pd.DataFrame, attributes: list[str]) -> dict[str, Any]:
    """fairlearn's per-group TPR, FPR and selection rate, and the two summary metrics."""
    from fairlearn.metrics import (
        MetricFrame,
        demographic_parity_ratio,
        equalized_odds_difference,
        false_positive_rate,
        selection_rate,
        true_positive_rate,
    )

    rows = expand_confusion(counts, attributes)
    if rows.empty:
        return {"attributes": attributes, "metrics": {}, "by_group": []}
    sensitive = rows[attributes].astype(str).agg(" × ".join, axis=1) if len(attributes) > 1 \
        else rows[attributes[0]].astype(str)
    weight = rows["weight"].to_numpy(dtype=np.float64)
    y_true = rows["y_true"].to_numpy()
    y_pred = rows["y_pred"].to_numpy()
    frame = MetricFrame(
        metrics={"tpr": true_positive_rate, "fpr": false_positive_rate,
                 "selection_rate": selection_rate},
        y_true=y_true, y_pred=y_pred, sensitive_features=sensitive.to_numpy(),
        sample_params={name: {"sample_weight": weight}
                       for name in ("tpr", "fpr", "selection_rate")},
    )
    sizes = pd.Series(weight, index=sensitive.to_numpy()).groupby(level=0).sum()
    by_group = []
    for key, values in frame.by_group.iterrows():
        by_group.append({
            "group": str(key),
            "count": int(sizes[str(key)]),
            "tpr": _clean(values["tpr"]),
            "fpr": _clean(values["fpr"]),
            "selection_rate": _clean(values["selection_rate"]),
        })
    tprs = [float(g["tpr"]) for g in by_group if isinstance(g["tpr"], float)]
    metrics = {
        "equalized_odds_difference": _clean(equalized_odds_difference(
            y_true, y_pred, sensitive_features=sensitive.to_numpy(), sample_weight=weight)),
        "demographic_parity_ratio": _clean(demographic_parity_ratio(
            y_true, y_pred, sensitive_features=sensitive.to_numpy(), sample_weight=weight)),
        "tpr_gap": (max(tprs) - min(tprs)) if tprs else None,
    }
    return {"attributes": attributes, "metrics": metrics, "by_group": by_group}


def _clean(value: Any) -> float | None:
    number = float(value)
    return number if np.isfinite(number) else None
