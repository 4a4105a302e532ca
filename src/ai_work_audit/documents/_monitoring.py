"""The typed ``monitoring-audit/v1`` document (contracts.md): the log shape and the HR-export
table shape, every number annotated for disclosure.

It validates what ``MonitoringAudit.to_dict`` produces; extra fields are kept (and withheld from
representatives until annotated here). Per-worker maxima are ``person``: one worker's figure.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict

from ai_work_audit.documents._receipt import DisclosureDoc
from ai_work_audit.vocab import (
    CELL_KEY,
    DocumentPart,
    FactValue,
    FindingDoc,
    LedgerDoc,
    Number,
    derived,
    event_count,
    people,
    person,
    public,
)

SCHEMA_ID = "ai-work-audit/monitoring-audit/v1"


class InputFile(DocumentPart):
    """One file read: name, rows and digest."""

    name: str | None = public()
    rows: int | None = event_count()
    sha256: str | None = public()


class MonitoringInput(DocumentPart):
    """What was read: events and workers of a log, or rows of an HR export table."""

    events: int | None = event_count()
    rows: int | None = people()
    workers: int | None = people()
    sha256: str | None = public()
    first: str | None = public()
    last: str | None = public()
    kind: str | None = public()
    files: list[InputFile] | None = None


class CompanyWorkingTime(DocumentPart):
    """The working time the company policy declares (hours, days, time zone)."""

    timezone: str | None = public()
    hours: str | None = public()
    days: list[str] | None = public()


class CompanyPolicyDeclared(DocumentPart):
    """The company policy the audit was checked against (company-policy/v1)."""

    organisation: str | None = public()
    version: str | int | None = public()
    allowed_event_types: list[str] | None = public()
    retention: dict[str, str] | None = public()
    disallowed_event_types_found: dict[str, int] | None = event_count()
    working_time: CompanyWorkingTime | None = None
    #: Rules of the company pack the policy words itself.
    worded_rules: list[str] | None = public()


class MonitoringParameters(DocumentPart):
    """The options of the audit (labels and paths; no data)."""

    mapping: str | None = public()
    timezone: str | None = public()
    working_hours: str | None = public()
    working_days: str | None = public()
    roster: str | None = public()
    policies: list[str] | None = public()
    language: str | None = public()
    as_of: str | None = public()
    company_policy: str | None = public()
    organisation: str | None = public()
    system: str | None = public()
    policy_packs: dict[str, str] | None = public()
    #: Where the heavy steps ran: local or spark (issue 14).
    engine: Literal["local", "spark"] | None = public()
    # --- laws (issue 13) ---
    jurisdictions: list[str] | None = public()
    requests: str | None = public()
    declarations: str | None = public()
    laws_as_of: str | None = public()
    text_column: list[str] | None = public()
    company_policy_declared: CompanyPolicyDeclared | None = None


class PiiTypeDoc(DocumentPart):
    """One entity type: records (and, in a log, workers) where it was found; in a table, the
    columns."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers"})

    records: int | None = event_count()
    workers: int | None = people()
    columns: int | None = public()


class AddressingDoc(DocumentPart):
    """E-mail addresses and phone numbers in ``recipients``: addressing metadata, counted apart
    from the direct identifiers of analytics records (WP-21)."""

    records: int | None = event_count()
    workers: int | None = people()


class PiiDoc(DocumentPart):
    """Personal data found in free text or columns."""

    records_scanned: int | None = event_count()
    records_with_pii: int | None = event_count()
    distinct_texts_scanned: int | None = event_count()
    by_type: dict[str, PiiTypeDoc] | None = None
    addressing_metadata: AddressingDoc | None = None


class PerWorkerDistribution(DocumentPart):
    """A distribution over workers: its maximum (and minimum) is one worker's figure."""

    median: Number | None = derived()
    p95: Number | None = derived()
    max: Number | None = person()
    min: Number | None = person()


