"""Self-assessment and consolidated reports: Markdown, HTML and PDF (and OSCAL, see
``_assessment_oscal``), from the ``self-assessment/v1`` and ``consolidated/v1`` documents."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args, overload

from ai_work_audit.documents._assessment import (
    ConsolidatedCommitment,
    ConsolidatedDocument,
    ConsolidatedIndicator,
    ConsolidationSuppression,
    DistributionDoc,
    FrameworkRef,
    SelfAssessmentDocument,
    StateFigures,
    Suppressed,
)
from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._assessment_view import AssessmentView, build_assessment_view
from ai_work_audit.reports._escape import escape_markdown as md
from ai_work_audit.reports._escape import safe_text
from ai_work_audit.reports._html import render_template
from ai_work_audit.reports._i18n import Lang, Language, check_language
from ai_work_audit.reports._pdf import html_to_pdf
from ai_work_audit.reports._typed import typed_document

AssessmentFormat = Literal["md", "html", "pdf"]
ASSESSMENT_FORMATS: Final[tuple[str, ...]] = get_args(AssessmentFormat)
CONSOLIDATED_SCHEMA: Final = "ai-work-audit/consolidated/v1"
ERR_FORMAT: Final = (
    "The 'fmt' parameter of {func} must be one of {allowed}; got {got!r} instead. "
    "Choose one of the listed formats (JSON is the document itself; OSCAL: to_oscal)."
)
ERR_CONSOLIDATED: Final = (
    "The 'doc' parameter of render_consolidated must be a consolidated/v1 document; got "
    "{got} instead."
)


#: A self-assessment document: its JSON (a dict) or its model.
SelfAssessmentInput = Mapping[str, Any] | SelfAssessmentDocument


@dataclass(frozen=True)
class _Meta:
    label: str
    value: str
    mono: bool = False


def _check_format(fmt: str, func: str) -> None:
    if fmt not in ASSESSMENT_FORMATS:
        raise ConfigError(ERR_FORMAT.format(func=func, allowed=", ".join(ASSESSMENT_FORMATS),
                                            got=fmt))


# --- self-assessment ---------------------------------------------------------------------------


def _markdown(v: AssessmentView) -> str:
    t = v.lang.t
    colon = v.lang.colon
    out = [f"# {md(t('sa.title'))} — {md(v.organisation)}, {md(v.period)}", "",
           f"*{md(t('sa.subtitle'))}*", ""]
    out += [f"- **{md(t('sa.organisation'))}**{colon}{md(v.organisation)}",
            f"- **{md(t('sa.period'))}**{colon}{md(v.period)}",
            f"- **{md(t('sa.as_of'))}**{colon}{md(v.as_of)}",
            f"- **{md(t('sa.framework'))}**{colon}{md(v.framework)}", ""]
    out += [f"## {md(t('sa.summary'))}", "", md(v.totals), ""]
    out += [f"| {md(t('sa.commitment', id='').strip())} | {md(t('sa.score'))} | "
            f"{md(t('sa.band'))} | {md(t('sa.coverage'))} |", "| --- | ---: | --- | ---: |"]
    out += [f"| {md(c.heading)} | {c.score} | {md(c.band_label)} | {c.coverage} |"
            for c in v.commitments]
    out += ["", f"> {md(t('sa.method_note'))} {md(t('sa.reason_note'))}", "",
            f"### {md(t('sa.overrides'))}", ""]
    out += [f"- {md(o)}" for o in v.overrides] or [md(t("sa.no_overrides"))]
    out.append("")
    for c in v.commitments:
        out += [f"## {md(c.heading)}", "",
                f"**{md(t('sa.score'))}**{colon}{c.score} · **{md(t('sa.band'))}**{colon}"
                f"{md(c.band_label)} · **{md(t('sa.coverage'))}**{colon}{c.coverage}", "",
                md(c.reason), ""]
        if c.capped:
            out += [f"**{md(c.capped)}**", ""]
        for i in c.indicators:
            out += [f"### {md(i.id)} {md(i.title)}", "",
                    f"- **{md(t('sa.state'))}**{colon}{md(i.state_label)} · "
                    f"**{md(t('sa.score'))}**{colon}{i.score} · {md(i.type)}, {md(i.risk)}, "
                    f"{i.weight}" + (f" · {md(i.basis)}" if i.basis else ""),
                    f"- **{md(t('sa.value'))}**{colon}{md(i.value)}",
                    f"- **{md(t('sa.reason'))}**{colon}{md(i.reason)}",
                    f"- **{md(t('sa.evidence'))}**{colon}"
                    + ("" if i.evidence else md(t("sa.no_evidence")))]
            for e in i.evidence:
                parts = [f"`{e.uri}`" if "`" not in e.uri else md(e.uri), f"`{e.sha}`"
                         if e.sha_full else md(e.sha), md(e.method), md(e.collected)]
                if e.expires:
                    parts.append(md(e.expires))
                out.append("  - " + " · ".join(parts))
            out.append(f"- **{md(t('sa.missing'))}**{colon}")
            out += [f"  - {md(h)}" for h in i.hints]
            out.append("")
    out += ["---", "", md(v.footer), ""]
    return "\n".join(out)


def _html(v: AssessmentView) -> str:
    t = v.lang.t
    meta = [_Meta(t("sa.organisation"), v.organisation), _Meta(t("sa.period"), v.period),
            _Meta(t("sa.as_of"), v.as_of), _Meta(t("sa.framework"), v.framework, True)]
    return render_template("assessment.html.j2", lang=v.lang.code, v=v, t=t, meta=meta,
                           colon=v.lang.colon)


@overload
def render_self_assessment(doc: SelfAssessmentInput, fmt: Literal["pdf"],
                           lang: Language = "en") -> bytes: ...


@overload
def render_self_assessment(doc: SelfAssessmentInput, fmt: Literal["md", "html"],
                           lang: Language = "en") -> str: ...


@overload
def render_self_assessment(doc: SelfAssessmentInput, fmt: AssessmentFormat,
                           lang: Language = "en") -> str | bytes: ...


def render_self_assessment(doc: SelfAssessmentInput, fmt: AssessmentFormat,
                           lang: Language = "en") -> str | bytes:
    """A ``self-assessment/v1`` document as Markdown, HTML or PDF (a page per commitment).

    Each indicator shows its state, score, reason, evidence (uri, short SHA-256, method,
    dates) and what is missing to raise its score; inconclusive is shown as such.
    """
    _check_format(fmt, "render_self_assessment")
    view = build_assessment_view(
        doc, Lang(check_language(lang, "render_self_assessment")),
        "render_self_assessment")
    if fmt == "md":
        return _markdown(view)
    html = _html(view)
    return html if fmt == "html" else html_to_pdf(html)


# --- consolidated ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    label: str
    cells: list[str]


def _figure(lang: Lang, value: int | Suppressed | None, suppressed: str) -> str:
    if isinstance(value, Suppressed):
        return suppressed
    if value is not None:
        return lang.integer(value)
    return "—"


def _distribution(lang: Lang, dist: Suppressed | DistributionDoc | None,
                  suppressed: str) -> list[str]:
    if isinstance(dist, Suppressed):
        return [suppressed] * 3
    if dist is None or not dist.model_fields_set:
        return ["—"] * 3
    n = lang.number
    return [n(dist.median, 1), f"{n(dist.q1, 1)} – {n(dist.q3, 1)}",
            f"{n(dist.min, 1)} – {n(dist.max, 1)}"]


def _consolidated_rows(lang: Lang, items: Sequence[ConsolidatedCommitment | ConsolidatedIndicator],
                       label: Callable[[Any], str], suppressed: str) -> list[_Row]:
    rows = []
    for item in items:
        orgs = item.organisations or StateFigures()
        cells = [_figure(lang, orgs.scored, suppressed),
                 _figure(lang, orgs.not_applicable, suppressed),
                 _figure(lang, orgs.inconclusive, suppressed)]
        rows.append(_Row(label(item), cells + _distribution(lang, item.score, suppressed)))
    return rows


def render_consolidated(doc: Mapping[str, Any] | ConsolidatedDocument,
                        fmt: Literal["md", "html"] = "html", lang: Language = "en") -> str:
    """A ``consolidated/v1`` document (dict or model) as HTML or Markdown; suppressed figures
    say so."""
    if fmt not in ("md", "html"):
        raise ConfigError(ERR_FORMAT.format(func="render_consolidated", allowed="md, html",
                                            got=fmt))
    d = typed_document(doc, ConsolidatedDocument, CONSOLIDATED_SCHEMA, ConfigError,
                       ERR_CONSOLIDATED)
    from ai_work_audit import __version__

    lg = Lang(check_language(lang, "render_consolidated"))
    t = lg.t
    suppressed = t("co.suppressed")
    commitments = _consolidated_rows(lg, d.commitments or [],
                                     lambda c: t("sa.commitment", id=c.id), suppressed)
    indicators = _consolidated_rows(lg, d.indicators or [],
                                    lambda i: safe_text(i.id), suppressed)
    fw = d.framework or FrameworkRef()
    supp = d.suppression or ConsolidationSuppression()
    meta = [_Meta(t("sa.period"), safe_text(d.period or "")),
            _Meta(t("co.organisations"), lg.integer(d.organisations or 0)),
            _Meta(t("co.min_orgs"), lg.integer(d.min_organisations or 0)),
            _Meta(t("co.suppressed_figures"), lg.integer(supp.suppressed_figures or 0)),
            _Meta(t("sa.framework"), safe_text(f"{fw.id} v{fw.version}"), True)]
    notes = [safe_text(n) for n in d.notes or []]
    footer = t("sa.footer", version=__version__, schema=CONSOLIDATED_SCHEMA)
    period = safe_text(d.period or "")
    if fmt == "html":
        view = {"period": period, "commitments": commitments, "indicators": indicators,
                "notes": notes, "reason": safe_text(supp.reason or ""), "footer": footer}
        return render_template("assessment_consolidated.html.j2", lang=lg.code, v=view, t=t,
                               meta=meta, suppressed=suppressed)
    header = [t("co.scored"), t("co.na"), t("co.inconclusive"), t("co.median"),
              t("co.quartiles"), t("co.range")]
    out = [f"# {md(t('co.title'))} — {md(period)}", ""]
    out += [f"- **{md(m.label)}**{lg.colon}{md(m.value)}" for m in meta] + [""]
    out += [f"- {md(n)}" for n in notes] + ([""] if notes else [])
    out += [md(safe_text(supp.reason or "")), ""]
    for title, first, rows in ((t("co.commitments"), t("sa.commitment", id="").strip(),
                                commitments), (t("co.indicators"), t("sa.indicator"),
                                               indicators)):
        out += [f"## {md(title)}", "", "| " + " | ".join(md(h) for h in [first, *header]) + " |",
                "| --- |" + " ---: |" * len(header)]
        out += ["| " + " | ".join([md(r.label), *(md(c) for c in r.cells)]) + " |"
                for r in rows]
        out.append("")
    out += ["---", "", md(footer), ""]
    return "\n".join(out)
