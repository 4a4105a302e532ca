"""Equal-access audits (issue 16): worked examples checked by hand and against statsmodels, the
index de l'égalité promotion gap, training indicators, disclosure and bad input."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import CliResult

from ai_work_audit.access import (
    PromotionOptions,
    TrainingOptions,
    audit_access_file,
    km_median,
    log_rank,
    promotion_gap,
)
from ai_work_audit.access._equality import gap_points
from ai_work_audit.documents import AccessDocument, load_document
from ai_work_audit.errors import ConfigError
from ai_work_audit.run import run


def _write(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _people(csp: str, sex: str, n: int, promoted: int, **extra: Any) -> list[dict[str, Any]]:
    return [{"sex": sex, "csp": csp, "promoted": int(i < promoted),
             "months": 12 + i if i < promoted else 40, **extra} for i in range(n)]


@pytest.fixture
def promotions(tmp_path: Path) -> Path:
    """Hand-checked: cadres 20 women (4 promoted, 20 %) and 30 men (9, 30 %); employés 30
    women (6, 20 %) and 20 men (4, 20 %)."""
    rows = (_people("cadres", "F", 20, 4) + _people("cadres", "M", 30, 9)
            + _people("employes", "F", 30, 6) + _people("employes", "M", 20, 4))
    return _write(tmp_path / "promotions.csv", rows)


# --- the hand-checked promotion table ------------------------------------------------------------


def test_a_promotion_table_checked_by_hand(promotions: Path) -> None:
    audit = audit_access_file(promotions, PromotionOptions(group=("sex",), outcome="promoted",
                                                           csp="csp"), "promotion")
    doc = audit.to_dict()
    assert doc["schema"] == "ai-work-audit/access-audit/v1" and doc["process"] == "promotion"
    rows = {r["group"]["sex"]: r for r in doc["tables"][0]["rows"]}
    assert (rows["F"]["applicants"], rows["F"]["selected"]) == (50, 10)
    assert (rows["M"]["applicants"], rows["M"]["selected"]) == (50, 13)
    assert rows["F"]["impact_ratio"] == pytest.approx((10 / 50) / (13 / 50))  # 0.769
    assert rows["F"]["adverse_impact"] is True
    # index: cadres gap 30 − 20 = 10 points × weight 50/100; employés 0 → 5.0 → 10 points
    index = doc["equality_index"]
    assert index["calculable"] is True and index["gap"] == 5.0 and index["points"] == 10
    assert index["favours"] == "men"
    assert doc["facts"]["access.equality_promotion_points"] == 10
    assert doc["facts"]["access.min_impact_ratio"] == pytest.approx(0.7692, abs=1e-4)
    AccessDocument.model_validate(doc)


def test_the_four_fifths_rule_is_a_warning_and_the_index_a_reference(promotions: Path) -> None:
    result = run("promotion", promotions, PromotionOptions(group=("sex",), outcome="promoted",
                                                           csp="csp"), record=False)
    outcome = {f.rule: f.outcome.value for f in result.findings}
    assert outcome["access.four_fifths"] == "warn"  # a screen, not a failure
    assert outcome["access.statistical_significance"] == "pass"
    assert outcome["access.equality_index_promotion"] == "warn"  # 10 of 15 points
    finding = next(f for f in result.findings if f.rule == "access.equality_index_promotion")
    assert "5.0 percentage points" in finding.messages["en"]
    assert "points de pourcentage" in finding.messages["fr"]


@pytest.mark.parametrize(("gap", "points"), [(0.0, 15), (2.0, 15), (2.1, 10), (5.0, 10),
                                             (5.1, 5), (10.0, 5), (10.1, 0), (40.0, 0)])
def test_the_index_points_scale_of_d1142_2(gap: float, points: int) -> None:
    assert gap_points(gap) == points


def test_a_category_with_fewer_than_10_of_a_sex_is_left_out_and_the_40_percent_rule() -> None:
    # cadres: 9 women → left out; employés: 10 women (5 up), 10 men (2 up): gap −30 points
    sexes = ["F"] * 9 + ["M"] * 30 + ["F"] * 10 + ["M"] * 10
    csps = ["cadres"] * 39 + ["employes"] * 20
    promoted = [1] * 3 + [0] * 6 + [1] * 10 + [0] * 20 + [1] * 5 + [0] * 5 + [1] * 2 + [0] * 8
    index = promotion_gap(sexes, csps, promoted)
    counted = {c["csp"]: c["counted"] for c in index["categories"]}
    assert counted == {"cadres": False, "employes": True}
    # 20 of 59 workers counted: under 40 %, not calculable
    assert index["workers_counted"] == 20 and index["calculable"] is False
    assert index["gap"] is None and index["points"] is None
    # with the cadres large enough, the weighted gap is computed (and favours women here)
    index = promotion_gap(["F"] * 10 + ["M"] * 10, ["x"] * 20, [1] * 5 + [0] * 5 + [1] * 2
                          + [0] * 8)
    assert index["gap"] == 30.0 and index["favours"] == "women" and index["points"] == 0


# --- time to promotion -------------------------------------------------------------------------


def _log_rank_by_hand(times: np.ndarray, events: np.ndarray, group: np.ndarray) -> float:
    """The log-rank chi-square (Mantel 1966), written out: Σ(O − E) over event times for group
    1, squared, over the hypergeometric variance."""
    o_minus_e = 0.0
    variance = 0.0
    for t in np.unique(times[events == 1]):
        at_risk = times >= t
        n, n1 = at_risk.sum(), (at_risk & (group == 1)).sum()
        d = ((times == t) & (events == 1)).sum()
        d1 = ((times == t) & (events == 1) & (group == 1)).sum()
        o_minus_e += d1 - d * n1 / n
        if n > 1:
            variance += d * (n1 / n) * (1 - n1 / n) * (n - d) / (n - 1)
    return o_minus_e ** 2 / variance


def test_a_censored_time_to_promotion_example_by_hand_and_against_statsmodels() -> None:
    from statsmodels.duration.survfunc import SurvfuncRight, survdiff

    # A: 2, 3, 3+, 5, 8+, 9 (+ = not yet promoted, censored). By hand: S(2) = 5/6,
    # S(3) = 5/6 × 4/5 = 2/3, S(5) = 2/3 × 2/3 = 4/9 < 1/2 → median 5.
    a_t, a_e = np.array([2, 3, 3, 5, 8, 9.0]), np.array([1, 1, 0, 1, 0, 1])
    # B: 1, 2, 4, 6, 7 all promoted: S = 0.8, 0.6, 0.4 → median 4.
    b_t, b_e = np.array([1, 2, 4, 6, 7.0]), np.ones(5, dtype=int)
    assert km_median(a_t, a_e.astype(bool))[0] == 5.0
    assert km_median(b_t, b_e.astype(bool))[0] == 4.0
    assert km_median(a_t, a_e.astype(bool))[0] == SurvfuncRight(a_t, a_e).quantile(0.5)
    times, events = np.r_[a_t, b_t], np.r_[a_e, b_e]
    group = np.r_[np.zeros(6), np.ones(5)]
    stat, p = log_rank(times, events.astype(bool), ["A"] * 6 + ["B"] * 5)
    expected_stat, expected_p = survdiff(times, events, group)
    assert stat == pytest.approx(float(expected_stat)) and p == pytest.approx(float(expected_p))
    assert stat == pytest.approx(_log_rank_by_hand(times, events, group))


def test_duration_gives_medians_per_category_and_a_log_rank_test(tmp_path: Path) -> None:
    rows = [{"sex": "F", "promoted": e, "months": t} for t, e in
            zip([2, 3, 3, 5, 8, 9], [1, 1, 0, 1, 0, 1], strict=True)]
    rows += [{"sex": "M", "promoted": 1, "months": t} for t in (1, 2, 4, 6, 7)]
    path = _write(tmp_path / "p.csv", rows)
    audit = audit_access_file(path, PromotionOptions(group=("sex",), outcome="promoted",
                                                     duration="months"), "promotion")
    survival = audit.to_dict()["survival"][0]
    medians = {r["group"]["sex"]: (r["median_months"], r["promoted"], r["censored"])
               for r in survival["rows"]}
    assert medians == {"F": (5.0, 4, 2), "M": (4.0, 5, 0)}
    from statsmodels.duration.survfunc import survdiff

    times = np.array([2, 3, 3, 5, 8, 9, 1, 2, 4, 6, 7.0])
    events = np.array([1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1])
    _, expected_p = survdiff(times, events, np.r_[np.zeros(6), np.ones(5)])
    assert survival["logrank_p_value"] == pytest.approx(float(expected_p))
    assert audit.facts["access.min_logrank_p_value"] == survival["logrank_p_value"]
    # the index de l'égalité reads the --group column named sex
    assert audit.to_dict()["equality_index"]["sex_column"] == "sex"


def test_fewer_than_half_promoted_has_no_median() -> None:
    median, _ = km_median(np.array([3, 10, 10, 10.0]), np.array([True, False, False, False]))
    assert median is None


# --- training records: indicators 2.1 and 2.4 ----------------------------------------------------


def test_training_records_compute_indicators_2_1_and_2_4(tmp_path: Path) -> None:
    # 10 workers, 8 affected; among them 6 AI-literacy trained and 84 hours → 0.75 and 10.5
    rows = []
    for i in range(10):
        rows.append({"sex": "F" if i % 2 else "M", "part_time": "part-time" if i < 3 else
                     "full-time", "trained": int(i >= 2), "ai_literacy": int(2 <= i < 8),
                     "hours": 14 if 2 <= i < 8 else 0, "affected": int(i < 8)})
    path = _write(tmp_path / "t.csv", rows)
    options = TrainingOptions(group=("sex",), part_time="part_time", outcome="trained",
                              ai_literacy="ai_literacy", hours="hours", affected="affected")
    audit = audit_access_file(path, options, "training")
    training = audit.to_dict()["training"]
    assert training["affected_workers"] == 8 and training["ai_literacy_trained"] == 6
    assert audit.facts["access.ai_literacy_coverage"] == 0.75
    assert audit.facts["access.training_hours_per_worker"] == 84 / 8
    # part time is a first-class attribute: its own table and fact (1/3 vs 7/7 trained)
    assert [t.attributes for t in audit.tables][:2] == [["sex"], ["part_time"]]
    assert audit.facts["access.part_time_min_impact_ratio"] == pytest.approx(1 / 3)


# --- disclosure ---------------------------------------------------------------------------------


def test_the_representative_view_suppresses_small_people_counts(tmp_path: Path) -> None:
    rows = (_people("cadres", "F", 12, 3) + _people("cadres", "M", 40, 12)
            + _people("employes", "F", 4, 1) + _people("employes", "M", 30, 6))
    for r in rows:
        r["band"] = "50+" if r["sex"] == "F" and r["csp"] == "employes" else "<50"
    path = _write(tmp_path / "p.csv", rows)
    options = PromotionOptions(group=("sex",), age_band="band", outcome="promoted",
                               duration="months", csp="csp", audience="representative")
    result = run("promotion", path, options, record=False)
    full, view = result.full_document, result.document
    assert any(c["workers"] == 4 for c in full["equality_index"]["cells"])
    cells = view["equality_index"]["cells"]
    hidden = [c for c in cells if c.get("suppressed")]
    assert len(hidden) >= 2  # the 4 women, and their category's other cell (secondary)
    assert all("workers" not in c for c in hidden)
    assert "gap" not in view["equality_index"]  # computed over a hidden cell: withheld
    band = next(s for s in view["survival"] if s["attributes"] == ["band"])
    assert any(r.get("suppressed") for r in band["rows"])  # the 4 people aged 50+
    load_document(view)  # still a valid access document
    for fmt in ("md", "html"):
        text = result.view(fmt)
        assert isinstance(text, str) and "Equal access to promotion" in text


# --- bad input ----------------------------------------------------------------------------------


def test_negative_or_missing_months_are_a_clear_error(tmp_path: Path,
                                                      cli: Callable[..., CliResult]) -> None:
    rows = [{"sex": "F", "promoted": 1, "months": 3}, {"sex": "M", "promoted": 0,
                                                       "months": -2},
            {"sex": "M", "promoted": 1, "months": "NaN"}, {"sex": "F", "promoted": 0,
                                                           "months": ""}]
    path = _write(tmp_path / "bad.csv", rows)
    got = cli("promotion", str(path), "--group", "sex", "--outcome", "promoted",
              "--duration", "months", "--no-ledger")
    assert got.code == 2
    assert "column 'months' must hold months as numbers ≥ 0" in got.stderr
    assert "rows 2, 3, 4" in got.stderr and "bad.csv" in got.stderr
    assert "Traceback" not in got.stderr and "-2" not in got.stderr


def test_option_errors_name_the_flag() -> None:
    with pytest.raises(ConfigError, match="--duration needs --outcome"):
        PromotionOptions(group=("sex",), score="s", duration="months")
    with pytest.raises(ConfigError, match="--sex must name one of the --group columns"):
        PromotionOptions(group=("gender",), outcome="o", sex="sexe")
    with pytest.raises(ConfigError, match="--affected needs --ai-literacy or --hours"):
        TrainingOptions(group=("sex",), outcome="o", affected="a")


def test_the_cli_writes_an_access_document(promotions: Path,
                                           cli: Callable[..., CliResult]) -> None:
    got = cli("promotion", str(promotions), "--group", "sex", "--outcome", "promoted",
              "--csp", "csp", "--no-ledger", "--format", "json")
    assert got.code == 0, got.stderr
    doc = json.loads(got.stdout)
    assert doc["process"] == "promotion" and math.isclose(doc["equality_index"]["gap"], 5.0)
    got = cli("decision_roles", str(promotions), "--group", "sex", "--outcome", "promoted",
              "--no-ledger", "--format", "json")
    assert got.code == 0 and json.loads(got.stdout)["process"] == "decision_roles"
