"""The attack suite (issue 10 item 1): a worker-representative reads only released views and
plays the four attacks of the issue — annual minus quarterly rows, two releases with and
without one quarter, ratios against a hidden reference (and a 0.0 minimum), marginal minus
intersectional cells — and the monitoring sections; no cell with 0 < n < k comes back exactly.

Real audits on generated data; the register is a real one in a tmp workspace. Controls show
each attack succeeds where the protection is absent, so the tests can fail.
"""

from __future__ import annotations

import json
import os
import stat
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ai_work_audit.disclosure import Register, representative_view
from ai_work_audit.hiring import HiringOptions
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_hiring_audit, run_monitoring_audit
from ai_work_audit.synthetic import make_hiring_data
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data

from .legacy_suppress import suppress_small_cells

K = 10
Doc = dict[str, Any]


def _audit(path: Path) -> Doc:
    options = HiringOptions(group=("sex", "race_ethnicity"), outcome="screened_in",
                            period="applied_on", by="quarter", organisation="acme")
    document: Doc = run_hiring_audit(path, options, record=False).to_dict()
    return document


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same export whole, and without its last quarter."""
    folder = tmp_path_factory.mktemp("exports")
    data = make_hiring_data(2000, seed=7).candidates
    whole, cut = folder / "whole.csv", folder / "cut.csv"
    data.to_csv(whole, index=False)
    data[pd.to_datetime(data["applied_on"]) < "2025-10-01"].to_csv(cut, index=False)
    return {"whole": whole, "cut": cut}


@pytest.fixture(scope="module")
def documents(exports: dict[str, Path]) -> dict[str, Doc]:
    return {name: _audit(path) for name, path in exports.items()}


def _key(group: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(group.items()))


def _rows(view: Doc) -> dict[tuple[Any, ...], Any]:
    """What a representative reads: table rows by (attributes, group) → applicants or None."""
    out: dict[tuple[Any, ...], Any] = {}
    for table in view["tables"]:
        for row in table["rows"]:
            out[_key(row["group"])] = None if row.get("suppressed") else row["applicants"]
    return out


def _truth(document: Doc) -> dict[tuple[Any, ...], int]:
    return {_key(r["group"]): r["applicants"] for t in document["tables"] for r in t["rows"]}


def _trend_truth(document: Doc) -> dict[tuple[Any, ...], int]:
    return {(r["period"], r["attribute"], r["group"]): r["applicants"]
            for r in document["trends"]}


def _recover_trends(view: Doc, document: Doc) -> dict[tuple[Any, ...], int]:
    """Annual row − visible quarterly rows, where one quarter alone is hidden (which period
    and category a hidden row is, is public)."""
    rows = _rows(view)
    found = {}
    by_group: dict[tuple[str, str], list[tuple[Doc, Doc]]] = {}
    for row, source in zip(view["trends"], document["trends"], strict=True):
        by_group.setdefault((source["attribute"], source["group"]), []).append((row, source))
    for (attribute, group), trend in by_group.items():
        annual = rows.get(((attribute, group),))
        hidden = [s for r, s in trend if r.get("suppressed")]
        if annual is not None and len(hidden) == 1:
            found[(hidden[0]["period"], attribute, group)] = annual - sum(
                r["applicants"] for r, _ in trend if not r.get("suppressed"))
    return found


def _recover_marginals(view: Doc) -> dict[tuple[Any, ...], int]:
    """Marginal row − visible intersectional cells, where one cell alone is hidden; and a
    table's total − its visible rows."""
    rows = _rows(view)
    found = {}
    for key, value in rows.items():
        if value is None or len(key) != 1:
            continue
        parts = {k: v for k, v in rows.items() if len(k) > 1 and key[0] in k}
        hidden = [k for k, v in parts.items() if v is None]
        if len(hidden) == 1:
            found[hidden[0]] = value - sum(v for v in parts.values() if v is not None)
    for table in view["tables"]:
        hidden = [r for r in table["rows"] if r.get("suppressed")]
        if table.get("total") is not None and len(hidden) == 1:
            known = table["total"] - (table.get("unknown") or 0)
            found[_key(hidden[0]["group"])] = known - sum(
                r["applicants"] for r in table["rows"] if not r.get("suppressed"))
    return found


def _small(truth: dict[Any, int]) -> dict[Any, int]:
    return {key: n for key, n in truth.items() if 0 < n < K}


