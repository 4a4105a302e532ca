"""OSCAL assessment-results export of a self-assessment (NIST OSCAL 1.x), built and validated
with compliance-trestle's pydantic models (``trestle.oscal.assessment_results``).

Mapping: the indicator framework is the (implicit) assessment plan, referenced from
``import-ap`` through a back-matter resource; each indicator is a control (``pledge.4.1``);
each distinct piece of evidence is an observation (method TEST / EXAMINE / INTERVIEW, the
organisation as subject, the evidence uri as relevant evidence with its SHA-256 in a
namespaced property, collected and expiry dates); each indicator is one finding whose target
status is satisfied (scored ≥ 80, or not applicable) or not satisfied, with its state, score,
value, level, weight and reason in namespaced properties (``OSCAL_NS``).
"""

from __future__ import annotations

import importlib
import json
import math
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from ai_work_audit.documents._assessment import FrameworkRef, SelfAssessmentDocument
from ai_work_audit.errors import ConfigError
from ai_work_audit.reports._assessment_view import SELF_ASSESSMENT_SCHEMA
from ai_work_audit.reports._typed import typed_document

OSCAL_NS: Final = "https://ai-work-audit.org/ns/oscal"
SATISFIED_AT: Final = 80.0  # indicators.md: "≥ 80 on track"
_UUID_NS: Final = uuid.UUID("6f1c2a57-3f4e-5b8e-9a43-1d2c5e7f9b10")
_METHODS: Final = {"test": "TEST", "examine": "EXAMINE", "interview": "INTERVIEW"}

ERR_TRESTLE: Final = (
    "OSCAL output must have compliance-trestle installed; got no importable 'trestle' module "
    "instead. Install it: pip install compliance-trestle, or choose --format json."
)
ERR_DOCUMENT: Final = (
    "The 'doc' parameter of to_oscal must be a {schema} document; got {got} instead."
)


#: the schemes an evidence ``href`` may have (no ``javascript:``, ``data:``, ``file:`` …)
SAFE_HREF_SCHEMES = ("https", "http", "urn", "mlflow-run")


def _safe_href(uri: object) -> str | None:
    """An evidence URI as an OSCAL ``href`` when its scheme is a safe one; None otherwise
    (the URI is still named in the observation's text)."""
    if not isinstance(uri, str) or any(ch.isspace() or ord(ch) < 32 for ch in uri):
        return None
    scheme, sep, rest = uri.partition(":")
    return uri if sep and rest and scheme.lower() in SAFE_HREF_SCHEMES else None


def _uuid(*parts: object) -> str:
    """A deterministic (version 5) uuid, so that the same assessment exports the same ids."""
    return str(uuid.uuid5(_UUID_NS, "\x1f".join(str(p) for p in parts)))


def _when(value: str | None, fallback: datetime) -> datetime:
    if value:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return fallback
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return fallback


def _one_line(value: Any) -> str:
    text = " ".join(str(value).split())
    return text or "-"


def _number(value: float | None) -> str | None:
    if value is None or not math.isfinite(value):
        return None
    return f"{float(value):g}"


