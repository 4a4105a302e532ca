"""``ai-work-audit hiring``: options generated from ``HiringOptions``, then ``run.run``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ai_work_audit.cli._lazy import lazy_command, lazy_subcommand
from ai_work_audit.kinds import KINDS

KIND = "hiring"
INPUT_HELP = ("CSV, TSV, Parquet, JSON Lines, Excel (.xlsx) or OpenDocument (.ods) file (with "
              "--engine spark also a folder or URI; none with --engine sql).")
DOC = (KINDS[KIND].summary + "\n\nAlso: `ai-work-audit hiring verify-summary FILE` checks a "
       "published NYC LL 144 summary (CSV) for internal consistency.")


def _hiring(input: Path | None, options: Any, cli: dict[str, Any]) -> None:
    from ai_work_audit.cli._common import emit_result, lang_code
    from ai_work_audit.findings import tripped
    from ai_work_audit.run import run
    from ai_work_audit.vocab._messages import message, told_in

    if options.explain:  # --engine sql: show the queries, run nothing
        from ai_work_audit.engines import explain_hiring

        typer.echo(";\n\n".join(explain_hiring(options)) + ";")
        return

    lang = lang_code(cli["lang"])
    result = run(KIND, input, options, lang=lang, record=not cli["no_ledger"])
    for warning in told_in(result.warnings, lang):
        typer.echo(message("warning.line", lang, text=warning), err=True)
    emit_result(result, cli["format"], cli["output"])
    if cli["fail_on"] is not None and tripped(result.findings, cli["fail_on"]):
        raise typer.Exit(1)


def command() -> Any:
    """The ``hiring`` command, generated from its options model."""
    from ai_work_audit.cli._generate import audit_command

    return audit_command(KIND, input_help=INPUT_HELP, handler=_hiring, doc=DOC,
                         input_optional=True)


def verify_summary_command() -> Any:
    """``ai-work-audit hiring verify-summary FILE``: exit 0 when the published summary is
    consistent, 1 with one line per inconsistency (table, category, field, expected,
    published), 2 when the file cannot be read as a summary (contracts.md)."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.command(name="verify-summary")
    def verify_summary(
        file: Annotated[Path, typer.Argument(
            help="Published summary, CSV: table, category, applicants, selected, "
            "selection_rate (or scoring_rate), impact_ratio.")],
    ) -> None:
        """Check a published NYC LL 144 bias-audit summary: rates = selected ÷ applicants,
        ratios = rate ÷ the table's highest rate (within its rounding), none above 1,
        exclusions under 2 %, required fields present (6 RCNY § 5-301, § 5-303)."""
        from ai_work_audit.hiring._summary import read_summary
        from ai_work_audit.hiring._summary import verify_summary as check

        rows = read_summary(file)
        found = check(rows)
        for item in found:
            typer.echo(item.line())
        if found:
            typer.echo(f"{len(found)} inconsistenc{'y' if len(found) == 1 else 'ies'} in "
                       f"{len(rows)} row(s).", err=True)
            raise typer.Exit(1)
        typer.echo(f"consistent: {len(rows)} row(s) checked.", err=True)

    return typer.main.get_command(app)


lazy_command(KIND, KINDS[KIND].summary, f"{__name__}:command")
lazy_subcommand(KIND, "verify-summary", f"{__name__}:verify_summary_command")
