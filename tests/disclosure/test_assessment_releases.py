"""Self-assessments and consolidated reports released to representatives (issue 10): their
figures are drawn from audits, so they are scored from the audits' representative views, whose
releases go through the organisation's register like any other. The control: the full
self-assessment carries the full document's 0.0 minimum impact ratio, which the representative
view of the same audit hides (a 0 % cell).

A real hiring audit recorded in a real MLflow store in a tmp workspace; the CLI in-process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.disclosure import Register, representative_view

ORG = "acme"
K = 10
PERIOD = "2020-01-01/2099-12-31"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.run import run
    from ai_work_audit.synthetic import make_hiring_data

    home = tmp_path_factory.mktemp("home")
    data = home / "candidates.csv"
    make_hiring_data(2000, seed=7).candidates.to_csv(data, index=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AI_WORK_AUDIT_HOME", str(home))
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        result = run("hiring", data, HiringOptions(
            group=("sex", "race_ethnicity"), outcome="screened_in", organisation=ORG,
            system="screener"), record=True)
        yield home, result.full_document


def _indicator(document: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(i for c in document["commitments"] for i in c["indicators"] if i["id"] == ident)


def test_a_representative_self_assessment_rests_on_released_figures(
        workspace: tuple[Path, dict[str, Any]], cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, full_audit = workspace
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(home))
    assert full_audit["facts"]["hiring.min_impact_ratio"] == 0.0  # a 0 % cell in the data
    full = cli("self-assessment", "--period", PERIOD, "--org", ORG)
    assert full.code == 0, full.stderr
    control = json.loads(full.stdout)
    # control: the full self-assessment gives the hidden 0 % cell back (representativeness
    # 0.0: a category with nobody selected) and the full document's lowest ratio
    assert _indicator(control, "4.4")["value"] == 0.0
    assert _indicator(control, "4.1")["value"] == \
        full_audit["facts"]["hiring.min_impact_ratio_over_2pct"]
    result = cli("self-assessment", "--period", PERIOD, "--org", ORG,
                 "--audience", "representative")
    assert result.code == 0, result.stderr
    released = json.loads(result.stdout)
    # the audit as representatives see it (the register gives the same view again)
    view = representative_view(full_audit, K, Register(ORG, home))
    ratio = view["facts"]["hiring.min_impact_ratio_over_2pct"]
    assert ratio is not None and ratio != full_audit["facts"]["hiring.min_impact_ratio_over_2pct"]
    assert _indicator(released, "4.1")["value"] == ratio
    shown = view["facts"]["hiring.min_representativeness"]
    assert _indicator(released, "4.4")["value"] == shown
    assert shown not in (None, 0.0)
    assert released["disclosure"]["audience"] == "representative"
    assert released["disclosure"]["receipt"]["organisation"] == ORG
    assert "hidden cell" in released["disclosure"]["summaries"]["en"]
    # the audit release was recorded in the organisation's register
    assert any(r.key.startswith(str(full_audit["audit_id"]))
               for r in Register(ORG, home).releases())
    # a consolidation for representatives is built from representative self-assessments
    consolidated = cli("consolidate", "--period", PERIOD, "--audience", "representative",
                       "--min-organisations", "1")
    assert consolidated.code == 0, consolidated.stderr
    document = json.loads(consolidated.stdout)
    assert document["disclosure"]["audience"] == "representative"
    bad = cli("self-assessment", "--period", PERIOD, "--org", ORG, "--audience", "boss")
    assert bad.code == 2