class EventTypeDoc(DocumentPart):
    """One event type: events, workers, cadence, off-hours events."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers"})

    events: int | None = event_count()
    workers: int | None = people()
    median_interval_s: Number | None = derived()
    events_per_worker_day: PerWorkerDistribution | None = None
    off_hours_events: int | None = event_count()


class ContentSplit(DocumentPart):
    """Events of one type with content, and with metadata only."""

    with_content: int | None = event_count()
    metadata_only: int | None = event_count()


class IntensityGroupDoc(DocumentPart):
    """One group of the roster: workers, events, worker-days and the events per worker-day."""

    model_config = ConfigDict(json_schema_extra={CELL_KEY: "workers"})

    group: str | None = public()
    workers: int | None = people()
    events: int | None = event_count()
    worker_days: int | None = event_count()
    events_per_worker_day: Number | None = derived()
    ratio_to_least: Number | None = derived()
    small_sample: bool | None = derived()


class IntensityTableDoc(DocumentPart):
    """Surveillance intensity by one roster column."""

    groups: list[IntensityGroupDoc] | None = None
    reference_group: str | None = public()
    unknown_workers: int | None = people()
    events_not_in_roster: int | None = event_count()


class RetentionDoc(DocumentPart):
    """Records kept past the retention limits (rulebook WP-11)."""

    as_of: str | None = public()
    limits: dict[str, str] | None = public()
    records_past_limit: int | None = event_count()
    share_past_limit: Number | None = derived()
    by_event_type: dict[str, int | None] | None = event_count()  # None: hidden type


class SurveillanceParameters(DocumentPart):
    """How working time and idle metrics were judged."""

    timezone: str | None = public()
    working_hours: str | None = public()
    working_days: str | None = public()
    idle_interval_s: Number | None = public()
    small_group: int | None = public()


class ModalitiesDoc(DocumentPart):
    """Which event types are passive capture and which are activity the worker started."""

    source: str | None = public()
    passive: list[str] | None = public()
    worker_initiated: list[str] | None = public()


class ModalityTypeDoc(DocumentPart):
    """One event type of a modality: events and workers concerned. Not a table of cells: a
    count of fewer than k workers is nulled on its own, so that a handful of workers captured
    on leave does not hide the event type in every other section."""

    events: int | None = event_count()
    workers: int | None = people()


class ModalityExposureDoc(DocumentPart):
    """Events and workers of one modality at one time (outside working time, on leave)."""

    events: int | None = event_count()
    workers: int | None = people()
    by_event_type: dict[str, ModalityTypeDoc] | None = None


class PassiveCaptureDoc(DocumentPart):
    """Passive capture outside working time and during leave: a breach on any occurrence
    (rulebook WP-03, per worker and per modality)."""

    event_types: list[str] | None = public()
    off_hours: ModalityExposureDoc | None = None
    on_leave: ModalityExposureDoc | None = None


class RightToDisconnectDoc(DocumentPart):
    """Activity the worker started outside working time, per worker (Code du travail
    L2242-17 7°): a measure, not a prohibition."""

    event_types: list[str] | None = public()
    workers_active: int | None = people()
    workers_off_hours: int | None = people()
    workers_above: int | None = people()
    share_above: Number | None = derived()
    worker_share_threshold: Number | None = public()
    off_hours_events: int | None = event_count()
    off_hours_share_per_worker: PerWorkerDistribution | None = None


class SurveillanceDoc(DocumentPart):
    """Surveillance intensity of a log."""

    by_event_type: dict[str, EventTypeDoc] | None = None
    off_hours_share: Number | None = derived()
    off_hours_events: int | None = event_count()
    on_leave_events: int | None = event_count()
    on_leave_share: Number | None = derived()
    modalities_per_worker: PerWorkerDistribution | None = None
    content_vs_metadata: dict[str, ContentSplit] | None = None
    intensity_by_group: dict[str, IntensityTableDoc] | None = None
    retention: RetentionDoc | None = None
    parameters: SurveillanceParameters | None = None
    modalities: ModalitiesDoc | None = None
    passive_capture: PassiveCaptureDoc | None = None
    right_to_disconnect: RightToDisconnectDoc | None = None


class ColumnDoc(DocumentPart):
    """One column of an HR export: how full it is and the personal data detected."""

    column: str | None = public()
    non_empty: int | None = people()
    share_non_empty: Number | None = derived()
    detected: dict[str, Number] | None = derived()
    direct_identifier: bool | None = public()
    special_category: bool | None = public()


class SampleDoc(DocumentPart):
    """A redacted sample of detected personal data (person-level: never released)."""

    rule: str | None = public()
    type: str | None = public()
    text: str | None = person()


class MonitoringDocument(DocumentPart):
    """The ``ai-work-audit/monitoring-audit/v1`` document (log or HR-export table)."""

    schema_id: Literal["ai-work-audit/monitoring-audit/v1"] = public(..., alias="schema")
    audit_id: str | None = public()
    created_at: str | None = public()
    tool_version: str | None = public()
    organisation: str | None = public()
    system: str | None = public()
    input: MonitoringInput | None = None
    parameters: MonitoringParameters | None = None
    pii: PiiDoc | None = None
    surveillance: SurveillanceDoc | None = None
    columns: list[ColumnDoc] | None = None
    facts: dict[str, FactValue] | None = derived()
    findings: list[FindingDoc] | None = None
    samples: list[SampleDoc] | None = person()
    warnings: list[str] | None = public()
    warning_messages: list[dict[str, str]] | None = public()
    ledger: LedgerDoc | None = None
    #: representative releases: what was protected, and the evidence receipt
    disclosure: DisclosureDoc | None = None
