"""Cross-checks against fairlearn and property tests (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_ratio,
    equalized_odds_difference,
    selection_rate,
    true_positive_rate,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_work_audit.hiring import HiringOptions, audit_hiring_file

from .helpers import expand_rows, write_csv


def _random_frame(seed: int, n: int = 3000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    sex = rng.choice(["F", "M", "X"], size=n, p=[0.45, 0.5, 0.05])
    race = rng.choice(list("ABCDE"), size=n)
    rate = np.where(sex == "F", 0.3, 0.4) + np.where(race == "C", -0.1, 0.0)
    decision = (rng.random(n) < rate).astype(int)
    label = (rng.random(n) < 0.5).astype(int)
    return pd.DataFrame({"sex": sex, "race": race, "decision": decision, "label": label})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rates_and_parity_match_fairlearn(tmp_path: Path, seed: int) -> None:
    frame = _random_frame(seed)
    path = write_csv(frame, tmp_path / "d.csv")
    audit = audit_hiring_file(path, HiringOptions(group=("sex", "race"), outcome="decision",
                                                  label="label"))
    for table in audit.tables:
        attrs = table.attributes
        features = frame[attrs].astype(str).agg(" × ".join, axis=1) if len(attrs) > 1 \
            else frame[attrs[0]]
        mf = MetricFrame(metrics=selection_rate, y_true=frame["label"],
                         y_pred=frame["decision"], sensitive_features=features)
        ours = {" × ".join(r.group.values()): r.rate for r in table.rows}
        for key, value in mf.by_group.items():
            assert ours[str(key)] == pytest.approx(value, abs=1e-12)
        ratio = demographic_parity_ratio(frame["label"], frame["decision"],
                                         sensitive_features=features)
        assert table.min_impact_ratio == pytest.approx(ratio, abs=1e-12)
    for metrics, attrs in zip(audit.model_metrics, (["sex"], ["race"], ["sex", "race"]),
                              strict=True):
        features = frame[attrs].astype(str).agg(" × ".join, axis=1) if len(attrs) > 1 \
            else frame[attrs[0]]
        eod = equalized_odds_difference(frame["label"], frame["decision"],
                                        sensitive_features=features)
        assert metrics["metrics"]["equalized_odds_difference"] == pytest.approx(eod, abs=1e-12)
        tpr = MetricFrame(metrics=true_positive_rate, y_true=frame["label"],
                          y_pred=frame["decision"], sensitive_features=features).by_group
        ours = {g["group"]: g["tpr"] for g in metrics["by_group"]}
        for key, value in tpr.items():
            assert ours[str(key)] == pytest.approx(value, abs=1e-12)


counts_strategy = st.lists(
    st.tuples(st.integers(1, 60), st.floats(0, 1)),
    min_size=1, max_size=6,
).map(lambda items: [(f"g{i}", n, round(n * f)) for i, (n, f) in enumerate(items)])


def _document(path: Path, **kwargs: object) -> dict[str, object]:
    doc = audit_hiring_file(path, HiringOptions(group=("g",), **kwargs)).to_dict()  # type: ignore[arg-type]
    return {"tables": doc["tables"]}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=counts_strategy, seed=st.integers(0, 10_000))
def test_properties(tmp_path: Path, counts: list[tuple[str, int, int]], seed: int) -> None:
    rows = expand_rows(counts)
    path = write_csv(rows, tmp_path / "rows.csv")
    doc = _document(path, outcome="outcome")
    table = doc["tables"][0]  # type: ignore[index]
    ratios = [r["impact_ratio"] for r in table["rows"] if r["impact_ratio"] is not None]
    assert all(0.0 <= r <= 1.0 for r in ratios)
    if any(s > 0 for _, _, s in counts):
        assert max(ratios) == 1.0
        assert sum(1 for r in table["rows"] if r["is_reference"]) == 1
    # row order changes nothing
    shuffled = write_csv(rows.sample(frac=1.0, random_state=seed), tmp_path / "shuffled.csv")
    assert _document(shuffled, outcome="outcome") == doc
    # aggregated input gives the identical document
    agg = pd.DataFrame(counts, columns=["g", "n", "k"])
    aggregated = write_csv(agg, tmp_path / "agg.csv")
    assert _document(aggregated, applicants="n", selected="k") == doc
