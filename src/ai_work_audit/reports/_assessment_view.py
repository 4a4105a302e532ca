"""What the self-assessment reports show, built once from the ``self-assessment/v1`` document.

Every user value (organisation, period, uris, reasons that quote declared text) goes through
``safe_text`` here; the Markdown and HTML renderers add their own escaping on top.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ai_work_audit.documents._assessment import (
    EvidenceRefDoc,
    FrameworkRef,
    IndicatorResultDoc,
    SelfAssessmentDocument,
    StateTotals,
    TextDoc,
)
from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._escape import safe_text
from ai_work_audit.reports._i18n import Lang
from ai_work_audit.reports._typed import typed_document

SELF_ASSESSMENT_SCHEMA = "ai-work-audit/self-assessment/v1"
SHORT_SHA = 12
#: How a result's basis reads (issue 16).
BASIS = {"computed": "sa.basis.computed", "declared": "sa.basis.declared",
         "none": "sa.basis.none"}
ERR_DOCUMENT = (
    "The 'doc' parameter of {func} must be a {schema} document; got {got} instead. "
    "Build it with build_self_assessment(...).to_dict()."
)
_SAFE_SCHEMES = ("http://", "https://")


@dataclass(frozen=True)
class EvidenceView:
    uri: str
    href: str | None
    sha: str
    sha_full: str | None
    method: str
    collected: str
    expires: str | None


@dataclass(frozen=True)
class IndicatorView:
    id: str
    title: str
    type: str
    risk: str
    weight: str
    state: str
    state_label: str
    score: str
    value: str
    reason: str
    evidence: list[EvidenceView]
    hints: list[str]
    #: computed from audits, declared, or no evidence (issue 16)
    basis: str = ""


@dataclass(frozen=True)
class CommitmentView:
    id: int
    heading: str
    score: str
    band: str
    band_label: str
    coverage: str
    reason: str
    capped: str | None
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class AssessmentView:
    lang: Lang
    organisation: str
    period: str
    as_of: str
    framework: str
    totals: str
    commitments: list[CommitmentView]
    overrides: list[str]
    footer: str


def _text(value: TextDoc | None, lang: Lang) -> str:
    text = (getattr(value, lang.code) or value.en or "") if value is not None else ""
    return safe_text(text)


def _score(lang: Lang, value: float | None) -> str:
    if value is None or not math.isfinite(value):
        return "—"
    return lang.number(value, 1)


def _value(lang: Lang, unit: str, value: float | None, level: int | None) -> str:
    if level is not None:
        return str(level)
    if value is None:
        return "—"
    number = float(value)
    if unit in ("share", "rate"):
        return lang.percent(number, 1)
    if unit == "ratio":
        return lang.number(number, 3)
    if unit == "count":
        return lang.integer(int(number)) if number.is_integer() else lang.number(number, 2)
    if unit == "hours":
        return f"{lang.number(number, 1)} h"
    return lang.number(number, 2)


def _date(lang: Lang, iso: str | None) -> str | None:
    if not iso:
        return None
    text = lang.date(iso)
    return text.split(",")[0] if "," in text else text


def _evidence(lang: Lang, items: list[EvidenceRefDoc] | None) -> list[EvidenceView]:
    out = []
    for e in items or []:
        uri = safe_text(e.uri or "")
        sha = e.sha256
        method = e.method or "examine"
        href = uri if uri.startswith(_SAFE_SCHEMES) and " " not in uri else None
        out.append(EvidenceView(
            uri=uri or "—",
            href=href,
            sha=sha[:SHORT_SHA] if sha else lang.t("ev.no_digest"),
            sha_full=sha,
            method=lang.t(f"method.{method}") if method in ("test", "examine", "interview")
            else safe_text(method),
            collected=lang.t("ev.collected", date=_date(lang, e.collected_at) or "—"),
            expires=(lang.t("ev.expires", date=d) if (d := _date(lang, e.expires_at))
                     else None),
        ))
    return out


def _hints(lang: Lang, ind: IndicatorResultDoc) -> list[str]:
    """What is missing to raise this indicator's score (the next level's words: the
    document's ``levels``)."""
    state = ind.state
    reason = ind.reason or ""
    hint = _text(ind.hint, lang)
    if state == "not_applicable":
        return [lang.t("hint.not_applicable")]
    out: list[str] = []
    if state == "inconclusive":
        if "expired" in reason:
            out.append(lang.t("hint.expired"))
        elif "fewer than" in reason:
            out.append(lang.t("hint.small"))
        else:
            out.append(lang.t("hint.inconclusive"))
        if hint:
            out.append(hint)
        return out
    if ind.score is not None and ind.score >= 100:
        return [lang.t("sa.nothing_missing")]
    level = ind.level
    if ind.type == "D" and level is not None:
        if "without a hashed attachment" in reason:
            out.append(lang.t("hint.attach"))
        nxt = (ind.levels or {}).get(str(level + 25))
        if nxt:
            out.append(lang.t("hint.next_level", level=level + 25,
                              words=getattr(nxt, lang.code) or nxt.en or ""))
    if hint:
        out.append(hint)
    return out