def test_annual_minus_quarterly_rows_recovers_nothing(documents: dict[str, Doc]) -> None:
    document = documents["whole"]
    view = representative_view(document, K)
    truth = _small(_trend_truth(document))
    assert truth, "the generated data must have small quarterly cells"
    legacy = _recover_trends(suppress_small_cells(document, K), document)
    assert any(truth.get(key) == value for key, value in legacy.items())  # control
    for key, value in _recover_trends(view, document).items():
        assert not (key in truth and truth[key] == value), key


def test_marginal_minus_intersectional_cells_recovers_nothing(documents: dict[str, Doc]
                                                               ) -> None:
    document = documents["whole"]
    view = representative_view(document, K)
    truth = _small(_truth(document))
    for key, value in _recover_marginals(view).items():
        assert not (key in truth and truth[key] == value), key
    # no visible cell is under k
    assert all(v is None or v >= K for v in _rows(view).values())


def test_two_releases_with_and_without_a_quarter(documents: dict[str, Doc], tmp_path: Path
                                                 ) -> None:
    whole, cut = documents["whole"], documents["cut"]
    q4 = _small({(a, g): n for (p, a, g), n in _trend_truth(whole).items() if p == "2025-Q4"})
    assert q4, "the last quarter must have small cells"

    def attack(first: Doc, second: Doc) -> tuple[set[Any], set[Any]]:
        """Cells of the last quarter read off as the difference of the two releases: the
        quarterly cells recovered exactly, and every small group the difference reveals."""
        one, two = _rows(first), _rows(second)
        diffs = {key: one[key] - two[key] for key in one
                 if one[key] is not None and two.get(key) is not None}
        exact = {key[0] for key, d in diffs.items() if len(key) == 1 and q4.get(key[0]) == d}
        return exact, {key for key, d in diffs.items() if 0 < d < K}

    # control: per-table suppression (the view before this issue) gives Q4 cells back exactly
    exact, small = attack(suppress_small_cells(whole, K), suppress_small_cells(cut, K))
    assert exact and small
    register = Register("acme", tmp_path)
    first = representative_view(whole, K, register)
    second = representative_view(cut, K, register)
    assert attack(first, second) == (set(), set())
    # in the other order too
    register = Register("other", tmp_path)
    assert attack(representative_view(whole, K, register),
                  representative_view(cut, K, Register("other", tmp_path))) == (set(), set())
    assert second["disclosure"]["earlier_releases"] == 1
    assert second["disclosure"]["register"] is True
    # and each release alone still holds
    for view, document in ((first, whole), (second, cut)):
        truth = _small(_trend_truth(document))
        for key, value in _recover_trends(view, document).items():
            assert not (key in truth and truth[key] == value)


def test_the_same_release_twice_is_the_same_view(documents: dict[str, Doc], tmp_path: Path
                                                 ) -> None:
    register = Register("acme", tmp_path)
    one = representative_view(documents["whole"], K, register)
    representative_view(documents["cut"], K, register)
    again = representative_view(documents["whole"], K, register)
    assert json.dumps(one["tables"]) == json.dumps(again["tables"])
    folder = register.folder
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700
    files = list(folder.glob("*.json"))
    assert len(files) == 2
    assert all(stat.S_IMODE(os.stat(p).st_mode) == 0o600 for p in files)
    text = " ".join(p.read_text() for p in files)
    assert "C000" not in text  # counts and relations only, no row of the input


def test_ratios_are_never_against_a_hidden_reference(documents: dict[str, Doc]) -> None:
    document = documents["whole"]
    view = representative_view(document, K)
    assert document["facts"]["hiring.min_impact_ratio"] == 0.0  # a 0 % cell in the data
    rebased = 0
    for table in view["tables"]:
        shown = [r for r in table["rows"] if not r.get("suppressed")]
        if len(shown) == len(table["rows"]) or not shown:
            continue
        rebased += 1
        best = max(Fraction(r["selected"], r["applicants"]) for r in shown)
        for row in shown:
            assert row["impact_ratio"] == float(Fraction(row["selected"], row["applicants"])
                                                / best)
            assert row["p_value"] is None and row["z"] is None
        assert table["min_impact_ratio"] == min(r["impact_ratio"] for r in shown)
    assert rebased and view["disclosure"]["rebased_tables"]
    shown_ratios = [r["impact_ratio"] for t in view["tables"] for r in t["rows"]
                    if not r.get("suppressed")]
    assert view["facts"]["hiring.min_impact_ratio"] == min(shown_ratios)
    assert view["facts"]["hiring.min_impact_ratio"] != 0.0
    for finding in view["findings"]:
        for name, value in (finding.get("metrics") or {}).items():
            if "impact_ratio" in name:
                assert value != 0.0, finding["rule"]
    # the HR analyst's full view is unchanged
    assert document == _audit_again(document)


