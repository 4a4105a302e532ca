"""The audit-kind registry: one row per kind, read by the CLI, the API, the specs and the run path.

A new audit kind is one ``KindSpec`` in ``KINDS`` (and its audit package); nothing else
dispatches on the kind's name. Importing this module is cheap: the options model, the compute
function, the renderers and the rest are named by ``module:attribute`` and imported when first
used, so an optional extra (``privacy`` for monitoring) is only needed by the kind that uses it.
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_work_audit.errors import ConfigError

if TYPE_CHECKING:
    from ai_work_audit.policy import FactScope

MSG_KIND = "the audit kind must be one of {allowed}; got {got} instead."
MSG_EXTRA = ("{kind} audits need the '{extra}' extra, which is not installed; install it with "
             "`pip install 'ai-work-audit[{extra}]'`.")


@dataclass(frozen=True)
class Progress:
    """How a run reports progress and how many processes a scan may use (both optional)."""

    on_stage: Callable[[str], None] | None = None
    on_events: Callable[[int], None] | None = None
    jobs: int | None = None

    def stage(self, name: str) -> None:
        if self.on_stage is not None:
            self.on_stage(name)


@dataclass(frozen=True)
class KindSpec:
    """Everything kind-specific about an audit kind (issue 9, item 4).

    ``*_ref`` fields name ``module:attribute`` and are resolved on first use.
    """

    name: str
    #: Pledge commitment the audit measures (design.md).
    commitment: int
    #: Schema id of its JSON document (contracts.md).
    schema: str
    #: The indicator its ``audit_run`` evidence is filed under.
    evidence_indicator: str
    #: One-line help of its CLI command and API route.
    summary: str
    options_ref: str
    #: ``(path, options, progress) -> audit`` (an object with ``to_dict()``, ``findings``...).
    compute_ref: str
    #: ``audit -> [FactScope]``: the facts its policy packs are evaluated on.
    scopes_ref: str
    #: ``(document, fmt, lang) -> str | bytes`` and ``(document, console, lang) -> None``.
    render_ref: str
    console_ref: str
    #: ``audit -> {param: value}`` and ``audit -> {metric: value}`` of its MLflow run.
    params_ref: str
    metrics_ref: str
    #: ``audit -> str``: the mode shown in its MLflow run name (selection, log, ...).
    mode_ref: str
    #: The typed document model (another helper adds it; None until then).
    document_ref: str | None = None
    #: Default policy packs: every pack whose ``applies_to`` names this selector.
    packs: str = ""
    #: The optional extra its compute function needs (None: the core install suffices).
    extra: str | None = None
    #: A module of that extra, imported to check it is installed.
    extra_probe: str | None = None
    #: Formats only this kind writes: ``(format, "module:function")``, the function taking
    #: ``(document, fmt, lang) -> str | bytes`` (hiring: ``ll144``, the published summary).
    extra_formats: tuple[tuple[str, str], ...] = ()
    #: The API's upload parts beyond the one ``file``: several log files (``files``) and
    #: named files such as ``roster`` and ``company_policy`` (monitoring).
    upload_parts: tuple[str, ...] = ()
    #: ``(audit, packs) -> packs``: the packs as this audit words them (monitoring: the
    #: company policy's own texts); None: the packs as loaded.
    packs_for_ref: str | None = None

    def packs_for(self, audit: Any, packs: list[Any]) -> list[Any]:
        if self.packs_for_ref is None:
            return packs
        result: list[Any] = _resolve(self.packs_for_ref)(audit, packs)
        return result

    @property
    def options(self) -> Any:
        """The options model (a frozen pydantic dataclass, see ``ai_work_audit.options``)."""
        return _resolve(self.options_ref)

    def options_from_params(self, params: Mapping[str, Any]) -> Any:
        """Validated options from API-style ``params`` (ConfigError naming the key)."""
        from ai_work_audit.options import options_from_params

        return options_from_params(self.options, params)

    def require_extra(self) -> None:
        """ConfigError when the optional extra this kind needs is not installed."""
        if self.extra_probe is None:
            return
        if importlib.util.find_spec(self.extra_probe) is None:
            raise ConfigError(MSG_EXTRA.format(kind=self.name, extra=self.extra))

    def compute(self, path: str | Path | None, options: Any, progress: Progress) -> Any:
        return _resolve(self.compute_ref)(path, options, progress)

    def scopes(self, audit: Any) -> list[FactScope]:
        result: list[FactScope] = _resolve(self.scopes_ref)(audit)
        return result

    def render(self, document: Mapping[str, Any], fmt: str, lang: str) -> str | bytes:
        extra = dict(self.extra_formats)
        if fmt in extra:
            special: str | bytes = _resolve(extra[fmt])(document, fmt, lang)
            return special
        if fmt in EXTRA_FORMATS:
            raise ConfigError(MSG_FORMAT.format(fmt=fmt, kinds=", ".join(
                k.name for k in KINDS.values() if fmt in dict(k.extra_formats))))
        result: str | bytes = _resolve(self.render_ref)(document, fmt, lang)
        return result

    def print_summary(self, document: Mapping[str, Any], console: Any, lang: str) -> None:
        _resolve(self.console_ref)(document, console, lang)

    def run_params(self, audit: Any) -> dict[str, Any]:
        result: dict[str, Any] = _resolve(self.params_ref)(audit)
        return result

    def run_metrics(self, audit: Any) -> dict[str, float | None]:
        result: dict[str, float | None] = _resolve(self.metrics_ref)(audit)
        return result

    def mode(self, audit: Any) -> str:
        return str(_resolve(self.mode_ref)(audit))


def _resolve(ref: str) -> Any:
    module, _, attribute = ref.partition(":")
    return getattr(importlib.import_module(module), attribute)


MSG_FORMAT = "--format {fmt} is written for {kinds} audits only; choose another format."

MSG_EVIDENCE_UNREADABLE = ("the evidence log could not be read, so the AI Act evidence rules "
                           "are not available. Run `ai-work-audit evidence verify`.")


# --- the hiring kind (commitment 4) ----------------------------------------------------------


def compute_hiring(path: str | Path | None, options: Any, progress: Progress) -> Any:
    """Audit a hiring export (``hiring.audit_hiring_file``)."""
    from ai_work_audit.hiring import audit_hiring_file

    audit = audit_hiring_file(path, options)
    # laws (issue 13): the latest recorded hiring audit of the system (California CA-1);
    # without an evidence log there is none, and the ledger is not loaded (start-up)
    from ai_work_audit.workspace import evidence_log_path

    if not evidence_log_path().is_file():
        audit.facts["evidence.days_since_hiring_audit"] = None
        return audit
    from ai_work_audit.assessment import days_since_hiring_audit
    from ai_work_audit.errors import EvidenceError
    from ai_work_audit.policy import audit_date

    try:
        audit.facts.update(days_since_hiring_audit(audit.organisation, audit.system,
                                                   audit_date(options.as_of)))
    except EvidenceError:  # an unreadable log: not available
        audit.facts.update(days_since_hiring_audit(audit.organisation, audit.system, None))
    return audit


def hiring_scopes(audit: Any) -> list[FactScope]:
    """The fact scopes of a hiring audit: one per table, plus the audit's (``hiring_facts``)."""
    from ai_work_audit.hiring import hiring_facts
    from ai_work_audit.policy import FactScope

    return [FactScope(kind=f.kind, name=f.name, facts=f.values) for f in hiring_facts(audit)]


