"""Issue 12 in the audit: bounds on rows, --reference, --stratum, --positive, dates, stage ties."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.hiring.helpers import expand_rows, options, write_csv

from ai_work_audit.errors import InputError
from ai_work_audit.hiring import audit_hiring_file
from ai_work_audit.hiring._strata import StratumCounts, compare_stratified
from ai_work_audit.kinds import kind_spec
from ai_work_audit.run import evaluate_findings


def _audit(tmp_path: Path, frame: pd.DataFrame, **kwargs: object):  # type: ignore[no-untyped-def]
    path = write_csv(frame, tmp_path / "in.csv")
    audit = audit_hiring_file(path, options(**kwargs))
    evaluate_findings(kind_spec("hiring"), audit, ())
    return audit


def test_rows_get_bounds_and_a_finding_names_the_flippable_category(tmp_path: Path) -> None:
    frame = expand_rows([("F", 100, 35), ("M", 100, 45), ("Unknown", 40, 10)])
    audit = _audit(tmp_path, frame, group=("g",), outcome="outcome")
    table = audit.to_dict()["tables"][0]
    assert table["unknown"] == 40 and table["unknown_selected"] == 10
    rows = {r["group"]["g"]: r for r in table["rows"]}
    female = rows["F"]["bounds"]
    assert female["impact_ratio_min"] < 0.8 < female["impact_ratio_max"]
    assert female["verdict_stable"] is False
    assert rows["F"]["impact_ratio"] == pytest.approx(35 / 45)
    finding = next(f for f in audit.findings if f.rule == "nyc.ll144.missing_data")
    assert finding.outcome.value == "warn"
    assert "(F; " in finding.message or "(F)" in finding.message
    assert "0.6" not in finding.message  # names only: bounds stay in the rows


def test_no_unknowns_no_bounds(tmp_path: Path) -> None:
    audit = _audit(tmp_path, expand_rows([("F", 100, 35), ("M", 100, 45)]), group=("g",),
                   outcome="outcome")
    table = audit.to_dict()["tables"][0]
    assert all("bounds" not in r for r in table["rows"])
    finding = next(f for f in audit.findings if f.rule == "nyc.ll144.missing_data")
    assert finding.outcome.value == "pass"


def test_small_reference_warns_and_reference_fixes_it(tmp_path: Path) -> None:
    frame = expand_rows([("A", 12, 6), ("B", 2907, 436), ("C", 3000, 900)])
    audit = _audit(tmp_path, frame, group=("g",), outcome="outcome")
    assert audit.parameters["reference_rule"] == "highest_rate"
    warn = next(f for f in audit.findings if f.rule == "eeoc.small_reference")
    assert warn.outcome.value == "warn"
    assert "12" in warn.message and "--exclude-under 0.02" in warn.message
    assert "--reference" in warn.message
    fixed = _audit(tmp_path, frame, group=("g",), outcome="outcome", reference=("C",))
    assert fixed.parameters["reference_rule"] == "given"
    table = fixed.to_dict()["tables"][0]
    assert table["reference_rule"] == "given"
    rows = {r["group"]["g"]: r for r in table["rows"]}
    assert rows["C"]["is_reference"] is True
    assert rows["A"]["impact_ratio"] == pytest.approx(0.5 / 0.3)  # above 1 against C
    assert rows["B"]["adverse_impact"] is True and rows["B"]["p_value"] < 1e-10
    ok = next(f for f in fixed.findings if f.rule == "eeoc.small_reference")
    assert ok.outcome.value == "pass"


def test_an_unknown_reference_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="--reference"):
        _audit(tmp_path, expand_rows([("F", 10, 3), ("M", 10, 5)]), group=("g",),
               outcome="outcome", reference=("Nobody",))


def test_stratum_pools_with_cmh_matching_the_library(tmp_path: Path) -> None:
    parts = []
    for site, counts in (("north", [("F", 50, 10), ("M", 60, 24)]),
                         ("south", [("F", 80, 30), ("M", 40, 20)])):
        part = expand_rows(counts)
        part["site"] = site
        parts.append(part)
    audit = _audit(tmp_path, pd.concat(parts), group=("g",), outcome="outcome",
                   stratum="site")
    strata = audit.to_dict()["strata"][0]
    assert strata["stratum"] == "site" and strata["strata"] == ["north", "south"]
    assert [t["stratum"] for t in strata["tables"]] == ["north", "south"]
    assert strata["reference"] == {"g": "M"}
    (comparison,) = strata["comparisons"]
    expected = compare_stratified([StratumCounts("north", 10, 50, 24, 60),
                                   StratumCounts("south", 30, 80, 20, 40)])
    assert comparison["group"] == {"g": "F"}
    assert comparison["pooled_odds_ratio"] == pytest.approx(expected.pooled_odds_ratio)
    assert comparison["cmh_p_value"] == pytest.approx(expected.cmh_p_value)
    assert comparison["homogeneity_p_value"] == pytest.approx(expected.homogeneity_p_value)
    assert audit.to_dict()["tables"][0]["rows"][0]["applicants"] == 130  # pooled


def test_french_outcomes_and_positive_values(tmp_path: Path) -> None:
    frame = pd.DataFrame({"g": ["F", "F", "M", "M"], "o": ["oui", "non", "Oui", "oui"]})
    audit = _audit(tmp_path, frame, group=("g",), outcome="o")
    rows = {r.group["g"]: r for r in audit.tables[0].rows}
    assert (rows["F"].selected, rows["M"].selected) == (1, 2)
    frame = pd.DataFrame({"g": ["F", "F", "M", "M"], "o": ["retenu", "refus", "ok", "retenu"]})
    audit = _audit(tmp_path, frame, group=("g",), outcome="o", positive=("retenu", "ok"))
    rows = {r.group["g"]: r for r in audit.tables[0].rows}
    assert (rows["F"].selected, rows["M"].selected) == (1, 2)


def _dated(dates: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"g": ["F", "M"] * (len(dates) // 2), "o": [1, 0] * (len(dates) // 2),
                         "d": dates})


def test_ambiguous_day_month_order_is_an_input_error_naming_rows(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        _audit(tmp_path, _dated(["01/04/2026", "02/04/2026"]), group=("g",), outcome="o",
               period="d")
    text = str(caught.value)
    assert "rows 1, 2" in text and "--date-format" in text and "ISO 8601 only" not in text
    assert "01/04" not in text


def test_one_order_per_column(tmp_path: Path) -> None:
    audit = _audit(tmp_path, _dated(["01/04/2026", "31/03/2026"]), group=("g",), outcome="o",
                   period="d")
    assert sorted({t["period"] for t in audit.trends}) == ["2026-03", "2026-04"]
    given = _audit(tmp_path, _dated(["01/04/2026", "02/04/2026"]), group=("g",), outcome="o",
                   period="d", date_format="%m/%d/%Y")
    assert {t["period"] for t in given.trends} == {"2026-01", "2026-02"}
    with pytest.raises(InputError, match="mixes day-first"):
        _audit(tmp_path, _dated(["31/03/2026", "03/31/2026"]), group=("g",), outcome="o",
               period="d")


def test_stage_sizes_tie_needs_stage_order(tmp_path: Path) -> None:
    frame = pd.DataFrame({"g": ["F", "M"] * 4, "o": [1, 1, 1, 0, 1, 1, 0, 1],
                          "s": ["screen"] * 4 + ["interview"] * 4})
    with pytest.raises(InputError, match=r"'interview', 'screen'.*--stage-order"):
        _audit(tmp_path, frame, group=("g",), outcome="o", stage="s")
    audit = _audit(tmp_path, frame, group=("g",), outcome="o", stage="s",
                   stage_order=("screen", "interview"))
    assert audit.funnel[0].stage == "screen"


def test_period_range_feeds_the_published_summary(tmp_path: Path) -> None:
    from ai_work_audit.reports._ll144 import ll144_summary

    audit = _audit(tmp_path, _dated(["2026-01-15", "2026-03-31", "2026-02-01", "2026-01-02"]),
                   group=("g",), outcome="o", period="d")
    assert audit.parameters["period_range"] == {"from": "2026-01", "to": "2026-03"}
    assert ll144_summary(audit.to_dict())["period"] == {"from": "2026-01", "to": "2026-03"}


def test_representative_view_keeps_bounds_of_small_rows_hidden(tmp_path: Path) -> None:
    """The missing-data finding names categories only; a row under k keeps its bounds hidden."""
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.run import run

    frame = expand_rows([("F", 100, 35), ("M", 100, 45), ("X", 4, 2), ("Unknown", 40, 10)])
    path = write_csv(frame, tmp_path / "small.csv")
    result = run("hiring", path, HiringOptions(group=("g",), outcome="outcome",
                                               audience="representative"), record=False)
    table = result.document["tables"][0]
    small = next(r for r in table["rows"] if r["group"] == {"g": "X"})
    assert small.get("suppressed") is True and "bounds" not in small
    hidden = next(r for r in result.full_document["tables"][0]["rows"]
                  if r["group"] == {"g": "X"})["bounds"]
    finding = next(f for f in result.document["findings"] if f["rule"] == "nyc.ll144.missing_data")
    for value in (hidden["impact_ratio_min"], hidden["impact_ratio_max"]):
        assert f"{value:.2f}" not in finding["message"]


def test_counts_in_the_billions_finish_in_bounded_memory(tmp_path: Path) -> None:
    """Aggregated counts in the billions: ratios, Fisher (chunked), bounds and the small-sample
    test run on the counts, never on one entry per person."""
    import resource

    frame = pd.DataFrame({"g": ["F", "M", "Unknown"],
                          "n": [3_000_000_000, 3_200_000_000, 400_000_000],
                          "k": [900_000_000, 1_300_000_000, 100_000_000]})
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    audit = _audit(tmp_path, frame, group=("g",), applicants="n", selected="k")
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    rows = {r.group["g"]: r for r in audit.tables[0].rows}
    assert rows["F"].impact_ratio == pytest.approx(0.9 / 3 / (1.3 / 3.2))
    assert rows["F"].p_value is not None and rows["F"].bounds is not None
    assert audit.tables[0].unknown_selected == 100_000_000
    assert grown_mib < 500
