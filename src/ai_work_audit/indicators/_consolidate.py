"""Consolidate self-assessments of many organisations for one period (``consolidated/v1``).

The pledge: "initial self-assessments may be consolidated to be presented as a collective
impact". Per indicator and commitment: how many organisations are scored, not applicable or
inconclusive, and the distribution of scores. Any figure resting on fewer than
``min_organisations`` organisations is replaced by ``{"suppressed": true}`` so that no single
organisation's result can be read out of the report.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.indicators._records import SELF_ASSESSMENT_SCHEMA

CONSOLIDATED_SCHEMA = "ai-work-audit/consolidated/v1"
SUPPRESSED: dict[str, bool] = {"suppressed": True}
STATES = ("scored", "not_applicable", "inconclusive")
BANDS = ("on_track", "partial", "off_track", "insufficient_evidence", "not_applicable")
_BAND_STATE = {
    "on_track": "scored",
    "partial": "scored",
    "off_track": "scored",
    "insufficient_evidence": "inconclusive",
    "not_applicable": "not_applicable",
}

MSG_MIN_ORGS = (
    "The 'min_organisations' parameter of consolidate must be a whole number ≥ 1; "
    "got {got} instead."
)
MSG_SUPPRESSION = (
    'Figures resting on fewer than {k} organisations are replaced by {{"suppressed": true}} '
    "so that no organisation's result can be singled out. State counts rest on every "
    "participating organisation; a score distribution rests on the organisations scored."
)


def _distribution(values: Sequence[float], decimals: int = 2) -> dict[str, float | int]:
    data = sorted(values)
    if len(data) == 1:
        q1 = median = q3 = data[0]
    else:
        q1, median, q3 = statistics.quantiles(data, n=4, method="inclusive")
    return {
        "n": len(data),
        "min": round(data[0], decimals),
        "q1": round(q1, decimals),
        "median": round(median, decimals),
        "q3": round(q3, decimals),
        "max": round(data[-1], decimals),
        "mean": round(statistics.fmean(data), decimals),
    }


class _Counter:
    """Counts suppressed figures while building the document."""

    def __init__(self, k: int) -> None:
        self.k = k
        self.suppressed = 0

    def figure(self, base: int, value: Any) -> Any:
        if base < self.k:
            self.suppressed += 1
            return dict(SUPPRESSED)
        return value

    def distribution(self, values: Sequence[float], decimals: int = 2) -> Any:
        if len(values) < self.k:
            self.suppressed += 1
            return dict(SUPPRESSED)
        return _distribution(values, decimals)


def _check(
    assessments: Sequence[Mapping[str, Any]], period: str
) -> tuple[dict[str, Any], list[str]]:
    problems: list[str] = []
    framework: dict[str, Any] = {}
    organisations: dict[str, int] = {}
    shape: list[tuple[Any, tuple[Any, ...]]] | None = None
    for n, doc in enumerate(assessments):
        at = f"assessments[{n}]"
        if not isinstance(doc, Mapping):
            problems.append(f"{at} must be a self-assessment object; got {type(doc).__name__}.")
            continue
        if doc.get("schema") != SELF_ASSESSMENT_SCHEMA:
            problems.append(f"{at}.schema must be {SELF_ASSESSMENT_SCHEMA}; got another id.")
            continue
        if doc.get("period") != period:
            problems.append(f"{at}.period must be the consolidated period; got another period.")
        fw = doc.get("framework") or {}
        if not framework:
            framework = {"id": fw.get("id"), "version": fw.get("version")}
        elif fw.get("id") != framework["id"] or fw.get("version") != framework["version"]:
            problems.append(
                f"{at}.framework must be the same as assessments[0]'s; got another id or version."
            )
        org = doc.get("organisation")
        if not isinstance(org, str) or not org:
            problems.append(f"{at}.organisation must be a non-empty name.")
        elif org in organisations:
            problems.append(
                f"{at} repeats the organisation of assessments[{organisations[org]}]; "
                "give one self-assessment per organisation."
            )
        else:
            organisations[org] = n
        try:
            this = [(c["id"], tuple(i["id"] for i in c["indicators"])) for c in doc["commitments"]]
        except (KeyError, TypeError):
            problems.append(f"{at}.commitments must list commitments with indicators.")
            continue
        if shape is None:
            shape = this
        elif this != shape:
            problems.append(f"{at} must have the same commitments and indicators as the others.")
    return framework, problems


def consolidate(
    assessments: Sequence[Mapping[str, Any]],
    *,
    period: str,
    min_organisations: int = 5,
) -> dict[str, Any]:
    """Consolidate self-assessment documents (``self-assessment/v1``) of one period.

    Per indicator and commitment: organisations scored / not_applicable / inconclusive (a
    commitment counts as inconclusive when its band is insufficient_evidence), and min,
    quartiles, median, max and mean of the scores of those scored. Suppression (default 5):
    state counts rest on all participating organisations, a distribution on those scored;
    either is replaced by ``{"suppressed": true}`` below ``min_organisations``.
    """
    if (
        isinstance(min_organisations, bool)
        or not isinstance(min_organisations, int)
        or min_organisations < 1
    ):
        raise ConfigError(MSG_MIN_ORGS.format(got=type(min_organisations).__name__))
    framework, problems = _check(assessments, period)
    if problems:
        raise InputError(problems, source="consolidate")
    total = len(assessments)
    counter = _Counter(min_organisations)
    commitments_out: list[dict[str, Any]] = []
    indicators_out: list[dict[str, Any]] = []
    if assessments:
        for c_index, c in enumerate(assessments[0]["commitments"]):
            per_org = [doc["commitments"][c_index] for doc in assessments]
            states = {s: 0 for s in STATES}
            bands = {b: 0 for b in BANDS}
            scores: list[float] = []
            coverages: list[float] = []
            for entry in per_org:
                band = entry.get("band", "insufficient_evidence")
                bands[band] = bands.get(band, 0) + 1
                state = _BAND_STATE.get(band, "inconclusive")
                states[state] += 1
                if state == "scored" and entry.get("score") is not None:
                    scores.append(float(entry["score"]))
                if entry.get("coverage") is not None:
                    coverages.append(float(entry["coverage"]))
            commitments_out.append(
                {
                    "id": c["id"],
                    "organisations": {s: counter.figure(total, n) for s, n in states.items()},
                    "bands": {b: counter.figure(total, n) for b, n in bands.items()},
                    "score": counter.distribution(scores),
                    "coverage": counter.distribution(coverages, 4),
                }
            )
            for i_index, ind in enumerate(c["indicators"]):
                i_states = {s: 0 for s in STATES}
                i_scores: list[float] = []
                for entry in per_org:
                    result = entry["indicators"][i_index]
                    state = result.get("state")
                    if state not in i_states:
                        state = "inconclusive"
                    i_states[state] += 1
                    if state == "scored" and result.get("score") is not None:
                        i_scores.append(float(result["score"]))
                indicators_out.append(
                    {
                        "id": ind["id"],
                        "commitment": c["id"],
                        "organisations": {s: counter.figure(total, n) for s, n in i_states.items()},
                        "score": counter.distribution(i_scores),
                    }
                )
    notes: list[str] = []
    if total < min_organisations:
        notes.append(
            f"{total} organisations took part, fewer than {min_organisations}: "
            "every figure is suppressed."
        )
    return {
        "schema": CONSOLIDATED_SCHEMA,
        "period": period,
        "framework": framework or None,
        "organisations": total,
        "min_organisations": min_organisations,
        "suppression": {
            "min_organisations": min_organisations,
            "suppressed_figures": counter.suppressed,
            "reason": MSG_SUPPRESSION.format(k=min_organisations),
        },
        "notes": notes,
        "commitments": commitments_out,
        "indicators": indicators_out,
    }