def hiring_params(audit: Any) -> dict[str, Any]:
    """MLflow params of a hiring run: input digest and size, mode, attributes, options."""
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
    return params | option_params(audit.parameters, skip={"group", "organisation", "system"})


#: Table facts also logged per table, as ``<fact without its prefix>.<table>`` (run history).
TABLE_METRIC_FACTS = ("hiring.min_impact_ratio", "hiring.adverse_impact_categories",
                      "hiring.unknown")


def hiring_metrics(audit: Any) -> dict[str, float | None]:
    """MLflow metrics of a hiring run: its facts, and the per-table facts of run history."""
    from ai_work_audit import ledger
    from ai_work_audit.hiring import table_facts

    metrics = ledger.metrics_from_facts(audit.facts)
    for table in audit.tables:
        name = metric_key(*table.attributes) if len(table.attributes) == 1 else \
            metric_key("x".join(table.attributes))
        metrics.update(ledger.metrics_from_facts(table_facts(table), scope=name,
                                                 only=TABLE_METRIC_FACTS))
    return metrics


def hiring_mode(audit: Any) -> str:
    return str(audit.mode)


def hiring_ll144(document: Mapping[str, Any], fmt: str, lang: str) -> str:
    """The NYC published summary of a hiring document (``ai-work-audit/ll144-summary/v1``,
    6 RCNY § 5-303): JSON, or with ``ll144-csv`` the CSV that ``hiring verify-summary``
    reads."""
    from ai_work_audit.reports._ll144 import ll144_summary, ll144_summary_csv

    if fmt == "ll144-csv":
        return ll144_summary_csv(document)
    return json.dumps(ll144_summary(document), indent=2, ensure_ascii=False) + "\n"


