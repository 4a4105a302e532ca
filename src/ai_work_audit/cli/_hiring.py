"""``ai-work-audit hiring``: options generated from ``HiringOptions``, then ``run.run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ai_work_audit.cli._lazy import lazy_command
from ai_work_audit.kinds import KINDS

KIND = "hiring"
INPUT_HELP = "CSV, TSV, Parquet or JSON Lines file."


def _hiring(input: Path, options: Any, cli: dict[str, Any]) -> None:
    from ai_work_audit.cli._common import emit_result, lang_code
    from ai_work_audit.findings import tripped
    from ai_work_audit.run import run

    result = run(KIND, input, options, lang=lang_code(cli["lang"]), record=not cli["no_ledger"])
    emit_result(result, cli["format"], cli["output"])
    if cli["fail_on"] is not None and tripped(result.findings, cli["fail_on"]):
        raise typer.Exit(1)


def command() -> Any:
    """The ``hiring`` command, generated from its options model."""
    from ai_work_audit.cli._generate import audit_command

    return audit_command(KIND, input_help=INPUT_HELP, handler=_hiring)


lazy_command(KIND, KINDS[KIND].summary, f"{__name__}:command")
