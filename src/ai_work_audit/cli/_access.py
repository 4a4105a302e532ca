"""``ai-work-audit training | promotion | decision_roles`` (equal access, issue 16) and
``ai-work-audit supply-chain`` (living wages, issue 16): options generated from their models,
then ``run.run``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from ai_work_audit.cli._lazy import lazy_command
from ai_work_audit.kinds import KINDS

INPUT_HELP = "CSV, TSV, Parquet, JSON Lines, Excel (.xlsx) or OpenDocument (.ods) file."
SUPPLY_INPUT_HELP = ("Vendor statements (CSV/Excel): vendor, country, region, task type, hours, "
                     "gross pay, currency, period.")
ACCESS_KINDS = ("training", "promotion", "decision_roles")
SUPPLY_KIND = "supply_chain"
SUPPLY_COMMAND = "supply-chain"


def _handler(kind: str) -> Any:
    def handle(input: Path, options: Any, cli: dict[str, Any]) -> None:
        from ai_work_audit.cli._common import emit_result, lang_code
        from ai_work_audit.findings import tripped
        from ai_work_audit.run import run

        result = run(kind, input, options, lang=lang_code(cli["lang"]),
                     record=not cli["no_ledger"])
        emit_result(result, cli["format"], cli["output"])
        if cli["fail_on"] is not None and tripped(result.findings, cli["fail_on"]):
            raise typer.Exit(1)

    return handle


def _command(kind: str, input_help: str = INPUT_HELP, name: str | None = None) -> Any:
    from ai_work_audit.cli._generate import audit_command

    return audit_command(kind, input_help=input_help, handler=_handler(kind), name=name)


def training_command() -> Any:
    return _command("training")


def promotion_command() -> Any:
    return _command("promotion")


def decision_roles_command() -> Any:
    return _command("decision_roles")


def supply_chain_command() -> Any:
    return _command(SUPPLY_KIND, SUPPLY_INPUT_HELP, SUPPLY_COMMAND)


for _kind in ACCESS_KINDS:
    lazy_command(_kind, KINDS[_kind].summary, f"{__name__}:{_kind}_command")
lazy_command(SUPPLY_COMMAND, KINDS[SUPPLY_KIND].summary, f"{__name__}:supply_chain_command")
