"""Orchestration shared by the CLI, the audit-spec runner and the service.

audit (compute) → policy (findings) → ledger (MLflow run) and reports; nothing here computes a
metric itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ai_work_audit.hiring import (
    HiringAudit,
    HiringOptions,
    audit_hiring_file,
    hiring_facts,
    table_facts,
)

if TYPE_CHECKING:
    from ai_work_audit.monitoring import MonitoringAudit, MonitoringOptions

Lang = Literal["en", "fr"]
_METRIC_NAME = re.compile(r"[^A-Za-z0-9_\-./ ]+")
MSG_EVIDENCE_UNREADABLE = ("the evidence log could not be read, so the AI Act evidence rules "
                           "are not available. Run `ai-work-audit evidence verify`.")
#: Table facts also logged per table, as ``<fact without its prefix>.<table>`` (run history).
TABLE_METRIC_FACTS = ("hiring.min_impact_ratio", "hiring.adverse_impact_categories",
                      "hiring.unknown")


def metric_key(*parts: str) -> str:
    """An MLflow-safe metric or param name built from column names."""
    return ".".join(_METRIC_NAME.sub("_", p).strip() or "_" for p in parts)


def evaluate_hiring_findings(audit: HiringAudit, policies: Sequence[str] = (),
                             lang: Lang = "en") -> None:
    """Evaluate the hiring policy packs (the given files, or every default pack) on ``audit``."""
    from ai_work_audit.policy import (
        FactScope,
        default_policy_packs,
        evaluate_policies,
        load_policy_packs,
    )

    packs = load_policy_packs(policies) if policies else default_policy_packs("hiring")
    scopes = [FactScope(kind=f.kind, name=f.name, facts=f.values) for f in hiring_facts(audit)]
    audit.findings = list(evaluate_policies(packs, scopes, lang=lang))
    audit.parameters["policy_packs"] = {p.pack: p.version for p in packs}


def run_hiring_audit(
    path: str | Path,
    options: HiringOptions,
    *,
    lang: Lang = "en",
    record: bool = True,
    evidence_cadence: str | None = None,
) -> HiringAudit:
    """Audit a hiring export, evaluate policies and (unless ``record`` is false) log a run.

    A recorded run is filed as evidence; with ``evidence_cadence`` (ISO 8601 duration, e.g.
    P1Y) that evidence expires when the next audit is due.
    """
    audit = audit_hiring_file(path, options)
    evaluate_hiring_findings(audit, options.policies, lang)
    if record:
        audit.ledger_run_id = record_hiring_audit(audit, lang=lang,
                                                  evidence_cadence=evidence_cadence)
    return audit


def record_hiring_audit(audit: HiringAudit, *, lang: Lang = "en",
                        evidence_cadence: str | None = None) -> str:
    """Record ``audit`` as an MLflow run (commitment 4) with its document and reports."""
    from ai_work_audit import ledger
    from ai_work_audit.reports import render_hiring

    document = audit.to_dict()
    params: dict[str, Any] = {
        "input_sha256": audit.input_sha256,
        "input_rows": audit.input_rows,
        "mode": audit.mode,
        "attributes": ",".join(audit.parameters.get("group", [])),
        "organisation": audit.organisation,
        "system": audit.system,
        "tool_version": audit.tool_version,
        "audit_id": audit.audit_id,
    }
    for key, value in audit.parameters.items():
        if key in {"group", "organisation", "system"}:
            continue
        params[f"option.{key}"] = json.dumps(value, sort_keys=True) if isinstance(
            value, (list, dict, tuple)) else value
    metrics = ledger.metrics_from_facts(audit.facts)
    for table in audit.tables:
        name = metric_key(*table.attributes) if len(table.attributes) == 1 else \
            metric_key("x".join(table.attributes))
        metrics.update(ledger.metrics_from_facts(table_facts(table), scope=name,
                                                 only=TABLE_METRIC_FACTS))
    metrics["findings_failed"] = float(sum(1 for f in audit.findings if f.outcome.value == "fail"))
    tags = {"organisation": audit.organisation, "system": audit.system, "mode": audit.mode}
    artifacts: dict[str, bytes | str | Path] = {
        "report.md": render_hiring(document, "md", lang),
        "report.html": render_hiring(document, "html", lang),
    }
    run_id = ledger.record_run(
        kind="hiring", commitment=4, document=document, params=params, metrics=metrics,
        tags=tags, artifacts=artifacts, organisation=audit.organisation, system=audit.system,
    )
    _file_as_evidence(run_id, {**document, "ledger": {"mlflow_run_id": run_id}},
                      evidence_cadence)
    return run_id


AUDIT_KINDS = ("hiring", "monitoring")


def hiring_options_from_params(params: dict[str, Any]) -> HiringOptions:
    """HiringOptions from an API ``params`` object (the CLI's long options, underscores).

    Unknown keys and wrong types are a ConfigError naming the key (contracts.md, HTTP).
    """
    from dataclasses import fields

    from ai_work_audit.errors import ConfigError
    from ai_work_audit.sources import DEFAULT_UNKNOWN

    aliases = {"org": "organisation", "policy": "policies"}
    allowed = {f.name for f in fields(HiringOptions)} | set(aliases)
    ignored = {"format", "output", "lang", "no_ledger", "fail_on"}
    unknown = sorted(set(params) - allowed - ignored)
    if unknown:
        raise ConfigError(f"params has unknown key(s) {unknown}; allowed: {sorted(allowed)}.")
    values: dict[str, Any] = {}
    for key, value in params.items():
        if key in ignored:
            continue
        name = aliases.get(key, key)
        if name in {"group", "unknown", "stage_order", "policies"}:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"params.{key} must be a string or a list of strings.")
            value = tuple(value)
        elif name == "exclude_under":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ConfigError("params.exclude_under must be a number in [0, 1).")
            value = float(value)
        elif name == "intersectional":
            if not isinstance(value, bool):
                raise ConfigError("params.intersectional must be true or false.")
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"params.{key} must be a string.")
        values[name] = value
    values.setdefault("group", ())
    if "unknown" in values and not values["unknown"]:
        values["unknown"] = DEFAULT_UNKNOWN
    return HiringOptions(**values)


def run_audit(kind: str, path: str | Path, params: dict[str, Any], *, lang: Lang = "en",
              record: bool = True, evidence_cadence: str | None = None,
              jobs: int | None = None) -> dict[str, Any]:
    """Run an audit of ``kind`` on ``path`` from API-style ``params``; return its document.
    ``jobs``: Presidio processes of a monitoring audit (default: every usable core)."""
    from ai_work_audit.errors import ConfigError

    if kind == "hiring":
        return run_hiring_audit(path, hiring_options_from_params(params), lang=lang,
                                record=record, evidence_cadence=evidence_cadence).to_dict()
    if kind == "monitoring":
        from ai_work_audit.monitoring import monitoring_options_from_params

        return run_monitoring_audit(path, monitoring_options_from_params(params), lang=lang,
                                    record=record, evidence_cadence=evidence_cadence,
                                    jobs=jobs).to_dict()
    raise ConfigError(f"the audit kind must be one of {', '.join(AUDIT_KINDS)}; got {kind!r}.")


def run_monitoring_audit(
    path: str | Path,
    options: MonitoringOptions,
    *,
    lang: Lang = "en",
    record: bool = True,
    on_stage: Callable[[str], None] | None = None,
    evidence_cadence: str | None = None,
    jobs: int | None = None,
    on_events: Callable[[int], None] | None = None,
) -> MonitoringAudit:
    """Audit a monitoring log or HR export, evaluate the monitoring packs, record a run.
    ``jobs``: processes for Presidio (default: every usable core); ``on_stage`` and
    ``on_events`` report progress (see ``audit_monitoring``)."""
    from ai_work_audit.assessment import EVIDENCE_FACTS, evidence_facts
    from ai_work_audit.errors import EvidenceError
    from ai_work_audit.monitoring import audit_monitoring
    from ai_work_audit.policy import (
        FactScope,
        default_policy_packs,
        evaluate_policies,
        load_policy_packs,
    )

    stage = on_stage or (lambda name: None)
    audit = audit_monitoring(path, options, stage, jobs=jobs, on_events=on_events)
    stage("evaluating policies")
    try:  # declared evidence of the organisation (AI Act rules, WP-14 and WP-19)
        audit.facts.update(evidence_facts(audit.organisation))
    except EvidenceError:
        audit.facts.update(dict.fromkeys(EVIDENCE_FACTS))
        audit.warnings.append(MSG_EVIDENCE_UNREADABLE)
    packs = (load_policy_packs(options.policies) if options.policies
             else default_policy_packs("monitoring"))
    scope = FactScope(kind="audit", name="audit", facts=dict(audit.facts))
    audit.findings = list(evaluate_policies(packs, [scope], lang=lang))
    audit.parameters["policy_packs"] = {p.pack: p.version for p in packs}
    if record:
        stage("recording the run")
        audit.ledger_run_id = record_monitoring_audit(audit, lang=lang,
                                                      evidence_cadence=evidence_cadence)
    return audit


def record_monitoring_audit(audit: MonitoringAudit, *, lang: Lang = "en",
                            evidence_cadence: str | None = None) -> str:
    """Record ``audit`` as an MLflow run (commitment 5): counts and shares, never payloads."""
    from ai_work_audit import ledger

    document = audit.to_dict()
    params: dict[str, Any] = {
        "input_sha256": audit.input.get("sha256"),
        "input_events": audit.input.get("events"),
        "input_kind": audit.input.get("kind"),
        "organisation": audit.organisation,
        "system": audit.system,
        "audit_id": audit.audit_id,
    }
    for key, value in audit.parameters.items():
        if key in {"organisation", "system"}:
            continue
        params[f"option.{key}"] = json.dumps(value, sort_keys=True) if isinstance(
            value, (list, dict, tuple)) else value
    metrics = ledger.metrics_from_facts(audit.facts)
    metrics["findings_failed"] = float(sum(1 for f in audit.findings
                                           if f.outcome.value == "fail"))
    tags = {"organisation": audit.organisation, "system": audit.system}
    artifacts: dict[str, bytes | str | Path] = {}
    try:
        from ai_work_audit.reports import render_monitoring
    except ImportError:  # the monitoring report renderer is optional in this build
        pass
    else:
        artifacts["report.md"] = render_monitoring(document, "md", lang)
        artifacts["report.html"] = render_monitoring(document, "html", lang)
    run_id = ledger.record_run(
        kind="monitoring", commitment=5, document=document, params=params, metrics=metrics,
        tags=tags, artifacts=artifacts, organisation=audit.organisation, system=audit.system,
    )
    _file_as_evidence(run_id, {**document, "ledger": {"mlflow_run_id": run_id}},
                      evidence_cadence)
    return run_id


def _file_as_evidence(run_id: str, document: dict[str, Any], cadence: str | None) -> None:
    """An audit run made for an organisation is evidence by itself (contracts.md)."""
    from datetime import datetime

    from ai_work_audit.assessment import cadence_expiry, record_audit_evidence

    expires = None
    if cadence:
        expires = cadence_expiry(datetime.fromisoformat(str(document["created_at"])), cadence)
    record_audit_evidence(run_id, document, expires_at=expires)
