"""Run a monitoring audit: stream events → scan personal data → measure surveillance → facts.

contracts.md ``monitoring-audit/v1``. No worker id leaves this module, not even
pseudonymised: workers exposed to a category are counted (issue 3, "counts only"); samples are
redacted; everything else is counts and shares.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ai_work_audit import __version__
from ai_work_audit.errors import InputError
from ai_work_audit.findings import Finding, MetricValue
from ai_work_audit.monitoring._columns import classify_columns, table_facts
from ai_work_audit.monitoring._exposure import PairCounts
from ai_work_audit.monitoring._options import DEFAULT_WORKING_TIME, MonitoringOptions
from ai_work_audit.monitoring._scan import (
    SPECIAL_CATEGORIES,
    TRADE_UNION,
    TextCache,
    scan_batch,
)
from ai_work_audit.monitoring._stream import (
    BATCH_ROWS,
    CACHE_TEXTS,
    LogFold,
    release_memory,
)
from ai_work_audit.monitoring._working_time import WorkingTime
from ai_work_audit.privacy import AnalysisPool, Roster, check_jobs
from ai_work_audit.sources import (
    EVENT_SUFFIXES,
    CompanyPolicy,
    LogInput,
    Modalities,
    load_company_policy,
    load_mapping,
    normalise_text_values,
    read_event_header,
    read_table,
    shipped_modalities,
)
from ai_work_audit.vocab._messages import Message, in_every_language_each

SCHEMA = "ai-work-audit/monitoring-audit/v1"
ROSTER_NAME_COLUMNS = ("employee_name", "name", "full_name", "nom")
ROSTER_EMAIL_COLUMNS = ("email", "e_mail", "mail", "courriel")
#: Entity types of which a few redacted samples are shown.
#: The rule a redacted sample illustrates (contracts.md: samples carry ``rule``).
SAMPLE_RULES = {
    **dict.fromkeys(SPECIAL_CATEGORIES, "pwd.art7.special_categories"),
    TRADE_UNION: "pwd.art7.union_activity",
    "EMAIL_ADDRESS": "gdpr.art25.direct_identifiers",
    "PHONE_NUMBER": "gdpr.art25.direct_identifiers",
    "PERSON": "gdpr.art25.direct_identifiers",
}
SAMPLE_TYPES = (*SPECIAL_CATEGORIES, TRADE_UNION, "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON")


@dataclass
class MonitoringAudit:
    """Everything one monitoring audit computed (plain data)."""

    audit_id: str
    created_at: str
    organisation: str
    system: str
    input: dict[str, Any]
    parameters: dict[str, Any]
    pii: dict[str, Any]
    surveillance: dict[str, Any] | None
    facts: dict[str, MetricValue]
    samples: list[dict[str, str]] = field(default_factory=list)
    columns: list[dict[str, Any]] = field(default_factory=list)
    #: English texts (``str``); a catalogue ``Message`` also tells itself in every language,
    #: for the document's ``warning_messages``.
    warnings: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    ledger_run_id: str | None = None
    #: The company policy's own wording of its pack's findings (not in the document).
    company_wording: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The ``ai-work-audit/monitoring-audit/v1`` document."""
        out: dict[str, Any] = {
            "schema": SCHEMA,
            "audit_id": self.audit_id,
            "created_at": self.created_at,
            "tool_version": __version__,
            "organisation": self.organisation,
            "system": self.system,
            "input": self.input,
            "parameters": self.parameters,
            "pii": self.pii,
            "surveillance": self.surveillance,
            "columns": self.columns,
            "facts": self.facts,
            "findings": [f.to_dict() for f in self.findings],
            "samples": self.samples,
            "warnings": [str(w) for w in self.warnings],
            "warning_messages": in_every_language_each(self.warnings),
        }
        if self.ledger_run_id is not None:
            out["ledger"] = {"mlflow_run_id": self.ledger_run_id}
        return out


