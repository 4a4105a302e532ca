"""One run path for every face: compute → evaluate policies → record → render.

The CLI, the API worker, the spec runner (``specs.py``) and the demo call ``run``. Everything
kind-specific comes from the registry (``kinds.py``). A run builds its document once, serialises
it once and renders each report view once (the same bytes go to the MLflow artifacts and to the
caller); a recorded run is one MLflow run and exactly one ``audit_run`` evidence entry.
Audits compute; nothing here computes a metric itself. The ledger and the evidence side of
``assessment`` are imported when a run is recorded (a ``--no-ledger`` run does not need them),
``disclosure`` when a release is not for the ``full`` audience (start-up, issue 9 item 9).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ai_work_audit.errors import ConfigError
from ai_work_audit.kinds import KindSpec, Progress, kind_spec
from ai_work_audit.policy import (
    audit_date,
    default_policy_packs,
    evaluate_policies,
    law_facts,
    load_policy_packs,
)

if TYPE_CHECKING:
    from ai_work_audit.findings import Finding
    from ai_work_audit.ledger import EvidenceEntry

Lang = Literal["en", "fr"]

MAX_RUN_NAME = 250
MSG_AUDIENCE = "the audience must be one of {allowed}; got {got!r} instead."


@dataclass
class RunResult:
    """What a run made: the audit, its document, its MLflow run and evidence, its views."""

    kind: KindSpec
    audit: Any
    lang: Lang
    audience: str = "full"
    k: int = 10
    run_id: str | None = None
    evidence: EvidenceEntry | None = None
    _full: dict[str, Any] | None = field(default=None, repr=False)
    _document: dict[str, Any] | None = field(default=None, repr=False)
    _views: dict[str, str | bytes] = field(default_factory=dict, repr=False)

    @property
    def full_document(self) -> dict[str, Any]:
        """The whole document (what the evidence log keeps, whoever the output is for)."""
        if self._full is None:
            self._full = self.audit.to_dict()
        return self._full

    @property
    def document(self) -> dict[str, Any]:
        """The JSON document for the run's audience (contracts.md), with ``ledger`` once the
        run is recorded; the views, the caller's output and the MLflow run carry it."""
        if self._document is None:
            self._document = release(self.full_document, self.audience, self.k,
                                     getattr(self.audit, "organisation", None))
        return self._document

    @property
    def findings(self) -> list[Finding]:
        findings: list[Finding] = self.audit.findings
        return findings

    @property
    def warnings(self) -> list[str]:
        return list(getattr(self.audit, "warnings", ()))

    def view(self, fmt: str) -> str | bytes:
        """The document as ``fmt`` (json, md, html, pdf), built once per format."""
        if fmt not in self._views:
            if fmt == "json":
                self._views[fmt] = json.dumps(self.document, indent=2, ensure_ascii=False,
                                              default=str) + "\n"
            else:
                document = (with_receipt_note(_marked(self.document, self.lang), self.lang)
                            if self.audience != "full" else self.document)
                self._views[fmt] = self.kind.render(document, fmt, self.lang)
        return self._views[fmt]

    def print_summary(self, console: Any) -> None:
        """The terminal summary of the document."""
        document = (_marked(self.document, self.lang)
                    if self.audience != "full" else self.document)
        self.kind.print_summary(document, console, self.lang)

    def _recorded(self, run_id: str) -> None:
        """The run exists: the document names it (views built before are dropped)."""
        self.run_id = run_id
        self.audit.ledger_run_id = run_id
        ledger = {"ledger": {"mlflow_run_id": run_id}}
        self._full = {**self.full_document, **ledger}
        self._document = {**self.document, **ledger}
        self._views.clear()

    def _received(self, receipt: dict[str, Any]) -> None:
        """A release to representatives carries the receipt issued after its evidence entry
        (``disclosure.receipt``, and a receipt section in every rendered format)."""
        document = dict(self.document)
        document["disclosure"] = {**(document.get("disclosure") or {}), "receipt": receipt}
        self._document = document
        self._views.clear()


def _marked(document: dict[str, Any], lang: str) -> dict[str, Any]:
    from ai_work_audit.disclosure import mark_for_rendering

    marked: dict[str, Any] = mark_for_rendering(document, lang)
    return marked


def with_receipt_note(document: dict[str, Any], lang: str) -> dict[str, Any]:
    """A rendered release says which receipt it carries: a "receipt" note heads its findings
    (tree size, root hash prefix, issue time), so every format shows it."""
    if "receipt" not in (document.get("disclosure") or {}):
        return document
    from ai_work_audit.ledger import receipt_note

    return receipt_note(document, lang)


def check_audience(audience: str) -> None:
    """ConfigError unless ``audience`` is one the disclosure rules know (fails closed)."""
    if audience == "full":
        return
    from ai_work_audit.disclosure import AUDIENCES

    if audience not in AUDIENCES:
        raise ConfigError(MSG_AUDIENCE.format(allowed=", ".join(AUDIENCES), got=audience))


def release(document: dict[str, Any], audience: str, k: int,
            organisation: str | None = None) -> dict[str, Any]:
    """The document for ``audience``: the full one, or the representative view
    (``disclosure.apply_audience``: annotations walked, small cells suppressed, fails closed),
    checked against the organisation's release register in the workspace."""
    if audience == "full" and isinstance(k, int) and not isinstance(k, bool) and k >= 2:
        return document  # as ``apply_audience`` would, without importing disclosure
    from ai_work_audit.disclosure import Register, apply_audience

    register = Register(organisation) if audience != "full" and organisation else None
    return apply_audience(document, audience, k, register)


