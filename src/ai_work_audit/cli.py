"""The ``ai-work-audit`` command line: a thin Typer layer over the library (contracts.md).

Exit codes: 0 ran (whatever it found); 1 a ``--fail-on`` gate tripped; 2 bad input, spec or
usage — one line on stderr starting with ``error:``, never a traceback.
"""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from ai_work_audit import __version__
from ai_work_audit.errors import AuditError, ConfigError
from ai_work_audit.findings import Severity, tripped

app = typer.Typer(
    name="ai-work-audit",
    help="Audit how employers use AI at work (Paris 2025 pledge for a trustworthy AI at work).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
policies_app = typer.Typer(help="Policy packs: validate and list.", no_args_is_help=True)
app.add_typer(policies_app, name="policies")


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"


class Language(str, Enum):
    en = "en"
    fr = "fr"


class Granularity(str, Enum):
    month = "month"
    quarter = "quarter"
    year = "year"


FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="Output format; 'text' is "
                                                 "a summary on the terminal.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write the output here "
                                                "(default: standard output).")]
LangOpt = Annotated[Language, typer.Option("--lang", help="Report language.")]
NoLedgerOpt = Annotated[bool, typer.Option("--no-ledger", help="Do not record an MLflow run.")]
FailOnOpt = Annotated[Severity | None, typer.Option(
    "--fail-on", help="Exit 1 when a finding at or above this severity fails.")]
OrgOpt = Annotated[str, typer.Option("--org", help="Organisation the evidence belongs to.")]
SystemOpt = Annotated[str | None, typer.Option(
    "--system", help="The AI system or tool audited (default: the input's file name).")]


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
    audit = run_hiring_audit(input, options, lang=lang.value, record=not no_ledger)
    _emit_hiring(audit.to_dict(), format, output, lang.value)
    if fail_on is not None and tripped(audit.findings, fail_on):
        raise typer.Exit(1)


def _emit_hiring(document: dict[str, Any], fmt: OutputFormat, output: Path | None,
                 lang: str) -> None:
    if fmt is OutputFormat.json:
        _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
        return
    from ai_work_audit import reports

    if fmt is OutputFormat.text:
        if output is not None:
            _write(reports.render_hiring(document, "text", lang), output)
        else:
            from rich.console import Console

            reports.print_hiring_summary(document, Console(), lang)
        return
    if fmt is OutputFormat.pdf and output is None:
        raise ConfigError("--format pdf needs --output FILE.pdf.")
    _write(reports.render_hiring(document, fmt.value, lang), output)


def _write(content: str | bytes, output: Path | None) -> None:
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


@policies_app.command("validate")
def policies_validate(
    paths: Annotated[list[Path], typer.Argument(help="Policy pack files or folders.")],
) -> None:
    """Check policy packs; every problem is printed as file:line: message."""
    from ai_work_audit.policy import validate_policy_file

    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    problems = [p for f in files for p in validate_policy_file(f)]
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{len(files)} pack(s) valid")


@app.command()
def demo(
    folder: Annotated[Path, typer.Option(help="Where to write the demo data and reports.")] =
    Path("demo-output"),
    rows: Annotated[int, typer.Option(help="Synthetic candidates.")] = 40_000,
    lang: LangOpt = Language.en,
) -> None:
    """Generate synthetic data with planted problems, audit it and write every report."""
    from ai_work_audit.demo import run_demo

    run_demo(folder, rows=rows, lang=lang.value)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: map every error to the exit codes of contracts.md."""
    try:
        result = app(args=argv, standalone_mode=False, prog_name="ai-work-audit")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except TyperException as exc:
        _fail(exc.format_message() or "a command or argument is missing; see --help.", 2)
    except AuditError as exc:
        _fail(str(exc), 2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # last resort: no traceback, no data in the message
        if os.environ.get("AI_WORK_AUDIT_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}); rerun with AI_WORK_AUDIT_DEBUG=1 for "
              "details and report it", 3)
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    line = " ".join(message.split())
    sys.stderr.write(f"error: {line}\n")
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