def to_oscal(doc: Mapping[str, Any] | SelfAssessmentDocument) -> dict[str, Any]:
    """The OSCAL ``assessment-results`` JSON object (wrapped) of a self-assessment document
    (dict or model), validated by compliance-trestle's models."""
    d = typed_document(doc, SelfAssessmentDocument, SELF_ASSESSMENT_SCHEMA, ConfigError,
                       ERR_DOCUMENT.replace("{schema}", SELF_ASSESSMENT_SCHEMA))
    try:
        # Typed as Any: the models are validated by pydantic at run time; their generated
        # signatures (aliases such as "import-ap") are not usable as keyword arguments by mypy.
        ar: Any = importlib.import_module("trestle.oscal.assessment_results")
        c: Any = importlib.import_module("trestle.oscal.common")
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise ConfigError(ERR_TRESTLE) from exc
    from ai_work_audit import __version__

    def prop(name: str, value: Any, cls: str | None = None) -> Any:
        return c.Property(name=name, value=_one_line(value), ns=OSCAL_NS, class_=cls)

    org = d.organisation or "unknown"
    period = d.period or ""
    fw = d.framework or FrameworkRef()
    fw_id, fw_version = fw.id or "framework", fw.version or "1"
    now = datetime.now(UTC)
    as_of = _when(d.as_of, now)
    # the period's bounds as the document gives them (as of: a period that does not parse)
    start = _when(d.period_start, as_of)
    end = _when(d.period_end, as_of) if d.period_start else as_of
    key = (org, period, d.as_of, fw_id, fw_version)
    party_uuid = _uuid("party", org)
    plan_uuid = _uuid("plan", fw_id, fw_version)

    observations: dict[tuple[Any, ...], Any] = {}
    findings = []
    controls = []
    for commitment in d.commitments or []:
        for ind in commitment.indicators or []:
            ind_id = str(ind.id)
            control = f"{fw_id.split('-')[0]}.{ind_id}"
            controls.append(c.SelectControlById(control_id=control))
            related = []
            for ev in ind.evidence or []:
                ev_key = (ev.uri, ev.sha256, ev.method, ev.collected_at, ev.expires_at)
                if ev_key not in observations:
                    evidence_props = [prop("sha256", ev.sha256)] if ev.sha256 else None
                    collected = _when(ev.collected_at, as_of)
                    expires = _when(ev.expires_at, now) if ev.expires_at else None
                    method = _METHODS.get(str(ev.method), "UNKNOWN")
                    observations[ev_key] = c.Observation(
                        uuid=_uuid("observation", *key, *ev_key),
                        title=_one_line(f"Evidence {ev.uri or 'without uri'}"),
                        description=_one_line(
                            f"{method.lower()} of {ev.uri or 'declared evidence'}"),
                        methods=[c.Methods(method)],
                        subjects=[c.SubjectReference(subject_uuid=party_uuid, type="party",
                                                     title=org)],
                        relevant_evidence=[c.RelevantEvidence(
                            href=_safe_href(ev.uri),
                            description=_one_line(
                                f"evidence for indicator {ind_id} and others it supports"),
                            props=evidence_props,
                        )],
                        collected=collected,
                        expires=expires,
                    )
                related.append(c.RelatedObservation(
                    observation_uuid=observations[ev_key].uuid))
            state = ind.state or "inconclusive"
            score = ind.score
            satisfied = state == "not_applicable" or (
                state == "scored" and score is not None and score >= SATISFIED_AT)
            status = c.ObjectiveStatus(
                state=c.ObjectiveStatusStateValidValues(
                    "satisfied" if satisfied else "not-satisfied"),
                reason=("pass" if satisfied else "fail") if state == "scored" else "other",
                remarks=_one_line(ind.reason or state),
            )
            props = [prop("state", state), prop("commitment", commitment.id)]
            for name, number in (("score", ind.score), ("value", ind.value),
                                 ("level", ind.level), ("weight", ind.weight)):
                if (text := _number(number)) is not None:
                    props.append(prop(name, text))
            for name, label in (("type", ind.type), ("risk", ind.risk), ("unit", ind.unit)):
                if label:
                    props.append(prop(name, label))
            title_en = ind.title.en if ind.title is not None else None
            findings.append(c.Finding(
                uuid=_uuid("finding", *key, ind_id),
                title=_one_line(f"{fw_id} {ind_id}: {title_en or ind_id}"),
                description=_one_line(ind.reason or state),
                props=props,
                target=c.FindingTarget(
                    type=c.FindingTargetTypeValidValues("objective-id"),
                    target_id=control,
                    title=_one_line(title_en or ind_id),
                    status=status,
                    props=props,
                ),
                related_observations=related or None,
            ))

    result_props = [prop("organisation", org), prop("period", period),
                    prop("framework", f"{fw_id} v{fw_version}")]
    for commitment in d.commitments or []:
        cls = f"commitment-{commitment.id}"
        result_props.append(prop("band", commitment.band or "insufficient_evidence", cls))
        for name, number in (("score", commitment.score), ("coverage", commitment.coverage)):
            if (text := _number(number)) is not None:
                result_props.append(prop(name, text, cls))
    overrides = d.overrides or []
    result = ar.Result(
        uuid=_uuid("result", *key),
        title=_one_line(f"Pledge self-assessment of {org} for {period}"),
        description=_one_line(
            f"Indicators of {fw_id} v{fw_version} scored from audit runs and declared "
            f"evidence as of {as_of.isoformat()}; {len(overrides)} override(s) of the "
            "default thresholds and weights."),
        start=start,
        end=min(end, max(as_of, start)),
        props=result_props,
        reviewed_controls=c.ReviewedControls(
            control_selections=[c.ControlSelections(include_controls=controls or [
                c.SelectControlById(control_id=f"{fw_id.split('-')[0]}.none")])]),
        observations=list(observations.values()) or None,
        findings=findings or None,
    )
    metadata = c.Metadata(
        title=_one_line(f"Pledge self-assessment — {org}, {period}"),
        last_modified=as_of,
        version=fw_version,
        oscal_version=c.OscalVersion(ar.OSCAL_VERSION),
        parties=[c.Parties(uuid=party_uuid, type="organization", name=org)],
        props=[prop("tool", f"ai-work-audit {__version__}"),
               prop("schema", SELF_ASSESSMENT_SCHEMA)],
    )
    results = ar.AssessmentResults(
        uuid=_uuid("assessment-results", *key),
        metadata=metadata,
        import_ap=ar.ImportAp(
            href=f"#{plan_uuid}",
            remarks=f"The indicator framework {fw_id} v{fw_version} serves as assessment plan.",
        ),
        results=[result],
        back_matter=c.BackMatter(resources=[c.Resource(
            uuid=plan_uuid,
            title=_one_line(f"Indicator framework {fw_id} v{fw_version}"),
            description="The pledge indicator framework (policies/pledge-2025.yaml).",
        )]),
    )
    data: dict[str, Any] = json.loads(ar.Model(assessment_results=results).model_dump_json(
        by_alias=True, exclude_none=True))
    return data


def render_oscal(doc: Mapping[str, Any] | SelfAssessmentDocument) -> str:
    """The OSCAL assessment-results export as pretty JSON text."""
    return json.dumps(to_oscal(doc), indent=2, ensure_ascii=False) + "\n"