def _roster(path: str | None) -> tuple[pd.DataFrame | None, Roster | None]:
    if path is None:
        return None, None
    loaded = read_table(path)
    frame = loaded.table.to_pandas()
    name_col = next((c for c in ROSTER_NAME_COLUMNS if c in frame.columns), None)
    email_col = next((c for c in ROSTER_EMAIL_COLUMNS if c in frame.columns), None)
    if name_col is None and email_col is None:
        raise InputError(
            "the roster needs a name column (employee_name, name) or an e-mail column (email); "
            f"got neither among {len(frame.columns)} columns.", source=str(path))
    warnings: list[str] = []
    for column in frame.columns:  # group values and worker ids, as the log's ids
        if frame[column].dtype == object or str(frame[column].dtype) in ("str", "string"):
            frame[column], changed = normalise_text_values(frame[column])
            if changed:
                warnings.append(Message("warning.categories_normalised", rows=changed,
                                        column=f"{column} (roster)"))
    frame.attrs["warnings"] = warnings
    names = frame[name_col].dropna().astype(str).tolist() if name_col else []
    emails = frame[email_col].dropna().astype(str).tolist() if email_col else []
    return frame, Roster(names=names, emails=emails)


def expected_events(path: str | Path) -> int | None:
    """How many rows a log holds when that is known without reading it: a Parquet file, or a
    folder of only Parquet files (their metadata); None otherwise (for progress display)."""
    source = Path(path)
    files = (sorted(f for f in source.rglob("*") if f.is_file()) if source.is_dir()
             else [source])
    if not files or any(f.suffix.lower() != ".parquet" for f in files):
        return None
    try:
        return sum(int(pq.ParquetFile(f).metadata.num_rows) for f in files)
    except (pa.ArrowException, OSError):
        return None  # the reader reports the damage


#: Columns of which one alone marks a file as a log that lacks the other (not a table).
LOG_COLUMNS = ("timestamp", "worker_id")
PARTIAL_LOG_MSG = ("{file}: the file has a {present!r} column but no {missing!r} column, so it is "
                   "neither an event log nor a table of records; it is not audited as a table. "
                   "Give a --mapping naming its columns, or add the missing column.")
NOT_A_TABLE_MSG = ("{file}: the file holds no named columns, so it is neither an event log nor a "
                   "table of records. Export it with a header row or as JSON Lines objects.")


def _is_event_log(path: Path, options: MonitoringOptions) -> bool:
    """A log has timestamps and worker ids (directly or through a mapping); a table has
    neither. A file with one of them only, or with no columns, is an InputError: monitoring
    never falls back silently to a table audit. A CSV/TSV first row that looks like data is
    an InputError too (unless --no-header)."""
    if options.mapping is not None or path.is_dir():
        return True
    if path.suffix.lower() not in EVENT_SUFFIXES:
        return True  # let the event loader name the problem
    header = read_event_header(path, path.name, options.no_header)
    present = [c for c in LOG_COLUMNS if c in header]
    if len(present) == len(LOG_COLUMNS):
        return True
    if present:
        missing = next(c for c in LOG_COLUMNS if c not in header)
        raise InputError(PARTIAL_LOG_MSG.format(file=path.name, present=present[0],
                                                missing=missing))
    if not header:
        raise InputError(NOT_A_TABLE_MSG.format(file=path.name))
    return False


def _silent(stage: str) -> None:
    """The default progress callback: says nothing."""


def audit_monitoring(path: str | Path, options: MonitoringOptions,
                     on_stage: Callable[[str], None] = _silent, *,
                     batch_rows: int = BATCH_ROWS, jobs: int | None = None,
                     on_events: Callable[[int], None] | None = None) -> MonitoringAudit:
    """Audit a monitoring log (file or folder) or an HR export table.

    A log is read and scanned in chunks of ``batch_rows`` events, in bounded memory; Presidio
    runs in ``jobs`` processes (default: every usable core) when a chunk brings enough new
    texts. The result depends on neither. ``on_stage`` is called with the name of each stage
    as it starts (for progress display), and once per chunk of a log; ``on_events`` with the
    number of events scanned so far, after each chunk.
    """
    jobs = check_jobs(jobs)
    source = Path(path)
    roster_frame, roster = _roster(options.roster)
    if not source.exists():
        raise InputError(f"{str(path)!r} does not exist. Check the path.")
    if _is_event_log(source, options):
        return _audit_log(source, options, roster_frame, roster, on_stage, batch_rows, jobs,
                          on_events)
    on_stage("classifying columns")
    return _audit_table(source, options, roster)


