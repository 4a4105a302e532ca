"""What the self-assessment reports show, built once from the ``self-assessment/v1`` document.

Every user value (organisation, period, uris, reasons that quote declared text) goes through
``safe_text`` here; the Markdown and HTML renderers add their own escaping on top.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._escape import safe_text
from ai_work_audit.reports._i18n import Lang

SELF_ASSESSMENT_SCHEMA = "ai-work-audit/self-assessment/v1"
SHORT_SHA = 12
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


@cache
def _framework_levels(framework_id: str, version: str) -> dict[str, dict[int, dict[str, str]]]:
    """Level descriptions per declarative indicator, from the default framework when it is the
    one the document was scored with; empty otherwise."""
    try:
        from ai_work_audit.indicators import load_framework

        fw = load_framework()
    except Exception:  # the hints are a convenience; the report never fails on them
        return {}
    if fw.id != framework_id or fw.version != version:
        return {}
    return {
        ind.id: {level: text.to_dict() for level, text in ind.levels.items()}
        for ind in fw.indicators
        if ind.type == "D"
    }


def _text(value: Any, lang: Lang) -> str:
    if isinstance(value, Mapping):
        value = value.get(lang.code) or value.get("en") or ""
    return safe_text(value if value is not None else "")


def _score(lang: Lang, value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "—"
    return lang.number(float(value), 1)


def _value(lang: Lang, unit: str, value: Any, level: Any) -> str:
    if isinstance(level, int) and not isinstance(level, bool):
        return str(level)
    if isinstance(value, bool) or not isinstance(value, int | float):
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


def _date(lang: Lang, iso: Any) -> str | None:
    if not isinstance(iso, str) or not iso:
        return None
    text = lang.date(iso)
    return text.split(",")[0] if "," in text else text


def _evidence(lang: Lang, items: Any) -> list[EvidenceView]:
    out = []
    for e in items if isinstance(items, list) else []:
        if not isinstance(e, Mapping):
            continue
        uri = safe_text(e.get("uri") or "")
        sha = e.get("sha256") if isinstance(e.get("sha256"), str) else None
        method = str(e.get("method") or "examine")
        href = uri if uri.startswith(_SAFE_SCHEMES) and " " not in uri else None
        out.append(EvidenceView(
            uri=uri or "—",
            href=href,
            sha=sha[:SHORT_SHA] if sha else lang.t("ev.no_digest"),
            sha_full=sha,
            method=lang.t(f"method.{method}") if method in ("test", "examine", "interview")
            else safe_text(method),
            collected=lang.t("ev.collected", date=_date(lang, e.get("collected_at")) or "—"),
            expires=(lang.t("ev.expires", date=d) if (d := _date(lang, e.get("expires_at")))
                     else None),
        ))
    return out


def _hints(lang: Lang, ind: Mapping[str, Any],
           levels: Mapping[str, Mapping[int, Mapping[str, str]]]) -> list[str]:
    """What is missing to raise this indicator's score."""
    state = ind.get("state")
    reason = str(ind.get("reason") or "")
    hint = _text(ind.get("hint"), lang)
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
    score = ind.get("score")
    if isinstance(score, int | float) and score >= 100:
        return [lang.t("sa.nothing_missing")]
    level = ind.get("level")
    if ind.get("type") == "D" and isinstance(level, int):
        if "without a hashed attachment" in reason:
            out.append(lang.t("hint.attach"))
        nxt = levels.get(str(ind.get("id")), {}).get(level + 25)
        if nxt:
            out.append(lang.t("hint.next_level", level=level + 25,
                              words=nxt.get(lang.code) or nxt.get("en", "")))
    if hint:
        out.append(hint)
    return out


def _check(doc: Any, func: str) -> Mapping[str, Any]:
    if not isinstance(doc, Mapping) or doc.get("schema") != SELF_ASSESSMENT_SCHEMA:
        got = type(doc).__name__ if not isinstance(doc, Mapping) else "another schema id"
        raise ConfigError(ERR_DOCUMENT.format(func=func, schema=SELF_ASSESSMENT_SCHEMA, got=got))
    return doc


def build_assessment_view(doc: Any, lang: Lang, func: str) -> AssessmentView:
    """The report's view of a self-assessment document."""
    d = _check(doc, func)
    from ai_work_audit import __version__

    fw = d.get("framework") or {}
    levels = _framework_levels(str(fw.get("id")), str(fw.get("version")))
    commitments: list[CommitmentView] = []
    for c in d.get("commitments") or []:
        indicators = []
        for ind in c.get("indicators") or []:
            state = str(ind.get("state") or "inconclusive")
            indicators.append(IndicatorView(
                id=safe_text(ind.get("id")),
                title=_text(ind.get("title"), lang),
                type=lang.t(f"type.{ind.get('type')}") if ind.get("type") in ("Q", "D") else "",
                risk=lang.t(f"risk.{ind.get('risk')}") if ind.get("risk") in (
                    "critical", "high", "medium", "low") else "",
                weight=_score(lang, ind.get("weight")),
                state=state,
                state_label=lang.t(f"state.{state}") if state in (
                    "scored", "not_applicable", "inconclusive") else safe_text(state),
                score=_score(lang, ind.get("score")),
                value=_value(lang, str(ind.get("unit") or ""), ind.get("value"),
                             ind.get("level")),
                reason=safe_text(ind.get("reason") or ""),
                evidence=_evidence(lang, ind.get("evidence")),
                hints=_hints(lang, ind, levels),
            ))
        band = str(c.get("band") or "insufficient_evidence")
        coverage = c.get("coverage")
        capped = c.get("capped_by") or []
        commitments.append(CommitmentView(
            id=int(c.get("id") or 0),
            heading=f"{lang.t('sa.commitment', id=c.get('id'))} — {_text(c.get('title'), lang)}",
            score=_score(lang, c.get("score")),
            band=band,
            band_label=lang.t(f"band.{band}") if f"band.{band}" in _BANDS else safe_text(band),
            coverage=lang.percent(float(coverage), 0) if isinstance(coverage, int | float)
            else "—",
            reason=safe_text(c.get("reason") or ""),
            capped=lang.t("sa.capped", ids=", ".join(str(x) for x in capped)) if capped else None,
            indicators=indicators,
        ))
    totals = d.get("totals") or {}
    overrides = [
        lang.t("sa.override", indicator=safe_text(o.get("indicator")),
               field=safe_text(o.get("field")), default=safe_text(o.get("default")),
               value=safe_text(o.get("value")), source=safe_text(o.get("source")))
        for o in d.get("overrides") or [] if isinstance(o, Mapping)
    ]
    return AssessmentView(
        lang=lang,
        organisation=safe_text(d.get("organisation") or ""),
        period=safe_text(d.get("period") or ""),
        as_of=_date(lang, d.get("as_of")) or "—",
        framework=safe_text(f"{fw.get('id')} v{fw.get('version')}"),
        totals=lang.t("sa.totals", **{k: totals.get(k, 0) for k in (
            "scored", "indicators", "not_applicable", "inconclusive")}),
        commitments=commitments,
        overrides=overrides,
        footer=lang.t("sa.footer", version=__version__, schema=SELF_ASSESSMENT_SCHEMA),
    )


_BANDS = frozenset(f"band.{b}" for b in (
    "on_track", "partial", "off_track", "insufficient_evidence", "not_applicable"))

