"""``ai-work-audit evidence add|list|verify|receipt|repair``: a thin layer over the evidence
store and its receipts (contracts.md "Receipts")."""

from __future__ import annotations

import json
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ai_work_audit.cli._common import OrgOpt, OutputOpt, app, write_output
from ai_work_audit.errors import ConfigError

evidence_app = typer.Typer(help="Declared evidence for the pledge indicators: add, list, verify, "
                           "receipt, repair.",
                           no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")

MSG_DATE = "--{name} must be an ISO-8601 date such as 2026-03-31; got {count} characters."


class Method(StrEnum):
    test = "test"
    examine = "examine"
    interview = "interview"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def _date(value: str | None, name: str) -> date | datetime | None:
    if value is None:
        return None
    text = value.strip()
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ConfigError(MSG_DATE.format(name=name, count=len(text)))


@evidence_app.command("add")
def evidence_add(
    indicator: Annotated[str, typer.Option("--indicator", help="Indicator id, e.g. 2.1.")],
    org: OrgOpt = "default",
    level: Annotated[int | None, typer.Option(
        "--level", help="Declared level of a declarative indicator: 0, 25, 50, 75 or 100.")] = None,
    value: Annotated[float | None, typer.Option(
        "--value", help="Declared value of a quantitative indicator (shares as 0..1).")] = None,
    not_applicable: Annotated[str | None, typer.Option(
        "--not-applicable", help="The indicator does not apply: say why.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Supporting document, stored content-addressed (SHA-256).")] = None,
    uri: Annotated[str | None, typer.Option("--uri", help="Where the evidence lives.")] = None,
    method: Annotated[Method | None, typer.Option(
        "--method", help="Assessment method (NIST SP 800-53A). Default: examine.")] = None,
    collected: Annotated[str | None, typer.Option(
        "--collected", help="When the evidence was collected (ISO date; default now).")] = None,
    expires: Annotated[str | None, typer.Option(
        "--expires", help="When the evidence stops counting (ISO date, inclusive).")] = None,
) -> None:
    """Declare evidence for one indicator (exactly one of --level, --value, --not-applicable)."""
    from ai_work_audit.assessment import check_declaration
    from ai_work_audit.ledger import add_evidence

    given = sum(x is not None for x in (level, value, not_applicable))
    if given != 1:
        raise ConfigError("exactly one of --level, --value or --not-applicable must be given; "
                          f"got {given} instead.")
    check_declaration(indicator, level=level, value=value, not_applicable=not_applicable)
    entry = add_evidence(
        organisation=org, indicator=indicator, level=level, value=value,
        not_applicable=not_applicable, file=file, uri=uri,
        method=method.value if method else None,
        collected_at=_date(collected, "collected"), expires_at=_date(expires, "expires"),
    )
    digest = f", file sha256 {entry.file_sha256[:12]}" if entry.file_sha256 else ""
    typer.echo(f"added evidence seq {entry.seq} for indicator {entry.indicator} of "
               f"{entry.organisation}{digest}")


@evidence_app.command("list")
def evidence_list(
    org: OrgOpt = "default",
    format: Annotated[ListFormat, typer.Option("--format", help="text or json.")] =
    ListFormat.text,
) -> None:
    """List the evidence entries of one organisation, oldest first."""
    from ai_work_audit.ledger import list_evidence

    entries = list_evidence(org)
    if format is ListFormat.json:
        typer.echo(json.dumps({"schema": "ai-work-audit/evidence-list/v1", "organisation": org,
                               "entries": [e.to_dict() for e in entries]},
                              indent=2, ensure_ascii=False))
        return
    if not entries:
        typer.echo(f"no evidence for {org}")
        return
    for e in entries:
        if e.kind == "audit_run":
            what = "audit run"
        elif e.not_applicable is not None:
            what = "not applicable"
        elif e.level is not None:
            what = f"level {e.level}"
        else:
            what = f"value {e.value:g}" if e.value is not None else "-"
        parts = [f"{e.seq:>4}", f"{e.indicator:<5}", e.kind, what, e.method,
                 f"collected {e.collected_at}"]
        if e.expires_at:
            parts.append(f"expires {e.expires_at}")
        if e.file_sha256:
            parts.append(f"sha256 {e.file_sha256[:12]}")
        if e.uri:
            parts.append(e.uri)
        typer.echo("  ".join(parts))
    typer.echo(f"{len(entries)} entries")


@evidence_app.command("verify")
def evidence_verify(
    receipts: Annotated[list[Path] | None, typer.Option(
        "--receipt", help="A receipt kept outside the workspace (repeatable): prove the log "
        "still holds, unchanged, everything it covered.")] = None,
) -> None:
    """Check the evidence store (exit 1 listing every altered, removed or reordered entry) and
    each receipt given (exit 1 naming the receipts the log no longer proves)."""
    from ai_work_audit.ledger import (
        WITHOUT_RECEIPT,
        log_leaves,
        read_receipt,
        verify_evidence,
        verify_receipts,
    )

    loaded = [(str(path), read_receipt(path)) for path in receipts or ()]
    problems = verify_evidence()
    for problem in problems:
        typer.echo(problem)
    failed = 0
    for name, receipt_problems in verify_receipts(loaded).items():
        receipt = dict(loaded)[name]
        covers = f"{receipt.tree_size} entries, issued {receipt.issued_at}"
        if receipt_problems:
            failed += 1
            typer.echo(f"receipt {name} ({covers}): FAILS")
            for problem in receipt_problems:
                typer.echo(f"  {problem}")
        else:
            typer.echo(f"receipt {name} ({covers}): proved, the log still holds them unchanged")
    if problems or failed:
        if problems:
            typer.echo(f"evidence altered: {len(problems)} problem(s)", err=True)
        if failed:
            typer.echo(f"{failed} of {len(loaded)} receipt(s) not proved", err=True)
        raise typer.Exit(1)
    typer.echo(f"evidence intact ({len(log_leaves())} entries)")
    if not loaded:
        typer.echo(WITHOUT_RECEIPT)


@evidence_app.command("receipt")
def evidence_receipt(org: Annotated[str | None, typer.Option(
        "--org", help="The organisation the receipt is for (signed with it).")] = None,
        output: OutputOpt = None) -> None:
    """Write the log's current signed tree head (a receipt) as JSON: keep it outside the
    workspace, and pass it to `evidence verify --receipt` later."""
    from ai_work_audit.ledger import receipt_document

    write_output(json.dumps(receipt_document(org), indent=2) + "\n", output)


@evidence_app.command("repair")
def evidence_repair() -> None:
    """Move a torn last line of the log to quarantine (valid entries are kept) and log it."""
    from ai_work_audit.ledger import repair_evidence

    repair = repair_evidence()
    if repair is None:
        typer.echo("nothing to repair: the evidence log ends with a whole entry")
        return
    typer.echo(f"moved a torn last line ({repair.quarantined_bytes} bytes) to "
               f"{repair.quarantine.name}; the repair is entry seq {repair.entry.seq}")
