"""``ai-work-audit hiring``: a thin layer over ``pipeline.run_hiring_audit``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_work_audit.cli._common import (
    Audience,
    AudienceOpt,
    FailOnOpt,
    FormatOpt,
    Granularity,
    KOpt,
    LangOpt,
    Language,
    NoLedgerOpt,
    OrgOpt,
    OutputFormat,
    OutputOpt,
    SystemOpt,
    app,
    emit_document,
    lang_code,
)
from ai_work_audit.findings import tripped


@app.command()
def hiring(
    input: Annotated[Path, typer.Argument(help="CSV, TSV, Parquet or JSON Lines file.")],
    group: Annotated[list[str], typer.Option("--group", help="A protected-attribute column "
                                             "(repeatable): one table per attribute.")],
    outcome: Annotated[str | None, typer.Option(help="Column of selection decisions (1/0, "
                                                "true/false, yes/no, selected/rejected).")] = None,
    score: Annotated[str | None, typer.Option(help="Column of numeric scores: scoring-rate "
                                              "mode (share above the sample median).")] = None,
    applicants: Annotated[str | None, typer.Option(help="Aggregated input: column of "
                                                   "applicant counts per category.")] = None,
    selected: Annotated[str | None, typer.Option(help="Aggregated input: column of selected "
                                                 "counts per category.")] = None,
    intersectional: Annotated[bool, typer.Option(
        "--intersectional/--no-intersectional",
        help="Add the table over all --group columns (two or more).")] = True,
    unknown: Annotated[list[str] | None, typer.Option(
        "--unknown", help="A value meaning 'unknown category' (repeatable; replaces the "
        "defaults: empty, NA, Unknown, Missing, Missing/Unknown, Prefer not to say).")] = None,
    exclude_under: Annotated[float, typer.Option(
        help="Leave categories under this share of the known total out of the impact-ratio "
        "reference (NYC DCWP § 5-301(d), e.g. 0.02).")] = 0.0,
    stage: Annotated[str | None, typer.Option(help="Funnel stage column (one row per "
                                              "candidate and stage; --outcome = passed).")] = None,
    stage_order: Annotated[str | None, typer.Option(
        help="Stages first to last, comma-separated (default: by decreasing size).")] = None,
    period: Annotated[str | None, typer.Option(help="Date column for trends.")] = None,
    by: Annotated[Granularity, typer.Option(help="Trend granularity.")] = Granularity.month,
    label: Annotated[str | None, typer.Option(help="Ground-truth column (1/0): per-group "
                                              "TPR/FPR and equalized odds via fairlearn.")] = None,
    policy: Annotated[list[Path] | None, typer.Option(
        "--policy", help="Policy pack (repeatable; default: every hiring pack).")] = None,
    org: OrgOpt = "default",
    system: SystemOpt = None,
    format: FormatOpt = OutputFormat.text,
    output: OutputOpt = None,
    lang: LangOpt = Language.en,
    no_ledger: NoLedgerOpt = False,
    fail_on: FailOnOpt = None,
    audience: AudienceOpt = Audience.full,
    k: KOpt = 10,
) -> None:
    """Audit selection or scoring outcomes of a hiring tool (EEOC four-fifths rule, NYC LL 144)."""
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.pipeline import run_hiring_audit
    from ai_work_audit.sources import DEFAULT_UNKNOWN

    options = HiringOptions(
        group=tuple(group), outcome=outcome, score=score, applicants=applicants,
        selected=selected, intersectional=intersectional,
        unknown=tuple(unknown) if unknown else DEFAULT_UNKNOWN, exclude_under=exclude_under,
        stage=stage, stage_order=tuple(s.strip() for s in stage_order.split(",") if s.strip())
        if stage_order else (), period=period, by=by.value, label=label, organisation=org,
        system=system, policies=tuple(str(p) for p in policy or ()),
    )
    audit = run_hiring_audit(input, options, lang=lang_code(lang), record=not no_ledger)
    from ai_work_audit import reports
    from ai_work_audit.disclosure import apply_audience, mark_for_rendering

    document = apply_audience(audit.to_dict(), audience.value, k)
    if audience is Audience.representative and format is not OutputFormat.json:
        document = mark_for_rendering(document, lang_code(lang))
    emit_document(document, format, output, lang_code(lang), reports.render_hiring,
                  reports.print_hiring_summary)
    if fail_on is not None and tripped(audit.findings, fail_on):
        raise typer.Exit(1)