def _audit_again(document: Doc) -> Doc:
    copy = json.loads(json.dumps(document))
    representative_view(copy, K)
    return copy


@pytest.fixture(scope="module")
def monitoring(tmp_path_factory: pytest.TempPathFactory) -> Doc:
    logs = tmp_path_factory.mktemp("logs")
    write_monitoring_data(logs, workers=20, days=7)
    document: Doc = run_monitoring_audit(logs, MonitoringOptions(
        mapping="cert", timezone=TIMEZONE, roster=str(logs / "roster.csv")), record=False,
        jobs=1).to_dict()
    return document


def test_monitoring_sections_agree_with_hidden_event_types(monitoring: Doc) -> None:
    view = representative_view(monitoring, K)
    by_type = view["surveillance"]["by_event_type"]
    hidden = {name for name, cell in by_type.items() if cell.get("suppressed")}
    truth = monitoring["surveillance"]["by_event_type"]
    assert hidden == {n for n, c in truth.items() if c["workers"] < K} | (hidden - set(truth))
    assert hidden
    split = view["surveillance"]["content_vs_metadata"]
    for name in hidden:
        assert split[name] == {"group": name, "suppressed": True}
        if name in view["surveillance"]["retention"]["by_event_type"]:
            assert view["surveillance"]["retention"]["by_event_type"][name] is None
    secret = {truth[n]["events"] for n in hidden}
    for fact, value in view["facts"].items():
        assert value not in secret or value is None, fact
        if any(n in fact for n in hidden):
            assert value is None, fact
    for finding in view["findings"]:
        assert not any(n in finding["message"] for n in hidden), finding["rule"]
        assert not any(v in secret for v in finding["metrics"].values() if v is not None)
    # control: the full document shows them
    assert any(monitoring["facts"].get(f) in secret for f in monitoring["facts"])


def test_per_worker_quantiles_need_enough_workers(monitoring: Doc) -> None:
    view = representative_view(monitoring, K)
    for name, cell in view["surveillance"]["by_event_type"].items():
        if cell.get("suppressed"):
            continue
        dist = cell["events_per_worker_day"]
        assert cell["workers"] < 20 * K and dist["p95"] is None, name
        assert "max" not in dist
    assert monitoring["surveillance"]["by_event_type"]["email"]["events_per_worker_day"][
        "p95"] is not None