def run(
    kind: str,
    input: str | Path | None,
    options: Any,
    *,
    lang: Lang = "en",
    record: bool = True,
    evidence_cadence: str | None = None,
    progress: Progress | None = None,
) -> RunResult:
    """Audit ``input`` as ``kind`` with ``options`` (its kind's options model), evaluate the
    policy packs, and unless ``record`` is false record one MLflow run and file it as evidence.

    With ``evidence_cadence`` (ISO 8601 duration, e.g. P1Y) that evidence expires when the next
    audit is due. ``progress`` reports stages and events and sets the scan's processes.
    """
    spec = kind_spec(kind)
    if not isinstance(options, spec.options):
        raise ConfigError(f"the options of a {spec.name} audit must be "
                          f"{spec.options.__name__}; got {type(options).__name__} instead.")
    audience = getattr(options, "audience", "full")
    check_audience(audience)  # before computing, not after
    progress = progress or Progress()
    audit = spec.compute(input, options, progress)
    progress.stage("evaluating policies")
    evaluate_findings(spec, audit, options.policies, lang, options=options)
    result = RunResult(kind=spec, audit=audit, lang=lang, audience=audience,
                       k=getattr(options, "k", 10))
    if record:
        progress.stage("recording the run")
        record_result(result, evidence_cadence=evidence_cadence)
    return result


def evaluate_findings(spec: KindSpec, audit: Any, policies: tuple[str, ...] | list[str],
                      lang: Lang = "en", *, options: Any = None) -> None:
    """Evaluate the given policy packs (default: every pack of the kind, or of the
    ``--jurisdiction`` profiles) on the audit's facts and the law facts of ``options``
    (request log, declarations), on the audit date (``--as-of``, default today)."""
    packs = load_policy_packs(policies) if policies else default_policy_packs(spec.packs)
    jurisdictions = tuple(getattr(options, "jurisdictions", ()) or ())
    if jurisdictions and not policies:
        packs = [p for p in packs if p.in_jurisdictions(jurisdictions)]
    packs = spec.packs_for(audit, packs)
    as_of = audit_date(getattr(options, "as_of", None))
    read = {r.metric for p in packs for r in p.rules}
    audit.facts.update({k: v for k, v in law_facts(options, packs, audit.facts, as_of).items()
                        if k in read and k not in audit.facts})
    audit.findings = list(evaluate_policies(packs, spec.scopes(audit), lang=lang, as_of=as_of))
    audit.parameters["policy_packs"] = {p.pack: p.version for p in packs}
    audit.parameters["laws_as_of"] = as_of.isoformat()


def record_result(result: RunResult, *, evidence_cadence: str | None = None) -> str:
    """Record ``result`` as one MLflow run (document, Markdown and HTML reports) and file it
    once as ``audit_run`` evidence; the views are the ones the caller gets."""
    from ai_work_audit import ledger

    spec, audit = result.kind, result.audit

    def contents(run_id: str) -> tuple[str, dict[str, bytes | str | Path]]:
        result._recorded(run_id)
        return str(result.view("json")), {"report.md": result.view("md"),
                                          "report.html": result.view("html")}

    ledger.check_appendable()  # a damaged log stops the run before MLflow records it
    tags = {"organisation": audit.organisation, "system": audit.system,
            "mode": spec.mode(audit), "audience": result.audience}
    run_id = ledger.record_run(
        kind=spec.name, commitment=spec.commitment, document=contents,
        params=spec.run_params(audit), metrics=run_metrics(spec, audit), tags=tags,
        organisation=audit.organisation, system=audit.system, run_name=run_name(spec, audit),
    )
    result.evidence = file_as_evidence(run_id, result.full_document, evidence_cadence)
    if result.audience != "full":
        result._received(ledger.receipt_document(audit.organisation))
    return run_id


def run_metrics(spec: KindSpec, audit: Any) -> dict[str, float | None]:
    """The MLflow metrics of a run: the kind's metrics (its facts) and the count of failed
    findings.
    """
    metrics = spec.run_metrics(audit)  # the audit's facts (ledger.metrics_from_facts)
    metrics["findings_failed"] = float(sum(1 for f in audit.findings
                                           if f.outcome.value == "fail"))
    return metrics


def run_name(spec: KindSpec, audit: Any) -> str:
    """A run name a person can tell apart in the MLflow UI: kind · system · mode · date."""
    date = str(getattr(audit, "created_at", "") or "")[:10]
    name = " · ".join(p for p in (spec.name, str(audit.system or ""), spec.mode(audit), date)
                      if p)
    return name if len(name) <= MAX_RUN_NAME else name[: MAX_RUN_NAME - 1] + "…"


def file_as_evidence(run_id: str, document: dict[str, Any], cadence: str | None
                     ) -> EvidenceEntry:
    """An audit run made for an organisation is evidence by itself (contracts.md); filed once."""
    from ai_work_audit.assessment import cadence_expiry, record_audit_evidence

    expires = None
    if cadence:
        expires = cadence_expiry(datetime.fromisoformat(str(document["created_at"])), cadence)
    return record_audit_evidence(run_id, document, expires_at=expires)