#: The company policy's retention groups → the event types they cover (rulebook WP-11).
RETENTION_GROUPS = {
    "individual_indicators": ("idle", "productivity_score", "emotion", "keystroke"),
    "video": ("screenshot", "screen_recording", "webcam"),
    "geolocation": ("location",),
}


def _with_company_policy(options: MonitoringOptions) -> tuple[MonitoringOptions,
                                                              CompanyPolicy | None,
                                                              dict[str, str]]:
    """The company's declared working time, time zone and retention limits, unless the
    options set them (the command line wins)."""
    if options.company_policy is None:
        return options, None, {}
    policy = load_company_policy(options.company_policy)
    work = policy.working_time
    if (options.working_hours, options.working_days) == DEFAULT_WORKING_TIME:
        options = replace(options, working_hours=work.hours, working_days=",".join(work.days))
    if options.timezone is None:
        options = replace(options, timezone=work.timezone)
    retention: dict[str, str] = {}
    for data_type, limit in policy.retention.items():
        for event_type in RETENTION_GROUPS.get(data_type, (data_type,)):
            if data_type != "default":
                retention[event_type] = f"{max(1, limit.days)} days"
    return options, policy, retention


def _modalities(options: MonitoringOptions, company: CompanyPolicy | None) -> Modalities:
    """Passive capture vs worker-initiated activity: the company policy's classification
    (else the shipped one), with the event-log mapping's ``modalities`` overrides on top — the
    mapping knows how its vendor's tool records each event type."""
    kinds = (company.modalities if company is not None and company.modalities is not None
             else shipped_modalities())
    if options.mapping is None:
        return kinds
    mapping = load_mapping(options.mapping)
    name = Path(mapping.path).name if mapping.path else mapping.name
    return kinds.overridden(mapping.modalities, f"mapping {name}")


def _days(days: tuple[str, ...]) -> str:
    """``mon-fri`` for consecutive days, else ``mon,wed,fri``."""
    order = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    index = [order.index(d) for d in days]
    if len(index) > 2 and index == list(range(index[0], index[-1] + 1)):
        return f"{days[0]}-{days[-1]}"
    return ",".join(days)


def _company_facts(company: CompanyPolicy, options: MonitoringOptions,
                   surveillance: dict[str, Any], retention: dict[str, str],
                   pairs: PairCounts | None = None) -> dict[str, MetricValue]:
    """Facts of the ``company-monitoring-policy`` pack: what the company's own policy says
    against what the log shows — event types it does not allow, passive capture outside its
    declared working time (in its time zone), records past its own retention limits; each in
    workers beside events (``pairs``: counts per event type and worker)."""
    by_type = surveillance["by_event_type"]
    disallowed = [kind for kind in sorted(by_type) if not company.allows(kind)]
    work = company.working_time
    own_time = (options.timezone == work.timezone and options.working_hours == work.hours
                and WorkingTime.parse(options.working_hours, options.working_days)
                == WorkingTime.parse(work.hours, ",".join(work.days)))
    passive = surveillance["passive_capture"]["off_hours"]
    kept = surveillance["retention"]["by_event_type"]
    own_limits = [kind for kind in retention if kind in kept]
    return {
        "company.disallowed_event_type_events": sum(int(by_type[k]["events"])
                                                    for k in disallowed),
        "company.disallowed_event_types": ", ".join(disallowed) or None,
        "company.disallowed_event_type_count": len(disallowed),
        # judged only when the audit used the company's own working time and time zone
        "company.off_hours_passive_events": int(passive["events"]) if own_time else None,
        "company.off_hours_passive_workers": int(passive["workers"]) if own_time else None,
        "company.working_time": f"{work.hours} {_days(work.days)}, {work.timezone}",
        "company.records_past_retention": sum(int(kept[k] or 0) for k in own_limits),
        # exposure in workers, not events (issue 11)
        "company.disallowed_event_type_workers": (pairs.workers_with(disallowed)
                                                  if pairs is not None else None),
        "company.workers_past_retention": (pairs.workers_with(own_limits, "past_limit")
                                           if pairs is not None else None),
    }


