"""The hiring-audit document, read once and formatted for display in one language.

Every renderer (Markdown, HTML, text, Rich) works from :class:`HiringView`, so they show the same
numbers. User-supplied strings are already :func:`safe_text` here (control characters removed,
formula-neutralised); each renderer still applies its own markup escaping to them.
Over 500 lines: one view serves every hiring renderer, so that all show the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from ai_work_audit.documents._hiring import (
    CategoryRowDoc,
    HiringDocument,
    HiringInput,
    HiringParameters,
    RateTableDoc,
)
from ai_work_audit.errors import InputError
from ai_work_audit.reports._findings import (
    FindingView,
    finding_view,
    get_str,
    metric_value,
    sort_findings,
)
from ai_work_audit.reports._i18n import MESSAGES, Lang
from ai_work_audit.reports._typed import mark, typed_document

SCHEMA: Final = "ai-work-audit/hiring-audit/v1"
ERR_SCHEMA: Final = (
    "The document given to {func} must be a '{schema}' document (a dict or its model); got "
    "{got} instead. "
    "Pass HiringAudit.to_dict() or the JSON written by `ai-work-audit hiring --format json`."
)
GROUP_SEPARATOR: Final = " × "
DEFAULT_ALPHA: Final = 0.05


@dataclass(frozen=True)
class Flag:
    """A row flag: ``kind`` is stable (CSS class, colour), ``label`` is translated text."""

    kind: str
    label: str


@dataclass(frozen=True)
class RowView:
    parts: tuple[str, ...]
    label: str
    applicants: str
    selected: str
    share: str
    rate: str
    ci: str
    ratio: str
    p: str
    p_holm: str
    z: str
    flags: tuple[Flag, ...]
    rate_value: float | None
    ci_value: tuple[float, float] | None
    ratio_value: float | None
    adverse: bool
    excluded: bool
    reference: bool
    #: impact ratio under the extreme assignments of the unknown category, and whether the
    #: verdict holds there (issue 12 item 1: ``bounds``), when the document gives them
    bounds: Bounds | None = None


@dataclass(frozen=True)
class Bounds:
    low: float | None
    high: float | None
    stable: bool | None


@dataclass(frozen=True)
class TableView:
    key: str
    title: str
    attributes: tuple[str, ...]
    attributes_label: str
    stage: str | None
    caption: str
    unknown_note: str
    reference_note: str | None
    threshold_note: str | None
    threshold_value: float | None
    rows: tuple[RowView, ...]

    @property
    def intersectional(self) -> bool:
        return len(self.attributes) > 1


@dataclass(frozen=True)
class StageCell:
    ratio: str
    adverse: bool


@dataclass(frozen=True)
class StageOverview:
    """One attribute (or intersection) across the funnel: the impact ratio of each category at
    each stage, and the stage where each category's gap opens."""

    title: str
    stages: tuple[str, ...]
    rows: tuple[tuple[str, tuple[StageCell | None, ...]], ...]
    opens: tuple[str, ...]


@dataclass(frozen=True)
class StageDetail:
    """One funnel stage: its tables, collapsed under a one-line summary."""

    stage: str
    summary: str
    tables: tuple[TableView, ...]


@dataclass(frozen=True)
class TrendRowView:
    period: str
    attribute: str
    group: str
    applicants: str
    selected: str
    rate: str
    ratio: str
    adverse: bool


@dataclass(frozen=True)
class ModelView:
    attribute: str
    metrics: tuple[tuple[str, str], ...]
    by_group: tuple[tuple[str, str, str, str, str], ...]  # group, tpr, fpr, selection rate, count


@dataclass(frozen=True)
class MetaItem:
    label: str
    value: str
    user: bool = False  # a user-supplied value: renderers escape it
    mono: bool = False


@dataclass
class HiringView:
    """What every hiring renderer shows, formatted in one language."""

    lang: Lang
    organisation: str
    system: str
    title: str
    subtitle: str
    headline: str
    scoring: bool
    meta: list[MetaItem]
    summary: list[tuple[str, str]]
    tables: list[TableView]
    funnel: list[TableView]
    trends: list[TrendRowView]
    models: list[ModelView]
    findings: list[FindingView]
    method: list[str]
    footer: str
    columns: dict[str, str] = field(default_factory=dict)
    stage_overview: list[StageOverview] = field(default_factory=list)
    stage_details: list[StageDetail] = field(default_factory=list)


