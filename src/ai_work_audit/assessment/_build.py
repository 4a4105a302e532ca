"""Self-assessments from the workspace: declared evidence and recorded audit runs.

Audit runs are evidence by themselves (contracts.md "Evidence and self-assessment"). Two
sources are read, so that nothing depends on who recorded what:

1. ``audit_run`` entries of the evidence log (``record_audit_evidence``): the audit document is
   stored content-addressed in the evidence store, so it is covered by ``evidence verify``;
2. every finished MLflow run tagged with the organisation, whose ``audit.json`` artifact is
   read from the local artifact store — runs already covered by (1) are not counted twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ai_work_audit.assessment._adapters import (
    _jsonable,
    audit_facts_from_document,
    audit_kind,
    evidence_item_from_entry,
)
from ai_work_audit.errors import EvidenceError
from ai_work_audit.indicators import (
    AuditFacts,
    EvidenceItem,
    Framework,
    Overrides,
    SelfAssessment,
    check_evidence,
    consolidate,
    load_framework,
    load_overrides,
    parse_period,
    score_self_assessment,
)
from ai_work_audit.ledger import (
    TAG_KIND,
    TAG_ORGANISATION,
    TAG_SYSTEM,
    EvidenceEntry,
    add_evidence,
    evidence_object_path,
    find_runs,
    list_evidence,
)
from ai_work_audit.ledger._digest import canonical_json

RUN_URI_PREFIX = "mlflow-run:"
DOCUMENT_ARTIFACT = "audit.json"
DEFAULT_ORGANISATION = "default"
#: Which indicator an audit_run entry is filed under (it feeds every indicator of its kind).
AUDIT_RUN_INDICATOR = {"hiring": "4.2", "monitoring": "3.1",
                       # --- access ---
                       "training": "2.1", "promotion": "4.6", "decision_roles": "4.6",
                       "supply_chain": "6.2"}
AUDIT_KINDS = tuple(AUDIT_RUN_INDICATOR)

MSG_RUN_ID = "'run_id' must be an MLflow run id; got an empty or non-text value instead."
MSG_OBJECT = (
    "the audit document of evidence entry seq {seq} must be in the evidence store; got a "
    "missing or unreadable object instead. Run `ai-work-audit evidence verify`."
)


def _run_uri(run_id: str) -> str:
    return f"{RUN_URI_PREFIX}{run_id}"


# --- recording -------------------------------------------------------------------------------


def record_audit_evidence(
    run_id: str,
    document: Mapping[str, Any],
    *,
    expires_at: datetime | None = None,
) -> EvidenceEntry:
    """File a recorded audit run as ``audit_run`` evidence of its organisation.

    The document is stored content-addressed (its canonical JSON) in the evidence store, so
    that the self-assessment can be rebuilt and verified without the MLflow artifacts. The run
    path files each recorded run once (``run.file_as_evidence``).
    """
    if not isinstance(run_id, str) or not run_id.strip():
        raise EvidenceError(MSG_RUN_ID)
    kind = audit_kind(document)
    organisation = str(document.get("organisation") or DEFAULT_ORGANISATION)
    uri = _run_uri(run_id.strip())
    return add_evidence(
        organisation=organisation,
        indicator=AUDIT_RUN_INDICATOR[kind],
        kind="audit_run",
        content=canonical_json(_plain(document)),
        file_name=DOCUMENT_ARTIFACT,
        uri=uri,
        method="test",
        collected_at=document.get("created_at") or datetime.now(UTC),
        expires_at=expires_at,
    )


def _plain(document: Mapping[str, Any]) -> Any:
    """The document as JSON data: what ``json.dumps(default=str)`` gives, NaN as null."""
    return json.loads(json.dumps(_jsonable(document), default=str))


# --- collecting ------------------------------------------------------------------------------


def _read_object(entry: EvidenceEntry) -> Mapping[str, Any]:
    if entry.file_sha256 is None:
        raise EvidenceError(MSG_OBJECT.format(seq=entry.seq))
    try:
        data = json.loads(evidence_object_path(entry.file_sha256).read_bytes())
    except (OSError, ValueError):
        raise EvidenceError(MSG_OBJECT.format(seq=entry.seq)) from None
    if not isinstance(data, Mapping):
        raise EvidenceError(MSG_OBJECT.format(seq=entry.seq))
    return data


def _local_artifact(artifact_uri: str | None) -> Path | None:
    """The local folder of a run's artifacts; None for remote artifact stores."""
    if not artifact_uri:
        return None
    parsed = urlparse(artifact_uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    if parsed.scheme == "" or (len(parsed.scheme) == 1 and artifact_uri[1:3] == ":\\"):
        return Path(artifact_uri)
    return None


def _run_document(run: Mapping[str, Any]) -> Mapping[str, Any] | None:
    folder = _local_artifact(run.get("artifact_uri"))
    if folder is None:
        return None
    try:
        data = json.loads((folder / DOCUMENT_ARTIFACT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, Mapping) else None


def _tag(tags: Mapping[str, Any], ours: str, plain: str) -> str | None:
    """A run tag: the ledger's namespaced tag, else the plain one pipeline also sets."""
    value = tags.get(ours) or tags.get(plain)
    return str(value) if value else None


def _audit_runs(organisation: str | None = None) -> list[Mapping[str, Any]]:
    """Finished hiring and monitoring runs, optionally of one organisation only."""
    runs: list[Mapping[str, Any]] = []
    for run in find_runs():
        tags = run.get("tags") or {}
        if run.get("status") != "FINISHED" or tags.get(TAG_KIND) not in AUDIT_KINDS:
            continue
        if organisation is not None and _tag(tags, TAG_ORGANISATION, "organisation") != (
                organisation):
            continue
        runs.append(run)
    return runs


def collect_audit_facts(organisation: str) -> list[AuditFacts]:
    """``AuditFacts`` of every hiring and monitoring audit of ``organisation``."""
    facts: list[AuditFacts] = []
    seen: set[str] = set()
    for entry in list_evidence(organisation):
        if entry.kind != "audit_run" or entry.uri is None or entry.uri in seen:
            continue
        stored = _read_object(entry)
        facts.append(audit_facts_from_document(stored, run_uri=entry.uri,
                                               sha256=entry.file_sha256))
        seen.add(entry.uri)
    for run in _audit_runs(organisation):
        uri = _run_uri(str(run.get("run_id")))
        document = _run_document(run) if uri not in seen else None
        if document is None:
            continue
        system = _tag(run.get("tags") or {}, TAG_SYSTEM, "system")
        facts.append(audit_facts_from_document(document, run_uri=uri, system=system))
        seen.add(uri)
    return facts


def collect_evidence(organisation: str) -> list[EvidenceItem]:
    """Declared evidence of ``organisation`` from the evidence log, in log order."""
    items = (evidence_item_from_entry(e) for e in list_evidence(organisation))
    return [item for item in items if item is not None]


def organisations() -> list[str]:
    """Every organisation with declared evidence or a recorded audit run in the workspace."""
    names = {e.organisation for e in list_evidence()}
    for run in _audit_runs():
        name = _tag(run.get("tags") or {}, TAG_ORGANISATION, "organisation")
        if name:
            names.add(name)
    return sorted(names)


# --- building ----------------------------------------------------------------------------------


def default_as_of(period: str, now: datetime | None = None) -> datetime:
    """The end of the period, or now when the period is not over yet."""
    _, end = parse_period(period)
    current = now or datetime.now(UTC)
    return min(end, current)


def build_self_assessment(
    organisation: str,
    period: str,
    *,
    as_of: datetime | None = None,
    overrides: Overrides | str | Path | None = None,
    framework: Framework | None = None,
) -> SelfAssessment:
    """Score one organisation's self-assessment for ``period`` from the workspace.

    ``as_of`` defaults to the end of the period or now, whichever is earlier; ``overrides`` is
    an ``Overrides`` or the path of an override file (recorded in the assessment).
    """
    fw = framework or load_framework()
    if isinstance(overrides, str | Path):
        overrides = load_overrides(overrides, fw)
    when = default_as_of(period) if as_of is None else as_of
    return score_self_assessment(
        fw,
        organisation=organisation,
        period=period,
        evidence=collect_evidence(organisation),
        audit_facts=collect_audit_facts(organisation),
        overrides=overrides,
        as_of=when,
    )


def consolidate_workspace(
    period: str,
    *,
    min_organisations: int = 5,
    as_of: datetime | None = None,
    framework: Framework | None = None,
) -> dict[str, Any]:
    """The ``consolidated/v1`` document of every organisation found in the workspace."""
    fw = framework or load_framework()
    documents = [
        build_self_assessment(org, period, as_of=as_of, framework=fw).to_dict()
        for org in organisations()
    ]
    return consolidate(documents, period=period, min_organisations=min_organisations)


# --- declared evidence helpers -----------------------------------------------------------------


def check_declaration(
    indicator: str,
    *,
    level: int | None = None,
    value: float | None = None,
    not_applicable: str | None = None,
    framework: Framework | None = None,
) -> None:
    """Raise EvidenceError when a declaration does not fit the indicator (type and range)."""
    fw = framework or load_framework()
    item = EvidenceItem(indicator=indicator, collected_at=datetime.now(UTC), level=level,
                        value=value, not_applicable=not_applicable)
    problems = check_evidence(fw, [item])
    if problems:
        raise EvidenceError(" | ".join(p.removeprefix("evidence[0]: ") for p in problems))


#: Policy facts (policies/eu-ai-act-workplace/pack.yaml) read from declared evidence.
EVIDENCE_FACTS = {
    "evidence.ai_literacy_training_share": "2.1",
    "evidence.representatives_informed_share": "1.1",
}


def evidence_facts(organisation: str, *, as_of: datetime | None = None
                   ) -> dict[str, float | None]:
    """The ``evidence.*`` facts of the AI Act evidence rules, from the latest declared values.

    None when nothing current is declared (the rule then reports "not available").
    """
    when = as_of or datetime.now(UTC)
    items = collect_evidence(organisation)
    out: dict[str, float | None] = {}
    for fact, indicator in EVIDENCE_FACTS.items():
        current = [
            i for i in items
            if i.indicator == indicator and i.collected_at <= when and i.value is not None
            and (i.expires_at is None or i.expires_at >= when)
        ]
        latest = max(current, key=lambda i: i.collected_at, default=None)
        out[fact] = None if latest is None else float(latest.value or 0.0)
    return out


def cadence_expiry(created_at: datetime, cadence: str | None) -> datetime | None:
    """When an audit made at ``created_at`` is due again, for an ISO 8601 cadence (P3M, P1Y)."""
    from ai_work_audit.sources import parse_duration

    if not cadence:
        return None
    step = parse_duration(cadence)
    return None if step is None else created_at + step