def _audit_log(path: Path, options: MonitoringOptions, roster_frame: pd.DataFrame | None,
               roster: Roster | None, on_stage: Callable[[str], None],
               batch_rows: int = BATCH_ROWS, jobs: int = 1,
               on_events: Callable[[int], None] | None = None) -> MonitoringAudit:
    """Stream the log chunk by chunk: scan each chunk (``scan_batch``), fold the results."""
    options, company, retention = _with_company_policy(options)
    on_stage("reading events")
    work = WorkingTime.parse(options.working_hours, options.working_days)
    if options.engine == "spark":
        from ai_work_audit.monitoring._partitioned import fold_log_on_spark

        on_stage("scanning events")
        fold, source = fold_log_on_spark(
            path, mapping=options.mapping, timezone=options.timezone, working_time=work,
            no_header=options.no_header, language=options.language, roster=roster,
            text_columns=options.text_column, sample_types=SAMPLE_TYPES,
            retention=retention or None, as_of=options.as_of, master=options.spark_master,
            conf=options.spark_conf, batch_rows=batch_rows)
        if on_events is not None:
            on_events(fold.events)
    else:
        source = LogInput(path, options.mapping, options.timezone, batch_rows,
                          options.no_header)
        fold = LogFold(timezone=options.timezone, working_time=work, sample_types=SAMPLE_TYPES)
        cache = TextCache(CACHE_TEXTS)
        pool = AnalysisPool(jobs, roster=roster)
        try:
            for events in source.chunks():
                on_stage("scanning events")
                scan = scan_batch(events, language=options.language, roster=roster,
                                  cache=cache, sample_types=SAMPLE_TYPES, pool=pool,
                                  text_columns=options.text_column)
                fold.add(events, scan)
                del events, scan
                release_memory()
                if on_events is not None:
                    on_events(fold.events)
        except BaseException:
            fold.close()
            raise
        finally:
            pool.close()
    try:
        if fold.events == 0:
            raise InputError("no events to audit: the input holds no data rows.",
                             source=str(path))
        on_stage("measuring surveillance")
        surveillance = fold.surveillance.report(
            roster=roster_frame, as_of=options.as_of, retention=retention or None,
            modalities=_modalities(options, company))
    finally:
        fold.close()
    n = fold.events
    by_type = fold.by_type
    sums = fold.sums
    exposed = fold.sum_workers
    facts: dict[str, MetricValue] = {
        **{f"privacy.records_with.{kind}": value["records"] for kind, value in by_type.items()},
        f"privacy.records_with.{TRADE_UNION}": sums["union"],
        "privacy.records_scanned": n,
        "privacy.records_with_pii": sums["any_pii"],
        "privacy.special_category_records": sums["special"],
        "privacy.union_recipient_messages": sums["union_recipient"],
        "privacy.private_message_content_records": sums["private_message_content"],
        "privacy.sensitive_url_records": fold.sensitive_url_records,
        "privacy.direct_identifier_records": sums["direct"],
        "privacy.direct_identifier_share": float(sums["direct"]) / n,
        "privacy.prohibited_category_records": sums["prohibited"],
        # exposure in workers, not shares of the log (issue 11 item 4)
        "privacy.special_category_workers": len(exposed["special"]),
        "privacy.union_activity_workers": len(exposed["union"]),
        "privacy.union_recipient_workers": len(exposed["union_recipient"]),
        "privacy.private_message_content_workers": len(exposed["private_message_content"]),
        "privacy.sensitive_url_workers": len(exposed["sensitive_url"]),
        "privacy.direct_identifier_workers": len(exposed["direct"]),
        # addressing metadata: e-mail addresses and phones in recipients (not WP-21)
        "privacy.recipient_address_records": sums["recipient_address"],
        "privacy.recipient_address_workers": len(exposed["recipient_address"]),
        **surveillance.facts,
    }
    first, last = fold.first, fold.last
    parameters = {**options.to_params(), "system": options.system or path.name}
    warnings = list(source.skipped)
    if roster_frame is not None:
        warnings.extend(roster_frame.attrs.get("warnings", ()))
    if options.timezone is None and not fold.surveillance.recorded_offsets:
        warnings.append(Message("warning.utc_only"))
    if company is not None:
        report = surveillance.to_dict()["by_event_type"]
        disallowed = {kind: int(info["events"]) for kind, info in sorted(report.items())
                      if not company.allows(kind)}
        facts.update(_company_facts(company, options, surveillance.to_dict(), retention,
                                    surveillance.pairs))
        parameters["company_policy_declared"] = {
            "organisation": company.organisation, "version": company.version,
            "allowed_event_types": list(company.allowed_event_types),
            "retention": dict(company.retention_text),
            "disallowed_event_types_found": disallowed,
            "working_time": {"timezone": company.working_time.timezone,
                             "hours": company.working_time.hours,
                             "days": list(company.working_time.days)},
            "worded_rules": sorted(company.wording or {}),
        }
    return MonitoringAudit(
        audit_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        organisation=options.organisation,
        system=options.system or path.name,
        input={
            "events": n, "workers": len(fold.surveillance.worker_ids), "sha256": source.sha256,
            "first": first.isoformat() if first is not None and pd.notna(first) else None,
            "last": last.isoformat() if last is not None and pd.notna(last) else None,
            "kind": "log",
            "files": [{"name": f.name, "rows": f.rows, "sha256": f.sha256}
                      for f in source.files.values()],
        },
        parameters=parameters,
        pii={
            "records_scanned": n,
            "records_with_pii": sums["any_pii"],
            "distinct_texts_scanned": fold.distinct_texts,
            "by_type": by_type,
            "addressing_metadata": {"records": sums["recipient_address"],
                                    "workers": len(exposed["recipient_address"])},
        },
        surveillance=surveillance.to_dict(),
        facts=dict(sorted(facts.items())),
        samples=[{"rule": SAMPLE_RULES.get(kind, "privacy.personal_data"), "type": kind,
                  "text": text} for kind, texts in fold.samples.items()
                 for text in texts],
        warnings=warnings,
        company_wording=dict(company.wording) if company is not None and company.wording
        else None,
    )


