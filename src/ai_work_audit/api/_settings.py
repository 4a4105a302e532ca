"""The service's one typed settings class (environment prefix ``AI_WORK_AUDIT_``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ai_work_audit.workspace import workspace_dir

GIB = 1 << 30
SERVICE_DB = "service.db"
UPLOADS_DIR = "uploads"


class Settings(BaseSettings):
    """Every setting of ``ai-work-audit serve``; each is documented in api/README.md."""

    model_config = SettingsConfigDict(env_prefix="AI_WORK_AUDIT_", extra="ignore")

    home: Path | None = Field(
        default=None, description="Workspace folder (default: the current directory).")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL of the service database "
        "(default: sqlite:///<workspace>/service.db); postgresql+psycopg://… in production.")
    min_cell: int = Field(
        default=10, ge=2, description="k: categories with fewer people are suppressed in "
        "worker-representative views.")
    max_upload_bytes: int = Field(
        default=2 * GIB, ge=1, description="Largest accepted upload, in bytes.")
    keep_uploads: bool = Field(
        default=False, description="Keep uploaded files after their audit (retention); "
        "by default they are deleted once audited.")
    workers: int = Field(
        default=2, ge=0, description="Audit worker processes started with the service "
        "(0: none; jobs wait for a worker).")
    scan_jobs: int = Field(
        default=1, ge=1, description="Processes scanning free text with Presidio within one "
        "monitoring audit (the workers already run audits side by side).")
    max_attempts: int = Field(
        default=2, ge=1, description="Runs of a job interrupted by a crash before it is failed.")
    job_lease_s: float = Field(
        default=60.0, gt=0, description="A running job whose worker has not reported for this "
        "long is taken as interrupted.")
    poll_interval_s: float = Field(
        default=0.5, gt=0, description="How often an idle worker looks for queued jobs.")
    record_runs: bool = Field(
        default=True, description="Record every audit as an MLflow run (the ledger); "
        "`no_ledger` in params turns it off per audit.")
    host: str = Field(default="127.0.0.1", description="Address `serve` listens on.")
    port: int = Field(default=8000, ge=0, le=65535, description="Port `serve` listens on.")

    @property
    def workspace(self) -> Path:
        """The workspace folder (created when missing)."""
        if self.home is not None:
            self.home.mkdir(parents=True, exist_ok=True)
            return self.home
        return workspace_dir()

    @property
    def db_url(self) -> str:
        """The database URL in effect."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.workspace / SERVICE_DB}"

    @property
    def uploads_dir(self) -> Path:
        return self.workspace / UPLOADS_DIR