class _Attacker:
    """An independent attacker: every hidden count is an unknown, every relation a reader can
    assume is a linear equation (a table's rows add up to its known total — given by the total
    or by any row's share —, a marginal row is the sum of its intersectional rows, a yearly row
    the sum of its quarters; across the two releases of one export, the same quarter is the
    same people, and the yearly rows differ by the last quarter). A cell is recovered when its
    unit vector lies in the row space of the equations (numpy rank)."""

    def __init__(self) -> None:
        self.unknowns: dict[tuple[Any, ...], int] = {}
        self.rows: list[tuple[dict[int, float], float]] = []

    def term(self, key: tuple[Any, ...], value: Any) -> tuple[int | None, float]:
        if value is None:
            return self.unknowns.setdefault(key, len(self.unknowns)), 0.0
        return None, float(value)

    def equation(self, terms: list[tuple[tuple[Any, ...], Any, float]], const: float) -> None:
        row: dict[int, float] = {}
        for key, value, coef in terms:
            var, known = self.term(key, value)
            if var is None:
                const -= coef * known
            else:
                row[var] = row.get(var, 0.0) + coef
        if row:
            self.rows.append((row, const))

    def read(self, tag: str, view: Doc, document: Doc) -> None:
        rows = {}
        for table in view["tables"]:
            keys = []
            known = None
            for row in table["rows"]:
                key = (tag, "table", _key(row["group"]))
                value = None if row.get("suppressed") else row["applicants"]
                rows[key[2]] = (key, value)
                keys.append((key, value, 1.0))
                if value and row.get("share"):
                    known = round(value / row["share"])
            if known is None and table.get("total") is not None \
                    and table.get("unknown") is not None:
                known = table["total"] - table["unknown"]
            if known is not None:
                self.equation(keys, float(known))
        for group, (key, value) in rows.items():
            if len(group) != 1:
                continue
            parts = [(k, v, -1.0) for g, (k, v) in rows.items() if len(g) > 1 and group[0] in g]
            if parts:
                self.equation([(key, value, 1.0), *parts], 0.0)
            quarters = [((tag, "trend", s["period"], s["attribute"], s["group"]),
                         None if r.get("suppressed") else r["applicants"], -1.0)
                        for r, s in zip(view["trends"], document["trends"], strict=True)
                        if ((s["attribute"], s["group"]),) == group]
            if quarters:
                self.equation([(key, value, 1.0), *quarters], 0.0)

    def link(self, whole: tuple[Doc, Doc], cut: tuple[Doc, Doc], last: str) -> None:
        """The releases of one export with and without its last quarter."""
        trends = {}
        for tag, (view, document) in (("whole", whole), ("cut", cut)):
            for r, s in zip(view["trends"], document["trends"], strict=True):
                trends[(tag, s["period"], s["attribute"], s["group"])] = (
                    (tag, "trend", s["period"], s["attribute"], s["group"]),
                    None if r.get("suppressed") else r["applicants"])
        for (tag, period, attribute, group), (key, value) in trends.items():
            if tag == "whole" and period != last and ("cut", period, attribute, group) in trends:
                other = trends[("cut", period, attribute, group)]
                self.equation([(key, value, 1.0), (*other, -1.0)], 0.0)
        one, two = _rows(whole[0]), _rows(cut[0])
        for group in one:
            if len(group) == 1 and group in two and (("whole", last, *group[0])) in trends:
                q4 = trends[("whole", last, *group[0])]
                self.equation([(("whole", "table", group), one[group], 1.0),
                               (("cut", "table", group), two[group], -1.0), (*q4, -1.0)], 0.0)

    def recovered(self) -> dict[tuple[Any, ...], float]:
        """The unknowns the equations pin down, with the value they give (an assumed relation
        that does not hold in the data gives a wrong value: then nothing is recovered)."""
        import numpy as np

        if not self.rows:
            return {}
        a = np.zeros((len(self.rows), len(self.unknowns)))
        b = np.array([const for _, const in self.rows])
        for r, (row, _) in enumerate(self.rows):
            for var, coef in row.items():
                a[r, var] = coef
        rank = np.linalg.matrix_rank(a)
        solution = np.linalg.lstsq(a, b, rcond=None)[0]
        out = {}
        for key, var in self.unknowns.items():
            unit = np.zeros((1, len(self.unknowns)))
            unit[0, var] = 1.0
            if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
                out[key] = float(solution[var])
        return out


def _small_truth(tag: str, document: Doc) -> dict[tuple[Any, ...], int]:
    out = {(tag, "table", _key(r["group"])): r["applicants"]
           for t in document["tables"] for r in t["rows"] if 0 < r["applicants"] < K}
    out |= {(tag, "trend", r["period"], r["attribute"], r["group"]): r["applicants"]
            for r in document["trends"] if 0 < r["applicants"] < K}
    return out


def _attack_all(view_whole: Doc, view_cut: Doc, documents: dict[str, Doc]) -> set[Any]:
    """The small cells recovered exactly (the right value) from both releases."""
    attacker = _Attacker()
    attacker.read("whole", view_whole, documents["whole"])
    attacker.read("cut", view_cut, documents["cut"])
    attacker.link((view_whole, documents["whole"]), (view_cut, documents["cut"]), "2025-Q4")
    small = _small_truth("whole", documents["whole"]) | _small_truth("cut", documents["cut"])
    return {key for key, value in attacker.recovered().items()
            if key in small and abs(value - small[key]) < 1e-6}


def test_an_independent_linear_attacker_recovers_no_small_cell(documents: dict[str, Doc],
                                                               tmp_path: Path) -> None:
    """Every relation at once, within each document and across both releases."""
    legacy = _attack_all(suppress_small_cells(documents["whole"], K),
                         suppress_small_cells(documents["cut"], K), documents)
    assert legacy  # control: the per-table view gives small cells back
    register = Register("acme", tmp_path)
    whole = representative_view(documents["whole"], K, register)
    cut = representative_view(documents["cut"], K, register)
    assert _attack_all(whole, cut, documents) == set()