def _group_parts(group: Mapping[str, str] | str | None,
                 attributes: Sequence[str]) -> tuple[str, ...]:
    """The category values of a row, in the table's attribute order, as safe text."""
    if isinstance(group, Mapping):
        keys = list(attributes) or list(group)
        keys += [k for k in group if k not in keys]
        return tuple(get_str(group.get(k)) for k in keys if k in group)
    return (get_str(group),)


def _bounds(row: CategoryRowDoc) -> Bounds | None:
    """The row's ``bounds`` (a model field or, until the model declares it, an extra)."""
    value = getattr(row, "bounds", None)
    if value is None:
        return None
    data = value if isinstance(value, Mapping) else vars(value)
    low, high, stable = (data.get(k) for k in ("impact_ratio_min", "impact_ratio_max",
                                                "verdict_stable"))
    return Bounds(low=low if isinstance(low, int | float) else None,
                  high=high if isinstance(high, int | float) else None,
                  stable=stable if isinstance(stable, bool) else None)


def _interval(value: Sequence[float] | None) -> tuple[float, float] | None:
    if value is not None and len(value) == 2:
        return (value[0], value[1])
    return None


def _threshold_text(lang: Lang, threshold: float | None) -> str:
    return lang.percent(threshold, 0) if threshold is not None else "?"


def _rate_label(lang: Lang, scoring: bool) -> str:
    return lang.t("col.rate.scoring" if scoring else "col.rate")


def _table_view(
    table: RateTableDoc, index: int, lang: Lang, scoring: bool, alpha: float,
    exclude_under: float | None,
) -> TableView:
    attributes = tuple(get_str(a) for a in table.attributes or [])
    attributes_label = GROUP_SEPARATOR.join(attributes)
    stage_text = get_str(table.stage) if table.stage is not None else None
    rows: list[RowView] = []
    for row in table.rows or []:
        parts = _group_parts(row.group, list(table.attributes or []))
        rate = row.rate
        ratio = row.impact_ratio
        adverse = row.adverse_impact is True
        excluded = row.excluded is True
        reference = row.is_reference is True
        p_holm = row.p_value_holm
        flags: list[Flag] = []
        if reference:
            flags.append(Flag("reference", lang.t("flag.reference")))
        if adverse:
            flags.append(Flag("adverse", lang.t("flag.adverse")))
        if excluded:
            flags.append(
                Flag("excluded", lang.t("flag.excluded",
                                        threshold=_threshold_text(lang, exclude_under)))
            )
        if row.small_sample is True:
            flags.append(Flag("small_sample", lang.t("flag.small_sample")))
        if p_holm is not None and p_holm < alpha and not reference:
            flags.append(Flag("significant", lang.t("flag.significant")))
        ci = _interval(row.rate_ci95)
        rows.append(
            RowView(
                parts=parts,
                label=GROUP_SEPARATOR.join(parts),
                applicants=lang.integer(row.applicants),
                selected=lang.integer(row.selected),
                share=lang.share(row.share),
                rate=lang.percent(rate),
                ci=lang.interval(ci),
                ratio=lang.ratio(ratio, row.adverse_impact),
                p=lang.pvalue(row.p_value),
                p_holm=lang.pvalue(p_holm),
                z=lang.signed(row.z),
                flags=tuple(flags),
                rate_value=rate,
                ci_value=ci,
                ratio_value=ratio,
                adverse=adverse,
                excluded=excluded,
                reference=reference,
                bounds=_bounds(row),
            )
        )
    ref = next((r for r in rows if r.reference), None)
    if ref is None:
        candidates = [r for r in rows if not r.excluded and r.rate_value is not None]
        ref = max(candidates, key=lambda r: r.rate_value or 0.0, default=None)
    threshold = ref.rate_value * 0.8 if ref is not None and ref.rate_value is not None else None
    rate_label = _rate_label(lang, scoring)
    title = lang.t("table.intersectional" if len(attributes) > 1 else "table.by",
                   attributes=attributes_label)
    return TableView(
        key=f"t{index}",
        title=title,
        attributes=attributes,
        attributes_label=attributes_label,
        stage=stage_text,
        caption=lang.t("table.caption", rate_label=rate_label, attributes=attributes_label),
        unknown_note=lang.t("table.unknown", unknown=lang.integer(table.unknown),
                            total=lang.integer(table.total)),
        reference_note=(lang.t("table.reference", group=ref.label, rate=ref.rate)
                        if ref is not None else None),
        threshold_note=(lang.t("table.threshold", rate=lang.percent(threshold))
                        if threshold is not None else None),
        threshold_value=threshold,
        rows=tuple(rows),
    )


