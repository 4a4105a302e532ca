"""`make demo`: synthetic data with planted problems → audits → MLflow runs → reports."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from rich.console import Console

from ai_work_audit.hiring import HiringAudit, HiringOptions
from ai_work_audit.monitoring import MonitoringAudit, MonitoringOptions
from ai_work_audit.policy import policy_dir
from ai_work_audit.run import RunResult, run
from ai_work_audit.synthetic import PLANTED_GROUP, write_hiring_data
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data
from ai_work_audit.vocab._messages import message

Lang = Literal["en", "fr"]


def _write_reports(result: RunResult, folder: Path, stem: str) -> list[Path]:
    """``stem.json`` and the Markdown, HTML and PDF reports of one run (its views)."""
    paths: list[Path] = []
    for fmt in ("json", "md", "html", "pdf"):
        content = result.view(fmt)
        path = folder / f"{stem}.{fmt}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


def run_monitoring_demo(folder: Path, *, lang: Lang = "en", workers: int = 300,
                        console: Console | None = None) -> tuple[MonitoringAudit, list[Path]]:
    """Synthetic CERT-schema logs with planted problems → monitoring audit → reports."""
    out = console or Console()
    logs = folder / "monitoring"
    planted = write_monitoring_data(logs, workers=workers)
    out.print(f"Synthetic monitoring logs: {planted['events']:,} events of {workers} workers in "
              f"{logs} (CERT insider-threat schema, planted problems).")
    from ai_work_audit.synthetic_monitoring import write_declarations, write_request_log

    today = datetime.now(UTC).date()  # the laws are applied today (PWD from 2 December 2026)
    requests = folder / "laws" / "monitoring-requests.csv"
    write_request_log(requests, today, seed=17)
    declarations = write_declarations(folder / "laws" / "declarations-monitoring.yaml",
                                      today - timedelta(days=120))
    # the example company policy: its allowed types, working time and retention are findings
    company = policy_dir() / "company-monitoring-policy.example.yaml"
    options = MonitoringOptions(mapping="cert", timezone=TIMEZONE,
                                roster=str(logs / "roster.csv"), organisation="demo-org",
                                system="activity-monitoring", requests=str(requests),
                                declarations=str(declarations),
                                company_policy=str(company) if company.is_file() else None)
    result = run("monitoring", logs, options, lang=lang, record=True)
    paths = _write_reports(result, folder, "monitoring")
    out.rule(f"monitoring — MLflow run {result.run_id}")
    result.print_summary(out)
    audit: MonitoringAudit = result.audit
    return audit, paths


#: Declared evidence of the demo organisation: (indicator, kind, amount, document text).
DEMO_DECLARATIONS = (
    ("1.2", "level", 50, "Minutes of the works-council consultation on the screening model."),
    ("1.1", "value", 0.5, "AI-system register with dated notices to representatives."),
    ("2.1", "value", 0.62, "AI-literacy training records, last 12 months."),
    ("2.2", "value", 1.0, "Register of named, trained overseers of high-risk systems."),
    ("3.4", "level", 25, "Safety assessment chapter on algorithmic management."),
    ("4.5", "level", 50, "Published audit summary and candidate notice."),
    ("5.5", "value", 0.5, "DPIA register for monitoring and HR-profiling systems."),
    ("6.3", "level", 25, "Supply-chain transparency note on outsourced data labelling."),
)


# --- access (issue 16) ---


def run_access_demo(folder: Path, *, lang: Lang = "en", console: Console | None = None
                    ) -> list[Path]:
    """Synthetic training records, promotions and vendor statements with planted problems →
    training, promotion and supply-chain audits → reports (commitments 2, 4 and 6)."""
    from ai_work_audit.access import PromotionOptions, TrainingOptions
    from ai_work_audit.policy import policy_dir
    from ai_work_audit.supply_chain import SupplyChainOptions
    from ai_work_audit.synthetic_access import (
        write_promotion_data,
        write_supply_chain_data,
        write_training_data,
    )

    out = console or Console()
    data = folder / "data"
    wages = policy_dir() / "supply-chain-wages"
    runs = {
        "training": ("training", write_training_data(data), TrainingOptions(
            group=("sex",), part_time="part_time", age_band="age_band", outcome="trained",
            intersectional=False,
            ai_literacy="ai_literacy", hours="hours", affected="affected",
            organisation="demo-org", system="training-records")),
        "promotion": ("promotion", write_promotion_data(data), PromotionOptions(
            group=("sex",), part_time="part_time", age_band="age_band", outcome="promoted",
            intersectional=False,
            duration="months", csp="csp", organisation="demo-org", system="promotions")),
        "supply-chain": ("supply_chain", write_supply_chain_data(data), SupplyChainOptions(
            benchmarks=str(wages / "living-wages.example.csv"),
            rates=str(wages / "rates.example.csv"), region="region", task="task_type",
            period="period", workers="workers", units="units",
            minutes_per_unit="minutes_per_unit", due="due", paid="paid",
            organisation="demo-org", system="data-labelling-vendors")),
    }
    paths: list[Path] = []
    for stem, (kind, path, options) in runs.items():
        result = run(kind, path, options, lang=lang, record=True)
        paths += _write_reports(result, folder, stem)
        out.rule(f"{stem} — MLflow run {result.run_id}")
        result.print_summary(out)
    return paths


def run_assessment_demo(folder: Path, organisation: str, *, lang: Lang = "en",
                        console: Console | None = None) -> list[Path]:
    """Declare a few documents, then build the organisation's self-assessment in every format."""
    from ai_work_audit.assessment import build_self_assessment
    from ai_work_audit.ledger import add_evidence
    from ai_work_audit.reports import render_oscal, render_self_assessment

    out = console or Console()
    documents = folder / "evidence"
    documents.mkdir(parents=True, exist_ok=True)
    for indicator, kind, amount, text in DEMO_DECLARATIONS:
        if kind == "not_applicable":
            add_evidence(organisation=organisation, indicator=indicator,
                         not_applicable=str(amount), method="examine", added_by="demo")
            continue
        path = documents / f"indicator-{indicator}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        add_evidence(organisation=organisation, indicator=indicator, file=path,
                     method="examine", added_by="demo",
                     **{kind: amount})  # type: ignore[arg-type]
    period = str(datetime.now(UTC).year)
    assessment = build_self_assessment(organisation, period).to_dict()
    paths = [folder / "self-assessment.json", folder / "self-assessment.oscal.json"]
    paths[0].write_text(json.dumps(assessment, indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    paths[1].write_text(render_oscal(assessment), encoding="utf-8")
    for fmt in ("md", "html", "pdf"):
        content = render_self_assessment(assessment, fmt, lang)  # type: ignore[call-overload]
        path = folder / f"self-assessment.{fmt}"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        paths.append(path)
    out.rule(f"self-assessment of {organisation}, {period}")
    for commitment in assessment["commitments"]:
        score = commitment.get("score")
        shown = "—" if score is None else f"{score:.0f}"
        band = message(f"band.{commitment['band']}", "fr" if lang == "fr" else "en")
        out.print(f"  commitment {commitment['id']}: score {shown}, {band}, "
                  f"coverage {commitment.get('coverage') or 0:.0%}")
    return paths


def print_bounds_and_strata(audit: HiringAudit, out: Console) -> None:
    """The impact-ratio bounds of the categories whose verdict the unknowns could reverse,
    and the stratified comparisons (``--stratum``) of the tables that have them."""
    from rich.table import Table

    def label(group: dict[str, str]) -> str:
        return " × ".join(group.values())

    def number(value: float | None, fmt: str = ".2f") -> str:
        if value is None:
            return "—"
        return "< 1e-300" if fmt == ".2g" and value == 0 else format(value, fmt)

    bounds = Table(title="Impact-ratio bounds over the people of unknown category",
                   title_justify="left")
    for column in ("table", "category", "impact ratio", "min", "max", "verdict"):
        bounds.add_column(column)
    for table in audit.tables:
        for row in table.rows:
            if row.bounds is None or (row.bounds.verdict_stable and not row.adverse_impact):
                continue
            bounds.add_row(" × ".join(table.attributes), label(row.group),
                           number(row.impact_ratio), number(row.bounds.impact_ratio_min),
                           number(row.bounds.impact_ratio_max),
                           "stable" if row.bounds.verdict_stable else "could flip")
    if bounds.row_count:
        out.print(bounds)
    for section in audit.strata:
        reference = section.get("reference")
        if not section["comparisons"] or reference is None:
            continue
        strata = Table(title=f"{' × '.join(section['attributes'])} by {section['stratum']} "
                       f"({len(section['strata'])} strata) against {label(reference)}: "
                       "Cochran–Mantel–Haenszel", title_justify="left")
        for column in ("category", "pooled odds ratio", "CMH p", "homogeneity p (Breslow–Day)"):
            strata.add_column(column)
        for item in section["comparisons"]:
            strata.add_row(label(item["group"]), number(item["pooled_odds_ratio"]),
                           number(item["cmh_p_value"], ".2g"),
                           number(item["homogeneity_p_value"], ".2g"))
        out.print(strata)


#: The audit date of the demo's laws run: after every date of the 2026–2027 laws (the AI Act's
#: Annex III duties apply from 2 December 2027), so that each deadline rule is checked.
LAWS_AS_OF = date(2028, 1, 15)


def run_laws_demo(folder: Path, candidates: Path, *, lang: Lang = "en",
                  console: Console | None = None) -> list[Path]:
    """An explanation / review request log and the organisation's declarations, audited with
    the screening model against the EU and Colorado profiles on ``LAWS_AS_OF``: the deadline
    findings (AI Act art. 86, Colorado SB 26-189) and the declared duties."""
    from rich.table import Table

    from ai_work_audit.synthetic_monitoring import write_declarations, write_request_log

    out = console or Console()
    laws = folder / "laws"
    requests = laws / "requests.csv"
    planted = write_request_log(requests, LAWS_AS_OF)
    declarations = write_declarations(laws / "declarations.yaml", date(2027, 12, 6))
    out.print(f"Synthetic request log: {requests} (planted: {planted['late']} late, "
              f"{planted['unanswered']} unanswered, {planted['no_reasons']} reviews without "
              "written reasons); declarations: " + str(declarations))
    options = HiringOptions(
        outcome="screened_in", group=("sex", "race_ethnicity"), exclude_under=0.02,
        organisation="demo-org", system="screening-model", jurisdictions=("eu", "us-co"),
        as_of=LAWS_AS_OF.isoformat(), requests=str(requests), declarations=str(declarations))
    result = run("hiring", candidates, options, lang=lang, record=True)
    paths = _write_reports(result, folder, "laws")
    out.rule(f"laws on {LAWS_AS_OF.isoformat()} (eu, us-co) — MLflow run {result.run_id}")
    table = Table(title="Deployer duties and deadlines", title_justify="left")
    for column in ("rule", "refs", "outcome", "finding"):
        table.add_column(column)
    for finding in result.findings:
        if finding.policy in ("eu-ai-act-deployers", "us-colorado-sb26-189"):
            table.add_row(finding.rule, ", ".join(finding.refs), finding.outcome.value,
                          finding.message)
    out.print(table)
    return paths


def run_demo(folder: Path, *, rows: int = 40_000, workers: int = 300, lang: Lang = "en",
             console: Console | None = None) -> dict[str, HiringAudit]:
    """Run every demo audit into ``folder`` and print where the results are."""
    from ai_work_audit.ledger import tracking_uri

    out = console or Console()
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    out.rule("[bold]ai-work-audit demo")
    data = write_hiring_data(folder / "data", rows)
    out.print(f"Synthetic applicants: {rows:,} rows in {data['candidates']} "
              f"(planted adverse impact on {' × '.join(PLANTED_GROUP.values())}).")
    common = {"group": ("sex", "race_ethnicity"), "exclude_under": 0.02,
              "organisation": "demo-org"}
    runs = {
        "hiring-selection": (data["candidates"], HiringOptions(
            outcome="screened_in", label="qualified", period="applied_on", by="quarter",
            stratum="job_opening", system="screening-model", **common)),  # type: ignore[arg-type]
        "hiring-scoring": (data["candidates"], HiringOptions(
            score="screening_score", system="ranking-model", **common)),  # type: ignore[arg-type]
        "hiring-funnel": (data["funnel"], HiringOptions(
            outcome="passed", stage="stage",
            stage_order=("application", "screening", "interview", "offer"),
            system="hiring-funnel", **common)),  # type: ignore[arg-type]
    }
    audits: dict[str, HiringAudit] = {}
    written: list[Path] = []
    for stem, (path, options) in runs.items():
        result = run("hiring", path, options, lang=lang, record=True)
        audits[stem] = result.audit
        written += _write_reports(result, folder, stem)
        out.rule(f"{stem} — MLflow run {result.run_id}")
        result.print_summary(out)
        print_bounds_and_strata(result.audit, out)
    _, monitoring_paths = run_monitoring_demo(folder, lang=lang, workers=workers, console=out)
    written += monitoring_paths
    written += run_laws_demo(folder, data["candidates"], lang=lang, console=out)
    written += run_access_demo(folder, lang=lang, console=out)
    written += run_assessment_demo(folder, "demo-org", lang=lang, console=out)
    out.rule("[bold]Where things are")
    formats: dict[Path, list[str]] = {}  # one line per report: its formats
    for path in written:
        name = path.name.removesuffix(".oscal.json")
        base = path.with_name(name.partition(".")[0])
        formats.setdefault(base, []).append(path.name.removeprefix(base.name))
    for base, suffixes in formats.items():
        out.print(f"  {base}{{{','.join(suffixes)}}}" if len(suffixes) > 1 else
                  f"  {base}{suffixes[0]}", markup=False, highlight=False)
    out.print(f"MLflow store: {tracking_uri()}")
    out.print("Open the MLflow UI on these runs: `make ui` (it installs the full mlflow "
              "package in a virtual environment of its own, then runs `ai-work-audit ui`).")
    out.print(f"Demo finished in {time.perf_counter() - started:.1f} s.")
    return audits