def self_assessment_document(doc: Mapping[str, Any] | SelfAssessmentDocument,
                             func: str) -> SelfAssessmentDocument:
    """The typed ``self-assessment/v1`` document (validated once); ConfigError for another."""
    return typed_document(doc, SelfAssessmentDocument, SELF_ASSESSMENT_SCHEMA, ConfigError,
                          ERR_DOCUMENT.replace("{func}", func).replace(
                              "{schema}", SELF_ASSESSMENT_SCHEMA))


def build_assessment_view(doc: Mapping[str, Any] | SelfAssessmentDocument, lang: Lang,
                          func: str) -> AssessmentView:
    """The report's view of a self-assessment document (dict or model)."""
    d = self_assessment_document(doc, func)
    from ai_work_audit import __version__

    fw = d.framework or FrameworkRef()
    commitments: list[CommitmentView] = []
    for c in d.commitments or []:
        indicators = []
        for ind in c.indicators or []:
            state = ind.state or "inconclusive"
            indicators.append(IndicatorView(
                id=safe_text(ind.id),
                title=_text(ind.title, lang),
                type=lang.t(f"type.{ind.type}") if ind.type in ("Q", "D") else "",
                risk=lang.t(f"risk.{ind.risk}") if ind.risk in (
                    "critical", "high", "medium", "low") else "",
                weight=_score(lang, ind.weight),
                state=state,
                state_label=lang.t(f"state.{state}") if state in (
                    "scored", "not_applicable", "inconclusive") else safe_text(state),
                score=_score(lang, ind.score),
                value=_value(lang, ind.unit or "", ind.value, ind.level),
                reason=safe_text(ind.reason or ""),
                evidence=_evidence(lang, ind.evidence),
                hints=_hints(lang, ind),
                basis=lang.t(BASIS[ind.basis]) if ind.basis in BASIS else "",
            ))
        band = c.band or "insufficient_evidence"
        capped = c.capped_by or []
        commitments.append(CommitmentView(
            id=c.id or 0,
            heading=f"{lang.t('sa.commitment', id=c.id)} — {_text(c.title, lang)}",
            score=_score(lang, c.score),
            band=band,
            band_label=lang.t(f"band.{band}") if f"band.{band}" in _BANDS else safe_text(band),
            coverage=lang.percent(float(c.coverage), 0) if c.coverage is not None else "—",
            reason=safe_text(c.reason or ""),
            capped=lang.t("sa.capped", ids=", ".join(str(x) for x in capped)) if capped else None,
            indicators=indicators,
        ))
    totals = d.totals or StateTotals()
    overrides = [
        lang.t("sa.override", indicator=safe_text(o.indicator),
               field=safe_text(o.field), default=safe_text(o.default),
               value=safe_text(o.value), source=safe_text(o.source))
        for o in d.overrides or []
    ]
    return AssessmentView(
        lang=lang,
        organisation=safe_text(d.organisation or ""),
        period=safe_text(d.period or ""),
        as_of=_date(lang, d.as_of) or "—",
        framework=safe_text(f"{fw.id} v{fw.version}"),
        totals=lang.t("sa.totals", **{k: getattr(totals, k) or 0 for k in (
            "scored", "indicators", "not_applicable", "inconclusive")}),
        commitments=commitments,
        overrides=overrides,
        footer=lang.t("sa.footer", version=__version__, schema=SELF_ASSESSMENT_SCHEMA),
    )


_BANDS = frozenset(f"band.{b}" for b in (
    "on_track", "partial", "off_track", "insufficient_evidence", "not_applicable"))

