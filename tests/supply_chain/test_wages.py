"""The supply-chain wage audit (issue 16): a worked wage table with currency conversion, piece
rates and an unknown benchmark, bad input, the representative view, and a recorded run that the
self-assessment scores as indicator 6.2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import CliResult

from ai_work_audit.run import run
from ai_work_audit.supply_chain import SupplyChainOptions, audit_supply_chain

BENCHMARKS = """country,region,living_wage,minimum_wage,currency,source,year
KE,Nairobi,300,94,KES,Example benchmark (test),2024
PH,Metro Manila,140,81,PHP,Example benchmark (test),2024
"""
RATES = "currency,rate\nUSD,1\nKES,129\nPHP,58\n"
#: Hand-checked lines (see the test): LabelCo KE 3720 USD / 1600 h → 299.925 KES/h (below
#: 300); 1550 USD / 800 h → 249.94 KES/h; AnnotaPH PH 180000 PHP / 1200 h = 150 (above 140);
#: a piece-rate line 24000 units × 2 min = 800 h, 58000 PHP → 72.5 PHP/h (below 81, the
#: minimum); TagIt VE: no benchmark, counted apart.
STATEMENTS = """vendor,country,region,hours,pay,currency,workers,units,minutes,due,paid
LabelCo,KE,Nairobi,1600,3720,USD,10,,,2026-02-05,2026-02-04
LabelCo,KE,Nairobi,800,1550,USD,5,,,2026-02-05,2026-02-10
AnnotaPH,PH,Metro Manila,1200,180000,PHP,8,,,2026-02-05,2026-02-05
AnnotaPH,PH,Metro Manila,,58000,PHP,4,24000,2,2026-02-05,2026-02-05
TagIt,VE,,500,900,USD,3,,,2026-02-05,2026-02-01
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in (("benchmarks", BENCHMARKS), ("rates", RATES),
                       ("statements", STATEMENTS)):
        out[name] = tmp_path / f"{name}.csv"
        out[name].write_text(text, encoding="utf-8")
    return out


def _options(files: dict[str, Path], **more: object) -> SupplyChainOptions:
    values: dict[str, object] = dict(
        benchmarks=str(files["benchmarks"]), rates=str(files["rates"]), region="region",
        workers="workers", units="units", minutes_per_unit="minutes", due="due", paid="paid")
    values.update(more)
    return SupplyChainOptions(**values)  # type: ignore[arg-type]


def test_a_wage_table_with_conversion_checked_by_hand(files: dict[str, Path]) -> None:
    audit = audit_supply_chain(files["statements"], _options(files))
    sites = {s["group"]["vendor"]: s for s in audit.sites}
    # LabelCo: (3720 + 1550) USD × 129 = 679 830 KES over 2400 h = 283.2625 KES/h
    assert sites["LabelCo"]["hourly_pay"] == pytest.approx(283.2625)
    assert sites["LabelCo"]["living_wage_ratio"] == pytest.approx(283.2625 / 300)
    # AnnotaPH: 238 000 PHP over 1200 + 800 h = 119 PHP/h → 0.85
    assert sites["AnnotaPH"]["hours"] == 2000 and sites["AnnotaPH"]["hourly_pay"] == 119
    assert audit.facts["supply_chain.min_site_living_wage_ratio"] == pytest.approx(0.85)
    t = audit.totals
    assert t["hours"] == 4400 and t["workers"] == 27
    assert t["hours_below_living_wage_share"] == pytest.approx(3200 / 4400)
    assert t["workers_below_living_wage_share"] == pytest.approx(19 / 27)
    assert t["hours_below_minimum_share"] == pytest.approx(800 / 4400)
    assert t["piece_rate_hours_below_living_wage_share"] == 1.0
    vendors = {v["group"]["vendor"]: v for v in audit.by_vendor}
    assert vendors["AnnotaPH"]["min_line_living_wage_ratio"] == pytest.approx(72.5 / 140)
    assert [c["group"]["country"] for c in audit.by_country] == ["KE", "PH"]
    assert audit.unknown_benchmark == {"lines": 1, "workers": 3, "hours": 500.0,
                                       "countries": 1}
    assert audit.facts["supply_chain.unknown_benchmark_hours_share"] == pytest.approx(500 / 4900)
    assert audit.timeliness == {"lines": 5, "paid_on_time": 4, "on_time_share": 0.8,
                                "workers_paid_late": 5}


