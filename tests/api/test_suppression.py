"""Worker representatives see aggregates only: no category under k, no worker-level data,
in JSON and in rendered reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import FULL_HIRING_PARAMS, auth, done_audit

from ai_work_audit.api import suppress_small_cells
from ai_work_audit.api._suppress import PEOPLE_KEYS, WORKER_LEVEL_KEYS

K = 10
REP = ("acme", "worker_rep")


def _cells(value: Any) -> list[dict[str, Any]]:
    """Every mapping in a document."""
    found = []
    if isinstance(value, dict):
        found.append(value)
        for v in value.values():
            found += _cells(v)
    elif isinstance(value, list):
        for v in value:
            found += _cells(v)
    return found


def assert_no_small_cells(document: dict[str, Any], k: int) -> None:
    for cell in _cells(document):
        assert not (set(cell) & WORKER_LEVEL_KEYS), sorted(set(cell) & WORKER_LEVEL_KEYS)
        for key in PEOPLE_KEYS:
            value = cell.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                assert value >= k, (key, cell)
        if cell.get("suppressed") is True and "group" in cell:
            assert set(cell) == {"group", "suppressed"}
        for key in ("unknown", "unknown_workers"):
            value = cell.get(key)
            if isinstance(value, int) and not isinstance(value, bool):
                assert value == 0 or value >= k


def small_groups(document: dict[str, Any], k: int) -> list[str]:
    """Labels of the original hiring rows under k (all tables)."""
    labels = []
    for table in document["tables"]:
        for row in table["rows"]:
            if row["applicants"] < k:
                labels.append(" × ".join(row["group"].values()))
    return labels


@pytest.fixture
def audit(client: TestClient, app: Any, keys: dict[Any, str], hiring_csv: Path) -> str:
    return done_audit(client, app, keys[("acme", "hr_analyst")], hiring_csv, FULL_HIRING_PARAMS)


def test_json_view(client: TestClient, keys: dict[Any, str], audit: str) -> None:
    full = client.get(f"/v1/audits/{audit}", headers=auth(keys[("acme", "hr_analyst")])).json()
    view = client.get(f"/v1/audits/{audit}", headers=auth(keys[REP])).json()
    assert small_groups(full["result"], K), "the fixture must have small categories"
    assert full["result"]["trends"] and full["result"]["model_metrics"]
    assert_no_small_cells(view["result"], K)
    assert view["result"]["suppression"]["k"] == K
    assert view["result"]["suppression"]["cells"] > 0
    suppressed = [c for c in _cells(view["result"]) if c.get("suppressed") is True]
    assert len(suppressed) >= len(small_groups(full["result"], K))


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_rendered_view(client: TestClient, keys: dict[Any, str], audit: str, fmt: str,
                       lang: str, database_url: str) -> None:
    if database_url.startswith("postgres"):
        pytest.skip("rendering does not depend on the database; run on SQLite only")
    full = client.get(f"/v1/audits/{audit}", headers=auth(keys[("acme", "hr_analyst")])).json()
    text = client.get(f"/v1/audits/{audit}/report?format={fmt}&lang={lang}",
                      headers=auth(keys[REP])).text
    marker = "masqué : moins de 10" if lang == "fr" else "suppressed: fewer than 10"
    assert marker in text
    # every row of a category under k carries the marker, with no counts beside it
    for table in full["result"]["tables"]:
        for row in table["rows"]:
            if row["applicants"] >= K:
                continue
            last = list(row["group"].values())[-1]
            lines = [ln for ln in text.splitlines() if last in ln and marker in ln]
            assert lines, (last, fmt)
    full_text = client.get(f"/v1/audits/{audit}/report?format={fmt}&lang={lang}",
                           headers=auth(keys[("acme", "hr_analyst")])).text
    assert marker not in full_text


def test_k_is_a_setting(client: TestClient, app: Any, keys: dict[Any, str], audit: str) -> None:
    app.state.settings = app.state.settings.model_copy(update={"min_cell": 100})
    view = client.get(f"/v1/audits/{audit}", headers=auth(keys[REP])).json()["result"]
    assert view["suppression"]["k"] == 100
    assert_no_small_cells(view, 100)


def test_secondary_suppression() -> None:
    """One small cell alone would be revealed by total minus the rest: a second one goes."""
    doc = {"schema": "ai-work-audit/hiring-audit/v1", "tables": [{
        "attributes": ["sex"], "total": 130, "unknown": 0, "rows": [
            {"group": {"sex": "A"}, "applicants": 100, "selected": 50},
            {"group": {"sex": "B"}, "applicants": 25, "selected": 5},
            {"group": {"sex": "C"}, "applicants": 5, "selected": 1}]}], "findings": []}
    rows = suppress_small_cells(doc, 10)["tables"][0]["rows"]
    assert rows[0]["applicants"] == 100
    assert rows[1] == {"group": {"sex": "B"}, "suppressed": True}
    assert rows[2] == {"group": {"sex": "C"}, "suppressed": True}


def test_monitoring_document() -> None:
    """The monitoring-audit/v1 shape of contracts.md: samples and per-worker data go."""
    doc = {
        "schema": "ai-work-audit/monitoring-audit/v1",
        "input": {"events": 120000, "workers": 85, "sha256": "x"},
        "pii": {"records_scanned": 120000, "records_with_pii": 5400, "by_type": {
            "EMAIL_ADDRESS": {"records": 3100, "workers": 80},
            "HEALTH": {"records": 12, "workers": 4}}},
        "surveillance": {
            "by_event_type": {"screenshot": {"events": 9000, "workers": 20,
                                             "median_interval_s": 300,
                                             "events_per_worker_day": {"median": 3, "p95": 9,
                                                                       "max": 40}},
                              "webcam": {"events": 90, "workers": 2},
                              # hidden with webcam: events add up to the log's total
                              "email": {"events": 500, "workers": 12}},
            "modalities_per_worker": {"median": 3, "max": 7},
            "intensity_by_group": {"site": {"groups": [
                {"group": "Paris", "workers": 60, "events": 1000},
                {"group": "Lyon", "workers": 20, "events": 500},
                {"group": "Nice", "workers": 5, "events": 100}],
                "unknown_workers": 3, "reference_group": "Paris"}},
        },
        "findings": [{"rule": "r", "message": "4 workers with health data",
                      "messages": {"en": "4 workers with health data",
                                   "fr": "4 salariés avec des données de santé"},
                      "metrics": {"privacy.special_category_workers": 4}}],
        "samples": [{"rule": "r", "text": "meeting with <PERSON>"}],
        "per_worker": [{"worker_id": "ab12", "events": 3}],
    }
    view = suppress_small_cells(doc, 10)
    assert "samples" not in view and "per_worker" not in view
    assert view["pii"]["by_type"]["HEALTH"] == {"group": "HEALTH", "suppressed": True}
    assert view["pii"]["by_type"]["EMAIL_ADDRESS"]["workers"] == 80
    assert view["surveillance"]["by_event_type"]["webcam"]["suppressed"] is True
    assert "max" not in view["surveillance"]["modalities_per_worker"]
    assert "max" not in view["surveillance"]["by_event_type"]["screenshot"][
        "events_per_worker_day"]
    groups = view["surveillance"]["intensity_by_group"]["site"]["groups"]
    assert [g.get("suppressed", False) for g in groups] == [False, True, True]
    assert view["surveillance"]["intensity_by_group"]["site"]["unknown_workers"] is None
    finding = view["findings"][0]
    assert finding["suppressed"] is True and "4" not in finding["message"]
    # the same figures in every language: replaced by the note too
    assert set(finding.get("messages", {}).values()) <= {finding["message"]}
    assert_no_small_cells(view, 10)
    assert doc["samples"], "the input document is not changed"