def _audit_table(path: Path, options: MonitoringOptions, roster: Roster | None
                 ) -> MonitoringAudit:
    loaded = read_table(path, no_header=options.no_header)
    frame = loaded.table.to_pandas()
    if frame.empty:
        raise InputError("the table has a header but no data rows; nothing to audit.",
                         source=str(path))
    columns = classify_columns(frame, language=options.language, roster=roster)
    facts = table_facts(frame, columns)
    by_type: dict[str, dict[str, int]] = {}
    for column in columns:
        for kind, share in column["detected"].items():
            entry = by_type.setdefault(kind, {"records": 0, "columns": 0})
            entry["records"] += round(share * column["non_empty"])
            entry["columns"] += 1
    return MonitoringAudit(
        audit_id=uuid.uuid4().hex,
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        organisation=options.organisation,
        system=options.system or loaded.name,
        input={"events": 0, "rows": loaded.rows, "workers": None, "sha256": loaded.sha256,
               "first": None, "last": None, "kind": "table",
               "files": [{"name": loaded.name, "rows": loaded.rows, "sha256": loaded.sha256}]},
        parameters={**options.to_params(), "system": options.system or loaded.name},
        pii={"records_scanned": loaded.rows, "records_with_pii": None, "by_type": by_type},
        surveillance=None,
        facts=dict(sorted(facts.items())),
        columns=columns,
        warnings=[Message("warning.table_audit")],  # never a silent fallback (issue 10)
    )
