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
    from ai_work_audit.sources import (
        COMPANY_POLICY_SCHEMA,
        validate_company_policy_file,
    )

    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    problems: list[str] = []
    for file in files:
        schema = _declared_schema(file)
        if schema == COMPANY_POLICY_SCHEMA:
            problems.extend(validate_company_policy_file(file))
        elif schema is not None and schema.startswith("ai-work-audit/framework/"):
            problems.extend(_framework_problems(file))
        else:
            problems.extend(validate_policy_file(file))
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{len(files)} pack(s) valid")


def _declared_schema(path: Path) -> str | None:
    """The top-level ``schema`` of a non-pack document (framework, company policy), if any."""
    from ai_work_audit.policy._yaml import YamlSyntaxError, load_yaml_with_lines, read_text

    try:
        data, _ = load_yaml_with_lines(read_text(path))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None
    if not isinstance(data, dict) or "pack" in data or "rules" in data:
        return None
    schema = data.get("schema")
    return schema if isinstance(schema, str) else None


def _framework_problems(path: Path) -> list[str]:
    from ai_work_audit.errors import PolicyError
    from ai_work_audit.indicators import load_framework

    try:
        load_framework(path)
    except PolicyError as exc:
        return [str(exc)]
    return []
