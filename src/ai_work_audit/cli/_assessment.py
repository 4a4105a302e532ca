"""``ai-work-audit self-assessment``, ``consolidate`` and ``run``: thin layers over
``ai_work_audit.assessment`` and the reports."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from ai_work_audit.cli._common import (
    Audience,
    AudienceOpt,
    KOpt,
    LangOpt,
    Language,
    OrgOpt,
    OutputOpt,
    app,
    write_output,
)
from ai_work_audit.errors import ConfigError

MSG_AS_OF = "--as-of must be an ISO-8601 date or date-time such as 2026-06-30; got {count} " \
            "characters that are not one."
MSG_PDF = "--format pdf needs --output FILE.pdf."
PeriodOpt = Annotated[str, typer.Option(
    "--period", help="YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or START/END (ISO dates).")]


class AssessmentFormat(StrEnum):
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    oscal = "oscal"


class ConsolidatedFormat(StrEnum):
    json = "json"
    html = "html"
    md = "md"


def _as_of(value: str | None) -> datetime | None:
    """A date means the end of that day (UTC); a naive date-time is taken as UTC."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=UTC)
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ConfigError(MSG_AS_OF.format(count=len(text))) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


MSG_JURISDICTION = "--jurisdiction must be one of {allowed}; got another value instead."


def _jurisdictions(values: list[str] | None) -> list[str] | None:
    """The profiles asked for ([] for ``all``), None when the option is not given."""
    if not values:
        return None
    from ai_work_audit.policy import JURISDICTIONS

    if any(v not in (*JURISDICTIONS, "all") for v in values):
        raise ConfigError(MSG_JURISDICTION.format(allowed=", ".join((*JURISDICTIONS, "all"))))
    return [] if "all" in values else list(dict.fromkeys(values))


@app.command("self-assessment")
def self_assessment(
    period: PeriodOpt,
    org: OrgOpt = "default",
    format: Annotated[AssessmentFormat, typer.Option(
        "--format", help="json (self-assessment/v1), md, html, pdf or oscal (NIST OSCAL "
        "assessment-results).")] = AssessmentFormat.json,
    output: OutputOpt = None,
    lang: LangOpt = Language.en,
    overrides: Annotated[Path | None, typer.Option(
        "--overrides", help="The organisation's threshold and weight overrides (YAML).")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Assess as of this date (default: the period's end, or now).")] = None,
    audience: AudienceOpt = Audience.full,
    k: KOpt = 10,
    jurisdiction: Annotated[list[str] | None, typer.Option(
        "--jurisdiction", help="Jurisdiction profile (repeatable): eu, fr, us, us-nyc, us-co, "
        "us-ca, us-il, or all; adds which rules apply there on the assessment date.")] = None,
) -> None:
    """Score the pledge indicators of one organisation for one period from the workspace.

    With --audience representative, the audits' figures are those of their representative
    views, checked against the organisation's release register."""
    from ai_work_audit import reports
    from ai_work_audit.assessment import build_self_assessment, with_audience

    if format is AssessmentFormat.pdf and output is None:
        raise ConfigError(MSG_PDF)
    from ai_work_audit.ledger import append_receipt_section, with_receipt

    profiles = _jurisdictions(jurisdiction)
    assessment = build_self_assessment(org, period, as_of=_as_of(as_of), overrides=overrides,
                                       audience=audience.value, k=k)
    document = with_audience(assessment.to_dict(), audience.value, k)
    if profiles is not None:  # laws (issue 13): which rules apply where, on the date
        from ai_work_audit.assessment import with_laws

        document = with_laws(document, datetime.fromisoformat(
            str(document["as_of"])).date(), profiles)
    document = with_receipt(document, org)  # a release carries its receipt
    if format is AssessmentFormat.json:
        write_output(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
    elif format is AssessmentFormat.oscal:
        write_output(reports.render_oscal(document), output)
    elif format is AssessmentFormat.pdf:
        write_output(reports.render_self_assessment(document, "pdf", lang.value), output)
    else:
        from ai_work_audit.assessment import append_laws_section

        fmt: Literal["md", "html"] = format.value  # type: ignore[assignment]
        rendered = append_laws_section(reports.render_self_assessment(
            document, fmt, lang.value), document, fmt, lang.value)
        write_output(append_receipt_section(rendered, document, fmt, lang.value), output)


@app.command("consolidate")
def consolidate_command(
    period: PeriodOpt,
    format: Annotated[ConsolidatedFormat, typer.Option(
        "--format", help="json (consolidated/v1), html or md.")] = ConsolidatedFormat.json,
    output: OutputOpt = None,
    lang: LangOpt = Language.en,
    min_organisations: Annotated[int, typer.Option(
        "--min-organisations", help="Suppress any figure resting on fewer organisations.")] = 5,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Assess as of this date (default: the period's end, or now).")] = None,
    audience: AudienceOpt = Audience.full,
    k: KOpt = 10,
) -> None:
    """Consolidate the self-assessments of every organisation found in the workspace."""
    from ai_work_audit import reports
    from ai_work_audit.assessment import consolidate_workspace
    from ai_work_audit.ledger import append_receipt_section, with_receipt

    document = with_receipt(consolidate_workspace(period, min_organisations=min_organisations,
                                                  as_of=_as_of(as_of), audience=audience.value,
                                                  k=k), None)
    if format is ConsolidatedFormat.json:
        write_output(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
    else:
        kind: Literal["md", "html"] = format.value  # type: ignore[assignment]
        write_output(append_receipt_section(
            reports.render_consolidated(document, kind, lang.value), document, kind,
            lang.value), output)


@app.command("run")
def run_spec(
    spec: Annotated[Path, typer.Argument(help="An audit specification (audits/*.yaml).")],
    output_dir: Annotated[Path | None, typer.Option(
        "--output-dir", help="Write the reports here (default: the workspace's reports/ "
        "folder).")]
    = None,
    lang: Annotated[Language | None, typer.Option(
        "--lang", help="Report language (default: the specification's).")] = None,
) -> None:
    """Run an audit specification: audit, record the run as evidence, write the reports."""
    from ai_work_audit.specs import load_audit_spec
    from ai_work_audit.specs import run_spec as run_loaded

    loaded = load_audit_spec(spec)
    result = run_loaded(loaded, output_dir=output_dir, lang=lang.value if lang else None)
    findings = result.document.get("findings") or []
    failed = sum(1 for f in findings if isinstance(f, dict) and f.get("outcome") == "fail")
    typer.echo(f"{loaded.name}: {loaded.audit} audit of {loaded.system} for "
               f"{loaded.organisation}; {len(findings)} findings, {failed} failed")
    if result.run_id:
        typer.echo(f"MLflow run {result.run_id}")
    if result.evidence is not None:
        typer.echo(f"evidence seq {result.evidence.seq} ({result.evidence.uri})")
    for path in result.written:
        typer.echo(f"wrote {path}")
