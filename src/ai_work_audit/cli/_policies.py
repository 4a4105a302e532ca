"""``ai-work-audit policies``: validate policy packs and run their fixtures (contracts.md)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_work_audit.cli._common import app

if TYPE_CHECKING:
    from ai_work_audit.policy import PackFixtures

policies_app = typer.Typer(help="Policy packs: validate them, run their fixtures.",
                           no_args_is_help=True)
app.add_typer(policies_app, name="policies")

#: Width ``policies test`` keeps its lines within.
_WIDTH = 80


@policies_app.command("validate")
def policies_validate(
    paths: Annotated[list[Path], typer.Argument(
        help="Pack folders, pack files, or folders of them.")],
) -> None:
    """Check policy packs, their fixtures and the other documents of a policy folder; every
    problem is printed as file:line: message (exit 2)."""
    from ai_work_audit.policy import validate_policy_file
    from ai_work_audit.policy._fixtures import fixture_files
    from ai_work_audit.policy._folder import FIXTURES_DIR, is_pack_folder, pack_file
    from ai_work_audit.sources import (
        COMPANY_POLICY_SCHEMA,
        validate_company_policy_file,
    )

    files: list[Path] = []
    for path in paths:
        if is_pack_folder(path):
            files.append(pack_file(path))
        elif path.is_dir():
            files.extend(sorted([*path.glob("*.yaml"),
                                 *(pack_file(p) for p in path.iterdir() if is_pack_folder(p))]))
        else:
            files.append(path)
    problems: list[str] = []
    packs = 0
    for file in files:
        schema = _declared_schema(file)
        if schema == COMPANY_POLICY_SCHEMA:
            problems.extend(validate_company_policy_file(file))
        elif schema is not None and schema.startswith("ai-work-audit/framework/"):
            problems.extend(_framework_problems(file))
        elif schema in _LAW_DOCUMENTS:  # laws: a declarations example, the FRIA template
            problems.extend(_law_document_problems(file, schema))
        else:
            packs += 1
            problems.extend(validate_policy_file(file))
            for fixture in fixture_files(file.parent / FIXTURES_DIR) if file.stem == "pack" \
                    else []:
                problems.extend(_fixture_problems(fixture))
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{len(files)} file(s) valid ({packs} pack(s))")


@policies_app.command("test")
def policies_test(
    paths: Annotated[list[Path], typer.Argument(
        help="A pack folder (pack.yaml + fixtures/) or a folder of pack folders.")],
) -> None:
    """Run every fixture of the packs through the evaluator: one line per case (rule, case,
    expected, got); exit 1 when a case fails or a rule lacks a pass or a fail case, 2 when a
    pack or fixture cannot be read."""
    from ai_work_audit.errors import PolicyError
    from ai_work_audit.policy import check_packs

    try:
        packs = check_packs(paths)
    except PolicyError as exc:
        lines = str(exc).splitlines()
        for line in lines[1:] if len(lines) > 1 else lines:
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(2) from None
    typer.echo(_table(packs))
    results = [r for p in packs for r in p.results]
    failed = sum(not r.ok for r in results)
    rules = sum(len(p.pack.rules) for p in packs)
    typer.echo(f"{len(results)} case(s) of {rules} rule(s) in {len(packs)} pack(s): "
               f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)


def _table(packs: list[PackFixtures]) -> str:
    """Plain text legible at 80 columns: per pack, each rule as a heading and one line per
    case (status, case, expected, got), the reason under a failing case."""
    from ai_work_audit.policy._pack import _display

    lines: list[str] = []
    for pack in packs:
        head = f"{pack.pack.pack} {pack.pack.version}"
        where = _display(pack.pack.path.parent) if pack.pack.path else ""
        if len(head) + len(where) + 3 <= _WIDTH:
            lines.append(f"{head} ({where})" if where else head)
        else:
            lines.extend([head, f"  ({where})"])
        case_w = max([len("case"), *(len(r.case) for r in pack.results)])
        rule = None
        for r in pack.results:
            if r.rule != rule:
                rule = r.rule
                lines.append(f"  {rule}")
            status = "ok" if r.ok else "FAIL"
            lines.append(f"    {status:<4}  {r.case:<{case_w}}  expected {r.expected:<14}"
                         f" got {r.got}".rstrip())
            if r.problem is not None:
                reason = f"{r.rule}, case {r.case!r}: {r.problem}"
                lines.extend(textwrap.wrap(reason, _WIDTH, initial_indent=" " * 10,
                                           subsequent_indent=" " * 12,
                                           break_on_hyphens=False))
    return "\n".join(lines)


def _fixture_problems(path: Path) -> list[str]:
    from ai_work_audit.errors import PolicyError
    from ai_work_audit.policy import read_fixture

    try:
        read_fixture(path)
    except PolicyError as exc:
        lines = str(exc).splitlines()
        return lines[1:] if len(lines) > 1 else lines
    return []


#: Non-pack documents of the laws (issue 13) the policy folder ships.
_LAW_DOCUMENTS = ("ai-work-audit/declarations/v1", "ai-work-audit/fria-template/v1")


def _law_document_problems(path: Path, schema: str) -> list[str]:
    """A declarations file is validated as the audits read it; the FRIA template is a form."""
    if schema != "ai-work-audit/declarations/v1":
        return []
    from ai_work_audit.errors import InputError
    from ai_work_audit.sources._declarations import load_declarations

    try:
        load_declarations(path)
    except InputError as exc:
        return list(exc.problems)
    return []


def _declared_schema(path: Path) -> str | None:
    """The top-level ``schema`` of a non-pack document (framework, company policy), if any."""
    from ai_work_audit.vocab import YamlSyntaxError, load_yaml_with_lines, read_text

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