#: At most this many categories are named in the headline (the lowest ratios first).
HEADLINE_ITEMS: Final = 5


def _headline(tables: Sequence[TableView], lang: Lang) -> str:
    """One plain sentence: the categories with adverse impact and their ratios (or the lowest
    ratio), then whether the verdicts hold under the extreme assignments of the unknown
    category when the document bounds them (issue 12 items 1 and 5)."""
    counted = [(r, t) for t in tables for r in t.rows if not r.excluded]
    adverse = sorted(((r, t) for r, t in counted if r.adverse),
                     key=lambda rt: rt[0].ratio_value or 0.0)
    if adverse:
        # name them all when only one would be left over ("and 1 more" names nobody)
        named = adverse if len(adverse) <= HEADLINE_ITEMS + 1 else adverse[:HEADLINE_ITEMS]
        items = lang.semicolon.join(  # the lowest ratios, grouped by table in the tables' order
            lang.t("headline.table", attributes=table.attributes_label,
                   items=", ".join(lang.t("headline.item", group=r.label, ratio=r.ratio)
                                   for r, t in named if t is table))
            for table in tables if any(t is table for _, t in named))
        if len(named) < len(adverse):
            items = lang.t("headline.more", items=items,
                           count=lang.integer(len(adverse) - len(named)))
        if len(adverse) == 1:
            sentence = lang.t("headline.adverse.one", items=items)
        else:
            sentence = lang.t("headline.adverse", count=lang.integer(len(adverse)), items=items)
    else:
        with_ratio = [(r, t) for r, t in counted if r.ratio_value is not None]
        if with_ratio:
            row, table = min(with_ratio, key=lambda rt: rt[0].ratio_value or 0.0)
            sentence = lang.t("headline.none", group=row.label,
                              attributes=table.attributes_label, ratio=row.ratio)
        else:
            sentence = lang.t("headline.no_ratio")
    bounded = [(r, t) for r, t in counted if r.bounds is not None]
    if bounded:
        unstable = [(r, t) for r, t in bounded if r.bounds is not None
                    and r.bounds.stable is False]
        if unstable:
            # the categories with adverse impact first, then the lowest bounds; a few named
            unstable.sort(key=lambda rt: (not rt[0].adverse,
                                          rt[0].bounds.low if rt[0].bounds else 0.0))
            shown = unstable if len(unstable) <= HEADLINE_ITEMS + 1 else \
                unstable[:HEADLINE_ITEMS]
            items = lang.semicolon.join(
                lang.t("headline.bounds_item", group=r.label, attributes=t.attributes_label,
                       low=lang.ratio(r.bounds.low), high=lang.ratio(r.bounds.high))
                for r, t in shown if r.bounds is not None)
            if len(shown) < len(unstable):
                items = lang.t("headline.more", items=items,
                               count=lang.integer(len(unstable) - len(shown)))
            sentence += " " + lang.t("headline.unstable", items=items)
        else:
            sentence += " " + lang.t("headline.stable")
    return sentence


def _stage_overview(funnel: Sequence[TableView], lang: Lang) -> list[StageOverview]:
    """Per attribute: each category's impact ratio at each stage, and where its gap opens."""
    by_attributes: dict[str, list[TableView]] = {}
    for table in funnel:
        by_attributes.setdefault(table.attributes_label, []).append(table)
    out = []
    for tables in by_attributes.values():
        stages = tuple(t.stage or "" for t in tables)
        labels: list[str] = []
        for table in tables:
            labels += [r.label for r in table.rows if r.label not in labels]
        rows = []
        opens: dict[str, list[str]] = {}
        for label in labels:
            cells: list[StageCell | None] = []
            opened = False
            for table in tables:
                row = next((r for r in table.rows if r.label == label), None)
                if row is None:
                    cells.append(None)
                    continue
                adverse = row.adverse and not row.excluded
                cells.append(StageCell(row.ratio, adverse))
                if adverse and not opened:
                    opened = True
                    opens.setdefault(table.stage or "", []).append(f"{label} {row.ratio}")
            rows.append((label, tuple(cells)))
        sentences = tuple(lang.t("funnel.opens", stage=stage,
                                 items=lang.semicolon.join(opens[stage]))
                          for stage in stages if stage in opens)
        out.append(StageOverview(title=tables[0].title, stages=stages, rows=tuple(rows),
                                 opens=sentences or (lang.t("funnel.opens.none"),)))
    return out


