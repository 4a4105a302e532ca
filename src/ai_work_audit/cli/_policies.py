"""``ai-work-audit policies``: validate policy packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_work_audit.cli._common import app

policies_app = typer.Typer(help="Policy packs: validate them.", no_args_is_help=True)
app.add_typer(policies_app, name="policies")


@policies_app.command("validate")
def policies_validate(
    paths: Annotated[list[Path], typer.Argument(help="Policy pack files or folders.")],
) -> None:
    """Check policy packs; every problem is printed as file:line: message (exit 2)."""
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
