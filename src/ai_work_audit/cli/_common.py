"""The Typer app, shared option types and output helpers of every sub-command."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from ai_work_audit import __version__
from ai_work_audit.cli._lazy import LazyGroup
from ai_work_audit.cli._startup import resume_collection
from ai_work_audit.errors import ConfigError
from ai_work_audit.findings import Severity

app = typer.Typer(
    name="ai-work-audit",
    cls=LazyGroup,
    help="Audit how employers use AI at work (Paris 2025 pledge for a trustworthy AI at work).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    ll144 = "ll144"


class Language(StrEnum):
    en = "en"
    fr = "fr"


def lang_code(lang: Language) -> Literal["en", "fr"]:
    """The report-language literal the library functions take."""
    return "fr" if lang is Language.fr else "en"


class Audience(StrEnum):
    full = "full"
    representative = "representative"


class Granularity(StrEnum):
    month = "month"
    quarter = "quarter"
    year = "year"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format; 'text' is "
                                                 "a summary on the terminal; 'll144' (hiring) "
                                                 "the NYC published summary, as CSV when "
                                                 "--output ends in .csv.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output here "
                                                "(default: standard output).")]
LangOpt = Annotated[Language, typer.Option("--lang", help="Report language.")]
NoLedgerOpt = Annotated[bool, typer.Option("--no-ledger", help="Do not record an MLflow run.")]
FailOnOpt = Annotated[Severity | None, typer.Option(
    "--fail-on", help="Exit 1 when a finding at or above this severity fails.")]
AudienceOpt = Annotated[Audience, typer.Option(
    "--audience", help="Who the output is for: 'representative' withholds every category with "
    "fewer than --k people and every field not cleared for release.")]
KOpt = Annotated[int, typer.Option(
    "--k", min=2, help="Smallest number of people a released category may have "
    "(--audience representative).")]
OrgOpt = Annotated[str, typer.Option("--org", help="Organisation the evidence belongs to.")]
SystemOpt = Annotated[str | None, typer.Option(
    "--system", help="The AI system or tool audited (default: the input's file name).")]


def write_output(content: str | bytes, output: Path | None) -> None:
    """Write to ``output`` (and say so on stderr), or to standard output."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        output.write_bytes(content)
    else:
        output.write_text(content, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def emit_result(result: Any, fmt: OutputFormat, output: Path | None) -> None:
    """Write a run's document as JSON or a rendered report (the run's views, built once), or
    print its terminal summary."""
    if fmt is OutputFormat.text and output is None:
        from rich.console import Console

        result.print_summary(Console())
        return
    if fmt is OutputFormat.pdf and output is None:
        raise ConfigError("--format pdf needs --output FILE.pdf.")
    view = fmt.value
    if fmt is OutputFormat.ll144 and output is not None and output.suffix.lower() == ".csv":
        view = "ll144-csv"
    write_output(result.view(view), output)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-work-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Audit hiring tools and workplace monitoring against the pledge, the EEOC and NYC rules,
    GDPR, the Platform Work Directive and the AI Act."""
    resume_collection()  # the command is loaded: it runs with the collector on (cli._startup)
