"""``ai-work-audit monitoring``: options generated from ``MonitoringOptions``, then ``run.run``."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from ai_work_audit.cli._lazy import lazy_command
from ai_work_audit.kinds import KINDS

KIND = "monitoring"
INPUT_HELP = "A log file (CSV, JSON Lines, Parquet), a folder of them, or an HR export table."
JOBS_HELP = ("Processes scanning free text with Presidio (default: every usable core; started "
             "only when a log brings enough distinct texts).")


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


def _monitoring(input: Path, options: Any, cli: dict[str, Any]) -> None:
    from ai_work_audit.cli._common import emit_result, lang_code
    from ai_work_audit.findings import tripped
    from ai_work_audit.kinds import Progress
    from ai_work_audit.run import run
    from ai_work_audit.vocab._messages import message, told_in

    lang = lang_code(cli["lang"])
    with _progress(input, options.mapping) as bar:
        result = run(KIND, input, options, lang=lang,
                     record=not cli["no_ledger"],
                     progress=Progress(on_stage=bar.stage, on_events=bar.events,
                                       jobs=cli["jobs"]))
    for warning in told_in(result.warnings, lang):
        typer.echo(message("warning.line", lang, text=warning), err=True)
    emit_result(result, cli["format"], cli["output"])
    if cli["fail_on"] is not None and tripped(result.findings, cli["fail_on"]):
        raise typer.Exit(1)


def command() -> Any:
    """The ``monitoring`` command, generated from its options model (plus ``--jobs``)."""
    from ai_work_audit.cli._generate import audit_command

    jobs = inspect.Parameter("jobs", inspect.Parameter.KEYWORD_ONLY, default=None,
                             annotation=Annotated[int | None, typer.Option(min=1,
                                                                           help=JOBS_HELP)])
    return audit_command(KIND, input_help=INPUT_HELP, handler=_monitoring, extra=[jobs])


lazy_command(KIND, KINDS[KIND].summary, f"{__name__}:command")