# --- the monitoring kind (commitment 5) ------------------------------------------------------


def compute_monitoring(path: str | Path | None, options: Any, progress: Progress) -> Any:
    """Audit a monitoring log or HR export (``monitoring.audit_monitoring``)."""
    if path is None:
        raise ConfigError("a monitoring audit needs an INPUT (log file or folder); got none.")
    from ai_work_audit.assessment import EVIDENCE_FACTS, evidence_facts
    from ai_work_audit.errors import EvidenceError
    from ai_work_audit.monitoring import audit_monitoring
    from ai_work_audit.vocab._messages import Message

    audit = audit_monitoring(path, options, progress.stage, jobs=progress.jobs,
                             on_events=progress.on_events)
    try:  # declared evidence of the organisation (AI Act rules, WP-14 and WP-19)
        audit.facts.update(evidence_facts(audit.organisation))
    except EvidenceError:
        audit.facts.update(dict.fromkeys(EVIDENCE_FACTS))
        audit.warnings.append(Message("warning.evidence_unreadable"))
    return audit


def monitoring_scopes(audit: Any) -> list[FactScope]:
    """One audit-level fact scope of a monitoring audit."""
    from ai_work_audit.policy import FactScope

    return [FactScope(kind="audit", name="audit", facts=dict(audit.facts))]


def monitoring_packs(audit: Any, packs: list[Any]) -> list[Any]:
    """The packs with the company pack in the company policy's own words, if it has some."""
    from ai_work_audit.monitoring import worded_packs

    return worded_packs(packs, getattr(audit, "company_wording", None))


def monitoring_params(audit: Any) -> dict[str, Any]:
    """MLflow params of a monitoring run: counts and settings, never payloads."""
    params: dict[str, Any] = {
        "input_sha256": audit.input.get("sha256"),
        "input_events": audit.input.get("events"),
        "input_kind": audit.input.get("kind"),
        "organisation": audit.organisation,
        "system": audit.system,
        "audit_id": audit.audit_id,
    }
    return params | option_params(audit.parameters, skip={"organisation", "system"})


def monitoring_metrics(audit: Any) -> dict[str, float | None]:
    """MLflow metrics of a monitoring run: its numeric facts (``ledger.metrics_from_facts``)."""
    from ai_work_audit import ledger

    return ledger.metrics_from_facts(audit.facts)


def monitoring_mode(audit: Any) -> str:
    return str(audit.input.get("kind") or "log")


_METRIC_NAME = re.compile(r"[^A-Za-z0-9_\-./ ]+")


def metric_key(*parts: str) -> str:
    """An MLflow-safe metric or param name built from column names."""
    return ".".join(_METRIC_NAME.sub("_", p).strip() or "_" for p in parts)


def option_params(parameters: Mapping[str, Any], *, skip: set[str]) -> dict[str, Any]:
    """``option.<name>`` params of an audit's recorded parameters (lists as JSON)."""
    return {f"option.{key}": json.dumps(value, sort_keys=True)
            if isinstance(value, (list, dict, tuple)) else value
            for key, value in parameters.items() if key not in skip}


