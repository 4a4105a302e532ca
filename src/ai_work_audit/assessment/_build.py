"""Self-assessments from the workspace: declared evidence and recorded audit runs.

Audit runs are evidence by themselves (contracts.md "Evidence and self-assessment"). Two
sources are read, so that nothing depends on who recorded what:

1. ``audit_run`` entries of the evidence log (``record_audit_evidence``): the audit document is
   stored content-addressed in the evidence store, so it is covered by ``evidence verify``;
2. every finished MLflow run tagged with the organisation, whose ``audit.json`` artifact is
   read from the local artifact store — runs already covered by (1) are not counted twice.

A release to representatives (``audience="representative"``, issue 10) is scored from what
they may see: each audit's facts are those of its representative view, checked against and
recorded in the organisation's release register (``disclosure``) like any other release to
them. Its figures then derive from released facts only (a minimum, a share, a count of
systems over them), so comparing it with other releases gives back nothing those audit
releases did not; the full self-assessment would carry the full documents' figures (a 0.0
minimum impact ratio the representative view of the audit hides, say).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ai_work_audit.assessment._adapters import (
    _jsonable,
    audit_facts_from_document,
    audit_kind,
    document_sha256,
    evidence_item_from_entry,
)
from ai_work_audit.disclosure import DEFAULT_K, Register, check_k, representative_view
from ai_work_audit.errors import ConfigError, EvidenceError
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


def collect_audit_facts(organisation: str, *, k: int | None = None) -> list[AuditFacts]:
    """``AuditFacts`` of every hiring and monitoring audit of ``organisation``; with ``k``, of
    their representative views (checked against and recorded in the organisation's release
    register), each still cited by the digest of the recorded document."""
    facts: list[AuditFacts] = []
    seen: set[str] = set()
    register = Register(organisation) if k is not None else None

    def shown(document: Mapping[str, Any]) -> Mapping[str, Any]:
        if register is None or k is None:
            return document
        return representative_view(document, k, register)

    for entry in list_evidence(organisation):
        if entry.kind != "audit_run" or entry.uri is None or entry.uri in seen:
            continue
        stored = _read_object(entry)
        facts.append(audit_facts_from_document(shown(stored), run_uri=entry.uri,
                                               sha256=entry.file_sha256))
        seen.add(entry.uri)
    for run in _audit_runs(organisation):
        uri = _run_uri(str(run.get("run_id")))
        document = _run_document(run) if uri not in seen else None
        if document is None:
            continue
        system = _tag(run.get("tags") or {}, TAG_SYSTEM, "system")
        facts.append(audit_facts_from_document(shown(document), run_uri=uri, system=system,
                                               sha256=document_sha256(document)))
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
    audience: str = "full",
    k: int = DEFAULT_K,
) -> SelfAssessment:
    """Score one organisation's self-assessment for ``period`` from the workspace.

    ``as_of`` defaults to the end of the period or now, whichever is earlier; ``overrides`` is
    an ``Overrides`` or the path of an override file (recorded in the assessment). With
    ``audience="representative"`` the audits' facts are those of their representative views
    (``k`` people per cell at least; module docstring); ``representative_note`` describes it.
    """
    check_audience(audience)
    check_k(k)
    fw = framework or load_framework()
    if isinstance(overrides, str | Path):
        overrides = load_overrides(overrides, fw)
    when = default_as_of(period) if as_of is None else as_of
    return score_self_assessment(
        fw,
        organisation=organisation,
        period=period,
        evidence=collect_evidence(organisation),
        audit_facts=collect_audit_facts(
            organisation, k=k if audience == "representative" else None),
        overrides=overrides,
        as_of=when,
    )


def consolidate_workspace(
    period: str,
    *,
    min_organisations: int = 5,
    as_of: datetime | None = None,
    framework: Framework | None = None,
    audience: str = "full",
    k: int = DEFAULT_K,
) -> dict[str, Any]:
    """The ``consolidated/v1`` document of every organisation found in the workspace; with
    ``audience="representative"``, of their representative self-assessments (each audit
    release checked against and recorded in its organisation's register)."""
    check_audience(audience)
    fw = framework or load_framework()
    documents = [
        build_self_assessment(org, period, as_of=as_of, framework=fw, audience=audience,
                              k=k).to_dict()
        for org in organisations()
    ]
    document = consolidate(documents, period=period, min_organisations=min_organisations)
    return with_audience(document, audience, k)


MSG_AUDIENCE = "audience must be one of full, representative; got another value instead."


def check_audience(audience: Any) -> str:
    """``full`` or ``representative``; else a ConfigError."""
    if audience not in ("full", "representative"):
        raise ConfigError(MSG_AUDIENCE)
    return str(audience)


def representative_note(k: int) -> dict[str, Any]:
    """The ``disclosure`` block of a self-assessment or consolidation for representatives."""
    en = (f"Scored from the representative views of the audits (cells of fewer than {k} "
          "people suppressed, checked against every earlier release to this organisation's "
          "representatives): no figure rests on a hidden cell.")
    fr = (f"Noté à partir des vues « représentants » des audits (cases de moins de {k} "
          "personnes masquées, vérifiées contre toutes les diffusions antérieures aux "
          "représentants de cette organisation) : aucun chiffre ne repose sur une case "
          "masquée.")
    return {"audience": "representative", "k": k, "method": "figures from the organisation's "
            "representative audit releases (release register)", "protected_cells": 0,
            "withheld_fields": [], "register": True, "summary": en,
            "summaries": {"en": en, "fr": fr}}


def with_audience(document: Mapping[str, Any], audience: str, k: int) -> dict[str, Any]:
    """The document with its ``disclosure`` note when it is for representatives."""
    out = dict(document)
    if audience == "representative":
        block = dict(out.get("disclosure") or {})
        out["disclosure"] = {**block, **representative_note(k)}
    return out


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


def days_since_hiring_audit(organisation: str, system: str | None, as_of: date | None
                            ) -> dict[str, int | None]:
    """``evidence.days_since_hiring_audit``: days from the latest recorded hiring audit of
    ``system`` (an ``audit_run`` entry of the evidence log, made on or before ``as_of``) to
    ``as_of``; None when there is none. The anti-bias test the California ADS regulations ask
    for (2 CCR § 11009(f); rulebook.md CA-1) is such an audit."""
    latest: date | None = None
    for entry in list_evidence(organisation) if as_of is not None else ():
        if entry.kind != "audit_run" or entry.indicator != AUDIT_RUN_INDICATOR["hiring"]:
            continue
        document = _read_object(entry)
        if system is not None and document.get("system") != system:
            continue
        made = date.fromisoformat(str(entry.collected_at)[:10])
        if as_of is not None and made <= as_of and (latest is None or made > latest):
            latest = made
    return {"evidence.days_since_hiring_audit": None if latest is None or as_of is None
            else (as_of - latest).days}