def _stage_details(funnel: Sequence[TableView], lang: Lang) -> list[StageDetail]:
    """The funnel's tables grouped by stage, in stage order, each with a one-line summary."""
    stages: dict[str, list[TableView]] = {}
    for table in funnel:
        stages.setdefault(table.stage or "", []).append(table)
    return [StageDetail(stage=stage, tables=tuple(tables), summary=lang.t(
        "funnel.stage_summary", stage=stage,
        adverse=lang.integer(sum(1 for t in tables for r in t.rows if r.adverse))))
        for stage, tables in stages.items()]


def _metric_name(lang: Lang, key: str) -> str:
    msg_id = f"metric.{key}"
    return lang.t(msg_id) if msg_id in _METRIC_IDS else get_str(key)


_METRIC_IDS = frozenset(k for k in MESSAGES if k.startswith("metric."))


def hiring_document(doc: Mapping[str, Any] | HiringDocument, func: str) -> HiringDocument:
    """The typed ``hiring-audit/v1`` document (validated once); InputError for another one."""
    return typed_document(doc, HiringDocument, SCHEMA, InputError,
                          ERR_SCHEMA.replace("{func}", func).replace("{schema}", SCHEMA))


def build_view(doc: Mapping[str, Any] | HiringDocument, lang: Lang, func: str) -> HiringView:
    """Read a ``hiring-audit/v1`` document once (dict or model) and format it in ``lang``."""
    d = hiring_document(doc, func)
    scoring = d.mode == "scoring"
    params = d.parameters or HiringParameters()
    alpha = DEFAULT_ALPHA
    exclude_under = params.exclude_under
    inp = d.input or HiringInput()

    tables = [_table_view(t, i, lang, scoring, alpha, exclude_under)
              for i, t in enumerate(d.tables or [])]
    funnel = [_table_view(t, i, lang, scoring, alpha, exclude_under)
              for i, t in enumerate(d.funnel or [], start=len(tables))]

    meta = [
        MetaItem(lang.t("meta.date"), lang.date(d.created_at or "")),
        MetaItem(lang.t("meta.organisation"), get_str(d.organisation), user=True),
        MetaItem(lang.t("meta.system"), get_str(d.system), user=True),
        MetaItem(lang.t("meta.input"), get_str(inp.name), user=True),
        MetaItem(lang.t("meta.rows"), lang.integer(inp.rows)),
        MetaItem(lang.t("meta.digest"), get_str(inp.sha256), user=True, mono=True),
        MetaItem(lang.t("meta.mode"), lang.t("mode.scoring" if scoring else "mode.selection")),
    ]
    if scoring:
        meta.append(MetaItem(lang.t("meta.median"), lang.number(d.median_score)))
    meta.append(MetaItem(lang.t("meta.exclude_under"),
                         lang.percent(exclude_under, 0) if exclude_under else lang.t("meta.none")))
    meta += [
        MetaItem(lang.t("meta.audit_id"), get_str(d.audit_id), user=True, mono=True),
        MetaItem(lang.t("meta.tool_version"), get_str(d.tool_version), user=True),
    ]
    run_id = d.ledger.mlflow_run_id if d.ledger else None
    if run_id:
        meta.append(MetaItem(lang.t("meta.ledger"), get_str(run_id), user=True, mono=True))

    findings = sort_findings(finding_view(f, lang) for f in d.findings or [])
    with_ratio = [r for t in tables for r in t.rows if r.ratio_value is not None]
    lowest = min(with_ratio, key=lambda r: r.ratio_value or 0.0, default=None)
    summary = [
        (lang.t("summary.tables"), lang.integer(len(tables))),
        (lang.t("summary.adverse"),
         lang.integer(sum(1 for t in tables for r in t.rows if r.adverse))),
        (lang.t("summary.min_ratio"), lowest.ratio if lowest else lang.t("value.na")),
        (lang.t("summary.failed"), lang.integer(sum(1 for f in findings if f.outcome == "fail"))),
    ]

    trends = []
    for trend in d.trends or []:
        ratio = trend.impact_ratio
        trends.append(TrendRowView(
            period=get_str(trend.period),
            attribute=get_str(trend.attribute),
            group=GROUP_SEPARATOR.join(_group_parts(trend.group, [])),
            applicants=lang.integer(trend.applicants),
            selected=lang.integer(trend.selected),
            rate=lang.percent(trend.rate),
            ratio=lang.ratio(ratio, None if ratio is None else ratio < 0.8),
            adverse=ratio is not None and ratio < 0.8,
        ))

    models = []
    for item in d.model_metrics or []:
        by_group = tuple(
            (GROUP_SEPARATOR.join(_group_parts(g.group, [])),
             lang.percent(g.tpr), lang.percent(g.fpr),
             lang.percent(g.selection_rate), lang.integer(g.count))
            for g in item.by_group or []
        )
        models.append(ModelView(
            attribute=GROUP_SEPARATOR.join(get_str(a) for a in item.attributes or [])
            or get_str(mark(item, "attribute")),
            metrics=tuple((_metric_name(lang, str(k)), metric_value(lang, v))
                          for k, v in (item.metrics or {}).items()),
            by_group=by_group,
        ))

    if scoring:
        method = [lang.t("method.intro.scoring"),
                  lang.t("method.scoring_rate", median=lang.number(d.median_score))]
    else:
        method = [lang.t("method.intro"), lang.t("method.selection_rate")]
    method += [
        lang.t("method.impact_ratio"),
        lang.t("method.four_fifths"),
        (lang.t("method.exclusion", threshold=lang.percent(exclude_under, 0))
         if exclude_under else lang.t("method.no_exclusion")),
        lang.t("method.unknown"),
        lang.t("method.wilson"),
        lang.t("method.fisher"),
        lang.t("method.holm", alpha=lang.number(alpha, 2)),
        lang.t("method.small_sample.scoring") if scoring else lang.t("method.small_sample"),
    ]
    if models:
        method.append(lang.t("method.model"))
    method.append(lang.t("escaping.note"))

    columns = {
        "group": lang.t("col.group"),
        "applicants": lang.t("col.applicants.scoring" if scoring else "col.applicants"),
        "selected": lang.t("col.selected.scoring" if scoring else "col.selected"),
        "share": lang.t("col.share"),
        "rate": _rate_label(lang, scoring),
        "ci": lang.t("col.ci"),
        "ratio": lang.t("col.ratio"),
        "p": lang.t("col.p"),
        "p_holm": lang.t("col.p_holm"),
        "z": lang.t("col.z"),
        "flags": lang.t("col.flags"),
        "period": lang.t("col.period"),
        "attribute": lang.t("col.attribute"),
        "metric": lang.t("col.metric"),
        "value": lang.t("col.value"),
        "tpr": lang.t("col.tpr"),
        "fpr": lang.t("col.fpr"),
        "selection_rate": lang.t("metric.selection_rate"),
        "count": lang.t("col.count"),
    }
    return HiringView(
        lang=lang,
        organisation=get_str(d.organisation),
        system=get_str(d.system),
        title=lang.t("hiring.title"),
        subtitle=lang.t("hiring.subtitle.scoring") if scoring else lang.t("hiring.subtitle"),
        headline=_headline(tables or _last_stage(funnel), lang),
        scoring=scoring,
        meta=meta,
        summary=summary,
        tables=tables,
        funnel=funnel,
        trends=trends,
        models=models,
        findings=findings,
        method=method,
        footer=lang.t("footer", version=get_str(d.tool_version),
                      audit_id=get_str(d.audit_id)),
        columns=columns,
        stage_overview=_stage_overview(funnel, lang),
        stage_details=_stage_details(funnel, lang),
    )


def _last_stage(funnel: Sequence[TableView]) -> list[TableView]:
    """The tables of the funnel's final stage (the headline of a funnel-only document)."""
    return [t for t in funnel if funnel and t.stage == funnel[-1].stage]
