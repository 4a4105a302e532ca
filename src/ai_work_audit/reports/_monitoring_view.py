"""The monitoring-audit document, read once and formatted for display in one language.

Every renderer (Markdown, HTML, text, Rich) works from :class:`MonitoringView`. User-supplied
strings (system, file, column, group and event-type names, redacted samples) are already
:func:`safe_text` here; each renderer still applies its own markup escaping to them.
Workers appear only as counts (issue 3: workers exposed to each special category, counts only).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from ai_work_audit.errors import InputError
from ai_work_audit.reports._findings import FindingView, finding_view, get_str, sort_findings
from ai_work_audit.reports._hiring_view import Flag, MetaItem
from ai_work_audit.reports._i18n import MESSAGES, Lang

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


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def count(lang: Lang, value: Any) -> str:
    """A count or a per-day statistic: whole numbers as integers, others with one decimal."""
    number = _num(value)
    if number is None:
        return lang.t("value.na")
    whole = _int(value)
    return lang.integer(whole) if whole is not None else lang.number(number, 1)


def duration(lang: Lang, seconds: Any) -> str:
    """Seconds in words: 45 s, 10 min, 1 h 49 min, 1 d 0 h (en) / 1 j 0 h (fr)."""
    value = _num(seconds)
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


def day(lang: Lang, iso: Any) -> str:
    """An ISO-8601 timestamp as a date in words (UTC): 3 March 2025 / 3 mars 2025."""
    if not isinstance(iso, str):
        return lang.t("value.na")
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return get_str(iso)
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{when.day} {lang.t(f'month.{when.month}')} {when.year}"


def working_days(lang: Lang, spec: Any) -> str:
    """``mon-fri`` or ``mon,tue,…`` as Mon–Fri / lun.–ven.; unknown text is shown as safe text."""
    if not isinstance(spec, str) or not spec.strip():
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


def _retention_limit(lang: Lang, spec: Any) -> str:
    match = _RETENTION.match(spec) if isinstance(spec, str) else None
    if match is None:
        return get_str(spec)
    n, unit = int(match.group(1)), match.group(2)
    if unit.startswith("day"):
        return lang.t("mon.retention.days", n=n)
    return lang.t("mon.retention.month" if n == 1 else "mon.retention.months", n=n)


def _suppressed(cell: Any) -> bool:
    return isinstance(cell, Mapping) and cell.get("suppressed") is True


#: ``surveillance.parameters.timezone`` when each event's own UTC offset was used (the value of
#: ``privacy._surveillance.RECORDED_OFFSETS``; not imported: it would load Presidio).
RECORDED_OFFSETS = "recorded-offsets"


def _zone(lang: Lang, value: Any) -> str:
    """The time zone working time was judged in, or the phrase for recorded offsets."""
    return lang.t("mon.tz.recorded") if value == RECORDED_OFFSETS else get_str(value)


def _suppressed_label(cell: Mapping[str, Any], fallback: str) -> str:
    group = cell.get("group")
    return get_str(group) if isinstance(group, str) and group else fallback


# --- sections -----------------------------------------------------------------------------------


def _exposure(doc: Mapping[str, Any], lang: Lang) -> list[ExposureRow]:
    pii = _map(doc.get("pii"))
    scanned = _int(pii.get("records_scanned"))
    rows: list[tuple[tuple[int, int], ExposureRow]] = []
    for key, cell in _map(pii.get("by_type")).items():
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
        if _suppressed(cell) or not isinstance(cell, Mapping):
            flags.append(Flag("suppressed", lang.t("mon.flag.suppressed")))
            label = _suppressed_label(_map(cell), type_label(lang, code))
            rows.append(((rank, 0), ExposureRow(
                code=code, label=label, records=DASH, workers=DASH, columns=DASH, share=DASH,
                flags=tuple(flags), special=special, suppressed=True)))
            continue
        records = _int(cell.get("records"))
        share = (lang.share(records / scanned) if records is not None and scanned
                 else lang.t("value.na"))
        rows.append(((rank, -(records or 0)), ExposureRow(
            code=code,
            label=type_label(lang, code),
            records=lang.integer(records),
            workers=count(lang, cell.get("workers")) if "workers" in cell else DASH,
            columns=count(lang, cell.get("columns")) if "columns" in cell else DASH,
            share=share,
            flags=tuple(flags),
            special=special,
            suppressed=False,
        )))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def _events(surv: Mapping[str, Any], lang: Lang) -> list[EventRow]:
    out: list[tuple[float, int, EventRow]] = []
    for key, cell in _map(surv.get("by_event_type")).items():
        code = get_str(key)
        refs = ", ".join(EVENT_REFS.get(key, ()))
        intrusive = key in INTRUSIVE
        flags = [Flag("intrusive", lang.t("mon.flag.intrusive"))] if intrusive else []
        if _suppressed(cell) or not isinstance(cell, Mapping):
            flags.append(Flag("suppressed", lang.t("mon.flag.suppressed")))
            out.append((-1.0, 0, EventRow(
                code=code, label=_suppressed_label(_map(cell), event_label(lang, code)),
                events=DASH, workers=DASH, interval=DASH, median=DASH, p95=DASH, max=DASH,
                off_hours=DASH, refs=refs, flags=tuple(flags), intrusive=intrusive,
                suppressed=True, events_value=0, median_value=None, p95_value=None,
                max_value=None)))
            continue
        per_day = _map(cell.get("events_per_worker_day"))
        median, p95, top = (_num(per_day.get(k)) for k in ("median", "p95", "max"))
        out.append((median or 0.0, _int(cell.get("events")) or 0, EventRow(
            code=code,
            label=event_label(lang, code),
            events=count(lang, cell.get("events")),
            workers=count(lang, cell.get("workers")),
            interval=duration(lang, cell.get("median_interval_s")),
            median=count(lang, per_day.get("median")),
            p95=count(lang, per_day.get("p95")),
            max=count(lang, per_day.get("max")) if "max" in per_day else DASH,
            off_hours=count(lang, cell.get("off_hours_events")),
            refs=refs,
            flags=tuple(flags),
            intrusive=intrusive,
            suppressed=False,
            events_value=_int(cell.get("events")) or 0,
            median_value=median,
            p95_value=p95,
            max_value=top,
        )))
    out.sort(key=lambda item: (-item[0], -item[1], item[2].code))
    return [row for _, _, row in out]


def _content(surv: Mapping[str, Any], lang: Lang) -> list[ContentRow]:
    rows = []
    for key, cell in _map(surv.get("content_vs_metadata")).items():
        if not isinstance(cell, Mapping) or _suppressed(cell):
            continue
        with_content = _int(cell.get("with_content")) or 0
        metadata = _int(cell.get("metadata_only")) or 0
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


def _groups(surv: Mapping[str, Any], lang: Lang) -> list[GroupTable]:
    tables = []
    for attribute, table in _map(surv.get("intensity_by_group")).items():
        if not isinstance(table, Mapping):
            continue
        name = get_str(attribute)
        reference = table.get("reference_group")
        rows = []
        for row in _list(table.get("groups")):
            if not isinstance(row, Mapping):
                continue
            label = get_str(row.get("group"))
            if _suppressed(row):
                rows.append(GroupRow(label=label, workers=DASH, events=DASH, worker_days=DASH,
                                     rate=DASH, ratio=DASH,
                                     flags=(Flag("suppressed", lang.t("mon.flag.suppressed")),),
                                     small=False, least=False, high=False, suppressed=True))
                continue
            least = reference is not None and row.get("group") == reference
            small = row.get("small_sample") is True
            flags = []
            if least:
                flags.append(Flag("reference", lang.t("mon.flag.least")))
            if small:
                flags.append(Flag("small_sample", lang.t("flag.small_sample")))
            ratio = _num(row.get("ratio_to_least"))
            high = ratio is not None and ratio >= HIGH_RATIO
            if high:
                flags.append(Flag("intrusive", lang.t("mon.flag.high_ratio")))
            rows.append(GroupRow(
                label=label,
                workers=count(lang, row.get("workers")),
                events=count(lang, row.get("events")),
                worker_days=count(lang, row.get("worker_days")),
                rate=lang.number(_num(row.get("events_per_worker_day")), 1),
                ratio=lang.number(ratio, 2),
                flags=tuple(flags), small=small, least=least, high=high, suppressed=False,
            ))
        unknown = table.get("unknown_workers")
        tables.append(GroupTable(
            attribute=name,
            title=lang.t("table.by", attributes=name),
            rows=tuple(rows),
            note=lang.t("mon.surv.groups.notes",
                        unknown=(lang.t("mon.flag.suppressed")
                                 if table.get("unknown_workers_suppressed") is True
                                 else count(lang, unknown)),
                        missing=count(lang, table.get("events_not_in_roster"))),
        ))
    return tables


def _retention(surv: Mapping[str, Any], lang: Lang) -> tuple[str, list[RetentionRow]]:
    kept = _map(surv.get("retention"))
    past = _map(kept.get("by_event_type"))
    limits = _map(kept.get("limits"))
    rows = []
    for key, spec in limits.items():
        present = key in past
        n = _int(past.get(key)) if present else None
        code = get_str(key)
        rows.append(RetentionRow(
            code=code, label=event_label(lang, code), limit=_retention_limit(lang, spec),
            past=lang.integer(n) if present else lang.t("mon.retention.absent"),
            present=present, exceeded=bool(n),
        ))
    rows.sort(key=lambda r: (not r.present, r.label))
    if not past:
        return lang.t("mon.retention.none"), rows
    intro = lang.t("mon.retention.intro", as_of=day(lang, kept.get("as_of")),
                   records=count(lang, kept.get("records_past_limit")),
                   share=lang.percent(_num(kept.get("share_past_limit"))))
    return intro, rows


def _columns(doc: Mapping[str, Any], lang: Lang) -> list[ColumnRow]:
    rows = []
    for column in _list(doc.get("columns")):
        if not isinstance(column, Mapping):
            continue
        direct = column.get("direct_identifier") is True
        special = column.get("special_category") is True
        flags = []
        if special:
            flags.append(Flag("special", lang.t("mon.cat.special")))
        if direct:
            flags.append(Flag("direct", lang.t("mon.cat.direct")))
        detected = ", ".join(
            f"{type_label(lang, get_str(k))} {lang.percent(_num(v))}"
            for k, v in sorted(_map(column.get("detected")).items(),
                               key=lambda kv: -(_num(kv[1]) or 0.0)))
        rows.append(ColumnRow(
            name=get_str(column.get("column")),
            non_empty=count(lang, column.get("non_empty")),
            share=lang.percent(_num(column.get("share_non_empty"))),
            detected=detected or DASH,
            flags=tuple(flags), direct=direct, special=special,
        ))
    return rows


def _finding_groups(doc: Mapping[str, Any], lang: Lang) -> list[FindingGroup]:
    findings = sort_findings(finding_view(f, lang) for f in _list(doc.get("findings"))
                             if isinstance(f, Mapping))
    groups = []
    for outcome in FINDING_GROUPS:
        members = tuple(f for f in findings if f.outcome == outcome)
        if members:
            groups.append(FindingGroup(outcome, lang.t(f"mon.findings.group.{outcome}",
                                                       n=len(members)), members))
    return groups


# --- the view -----------------------------------------------------------------------------------


def _meta(doc: Mapping[str, Any], lang: Lang, table: bool) -> list[MetaItem]:
    inp = _map(doc.get("input"))
    params = _map(doc.get("parameters"))
    surv_params = _map(_map(doc.get("surveillance")).get("parameters"))
    files = [f for f in _list(inp.get("files")) if isinstance(f, Mapping)]
    meta = [
        MetaItem(lang.t("meta.date"), lang.date(str(doc.get("created_at", "")))),
        MetaItem(lang.t("meta.organisation"), get_str(doc.get("organisation")), user=True),
        MetaItem(lang.t("meta.system"), get_str(doc.get("system")), user=True),
        MetaItem(lang.t("mon.meta.kind"),
                 lang.t("mon.kind.table" if table else "mon.kind.log")),
        MetaItem(lang.t("mon.meta.files"),
                 semicolon(lang).join(lang.t("mon.meta.file", name=get_str(f.get("name")),
                                  rows=count(lang, f.get("rows"))) for f in files)
                 or get_str(inp.get("name")), user=True),
    ]
    if table:
        meta += [
            MetaItem(lang.t("meta.rows"), count(lang, inp.get("rows"))),
            MetaItem(lang.t("mon.meta.columns"), lang.integer(len(_list(doc.get("columns"))))),
        ]
    else:
        meta += [
            MetaItem(lang.t("mon.meta.events"), count(lang, inp.get("events"))),
            MetaItem(lang.t("mon.meta.workers"), count(lang, inp.get("workers"))),
            MetaItem(lang.t("mon.meta.period"),
                     lang.t("mon.meta.period_value", first=lang.date(str(inp.get("first"))),
                            last=lang.date(str(inp.get("last"))))),
            MetaItem(lang.t("mon.meta.working_time"), lang.t(
                "mon.meta.working_time_value",
                hours=get_str(surv_params.get("working_hours") or params.get("working_hours")),
                days=working_days(lang, surv_params.get("working_days")
                                  or params.get("working_days")))),
            MetaItem(lang.t("mon.meta.timezone"),
                     _zone(lang, surv_params.get("timezone") or params.get("timezone")),
                     user=True),
        ]
    if params.get("mapping"):
        meta.append(MetaItem(lang.t("mon.meta.mapping"), get_str(params.get("mapping")),
                             user=True))
    packs = _map(params.get("policy_packs"))
    if packs:
        meta.append(MetaItem(lang.t("mon.meta.policies"),
                             ", ".join(f"{get_str(k)} v{get_str(v)}" for k, v in packs.items()),
                             user=True))
    meta += [
        MetaItem(lang.t("meta.digest"), get_str(inp.get("sha256")), user=True, mono=True),
        MetaItem(lang.t("meta.audit_id"), get_str(doc.get("audit_id")), user=True, mono=True),
        MetaItem(lang.t("meta.tool_version"), get_str(doc.get("tool_version")), user=True),
    ]
    run_id = _map(doc.get("ledger")).get("mlflow_run_id")
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


def _surveillance(doc: Mapping[str, Any], lang: Lang) -> SurveillanceView | None:
    surv = doc.get("surveillance")
    if not isinstance(surv, Mapping):
        return None
    params = _map(surv.get("parameters"))
    modalities = _map(surv.get("modalities_per_worker"))
    on_leave = surv.get("on_leave_events")
    retention_intro, retention = _retention(surv, lang)
    return SurveillanceView(
        events=_events(surv, lang),
        off_hours=lang.t("mon.surv.off_hours",
                         share=lang.percent(_num(surv.get("off_hours_share"))),
                         events=count(lang, surv.get("off_hours_events")),
                         hours=get_str(params.get("working_hours")),
                         days=working_days(lang, params.get("working_days")),
                         timezone=_zone(lang, params.get("timezone"))),
        on_leave=(lang.t("mon.surv.on_leave", events=count(lang, on_leave))
                  if _num(on_leave) is not None else lang.t("mon.surv.on_leave_unknown")),
        modalities=lang.t("mon.surv.modalities", median=count(lang, modalities.get("median")),
                          max=count(lang, modalities.get("max"))),
        content=_content(surv, lang),
        groups=_groups(surv, lang),
        groups_intro=lang.t("mon.surv.groups.intro",
                            k=count(lang, params.get("small_group", 5))),
        retention_intro=retention_intro,
        retention=retention,
    )


def _warnings(doc: Mapping[str, Any], lang: Lang) -> list[str]:
    """The input warnings in the report's language: ``warning_messages[i][lang]`` when the
    document carries them (one per warning), else ``warnings`` (the audit's text)."""
    plain = _list(doc.get("warnings"))
    texts = _list(doc.get("warning_messages"))
    if texts and len(texts) == len(plain) and all(
        isinstance(t, Mapping) and isinstance(t.get(lang.code), str) for t in texts
    ):
        return [get_str(t[lang.code]) for t in texts]
    return [get_str(w) for w in plain]


def build_view(doc: Mapping[str, Any], lang: Lang, func: str) -> MonitoringView:
    """Read a ``monitoring-audit/v1`` document once and format it in ``lang``."""
    if not isinstance(doc, Mapping) or doc.get("schema") != SCHEMA:
        got = (f"schema {doc.get('schema')!r}" if isinstance(doc, Mapping)
               else type(doc).__name__)
        raise InputError(ERR_SCHEMA.format(func=func, schema=SCHEMA, got=got))
    inp = _map(doc.get("input"))
    pii = _map(doc.get("pii"))
    table = inp.get("kind") == "table" or (not isinstance(doc.get("surveillance"), Mapping)
                                           and bool(_list(doc.get("columns"))))
    exposure = _exposure(doc, lang)
    surveillance = _surveillance(doc, lang)
    columns = _columns(doc, lang)
    groups = _finding_groups(doc, lang)
    failed = [f for g in groups if g.outcome in ("fail", "error") for f in g.findings]
    scanned = _int(pii.get("records_scanned"))
    with_pii = _int(pii.get("records_with_pii"))
    pii_share = (with_pii / scanned) if with_pii is not None and scanned else None

    plain: list[str] = []
    figures: list[tuple[str, str]] = []
    specials = _special_items(exposure, lang, table)
    if table:
        plain.append(lang.t(
            "mon.plain.table", rows=count(lang, inp.get("rows")),
            columns=lang.integer(len(columns)),
            direct=lang.integer(sum(1 for c in columns if c.direct)),
            special=lang.integer(sum(1 for c in columns if c.special))))
        figures += [
            (lang.t("mon.kf.rows"), count(lang, inp.get("rows"))),
            (lang.t("mon.kf.columns"), lang.integer(len(columns))),
            (lang.t("mon.kf.direct"), lang.integer(sum(1 for c in columns if c.direct))),
            (lang.t("mon.kf.special"), lang.integer(sum(1 for c in columns if c.special))),
        ]
    elif surveillance is not None:
        events = surveillance.events
        by_volume = sorted((e for e in events if not e.suppressed),
                           key=lambda e: -e.events_value)
        plain.append(lang.t(
            "mon.plain.monitored", events=count(lang, inp.get("events")),
            workers=count(lang, inp.get("workers")), first=day(lang, inp.get("first")),
            last=day(lang, inp.get("last")), types=lang.integer(len(events)),
            kinds=", ".join(e.label for e in by_volume)))
        intrusive = [e.label for e in events if e.intrusive and not e.suppressed]
        if intrusive:
            plain.append(lang.t("mon.plain.intrusive", kinds=", ".join(intrusive)))
        modalities = _map(_map(doc.get("surveillance")).get("modalities_per_worker"))
        densest = [lang.t("mon.plain.densest_item", kind=e.label, median=e.median,
                          interval=e.interval) for e in events[:3] if not e.suppressed]
        plain.append(lang.t("mon.plain.intensity",
                            median=count(lang, modalities.get("median")),
                            max=count(lang, modalities.get("max")),
                            densest=semicolon(lang).join(densest) or lang.t("value.na")))
        surv = _map(doc.get("surveillance"))
        off_share = _num(surv.get("off_hours_share"))
        plain.append(lang.t("mon.plain.off_hours", share=lang.percent(off_share),
                            events=count(lang, surv.get("off_hours_events"))))
        if _num(surv.get("on_leave_events")) is not None:
            plain.append(lang.t("mon.plain.on_leave",
                                events=count(lang, surv.get("on_leave_events"))))
        figures += [
            (lang.t("mon.kf.events"), count(lang, inp.get("events"))),
            (lang.t("mon.kf.workers"), count(lang, inp.get("workers"))),
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
                           distinct=count(lang, pii.get("distinct_texts_scanned")))

    surv_params = _map(_map(doc.get("surveillance")).get("parameters"))
    method = [lang.t("mon.method.intro")]
    method.append(lang.t("mon.method.columns" if table else "mon.method.two_tier"))
    method.append(lang.t("mon.method.recognizers",
                         threshold=lang.number(DEFAULT_SCORE_THRESHOLD, 1)))
    if not table:
        method += [
            lang.t("mon.method.working_time",
                   hours=get_str(surv_params.get("working_hours")),
                   days=working_days(lang, surv_params.get("working_days")),
                   timezone=_zone(lang, surv_params.get("timezone"))),
            lang.t("mon.method.on_leave"),
            lang.t("mon.method.intensity",
                   idle=duration(lang, surv_params.get("idle_interval_s", 300))),
            lang.t("mon.method.retention"),
        ]
    method += [lang.t("mon.method.legal"), lang.t("mon.method.privacy"),
               lang.t("mon.escaping.note")]

    suppression = _map(doc.get("suppression"))
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
        organisation=get_str(doc.get("organisation")),
        system=get_str(doc.get("system")),
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
        samples=[SampleRow(code=get_str(s.get("type") or s.get("rule")),
                           label=type_label(lang, get_str(s.get("type") or s.get("rule"))),
                           text=get_str(s.get("text")))
                 for s in _list(doc.get("samples")) if isinstance(s, Mapping)],
        warnings=_warnings(doc, lang),
        suppression=(lang.t("mon.suppression", cells=count(lang, suppression.get("cells")),
                            k=count(lang, suppression.get("k"))) if suppression else None),
        method=method,
        footer=lang.t("footer", version=get_str(doc.get("tool_version")),
                      audit_id=get_str(doc.get("audit_id"))),
        c=c,
    )
