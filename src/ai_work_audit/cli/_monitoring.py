"""``ai-work-audit monitoring``: a thin layer over ``pipeline.run_monitoring_audit``."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ai_work_audit.cli._common import (
    Audience,
    AudienceOpt,
    FailOnOpt,
    FormatOpt,
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


class _Progress:
    """Stage, events scanned and elapsed time on an interactive terminal; silent otherwise."""

    def __init__(self, progress: Any = None, task: Any = None) -> None:
        self._progress, self._task = progress, task

    def stage(self, name: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=name)

    def events(self, count: int) -> None:
        if self._progress is not None:
            self._progress.update(self._task, completed=count)


@contextmanager
def _progress(input: Path, mapping: str | None) -> Iterator[_Progress]:
    """The bar has a total when the log's size is known up front (Parquet, every file read:
    no mapping that could leave some out), else it pulses."""
    if not sys.stderr.isatty():
        yield _Progress()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from ai_work_audit.monitoring import expected_events

    total = expected_events(input) if mapping is None else None
    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(),
               TextColumn("{task.completed:,} events"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        yield _Progress(progress, progress.add_task("starting", total=total))


@app.command()
def monitoring(
    input: Annotated[Path, typer.Argument(help="A log file (CSV, JSON Lines, Parquet), a folder "
                                          "of them, or an HR export table.")],
    mapping: Annotated[str | None, typer.Option(
        help="Column mapping YAML, or a shipped one by name (cert).")] = None,
    timezone: Annotated[str | None, typer.Option(
        help="IANA time zone of timestamps without an offset, e.g. Europe/Paris.")] = None,
    working_hours: Annotated[str, typer.Option(help="Working hours, HH:MM-HH:MM.")] =
    "08:00-19:00",
    working_days: Annotated[str, typer.Option(help="Working days, e.g. mon-fri.")] = "mon-fri",
    roster: Annotated[Path | None, typer.Option(
        help="HR roster: worker id, name, e-mail, optional leave periods and demographics.")] =
    None,
    policy: Annotated[list[Path] | None, typer.Option(
        "--policy", help="Policy pack (repeatable; default: every monitoring pack).")] = None,
    language: Annotated[str, typer.Option(
        help="Language of free text: en, fr or auto (per text).")] = "auto",
    as_of: Annotated[str | None, typer.Option(
        help="Date the retention check is made at (default: the last event).")] = None,
    company_policy: Annotated[Path | None, typer.Option(
        help="The company's monitoring policy (YAML, company-policy/v1): its retention limits, "
        "working time and allowed event types are checked.")] = None,
    jobs: Annotated[int | None, typer.Option(
        min=1, help="Processes scanning free text with Presidio (default: every usable core; "
        "started only when a log brings enough distinct texts).")] = None,
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
    """Audit monitoring logs and HR exports: personal data exposed, surveillance intensity,
    Platform Work Directive art. 7, GDPR, AI Act art. 5(1)(f), CNIL."""
    from ai_work_audit.monitoring import MonitoringOptions
    from ai_work_audit.pipeline import run_monitoring_audit

    options = MonitoringOptions(
        mapping=mapping, timezone=timezone, working_hours=working_hours,
        working_days=working_days, roster=str(roster) if roster else None,
        policies=tuple(str(p) for p in policy or ()),
        language=language,  # type: ignore[arg-type]
        as_of=as_of, company_policy=str(company_policy) if company_policy else None,
        organisation=org, system=system,
    )
    with _progress(input, mapping) as progress:
        audit = run_monitoring_audit(input, options, lang=lang_code(lang),
                                     record=not no_ledger, on_stage=progress.stage, jobs=jobs,
                                     on_events=progress.events)
    for warning in audit.warnings:
        typer.echo(f"warning: {warning}", err=True)
    from ai_work_audit import reports
    from ai_work_audit.disclosure import apply_audience, mark_for_rendering

    document = apply_audience(audit.to_dict(), audience.value, k)
    if audience is Audience.representative and format is not OutputFormat.json:
        document = mark_for_rendering(document, lang_code(lang))
    emit_document(document, format, output, lang_code(lang), reports.render_monitoring,
                  reports.print_monitoring_summary)
    if fail_on is not None and tripped(audit.findings, fail_on):
        raise typer.Exit(1)