# --- the equal-access kinds (commitments 2 and 4; issue 16) ----------------------------------


def compute_access(process: str) -> Callable[[str | Path, Any, Progress], Any]:
    """The compute function of one equal-access process (``access.audit_access_file``)."""

    def compute(path: str | Path, options: Any, progress: Progress) -> Any:
        from ai_work_audit.access import audit_access_file

        return audit_access_file(path, options, process)

    return compute


compute_training = compute_access("training")
compute_promotion = compute_access("promotion")
compute_decision_roles = compute_access("decision_roles")


def access_params(audit: Any) -> dict[str, Any]:
    """MLflow params of an equal-access run: the hiring ones, and the process."""
    return hiring_params(audit) | {"process": audit.process}


#: Significant digits of the fractional MLflow metrics of the issue-16 kinds: a long float's
#: last digits beside the store's millisecond timestamp read as a card number to PII
#: detectors scanning the store (Presidio's CREDIT_CARD); three digits cannot start one. The
#: document keeps every digit.
METRIC_DIGITS = 3


def rounded(metrics: dict[str, float | None]) -> dict[str, float | None]:
    """``metrics`` with each non-whole value rounded to ``METRIC_DIGITS`` significant digits."""
    return {k: v if v is None or float(v).is_integer() else float(f"{v:.{METRIC_DIGITS}g}")
            for k, v in metrics.items()}


def access_metrics(audit: Any) -> dict[str, float | None]:
    """MLflow metrics of an equal-access run: the hiring core's (its facts, per table),
    rounded (``rounded``)."""
    return rounded(hiring_metrics(audit))


# --- the supply-chain kind (commitment 6; issue 16) -------------------------------------------


def compute_supply_chain(path: str | Path, options: Any, progress: Progress) -> Any:
    """Audit vendor statements against living wages (``supply_chain.audit_supply_chain``)."""
    from ai_work_audit.supply_chain import audit_supply_chain

    return audit_supply_chain(path, options)


def supply_chain_params(audit: Any) -> dict[str, Any]:
    """MLflow params of a supply-chain run: input digest and size, tables, options."""
    params: dict[str, Any] = {
        "input_sha256": audit.input_sha256,
        "input_rows": audit.input_rows,
        "organisation": audit.organisation,
        "system": audit.system,
        "audit_id": audit.audit_id,
    }
    return params | option_params(audit.parameters, skip={"organisation", "system"})


def supply_chain_metrics(audit: Any) -> dict[str, float | None]:
    """MLflow metrics of a supply-chain run: its numeric facts, rounded (``rounded``)."""
    from ai_work_audit import ledger

    return rounded(ledger.metrics_from_facts(audit.facts))


def supply_chain_mode(audit: Any) -> str:
    return "statements"


def _access_kind(process: str, summary: str, options: str) -> KindSpec:
    return KindSpec(
        name=process, commitment=2 if process == "training" else 4,
        schema="ai-work-audit/access-audit/v1",
        evidence_indicator="2.1" if process == "training" else "4.6",
        summary=summary, options_ref=f"ai_work_audit.access._options:{options}",
        compute_ref=f"{_HERE}:compute_{process}", scopes_ref=f"{_HERE}:hiring_scopes",
        render_ref="ai_work_audit.reports:render_access",
        console_ref="ai_work_audit.reports:print_access_summary",
        params_ref=f"{_HERE}:access_params", metrics_ref=f"{_HERE}:access_metrics",
        mode_ref=f"{_HERE}:hiring_mode", packs=process,
        document_ref="ai_work_audit.documents:AccessDocument",
    )


# --- the table -------------------------------------------------------------------------------

_HERE = __name__

