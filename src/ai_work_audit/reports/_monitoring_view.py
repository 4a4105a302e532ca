"""The monitoring-audit document, read once and formatted for display in one language.

Every renderer (Markdown, HTML, text, Rich) works from :class:`MonitoringView`. User-supplied
strings (system, file, column, group and event-type names, redacted samples) are already
:func:`safe_text` here; each renderer still applies its own markup escaping to them.
Workers appear only as counts (issue 3: workers exposed to each special category, counts only).
Over 500 lines: one view serves every monitoring renderer (PII, surveillance, company
policy, samples), so that all show the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from pydantic import BaseModel

from ai_work_audit.documents._monitoring import (
    MonitoringDocument,
    MonitoringInput,
    MonitoringParameters,
    PerWorkerDistribution,
    PiiDoc,
    RetentionDoc,
    SurveillanceDoc,
    SurveillanceParameters,
)
from ai_work_audit.errors import InputError
from ai_work_audit.reports._findings import FindingView, finding_view, get_str, sort_findings
from ai_work_audit.reports._hiring_view import Flag, MetaItem
from ai_work_audit.reports._i18n import MESSAGES, Lang
from ai_work_audit.reports._typed import mark, suppressed, typed_document

SCHEMA: Final = "ai-work-audit/monitoring-audit/v1"
ERR_SCHEMA: Final = (
    "The document given to {func} must be a '{schema}' document (a dict); got {got} instead. "
    "Pass MonitoringAudit.to_dict() or the JSON written by "
    "`ai-work-audit monitoring --format json`."
)
#: GDPR art. 9 special categories and union data (rulebook WP-04, WP-05), as the project's
#: recognizers name them (same lists as ``monitoring._scan``; reports do not import audits).
SPECIAL_CATEGORIES: Final = ("HEALTH", "RELIGION", "ETHNIC_ORIGIN", "POLITICAL_OPINION",
                             "SEXUAL_ORIENTATION", "BIOMETRIC")
TRADE_UNION: Final = "TRADE_UNION"
#: Direct identifiers (rulebook WP-21).
DIRECT_IDENTIFIERS: Final = ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "FR_NIR", "US_SSN",
                             "CREDIT_CARD", "FR_SIREN", "FR_SIRET")
#: Kinds of monitoring and the rulebook ids (WP-xx) that concern them.
EVENT_REFS: Final[Mapping[str, tuple[str, ...]]] = {
    "emotion": ("WP-01",), "email": ("WP-02",), "chat": ("WP-02",), "biometric": ("WP-06",),
    "keystroke": ("WP-07",), "screenshot": ("WP-08",), "screen_recording": ("WP-08",),
    "webcam": ("WP-09",), "audio": ("WP-09",), "idle": ("WP-10",),
    "productivity_score": ("WP-10", "WP-16"), "location": ("WP-12",), "url": ("WP-13",),
}
#: Kinds of monitoring the rulebook rates high or critical in themselves.
INTRUSIVE: Final = frozenset({"emotion", "biometric", "keystroke", "screenshot",
                              "screen_recording", "webcam", "audio", "idle",
                              "productivity_score", "location"})
#: Presidio score threshold of types without their own (privacy/settings.yaml).
DEFAULT_SCORE_THRESHOLD: Final = 0.4
#: A group monitored at least this many times as intensely as the least monitored is flagged.
HIGH_RATIO: Final = 2.0
FINDING_GROUPS: Final = ("fail", "warn", "error", "not_available", "pass", "not_applicable")
DAY_NAMES: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DASH: Final = "—"
_RETENTION = re.compile(r"^\s*(\d+)\s*(day|days|month|months)\s*$")


@dataclass(frozen=True)
class ExposureRow:
    code: str
    label: str
    records: str
    workers: str
    columns: str
    share: str
    flags: tuple[Flag, ...]
    special: bool
    suppressed: bool


@dataclass(frozen=True)
class EventRow:
    code: str
    label: str
    events: str
    workers: str
    interval: str
    median: str
    p95: str
    max: str
    off_hours: str
    refs: str
    flags: tuple[Flag, ...]
    intrusive: bool
    suppressed: bool
    events_value: int
    median_value: float | None
    p95_value: float | None
    max_value: float | None


@dataclass(frozen=True)
class ContentRow:
    code: str
    label: str
    with_content: str
    metadata_only: str
    share: str
    captured: bool


@dataclass(frozen=True)
class GroupRow:
    label: str
    workers: str
    events: str
    worker_days: str
    rate: str
    ratio: str
    flags: tuple[Flag, ...]
    small: bool
    least: bool
    high: bool
    suppressed: bool


@dataclass(frozen=True)
class GroupTable:
    attribute: str
    title: str
    rows: tuple[GroupRow, ...]
    note: str


@dataclass(frozen=True)
class RetentionRow:
    code: str
    label: str
    limit: str
    past: str
    present: bool
    exceeded: bool


@dataclass(frozen=True)
class ColumnRow:
    name: str
    non_empty: str
    share: str
    detected: str
    flags: tuple[Flag, ...]
    direct: bool
    special: bool


@dataclass(frozen=True)
class SampleRow:
    code: str
    label: str
    text: str


@dataclass(frozen=True)
class FindingGroup:
    outcome: str
    title: str
    findings: tuple[FindingView, ...]


@dataclass
class SurveillanceView:
    events: list[EventRow]
    off_hours: str
    on_leave: str
    modalities: str
    content: list[ContentRow]
    groups: list[GroupTable]
    groups_intro: str
    retention_intro: str
    retention: list[RetentionRow]
    #: Passive capture outside hours and on leave; the right to disconnect (issue 11 item 4).
    per_worker: list[str] = field(default_factory=list)


@dataclass
class MonitoringView:
    """What every monitoring renderer shows, formatted in one language."""

    lang: Lang
    kind: str  # "log" or "table"
    organisation: str
    system: str
    title: str
    subtitle: str
    meta: list[MetaItem]
    key_figures: list[tuple[str, str]]
    plain: list[str]
    broken: list[FindingView]
    finding_groups: list[FindingGroup]
    pii_intro: str
    exposure: list[ExposureRow]
    surveillance: SurveillanceView | None
    columns: list[ColumnRow]
    samples: list[SampleRow]
    warnings: list[str]
    suppression: str | None
    method: list[str]
    footer: str
    c: dict[str, str] = field(default_factory=dict)

    @property
    def findings(self) -> list[FindingView]:
        return [f for g in self.finding_groups for f in g.findings]


# --- small readers ------------------------------------------------------------------------------


def count(lang: Lang, value: float | None) -> str:
    """A count or a per-day statistic: whole numbers as integers, others with one decimal."""
    if value is None:
        return lang.t("value.na")
    if isinstance(value, int) or value.is_integer():
        return lang.integer(int(value))
    return lang.number(value, 1)


def duration(lang: Lang, seconds: float | None) -> str:
    """Seconds in words: 45 s, 10 min, 1 h 49 min, 1 d 0 h (en) / 1 j 0 h (fr)."""
    value = seconds
    if value is None or value < 0:
        return lang.t("value.na")
    total = round(value)
    if total < 60:
        return lang.t("mon.duration.s", s=total)
    minutes = round(value / 60)
    if minutes < 60:
        return lang.t("mon.duration.min", m=minutes)
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return (lang.t("mon.duration.hours", h=hours) if rest == 0
                else lang.t("mon.duration.h", h=hours, m=f"{rest:02d}"))
    days, hours = divmod(hours, 24)
    return lang.t("mon.duration.d", d=days, h=hours)


def day(lang: Lang, iso: str | None) -> str:
    """An ISO-8601 timestamp as a date in words (UTC): 3 March 2025 / 3 mars 2025."""
    if iso is None:
        return lang.t("value.na")
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return get_str(iso)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{when.day} {lang.t(f'month.{when.month}')} {when.year}"


def working_days(lang: Lang, spec: str | None) -> str:
    """``mon-fri`` or ``mon,tue,…`` as Mon–Fri / lun.–ven.; unknown text is shown as safe text."""
    if spec is None or not spec.strip():
        return lang.t("value.na")
    picked: set[int] = set()
    for part in spec.lower().replace(" ", "").split(","):
        ends = part.split("-")
        if not all(e in DAY_NAMES for e in ends) or len(ends) > 2:
            return get_str(spec)
        first, last = DAY_NAMES.index(ends[0]), DAY_NAMES.index(ends[-1])
        picked.update(range(first, last + 1) if first <= last else
                      [*range(first, 7), *range(0, last + 1)])
    if len(picked) == 7:
        return lang.t("mon.days.all")
    days = sorted(picked)
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        start, end = (lang.t(f"mon.day.{DAY_NAMES[d]}") for d in (days[0], days[-1]))
        return f"{start}–{end}"
    return ", ".join(lang.t(f"mon.day.{DAY_NAMES[d]}") for d in days)


def semicolon(lang: Lang) -> str:
    """The separator of a list whose items contain commas: "; " / "\u202f; " (French)."""
    return "\u202f; " if lang.code == "fr" else "; "


def _label(lang: Lang, prefix: str, code: str) -> str:
    msg_id = f"{prefix}.{code}"
    return lang.t(msg_id) if msg_id in MESSAGES else code


def event_label(lang: Lang, code: str) -> str:
    return _label(lang, "mon.event", code)


def type_label(lang: Lang, code: str) -> str:
    return _label(lang, "mon.type", code)


def _retention_limit(lang: Lang, spec: str) -> str:
    match = _RETENTION.match(spec)
    if match is None:
        return get_str(spec)
    n, unit = int(match.group(1)), match.group(2)
    if unit.startswith("day"):
        return lang.t("mon.retention.days", n=n)
    return lang.t("mon.retention.month" if n == 1 else "mon.retention.months", n=n)


#: ``surveillance.parameters.timezone`` when each event's own UTC offset was used (the value of
#: ``privacy._surveillance.RECORDED_OFFSETS``; not imported: it would load Presidio).
RECORDED_OFFSETS = "recorded-offsets"


def _zone(lang: Lang, value: str | None) -> str:
    """The time zone working time was judged in, or the phrase for recorded offsets."""
    return lang.t("mon.tz.recorded") if value == RECORDED_OFFSETS else get_str(value)


def _suppressed_label(cell: BaseModel, fallback: str) -> str:
    group = mark(cell, "group")
    return get_str(group) if isinstance(group, str) and group else fallback


# --- sections -----------------------------------------------------------------------------------


def _exposure(doc: MonitoringDocument, lang: Lang) -> list[ExposureRow]:
    pii = doc.pii or PiiDoc()
    scanned = pii.records_scanned
    rows: list[tuple[tuple[int, int], ExposureRow]] = []
    for key, cell in (pii.by_type or {}).items():
        code = get_str(key)
        special = key in SPECIAL_CATEGORIES or key == TRADE_UNION
        flags = []
        if key in SPECIAL_CATEGORIES:
            flags.append(Flag("special", lang.t("mon.cat.special")))
        elif key == TRADE_UNION:
            flags.append(Flag("special", lang.t("mon.cat.union")))
        elif key in DIRECT_IDENTIFIERS:
            flags.append(Flag("direct", lang.t("mon.cat.direct")))
        rank = 0 if special else 1 if key in DIRECT_IDENTIFIERS else 2
        if suppressed(cell):
            flags.append(Flag("suppressed", lang.t("mon.flag.suppressed")))
            label = _suppressed_label(cell, type_label(lang, code))
            rows.append(((rank, 0), ExposureRow(
                code=code, label=label, records=DASH, workers=DASH, columns=DASH, share=DASH,
                flags=tuple(flags), special=special, suppressed=True)))
            continue
        records = cell.records
        share = (lang.share(records / scanned) if records is not None and scanned
                 else lang.t("value.na"))
        rows.append(((rank, -(records or 0)), ExposureRow(
            code=code,
            label=type_label(lang, code),
            records=lang.integer(records),
            workers=count(lang, cell.workers) if "workers" in cell.model_fields_set else DASH,
            columns=count(lang, cell.columns) if "columns" in cell.model_fields_set else DASH,
            share=share,
            flags=tuple(flags),
            special=special,
            suppressed=False,
        )))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def _events(surv: SurveillanceDoc, lang: Lang) -> list[EventRow]:
    out: list[tuple[float, int, EventRow]] = []
    for key, cell in (surv.by_event_type or {}).items():
        code = get_str(key)
        refs = ", ".join(EVENT_REFS.get(key, ()))
        intrusive = key in INTRUSIVE
        flags = [Flag("intrusive", lang.t("mon.flag.intrusive"))] if intrusive else []
        if suppressed(cell):
            flags.append(Flag("suppressed", lang.t("mon.flag.suppressed")))
            out.append((-1.0, 0, EventRow(
                code=code, label=_suppressed_label(cell, event_label(lang, code)),
                events=DASH, workers=DASH, interval=DASH, median=DASH, p95=DASH, max=DASH,
                off_hours=DASH, refs=refs, flags=tuple(flags), intrusive=intrusive,
                suppressed=True, events_value=0, median_value=None, p95_value=None,
                max_value=None)))
            continue
        per_day = cell.events_per_worker_day or PerWorkerDistribution()
        median, p95, top = per_day.median, per_day.p95, per_day.max
        out.append((median or 0.0, cell.events or 0, EventRow(
            code=code,
            label=event_label(lang, code),
            events=count(lang, cell.events),
            workers=count(lang, cell.workers),
            interval=duration(lang, cell.median_interval_s),
            median=count(lang, median),
            p95=count(lang, p95),
            max=count(lang, top) if "max" in per_day.model_fields_set else DASH,
            off_hours=count(lang, cell.off_hours_events),
            refs=refs,
            flags=tuple(flags),
            intrusive=intrusive,
            suppressed=False,
            events_value=cell.events or 0,
            median_value=median,
            p95_value=p95,
            max_value=top,
        )))
    out.sort(key=lambda item: (-item[0], -item[1], item[2].code))
    return [row for _, _, row in out]


def _content(surv: SurveillanceDoc, lang: Lang) -> list[ContentRow]:
    rows = []
    for key, cell in (surv.content_vs_metadata or {}).items():
        if suppressed(cell):
            continue
        with_content = cell.with_content or 0
        metadata = cell.metadata_only or 0
        total = with_content + metadata
        code = get_str(key)
        rows.append(ContentRow(
            code=code, label=event_label(lang, code),
            with_content=lang.integer(with_content), metadata_only=lang.integer(metadata),
            share=lang.percent(with_content / total) if total else lang.t("value.na"),
            captured=with_content > 0,
        ))
    rows.sort(key=lambda r: (not r.captured, r.label))
    return rows


def _groups(surv: SurveillanceDoc, lang: Lang) -> list[GroupTable]:
    tables = []
    for attribute, table in (surv.intensity_by_group or {}).items():
        name = get_str(attribute)
        reference = table.reference_group
        rows = []
        for row in table.groups or []:
            label = get_str(row.group)
            if suppressed(row):
                rows.append(GroupRow(label=label, workers=DASH, events=DASH, worker_days=DASH,
                                     rate=DASH, ratio=DASH,
                                     flags=(Flag("suppressed", lang.t("mon.flag.suppressed")),),
                                     small=False, least=False, high=False, suppressed=True))
                continue
            least = reference is not None and row.group == reference
            small = row.small_sample is True
            flags = []
            if least:
                flags.append(Flag("reference", lang.t("mon.flag.least")))
            if small:
                flags.append(Flag("small_sample", lang.t("flag.small_sample")))
            ratio = row.ratio_to_least
            high = ratio is not None and ratio >= HIGH_RATIO
            if high:
                flags.append(Flag("intrusive", lang.t("mon.flag.high_ratio")))
            rows.append(GroupRow(
                label=label,
                workers=count(lang, row.workers),
                events=count(lang, row.events),
                worker_days=count(lang, row.worker_days),
                rate=lang.number(row.events_per_worker_day, 1),
                ratio=lang.number(ratio, 2),
                flags=tuple(flags), small=small, least=least, high=high, suppressed=False,
            ))
        tables.append(GroupTable(
            attribute=name,
            title=lang.t("table.by", attributes=name),
            rows=tuple(rows),
            note=lang.t("mon.surv.groups.notes",
                        unknown=(lang.t("mon.flag.suppressed")
                                 if mark(table, "unknown_workers_suppressed") is True
                                 else count(lang, table.unknown_workers)),
                        missing=count(lang, table.events_not_in_roster)),
        ))
    return tables


def _retention(surv: SurveillanceDoc, lang: Lang) -> tuple[str, list[RetentionRow]]:
    kept = surv.retention or RetentionDoc()
    past = kept.by_event_type or {}
    limits = kept.limits or {}
    rows = []
    for key, spec in limits.items():
        present = key in past
        n = past.get(key) if present else None
        code = get_str(key)
        rows.append(RetentionRow(
            code=code, label=event_label(lang, code), limit=_retention_limit(lang, spec),
            past=lang.integer(n) if present else lang.t("mon.retention.absent"),
            present=present, exceeded=bool(n),
        ))
    rows.sort(key=lambda r: (not r.present, r.label))
    if not past:
        return lang.t("mon.retention.none"), rows
    intro = lang.t("mon.retention.intro", as_of=day(lang, kept.as_of),
                   records=count(lang, kept.records_past_limit),
                   share=lang.percent(kept.share_past_limit))
    return intro, rows


def _columns(doc: MonitoringDocument, lang: Lang) -> list[ColumnRow]:
    rows = []
    for column in doc.columns or []:
        direct = column.direct_identifier is True
        special = column.special_category is True
        flags = []
        if special:
            flags.append(Flag("special", lang.t("mon.cat.special")))
        if direct:
            flags.append(Flag("direct", lang.t("mon.cat.direct")))
        detected = ", ".join(
            f"{type_label(lang, get_str(k))} {lang.percent(v)}"
            for k, v in sorted((column.detected or {}).items(), key=lambda kv: -kv[1]))
        rows.append(ColumnRow(
            name=get_str(column.column),
            non_empty=count(lang, column.non_empty),
            share=lang.percent(column.share_non_empty),
            detected=detected or DASH,
            flags=tuple(flags), direct=direct, special=special,
        ))
    return rows


def _finding_groups(doc: MonitoringDocument, lang: Lang) -> list[FindingGroup]:
    findings = sort_findings(finding_view(f, lang) for f in doc.findings or [])
    groups = []
    for outcome in FINDING_GROUPS:
        members = tuple(f for f in findings if f.outcome == outcome)
        if members:
            groups.append(FindingGroup(outcome, lang.t(f"mon.findings.group.{outcome}",
                                                       n=len(members)), members))
    return groups


# --- the view -----------------------------------------------------------------------------------


def _surveillance_parameters(doc: MonitoringDocument) -> SurveillanceParameters:
    surv = doc.surveillance
    return (surv.parameters if surv is not None else None) or SurveillanceParameters()


def _meta(doc: MonitoringDocument, lang: Lang, table: bool) -> list[MetaItem]:
    inp = doc.input or MonitoringInput()
    params = doc.parameters or MonitoringParameters()
    surv_params = _surveillance_parameters(doc)
    files = inp.files or []
    meta = [
        MetaItem(lang.t("meta.date"), lang.date(doc.created_at or "")),
        MetaItem(lang.t("meta.organisation"), get_str(doc.organisation), user=True),
        MetaItem(lang.t("meta.system"), get_str(doc.system), user=True),
        MetaItem(lang.t("mon.meta.kind"),
                 lang.t("mon.kind.table" if table else "mon.kind.log")),
        MetaItem(lang.t("mon.meta.files"),
                 semicolon(lang).join(lang.t("mon.meta.file", name=get_str(f.name),
                                  rows=count(lang, f.rows)) for f in files)
                 or get_str(mark(inp, "name")), user=True),
    ]
    if table:
        meta += [
            MetaItem(lang.t("meta.rows"), count(lang, inp.rows)),
            MetaItem(lang.t("mon.meta.columns"), lang.integer(len(doc.columns or []))),
        ]
    else:
        meta += [
            MetaItem(lang.t("mon.meta.events"), count(lang, inp.events)),
            MetaItem(lang.t("mon.meta.workers"), count(lang, inp.workers)),
            MetaItem(lang.t("mon.meta.period"),
                     lang.t("mon.meta.period_value", first=lang.date(str(inp.first)),
                            last=lang.date(str(inp.last)))),
            MetaItem(lang.t("mon.meta.working_time"), lang.t(
                "mon.meta.working_time_value",
                hours=get_str(surv_params.working_hours or params.working_hours),
                days=working_days(lang, surv_params.working_days or params.working_days))),
            MetaItem(lang.t("mon.meta.timezone"),
                     _zone(lang, surv_params.timezone or params.timezone),
                     user=True),
        ]
    if params.mapping:
        meta.append(MetaItem(lang.t("mon.meta.mapping"), get_str(params.mapping),
                             user=True))
    packs = params.policy_packs or {}
    if packs:
        meta.append(MetaItem(lang.t("mon.meta.policies"),
                             ", ".join(f"{get_str(k)} v{get_str(v)}" for k, v in packs.items()),
                             user=True))
    meta += [
        MetaItem(lang.t("meta.digest"), get_str(inp.sha256), user=True, mono=True),
        MetaItem(lang.t("meta.audit_id"), get_str(doc.audit_id), user=True, mono=True),
        MetaItem(lang.t("meta.tool_version"), get_str(doc.tool_version), user=True),
    ]
    run_id = doc.ledger.mlflow_run_id if doc.ledger else None
    if run_id:
        meta.append(MetaItem(lang.t("meta.ledger"), get_str(run_id), user=True, mono=True))
    return meta


def _special_items(exposure: Sequence[ExposureRow], lang: Lang, table: bool) -> list[str]:
    items = []
    for row in exposure:
        if not row.special or row.suppressed:
            continue
        if table:
            items.append(lang.t("mon.plain.special_item_table", type=row.label,
                                columns=row.columns))
        else:
            items.append(lang.t("mon.plain.special_item", type=row.label, records=row.records,
                                workers=row.workers))
    return items


def _rules_sentence(groups: Sequence[FindingGroup], lang: Lang) -> str:
    by_outcome = {g.outcome: g.findings for g in groups}
    failed = by_outcome.get("fail", ())
    return lang.t(
        "mon.plain.rules",
        fail=lang.integer(len(failed)),
        critical=lang.integer(sum(1 for f in failed if f.severity == "critical")),
        high=lang.integer(sum(1 for f in failed if f.severity == "high")),
        warn=lang.integer(len(by_outcome.get("warn", ()))),
        na=lang.integer(len(by_outcome.get("not_available", ()))),
    )


def _per_worker(surv: SurveillanceDoc, lang: Lang) -> list[str]:
    """Passive capture outside working time and during leave (WP-03, per worker and per
    modality) and the right-to-disconnect measure, one sentence each."""
    lines: list[str] = []
    passive = surv.passive_capture
    if passive is not None:
        for key, exposure in (("off_hours", passive.off_hours), ("on_leave", passive.on_leave)):
            if exposure is None:
                continue
            if not exposure.events:
                lines.append(lang.t(f"mon.surv.passive.{key}_none"))
                continue
            types = ", ".join(lang.t("mon.surv.passive.type", type=event_label(lang, kind),
                                     events=count(lang, cell.events),
                                     workers=count(lang, cell.workers))
                              for kind, cell in (exposure.by_event_type or {}).items())
            lines.append(lang.t(f"mon.surv.passive.{key}", workers=count(lang, exposure.workers),
                                events=count(lang, exposure.events), types=types))
    disconnect = surv.right_to_disconnect
    if disconnect is not None and disconnect.workers_active:
        lines.append(lang.t("mon.surv.disconnect",
                            share=lang.percent(disconnect.share_above),
                            active=count(lang, disconnect.workers_active),
                            above=count(lang, disconnect.workers_above),
                            cutoff=lang.percent(disconnect.worker_share_threshold)))
    return lines


def _surveillance(doc: MonitoringDocument, lang: Lang) -> SurveillanceView | None:
    surv = doc.surveillance
    if surv is None:
        return None
    params = surv.parameters or SurveillanceParameters()
    modalities = surv.modalities_per_worker or PerWorkerDistribution()
    on_leave = surv.on_leave_events
    retention_intro, retention = _retention(surv, lang)
    return SurveillanceView(
        events=_events(surv, lang),
        off_hours=lang.t("mon.surv.off_hours",
                         share=lang.percent(surv.off_hours_share),
                         events=count(lang, surv.off_hours_events),
                         hours=get_str(params.working_hours),
                         days=working_days(lang, params.working_days),
                         timezone=_zone(lang, params.timezone)),
        on_leave=(lang.t("mon.surv.on_leave", events=count(lang, on_leave))
                  if on_leave is not None else lang.t("mon.surv.on_leave_unknown")),
        modalities=lang.t("mon.surv.modalities", median=count(lang, modalities.median),
                          max=count(lang, modalities.max)),
        content=_content(surv, lang),
        groups=_groups(surv, lang),
        groups_intro=lang.t("mon.surv.groups.intro",
                            k=count(lang, params.small_group
                                    if "small_group" in params.model_fields_set else 5)),
        retention_intro=retention_intro,
        retention=retention,
        per_worker=_per_worker(surv, lang),
    )


def _warnings(doc: MonitoringDocument, lang: Lang) -> list[str]:
    """The input warnings in the report's language: ``warning_messages[i][lang]`` when the
    document carries them (one per warning), else ``warnings`` (the audit's text)."""
    plain = doc.warnings or []
    texts = mark(doc, "warning_messages") or []
    if texts and len(texts) == len(plain) and all(
        isinstance(t, Mapping) and isinstance(t.get(lang.code), str) for t in texts
    ):
        return [get_str(t[lang.code]) for t in texts]
    return [get_str(w) for w in plain]


def monitoring_document(doc: Mapping[str, Any] | MonitoringDocument,
                        func: str) -> MonitoringDocument:
    """The typed ``monitoring-audit/v1`` document (validated once); InputError for another."""
    return typed_document(doc, MonitoringDocument, SCHEMA, InputError,
                          ERR_SCHEMA.replace("{func}", func).replace("{schema}", SCHEMA))


def build_view(doc: Mapping[str, Any] | MonitoringDocument, lang: Lang,
               func: str) -> MonitoringView:
    """Read a ``monitoring-audit/v1`` document once (dict or model) and format it in ``lang``."""
    doc = monitoring_document(doc, func)
    inp = doc.input or MonitoringInput()
    pii = doc.pii or PiiDoc()
    table = inp.kind == "table" or (doc.surveillance is None and bool(doc.columns))
    exposure = _exposure(doc, lang)
    surveillance = _surveillance(doc, lang)
    columns = _columns(doc, lang)
    groups = _finding_groups(doc, lang)
    failed = [f for g in groups if g.outcome in ("fail", "error") for f in g.findings]
    scanned = pii.records_scanned
    with_pii = pii.records_with_pii
    pii_share = (with_pii / scanned) if with_pii is not None and scanned else None

    plain: list[str] = []
    figures: list[tuple[str, str]] = []
    specials = _special_items(exposure, lang, table)
    if table:
        plain.append(lang.t(
            "mon.plain.table", rows=count(lang, inp.rows),
            columns=lang.integer(len(columns)),
            direct=lang.integer(sum(1 for c in columns if c.direct)),
            special=lang.integer(sum(1 for c in columns if c.special))))
        figures += [
            (lang.t("mon.kf.rows"), count(lang, inp.rows)),
            (lang.t("mon.kf.columns"), lang.integer(len(columns))),
            (lang.t("mon.kf.direct"), lang.integer(sum(1 for c in columns if c.direct))),
            (lang.t("mon.kf.special"), lang.integer(sum(1 for c in columns if c.special))),
        ]
    elif surveillance is not None:
        events = surveillance.events
        by_volume = sorted((e for e in events if not e.suppressed),
                           key=lambda e: -e.events_value)
        plain.append(lang.t(
            "mon.plain.monitored", events=count(lang, inp.events),
            workers=count(lang, inp.workers), first=day(lang, inp.first),
            last=day(lang, inp.last), types=lang.integer(len(events)),
            kinds=", ".join(e.label for e in by_volume)))
        intrusive = [e.label for e in events if e.intrusive and not e.suppressed]
        if intrusive:
            plain.append(lang.t("mon.plain.intrusive", kinds=", ".join(intrusive)))
        surv = doc.surveillance or SurveillanceDoc()
        modalities = surv.modalities_per_worker or PerWorkerDistribution()
        densest = [lang.t("mon.plain.densest_item", kind=e.label, median=e.median,
                          interval=e.interval) for e in events[:3] if not e.suppressed]
        plain.append(lang.t("mon.plain.intensity",
                            median=count(lang, modalities.median),
                            max=count(lang, modalities.max),
                            densest=semicolon(lang).join(densest) or lang.t("value.na")))
        off_share = surv.off_hours_share
        plain.append(lang.t("mon.plain.off_hours", share=lang.percent(off_share),
                            events=count(lang, surv.off_hours_events)))
        if surv.on_leave_events is not None:
            plain.append(lang.t("mon.plain.on_leave",
                                events=count(lang, surv.on_leave_events)))
        figures += [
            (lang.t("mon.kf.events"), count(lang, inp.events)),
            (lang.t("mon.kf.workers"), count(lang, inp.workers)),
            (lang.t("mon.kf.types"), lang.integer(len(events))),
            (lang.t("mon.kf.off_hours"), lang.percent(off_share)),
        ]
    if not table and with_pii is not None:
        plain.append(lang.t("mon.plain.pii", with_pii=lang.integer(with_pii),
                            scanned=lang.integer(scanned), share=lang.percent(pii_share)))
        figures.append((lang.t("mon.kf.pii"), lang.percent(pii_share)))
    plain.append(lang.t("mon.plain.special", items=semicolon(lang).join(specials)) if specials
                 else lang.t("mon.plain.no_special"))
    plain.append(_rules_sentence(groups, lang))
    figures += [
        (lang.t("mon.kf.failed"), lang.integer(len(failed))),
        (lang.t("mon.kf.critical"),
         lang.integer(sum(1 for f in failed if f.severity == "critical"))),
    ]

    if table:
        pii_intro = lang.t("mon.pii.intro_table", scanned=count(lang, scanned))
    else:
        pii_intro = lang.t("mon.pii.intro", with_pii=count(lang, with_pii),
                           scanned=count(lang, scanned),
                           distinct=count(lang, pii.distinct_texts_scanned))

    surv_params = _surveillance_parameters(doc)
    method = [lang.t("mon.method.intro")]
    method.append(lang.t("mon.method.columns" if table else "mon.method.two_tier"))
    method.append(lang.t("mon.method.recognizers",
                         threshold=lang.number(DEFAULT_SCORE_THRESHOLD, 1)))
    if not table:
        method += [
            lang.t("mon.method.working_time",
                   hours=get_str(surv_params.working_hours),
                   days=working_days(lang, surv_params.working_days),
                   timezone=_zone(lang, surv_params.timezone)),
            lang.t("mon.method.on_leave"),
            lang.t("mon.method.intensity",
                   idle=duration(lang, surv_params.idle_interval_s
                                 if "idle_interval_s" in surv_params.model_fields_set
                                 else 300)),
            lang.t("mon.method.retention"),
        ]
    method += [lang.t("mon.method.legal"), lang.t("mon.method.privacy"),
               lang.t("mon.escaping.note")]

    suppression = mark(doc, "suppression") or {}
    c = {key: lang.t(msg) for key, msg in {
        "item": "col.item", "value": "col.value", "group": "col.group", "flags": "col.flags",
        "pii_type": "mon.col.pii_type", "records": "mon.col.records",
        "workers": "mon.col.workers", "columns": "mon.col.columns",
        "share_records": "mon.col.share_records", "category": "mon.col.category",
        "event_type": "mon.col.event_type",
        "events": "mon.col.events", "interval": "mon.col.interval",
        "per_day": "mon.col.per_day", "p95": "mon.col.p95", "max": "mon.col.max",
        "off_hours": "mon.col.off_hours", "refs": "mon.col.refs",
        "with_content": "mon.col.with_content", "metadata_only": "mon.col.metadata_only",
        "share_content": "mon.col.share_content", "worker_days": "mon.col.worker_days",
        "rate": "mon.col.rate", "ratio_least": "mon.col.ratio_least",
        "limit": "mon.col.limit", "past_limit": "mon.col.past_limit",
        "column": "mon.col.column", "non_empty": "mon.col.non_empty",
        "share": "col.share", "detected": "mon.col.detected", "sample": "mon.col.sample",
    }.items()}
    return MonitoringView(
        lang=lang,
        kind="table" if table else "log",
        organisation=get_str(doc.organisation),
        system=get_str(doc.system),
        title=lang.t("mon.title"),
        subtitle=lang.t("mon.subtitle.table" if table else "mon.subtitle.log"),
        meta=_meta(doc, lang, table),
        key_figures=figures,
        plain=plain,
        broken=failed,
        finding_groups=groups,
        pii_intro=pii_intro,
        exposure=exposure,
        surveillance=surveillance,
        columns=columns,
        samples=[SampleRow(code=get_str(s.type or s.rule),
                           label=type_label(lang, get_str(s.type or s.rule)),
                           text=get_str(s.text))
                 for s in doc.samples or []],
        warnings=_warnings(doc, lang),
        suppression=(lang.t("mon.suppression", cells=count(lang, suppression.get("cells")),
                            k=count(lang, suppression.get("k"))) if suppression else None),
        method=method,
        footer=lang.t("footer", version=get_str(doc.tool_version),
                      audit_id=get_str(doc.audit_id)),
        c=c,
    )