def test_the_pack_of_commitment_6(files: dict[str, Path]) -> None:
    result = run("supply_chain", files["statements"], _options(files), record=False)
    outcome = {f.rule: f.outcome.value for f in result.findings}
    assert outcome == {"supply.living_wage": "fail", "supply.minimum_wage": "fail",
                       "supply.payment_timeliness": "warn", "supply.piece_rate": "warn",
                       "supply.unknown_benchmark": "warn"}
    assert all(f.commitment == 6 for f in result.findings)


def test_the_report_names_vendors_never_workers(files: dict[str, Path]) -> None:
    result = run("supply_chain", files["statements"], _options(files), record=False)
    for fmt in ("md", "html"):
        text = result.view(fmt)
        assert isinstance(text, str)
        assert "LabelCo" in text and "AnnotaPH" in text and "0.85" in text
        assert "3720" not in text and "58000" not in text  # no statement line is shown
    assert "Salaires décents" in str(run("supply_chain", files["statements"], _options(files),
                                         record=False, lang="fr").view("md"))



def test_the_html_report_has_the_reports_shell_and_escapes_vendor_names(
        tmp_path: Path, files: dict[str, Path]) -> None:
    hostile = '<script>alert(1)</script>'
    statements = tmp_path / "hostile.csv"
    statements.write_text(STATEMENTS.replace("LabelCo", hostile), encoding="utf-8")
    result = run("supply_chain", statements, _options(files), record=False)
    html = result.view("html")
    assert isinstance(html, str)
    assert "<style>" in html and 'class="report-footer"' in html  # the shared base template
    assert '<ol class="findings">' in html and 'class="key-figures"' in html
    assert hostile not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "KE / Nairobi: living wage 300.00 KES" in html  # a region without a dash

def test_the_representative_view_suppresses_small_worker_counts(
        files: dict[str, Path]) -> None:
    result = run("supply_chain", files["statements"], _options(files, k=10,
                                                               audience="representative"),
                 record=False)
    view = result.document
    vendors = {v["group"]["vendor"]: v for v in view["by_vendor"]}
    assert vendors["LabelCo"]["workers"] == 15  # 15 ≥ k: shown
    assert vendors["AnnotaPH"]["workers"] == 12
    assert view["unknown_benchmark"]["workers"] is None  # 3 workers < k
    assert view["unknown_benchmark"]["workers_suppressed"] is True
    small = run("supply_chain", files["statements"], _options(files, k=13,
                                                              audience="representative"),
                record=False).document
    hidden = [v for v in small["by_vendor"] if v.get("suppressed")]
    # AnnotaPH (12 < 13) is hidden, and LabelCo with it: the total would give it back
    assert [v["group"]["vendor"] for v in hidden] == ["AnnotaPH", "LabelCo"]
    assert all(set(v) == {"group", "suppressed"} for v in hidden)
    assert "suppressed" in str(run("supply_chain", files["statements"], _options(
        files, k=13, audience="representative"), record=False).view("md"))


def _cli(cli: Callable[..., CliResult], files: dict[str, Path], statements: Path,
         *more: str) -> CliResult:
    return cli("supply-chain", str(statements), "--benchmarks", str(files["benchmarks"]),
               "--region", "region", "--no-ledger", *more)