KINDS: dict[str, KindSpec] = {spec.name: spec for spec in (
    KindSpec(
        name="hiring", commitment=4, schema="ai-work-audit/hiring-audit/v1",
        evidence_indicator="4.2",
        summary="Audit selection or scoring outcomes of a hiring tool (EEOC four-fifths rule, "
        "NYC LL 144).",
        options_ref="ai_work_audit.hiring._options:HiringOptions",
        compute_ref=f"{_HERE}:compute_hiring", scopes_ref=f"{_HERE}:hiring_scopes",
        render_ref="ai_work_audit.reports:render_hiring",
        console_ref="ai_work_audit.reports:print_hiring_summary",
        params_ref=f"{_HERE}:hiring_params", metrics_ref=f"{_HERE}:hiring_metrics",
        mode_ref=f"{_HERE}:hiring_mode", packs="hiring",
        extra_formats=(("ll144", f"{_HERE}:hiring_ll144"),
                       ("ll144-csv", f"{_HERE}:hiring_ll144")),
    ),
    KindSpec(
        name="monitoring", commitment=5, schema="ai-work-audit/monitoring-audit/v1",
        evidence_indicator="3.1",
        summary="Audit monitoring logs and HR exports: personal data exposed, surveillance "
        "intensity, Platform Work Directive art. 7, GDPR, AI Act art. 5(1)(f), CNIL.",
        options_ref="ai_work_audit.monitoring._options:MonitoringOptions",
        compute_ref=f"{_HERE}:compute_monitoring", scopes_ref=f"{_HERE}:monitoring_scopes",
        packs_for_ref=f"{_HERE}:monitoring_packs",
        render_ref="ai_work_audit.reports:render_monitoring",
        console_ref="ai_work_audit.reports:print_monitoring_summary",
        params_ref=f"{_HERE}:monitoring_params", metrics_ref=f"{_HERE}:monitoring_metrics",
        mode_ref=f"{_HERE}:monitoring_mode", packs="monitoring",
        extra="privacy", extra_probe="presidio_analyzer",
        upload_parts=("files", "roster", "company_policy"),
    ),
    # --- access (issue 16) ---
    _access_kind("training", "Audit who gets into training, AI-literacy coverage and hours "
                 "(commitment 2; indicators 2.1, 2.4).", "TrainingOptions"),
    _access_kind("promotion", "Audit who is promoted, time to promotion and the index de "
                 "l'égalité promotion gap (commitment 4).", "PromotionOptions"),
    _access_kind("decision_roles", "Audit who reaches decision-making roles (commitment 4).",
                 "DecisionRolesOptions"),
    KindSpec(
        name="supply_chain", commitment=6, schema="ai-work-audit/supply-chain-audit/v1",
        evidence_indicator="6.2",
        summary="Audit what data-enrichment vendors pay against living wages and statutory "
        "minimums (commitment 6; indicator 6.2).",
        options_ref="ai_work_audit.supply_chain._options:SupplyChainOptions",
        compute_ref=f"{_HERE}:compute_supply_chain", scopes_ref=f"{_HERE}:monitoring_scopes",
        render_ref="ai_work_audit.reports:render_supply_chain",
        console_ref="ai_work_audit.reports:print_supply_chain_summary",
        params_ref=f"{_HERE}:supply_chain_params", metrics_ref=f"{_HERE}:supply_chain_metrics",
        mode_ref=f"{_HERE}:supply_chain_mode", packs="supply_chain",
        document_ref="ai_work_audit.documents:SupplyChainDocument",
    ),
)}

AUDIT_KINDS = tuple(KINDS)
#: Every kind-specific format (``KindSpec.extra_formats``).
EXTRA_FORMATS = frozenset(f for k in KINDS.values() for f, _ in k.extra_formats)


def kind_spec(kind: str) -> KindSpec:
    """The registry row of ``kind`` (ConfigError naming the allowed kinds otherwise)."""
    spec = KINDS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        got = repr(kind) if isinstance(kind, str) and kind.isidentifier() and len(kind) < 40 \
            else type(kind).__name__
        raise ConfigError(MSG_KIND.format(allowed=", ".join(AUDIT_KINDS), got=got))
    return spec


def preload_options() -> None:
    """Import the options model of every installed kind (a service does it when it starts,
    not on its event loop at the first submission)."""
    for spec in KINDS.values():
        if spec.extra_probe is None or importlib.util.find_spec(spec.extra_probe) is not None:
            _ = spec.options
