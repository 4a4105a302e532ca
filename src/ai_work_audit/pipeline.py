"""Compatibility shim: the run path is ``ai_work_audit.run`` (issue 9); kept for old imports.

``run_hiring_audit`` / ``run_monitoring_audit`` return the audit object, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ai_work_audit.hiring import HiringAudit, HiringOptions, hiring_options_from_params
from ai_work_audit.kinds import AUDIT_KINDS, Progress, kind_spec, metric_key
from ai_work_audit.run import Lang, run

__all__ = ["AUDIT_KINDS", "hiring_options_from_params", "metric_key", "run_audit",
           "run_hiring_audit", "run_monitoring_audit"]


def run_hiring_audit(path: str | Path, options: HiringOptions, *, lang: Lang = "en",
                     record: bool = True, evidence_cadence: str | None = None) -> HiringAudit:
    """``run("hiring", …).audit``."""
    audit: HiringAudit = run("hiring", path, options, lang=lang, record=record,
                             evidence_cadence=evidence_cadence).audit
    return audit


def run_monitoring_audit(path: str | Path, options: Any, *, lang: Lang = "en",
                         record: bool = True, on_stage: Callable[[str], None] | None = None,
                         evidence_cadence: str | None = None, jobs: int | None = None,
                         on_events: Callable[[int], None] | None = None) -> Any:
    """``run("monitoring", …).audit``."""
    return run("monitoring", path, options, lang=lang, record=record,
               evidence_cadence=evidence_cadence,
               progress=Progress(on_stage=on_stage, on_events=on_events, jobs=jobs)).audit


def run_audit(kind: str, path: str | Path, params: dict[str, Any], *, lang: Lang = "en",
              record: bool = True, evidence_cadence: str | None = None,
              jobs: int | None = None) -> dict[str, Any]:
    """``run(kind, …)`` from API-style ``params``; its document."""
    spec = kind_spec(kind)
    return run(kind, path, spec.options_from_params(params), lang=lang, record=record,
               evidence_cadence=evidence_cadence, progress=Progress(jobs=jobs)).document
