"""Input and public models of each resource (stored models are in ``_db``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AuditKind = Literal["hiring", "monitoring"]
AuditStatus = Literal["queued", "running", "done", "failed"]
RoleName = Literal["hr_analyst", "worker_rep", "compliance_officer", "admin", "global_admin"]
Name = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f\x7f]+$")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- audits ----------------------------------------------------------------------------------


class AuditQueued(BaseModel):
    id: str
    status: Literal["queued"] = "queued"


class AuditSummary(BaseModel):
    id: str
    kind: AuditKind
    status: AuditStatus
    system: str | None
    created_at: datetime
    finished_at: datetime | None = None


class AuditPublic(AuditSummary):
    result: dict[str, Any] | None = Field(
        description="The audit document (contracts.md) when done; a worker representative "
        "receives its suppressed view.")
    error: str | None = None


class AuditList(BaseModel):
    items: list[AuditSummary]


# --- report requests -------------------------------------------------------------------------


class ReportRequestIn(_In):
    system: str = Name
    period: str = Field(min_length=4, max_length=32, description="YYYY, YYYY-Qn, YYYY-Hn, "
                        "YYYY-MM or START/END.")
    audit_kind: AuditKind
    message: str = Field(default="", max_length=2000, description="Free text (kept for "
                         "earlier clients); the question when 'question' is left out.")
    question: str = Field(default="", max_length=2000, description="What the representative "
                          "asks (shown as text, never as markup).")
    reason: str = Field(default="", max_length=2000, description="Why they ask.")


class ReportRequestPublic(BaseModel):
    id: str
    system: str
    period: str
    audit_kind: AuditKind
    message: str
    question: str = Field(description="What is asked ('message' for requests made without a "
                          "question).")
    reason: str
    answer: str | None = Field(description="The employer's answer, once fulfilled.")
    status: Literal["open", "fulfilled"]
    requested_at: datetime
    fulfilled_at: datetime | None
    audit_id: str | None


class ReportRequestList(BaseModel):
    items: list[ReportRequestPublic]


class FulfilIn(_In):
    audit_id: str = Field(min_length=1, max_length=64)
    answer: str = Field(default="", max_length=2000, description="The employer's answer, "
                        "shown to the representative with the linked report.")


# --- evidence --------------------------------------------------------------------------------


class EvidenceIn(_In):
    indicator: str = Field(pattern=r"^[0-9]{1,3}\.[0-9]{1,3}$", examples=["4.5"])
    level: Literal[0, 25, 50, 75, 100] | None = None
    value: float | None = Field(default=None, allow_inf_nan=False)
    not_applicable: str | None = Field(default=None, min_length=1, max_length=2000)
    uri: str | None = Field(default=None, max_length=2000)
    method: Literal["test", "examine", "interview"] | None = None
    collected_at: datetime | None = None
    expires_at: datetime | None = None


class EvidencePublic(BaseModel):
    entry_id: str
    seq: int
    organisation: str
    indicator: str
    kind: str
    level: int | None
    value: float | None
    not_applicable: str | None
    file_sha256: str | None
    file_name: str | None
    uri: str | None
    method: str
    collected_at: str
    expires_at: str | None
    entry_hash: str


class EvidenceList(BaseModel):
    items: list[EvidencePublic]


# --- access log, keys, health ----------------------------------------------------------------


class AccessLogEntry(BaseModel):
    at: datetime
    key_id: str
    role: str
    method: str
    route: str
    resource_id: str | None
    status: int


class AccessLogList(BaseModel):
    items: list[AccessLogEntry]


class KeyIn(_In):
    organisation: str = Name
    role: RoleName


class KeyPublic(BaseModel):
    id: str
    prefix: str
    organisation: str
    role: RoleName
    created_at: datetime
    revoked: bool


class KeyCreated(KeyPublic):
    key: str = Field(description="The API key; shown this once only.")


class KeyList(BaseModel):
    items: list[KeyPublic]


class WorkersHealth(BaseModel):
    """The service's audit worker processes."""

    configured: int = Field(description="Workers the service runs (settings.workers).")
    alive: int = Field(description="Workers running now.")
    restarts: int = Field(description="Workers that died and were replaced since start-up.")


class QueueHealth(BaseModel):
    """The job queue."""

    queued: int
    running: int
    oldest_queued_age_s: float | None = Field(
        description="Seconds the oldest queued job has waited (null: none queued).")


class Health(BaseModel):
    status: Literal["ok", "degraded"] = Field(
        default="ok", description="degraded: jobs cannot run (no worker alive, or queued jobs "
        "waiting longer than job_lease_s with none running); `problems` says why.")
    database: Literal["ok"] = "ok"
    version: str
    workers: WorkersHealth
    queue: QueueHealth
    problems: list[str] = Field(default_factory=list)
