"""The representative view of the per-worker monitoring sections (issue 11 item 4): the new
counts of workers carry disclosure annotations, so small ones are suppressed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ai_work_audit.disclosure import representative_view
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.run import run


def _audit(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = run("monitoring", path, MonitoringOptions(timezone="UTC"),
                                   record=False).audit.to_dict()
    return document


def _finding(document: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in document["findings"] if f["rule"] == rule)


def test_representative_view_suppresses_the_new_worker_counts(tmp_path: Path) -> None:
    rows = [{"timestamp": f"2026-03-0{2 + d}T{10 + h:02d}:00:00Z", "worker_id": f"w{w}",
             "event_type": "email"} for w in range(30) for d in range(5) for h in range(6)]
    rows += [{"timestamp": "2026-03-03T23:00:00Z", "worker_id": f"w{w}",
                            "event_type": "screenshot"} for w in (1, 2)]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    document = _audit(log)
    assert document["facts"]["surveillance.passive_off_hours_workers"] == 2
    view = representative_view(document, k=5)
    assert view["facts"]["surveillance.passive_off_hours_workers"] is None
    assert view["facts"]["surveillance.passive_off_hours_events"] is None
    off_hours = view["surveillance"]["passive_capture"]["off_hours"]
    assert off_hours["workers"] is None and off_hours["workers_suppressed"] is True
    # screenshots monitor 2 workers only: the type is hidden in every section, and the
    # section's totals would give it back
    assert off_hours["by_event_type"]["screenshot"] == {"group": "screenshot", "suppressed": True}
    assert off_hours["events"] is None and off_hours["events_suppressed"] is True
    assert view["facts"]["surveillance.passive_off_hours_types"] is None
    finding = _finding(view, "pwd.art7.off_hours")
    assert finding["outcome"] == "fail" and finding.get("suppressed") is True
    assert "2 workers" not in finding["message"]
    # the 30 workers with activity of their own are released
    assert view["surveillance"]["right_to_disconnect"]["workers_active"] == 30


def test_a_small_modality_cell_is_hidden_here_only(tmp_path: Path) -> None:
    """Screenshots of all 30 workers by day (a visible type); 2 of them at night: the night
    cell is hidden with its events and the section's totals, but screenshots stay visible
    everywhere else (the cell is not a category of the whole document)."""
    rows = [{"timestamp": f"2026-03-0{2 + d}T{10 + h:02d}:00:00Z", "worker_id": f"w{w}",
             "event_type": "screenshot"} for w in range(30) for d in range(5) for h in range(6)]
    rows += [{"timestamp": "2026-03-03T23:00:00Z", "worker_id": f"w{w}",
              "event_type": "screenshot"} for w in (1, 2)]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    view = representative_view(_audit(log), k=5)
    off_hours = view["surveillance"]["passive_capture"]["off_hours"]
    assert off_hours["by_event_type"]["screenshot"] == {"group": "screenshot", "suppressed": True}
    assert off_hours["workers"] is None and off_hours["events"] is None
    assert view["surveillance"]["by_event_type"]["screenshot"]["workers"] == 30
    assert view["facts"]["surveillance.screenshot_workers"] == 30
    assert view["facts"]["surveillance.passive_off_hours_workers"] is None
    assert view["facts"]["surveillance.passive_off_hours_events"] is None


def test_a_small_cell_beside_a_large_one_takes_the_totals_and_the_finding(tmp_path: Path) -> None:
    """12 workers screenshotted at night, 2 of them by webcam too: the webcam cell is hidden,
    and so are the totals and the finding's figures that would give it back."""
    rows = [{"timestamp": f"2026-03-0{2 + d}T{10 + h:02d}:00:00Z", "worker_id": f"w{w}",
             "event_type": kind} for w in range(30) for d in range(5) for h in range(6)
            for kind in ("screenshot", "webcam")]
    rows += [{"timestamp": "2026-03-03T23:00:00Z", "worker_id": f"w{w}",
              "event_type": "screenshot"} for w in range(12)]
    rows += [{"timestamp": "2026-03-03T23:30:00Z", "worker_id": f"w{w}",
              "event_type": "webcam"} for w in range(2)]
    log = tmp_path / "log.jsonl"
    log.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    document = _audit(log)
    assert document["facts"]["surveillance.passive_off_hours_events"] == 14
    view = representative_view(document, k=5)
    off_hours = view["surveillance"]["passive_capture"]["off_hours"]
    assert off_hours["by_event_type"]["screenshot"] == {"events": 12, "workers": 12}
    assert off_hours["by_event_type"]["webcam"] == {"group": "webcam", "suppressed": True}
    assert off_hours["events"] is None and off_hours["workers"] is None
    assert view["facts"]["surveillance.passive_off_hours_events"] is None
    finding = _finding(view, "pwd.art7.off_hours")
    assert finding["outcome"] == "fail" and finding["suppressed"] is True
    assert "14" not in finding["message"]