def test_an_unknown_currency_is_a_clear_error(tmp_path: Path, files: dict[str, Path],
                                              cli: Callable[..., CliResult]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("vendor,country,region,hours,pay,currency\nA,KE,Nairobi,10,100,XYZ\n"
                   "A,KE,Nairobi,10,100,USD\n", encoding="utf-8")
    got = _cli(cli, files, bad, "--rates", str(files["rates"]))
    assert got.code == 2 and "column 'currency' must hold a currency of the --rates table" in \
        got.stderr and "rows 1" in got.stderr and "XYZ" not in got.stderr


def test_a_missing_rate_table_or_rate_is_a_clear_error(tmp_path: Path, files: dict[str, Path],
                                                       cli: Callable[..., CliResult]) -> None:
    got = _cli(cli, files, files["statements"])
    assert got.code == 2 and "give --rates" in got.stderr
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nKES,129\n", encoding="utf-8")
    got = _cli(cli, files, files["statements"], "--rates", str(rates))
    assert got.code == 2 and "no rate for 1 currency" in got.stderr
    rates.write_text("currency,rate\nKES,-3\nPHP,abc\n", encoding="utf-8")
    got = _cli(cli, files, files["statements"], "--rates", str(rates))
    assert got.code == 2 and "column 'rate' must hold a positive number" in got.stderr
    assert "rows 1, 2" in got.stderr and "rates.csv" in got.stderr


def test_negative_hours_and_nan_pay_are_a_clear_error(tmp_path: Path, files: dict[str, Path],
                                                      cli: Callable[..., CliResult]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("vendor,country,region,hours,pay,currency\nA,KE,Nairobi,-5,100,KES\n"
                   "A,KE,Nairobi,10,NaN,KES\nA,KE,Nairobi,10,100,KES\n", encoding="utf-8")
    got = _cli(cli, files, bad, "--rates", str(files["rates"]))
    assert got.code == 2, got.stderr
    assert "column 'hours' must hold hours worked > 0" in got.stderr
    assert "column 'pay' must hold a gross pay amount ≥ 0" in got.stderr
    shown = got.stderr.replace(str(bad), "<file>")  # the tmp path may hold "-5" itself
    assert "<file>" in shown and "Traceback" not in shown and "-5" not in shown


def test_a_benchmark_without_a_source_is_refused(tmp_path: Path, files: dict[str, Path],
                                                 cli: Callable[..., CliResult]) -> None:
    bench = tmp_path / "bench.csv"
    bench.write_text("country,region,living_wage,currency,source,year\nKE,,0,KES,,2024\n",
                     encoding="utf-8")
    got = cli("supply-chain", str(files["statements"]), "--benchmarks", str(bench),
              "--rates", str(files["rates"]), "--no-ledger")
    assert got.code == 2
    assert "living_wage" in got.stderr and "must cite where the living wage comes from" in \
        got.stderr


def test_the_shipped_example_tables_read(cli: Callable[..., CliResult],
                                         files: dict[str, Path]) -> None:
    from ai_work_audit.policy import policy_dir

    folder = policy_dir() / "supply-chain-wages"
    got = cli("supply-chain", str(files["statements"]), "--benchmarks",
              str(folder / "living-wages.example.csv"), "--rates",
              str(folder / "rates.example.csv"), "--region", "region", "--workers", "workers",
              "--no-ledger", "--format", "json")
    # the piece-rate line has no hours and no --units here: a clear error
    assert got.code == 2 and "column 'hours'" in got.stderr
    got = cli("supply-chain", str(files["statements"]), "--benchmarks",
              str(folder / "living-wages.example.csv"), "--rates",
              str(folder / "rates.example.csv"), "--region", "region", "--workers", "workers",
              "--units", "units", "--minutes-per-unit", "minutes", "--no-ledger",
              "--format", "json")
    assert got.code == 0, got.stderr
    doc = json.loads(got.stdout)
    assert all("ILLUSTRATIVE" in b["source"] for b in doc["benchmarks"]["used"])


def test_a_recorded_run_is_evidence_and_scores_indicator_6_2(files: dict[str, Path],
                                                               tmp_path: Path) -> None:
    from ai_work_audit.access import TrainingOptions
    from ai_work_audit.assessment import build_self_assessment

    result = run("supply_chain", files["statements"], _options(files, organisation="org"))
    assert result.run_id and result.evidence is not None
    assert result.evidence.indicator == "6.2" and result.evidence.kind == "audit_run"
    training = tmp_path / "training.csv"
    training.write_text("sex,trained,lit\n" + "".join(
        f"{'F' if i % 2 else 'M'},{int(i % 3 > 0)},{int(i % 4 > 0)}\n" for i in range(40)),
        encoding="utf-8")
    run("training", training, TrainingOptions(group=("sex",), outcome="trained",
                                              ai_literacy="lit", organisation="org"))
    period = result.audit.created_at[:4]
    doc = build_self_assessment("org", period).to_dict()
    by_id = {i["id"]: i for c in doc["commitments"] for i in c["indicators"]}
    assert by_id["6.2"]["state"] == "scored" and by_id["6.2"]["basis"] == "computed"
    assert by_id["6.2"]["value"] == pytest.approx(0.85)
    assert by_id["6.2"]["score"] == pytest.approx(50.0)  # 0.85 between 0.7 → 0 and 1.0 → 100
    assert by_id["2.1"]["basis"] == "computed" and by_id["2.1"]["value"] == 0.75
    assert by_id["6.1"]["basis"] == "none"
