"""Monitoring judged per worker and per modality (issue 11 item 4; rulebook.md "Passive capture
and worker-initiated activity"), end to end through the real audit, policy packs and views."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.run import run

POLICY = Path(__file__).resolve().parents[2] / "policies" / \
    "company-monitoring-policy.example.yaml"


def _log(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _daytime(workers: int, days: int = 5, kind: str = "email") -> list[dict[str, Any]]:
    """Worker-initiated events inside working time (Mon 2 Mar 2026 …, 10:00-16:00 UTC)."""
    return [{"timestamp": f"2026-03-0{2 + d}T{10 + h:02d}:00:00Z", "worker_id": f"w{w}",
             "event_type": kind} for w in range(workers) for d in range(days) for h in range(6)]


def _audit(path: Path, **options: Any) -> dict[str, Any]:
    result = run("monitoring", path, MonitoringOptions(timezone="UTC", **options),
                 record=False)
    document: dict[str, Any] = result.audit.to_dict()
    return document


def _finding(document: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in document["findings"] if f["rule"] == rule)


def test_a_few_workers_screenshotted_at_night_fail_wp03_however_small_the_share(
        tmp_path: Path) -> None:
    rows = _daytime(40)  # 1,200 worker-initiated events inside working time
    night = [{"timestamp": f"2026-03-03T23:{m:02d}:00Z", "worker_id": f"w{w}",
              "event_type": "screenshot"} for w in (1, 2, 3) for m in (0, 10)]
    document = _audit(_log(tmp_path / "log.jsonl", rows + night))
    facts = document["facts"]
    assert facts["surveillance.off_hours_share"] < 0.005  # the old rule passed this log
    assert facts["surveillance.passive_off_hours_workers"] == 3
    assert facts["surveillance.passive_off_hours_events"] == 6
    off_hours = _finding(document, "pwd.art7.off_hours")
    assert off_hours["outcome"] == "fail" and off_hours["severity"] == "critical"
    assert off_hours["refs"] == ["WP-03"]
    assert off_hours["message"].startswith("3 workers were captured passively outside working")
    assert "6 events (screenshot)" in off_hours["message"]
    assert off_hours["messages"]["fr"].startswith("3 salariés ont fait l'objet d'une captation")
    passive = document["surveillance"]["passive_capture"]
    assert passive["off_hours"] == {"events": 6, "workers": 3,
                                    "by_event_type": {"screenshot": {"events": 6, "workers": 3}}}
    assert passive["on_leave"] is None  # no roster with leave periods


def test_worker_initiated_activity_outside_hours_is_a_right_to_disconnect_measure(
        tmp_path: Path) -> None:
    rows = _daytime(10)  # 30 e-mails each inside working time
    # 4 of the 10 workers send 5 e-mails at 21:00 (5 / 35 = 14 % of their own activity),
    # 1 more sends one (1 / 31 = 3 %, under the 10 % cut-off)
    late = [{"timestamp": f"2026-03-0{2 + d}T21:00:00Z", "worker_id": f"w{w}",
             "event_type": "email"} for w in range(4) for d in range(5)]
    late.append({"timestamp": "2026-03-02T21:30:00Z", "worker_id": "w9", "event_type": "email"})
    document = _audit(_log(tmp_path / "log.jsonl", rows + late))
    facts = document["facts"]
    assert facts["surveillance.passive_off_hours_workers"] == 0
    assert _finding(document, "pwd.art7.off_hours")["outcome"] == "pass"
    assert facts["surveillance.disconnect_workers_active"] == 10
    assert facts["surveillance.disconnect_workers_above"] == 4
    assert facts["surveillance.disconnect_share"] == pytest.approx(0.4)
    disconnect = _finding(document, "cnil.right_to_disconnect")
    assert disconnect["outcome"] == "fail" and disconnect["severity"] == "medium"
    assert disconnect["message"].startswith("40% of the workers with activity of their own")
    assert "(4 of 10 workers; threshold 25%)" in disconnect["message"]
    section = document["surveillance"]["right_to_disconnect"]
    assert section["workers_off_hours"] == 5 and section["workers_above"] == 4
    assert section["worker_share_threshold"] == 0.1
    assert section["off_hours_events"] == 21


def test_passive_capture_on_leave_fails_per_worker_and_type(tmp_path: Path) -> None:
    rows = _daytime(12, kind="logon")
    rows += [{"timestamp": "2026-03-04T11:00:00Z", "worker_id": "w0", "event_type": kind}
             for kind in ("keystroke", "keystroke", "webcam")]
    rows += [{"timestamp": "2026-03-04T12:00:00Z", "worker_id": "w1", "event_type": "email"}]
    roster = tmp_path / "roster.csv"
    roster.write_text("worker_id,name,leave_start,leave_end\nw0,Ann Lee,2026-03-04,2026-03-04\n"
                      "w1,Bo Chen,2026-03-04,2026-03-05\n" + "".join(
                          f"w{w},Worker Number{w},,\n" for w in range(2, 12)), encoding="utf-8")
    document = _audit(_log(tmp_path / "log.jsonl", rows), roster=str(roster))
    facts = document["facts"]
    # every event on leave is still counted; only passive capture fails WP-03
    assert facts["surveillance.on_leave_events"] == 6 + 3 + 6 + 1 + 6
    assert facts["surveillance.passive_on_leave_workers"] == 1
    assert facts["surveillance.passive_on_leave_events"] == 3
    on_leave = _finding(document, "pwd.art7.on_leave")
    assert on_leave["outcome"] == "fail"
    assert "1 workers were captured passively while on leave: 3 events (keystroke, webcam)" \
        in on_leave["message"]
    leave = document["surveillance"]["passive_capture"]["on_leave"]
    assert leave["by_event_type"] == {"keystroke": {"events": 2, "workers": 1},
                                      "webcam": {"events": 1, "workers": 1}}


def test_the_company_policy_may_reclassify_event_types(tmp_path: Path) -> None:
    rows = [*_daytime(3, kind="logon"),
            {"timestamp": "2026-03-03T23:00:00Z", "worker_id": "w0", "event_type": "logon"}]
    log = _log(tmp_path / "log.jsonl", rows)
    shipped = _audit(log)
    assert shipped["facts"]["surveillance.passive_off_hours_workers"] == 0
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace(
        "# modalities:\n#   passive: [screenshot,",
        "modalities:\n  passive: [logon]\n  worker_initiated: [email]\n# x: [screenshot,"),
        encoding="utf-8")
    own = _audit(log, company_policy=str(policy))
    assert own["surveillance"]["modalities"]["source"] == "policy.yaml"
    assert own["surveillance"]["modalities"]["passive"] == ["logon"]
    assert own["facts"]["surveillance.passive_off_hours_workers"] == 1
    assert _finding(own, "pwd.art7.off_hours")["outcome"] == "fail"


def test_a_type_in_both_lists_is_a_clear_error(tmp_path: Path,
                                               cli: Callable[..., Any]) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY.read_text(encoding="utf-8").replace(
        "# modalities:\n", "modalities:\n  passive: [logon]\n  worker_initiated: [logon]\n"),
        encoding="utf-8")
    log = _log(tmp_path / "log.jsonl", _daytime(2))
    result = cli("monitoring", str(log), "--no-ledger", "--company-policy", str(policy))
    assert result.code == 2
    assert "policy.yaml:" in result.stderr and "modalities.worker_initiated[0]" in result.stderr
    assert "Traceback" not in result.stderr


def test_company_pack_uses_the_company_wording(tmp_path: Path) -> None:
    rows = _daytime(12) + [{"timestamp": "2026-03-03T10:30:00Z", "worker_id": f"w{w}",
                            "event_type": "webcam"} for w in range(12)]
    document = _audit(_log(tmp_path / "log.jsonl", rows), company_policy=str(POLICY))
    document_fr = run("monitoring", tmp_path / "log.jsonl", MonitoringOptions(
        timezone="UTC", company_policy=str(POLICY)), record=False, lang="fr").audit.to_dict()
    allowed = _finding(document, "company.allowed_event_types")
    assert allowed["policy"] == "company-monitoring-policy" and allowed["outcome"] == "fail"
    assert allowed["message"] == ("Our charter lists the only data we collect; 12 workers were "
                                  "monitored with types it does not list (webcam): 12 events.")
    assert document["facts"]["company.disallowed_event_type_workers"] == 12
    assert _finding(document_fr, "company.allowed_event_types")["message"].startswith(
        "Notre charte liste les seules données")
    # the rules it does not word keep the catalogue's texts; the audit judged times in UTC,
    # not in the company's Europe/Paris, so its working-time rule cannot be checked
    working = _finding(document, "company.working_time")
    assert working["outcome"] == "not_available"
    declared = document["parameters"]["company_policy_declared"]
    assert declared["worded_rules"] == ["allowed_event_types"]
    assert declared["working_time"] == {"timezone": "Europe/Paris", "hours": "08:00-19:00",
                                        "days": ["mon", "tue", "wed", "thu", "fri"]}
    assert not any("does not allow" in w for w in document["warnings"])


def test_recipients_are_addressing_metadata_and_subjects_are_scanned(tmp_path: Path) -> None:
    rows = [{"timestamp": "2026-03-02T10:00:00Z", "worker_id": f"w{w}", "event_type": "email",
             "recipients": f"colleague{w}@example.com", "subject": "Weekly planning",
             "content": "see the attached plan"} for w in range(12)]
    rows[0]["subject"] = "Arrêt maladie : certificat médical pour ma chimiothérapie"
    rows[1]["note"] = "Call me on +33 6 12 34 56 78 about the contract"
    document = _audit(_log(tmp_path / "log.jsonl", rows), text_column=("note",))
    facts = document["facts"]
    assert facts["privacy.recipient_address_records"] == 12
    assert facts["privacy.recipient_address_workers"] == 12
    assert document["pii"]["addressing_metadata"] == {"records": 12, "workers": 12}
    # the addresses in recipients are not direct identifiers of analytics records (WP-21) ...
    assert facts["privacy.direct_identifier_workers"] == 1  # ... the phone in the note is
    assert facts["privacy.special_category_workers"] == 1  # from the subject
    assert _finding(document, "pwd.art7.special_categories")["message"].startswith(
        "1 workers have records revealing health")
    assert document["parameters"]["text_column"] == ["note"]


def test_the_demo_off_hours_screenshots_fail_wp03_naming_the_workers(tmp_path: Path) -> None:
    """Done-when of issue 11: the demo's off-hours screenshots fail WP-03 and the finding names
    the count of workers; the company policy's breaches are findings of its pack."""
    from rich.console import Console

    from ai_work_audit.demo import run_monitoring_demo
    from ai_work_audit.synthetic_monitoring import write_monitoring_data

    with (tmp_path / "console.txt").open("w") as out:
        audit, _ = run_monitoring_demo(tmp_path, workers=40, console=Console(file=out))
    planted = write_monitoring_data(tmp_path / "again", workers=40)  # same seed, same plants
    document = audit.to_dict()
    workers = document["facts"]["surveillance.passive_off_hours_workers"]
    assert workers > 0
    assert document["facts"]["surveillance.passive_off_hours_events"] == \
        planted["off_hours_events"]
    off_hours = _finding(document, "pwd.art7.off_hours")
    assert off_hours["outcome"] == "fail"
    assert off_hours["message"].startswith(f"{workers} workers were captured passively")
    assert "screenshot" in off_hours["message"]
    company = [f for f in document["findings"] if f["policy"] == "company-monitoring-policy"]
    assert {f["rule"]: f["outcome"] for f in company}["company.allowed_event_types"] == "fail"


def test_exposure_findings_count_workers_and_name_events_by_type(tmp_path: Path) -> None:
    """Keylogger, keystroke counts, idle and productivity metrics, emotion, full URLs and
    retention are judged in workers, with their events and types in the message (issue 11)."""
    day = "2026-03-03"
    rows = _daytime(12)
    def event(w: int, kind: str, minute: int, stamp_day: str = day, **extra: Any
              ) -> dict[str, Any]:
        return {"timestamp": f"{stamp_day}T11:{minute:02d}:00Z", "worker_id": f"w{w}",
                "event_type": kind, **extra}
    rows += [event(w, "keystroke", m, content="typed text") for w in (0, 1) for m in (0, 1)]
    rows += [event(2, "keystroke", m) for m in range(5)]  # counts only
    rows += [event(w, kind, m) for w, kind in ((3, "idle"), (4, "idle"),
                                                (5, "productivity_score"))
             for m in range(10)]  # one a minute: finer than 5 minutes
    rows += [event(6, "emotion", m) for m in range(3)]
    rows += [event(w, "url", 0, url="https://intranet.example/page?id=1") for w in (7, 8, 9)]
    rows += [event(10, "url", 1, url="https://intranet.example/")]  # a host only
    rows += [event(w, "screenshot", 5, stamp_day="2026-01-05") for w in (10, 11)]  # old
    document = _audit(_log(tmp_path / "log.jsonl", rows))
    document_fr = run("monitoring", tmp_path / "log.jsonl", MonitoringOptions(timezone="UTC"),
                      record=False, lang="fr").audit.to_dict()
    facts = document["facts"]
    assert facts["surveillance.keystroke_content_workers"] == 2
    assert facts["surveillance.keystroke_content_events"] == 4
    assert facts["surveillance.keystroke_count_workers"] == 1
    assert facts["surveillance.idle_metric_workers"] == 3
    assert facts["surveillance.idle_metric_events"] == 30
    assert facts["surveillance.idle_metric_types"] == "idle, productivity_score"
    assert facts["privacy.emotion_inference_workers"] == 1
    assert facts["privacy.full_url_workers"] == 3 and facts["privacy.full_url_records"] == 3
    assert facts["retention.workers_past_limit"] == 2
    assert facts["retention.records_past_limit"] == 2
    assert facts["retention.types_past_limit"] == "screenshot"
    messages = {rule: (_finding(document, rule)["message"],
                       _finding(document_fr, rule)["message"]) for rule in (
        "cnil.keylogger", "cnil.keystroke_counts", "cnil.idle_metrics",
        "aiact.art5.emotion_recognition", "gdpr.art5.full_urls",
        "gdpr.art5.storage_limitation")}
    assert messages["cnil.keylogger"][0].startswith("2 workers had the content of their "
                                                    "keystrokes captured")
    assert "4 events (keystroke)" in messages["cnil.keylogger"][0]
    assert messages["cnil.keylogger"][1].startswith("2 salariés ont eu le contenu")
    assert messages["cnil.keystroke_counts"][0].startswith("1 workers had their keystrokes")
    assert ("30 events (idle, productivity_score)" in messages["cnil.idle_metrics"][0])
    assert messages["cnil.idle_metrics"][1].startswith("3 salariés ont été mesurés")
    assert messages["aiact.art5.emotion_recognition"][0].startswith(
        "1 workers had their emotion")
    assert "3 events (emotion)" in messages["aiact.art5.emotion_recognition"][0]
    assert messages["gdpr.art5.full_urls"][0].startswith("3 workers have full URLs")
    assert "3 enregistrements (url)" in messages["gdpr.art5.full_urls"][1]
    assert messages["gdpr.art5.storage_limitation"][0].startswith(
        "2 workers have records kept beyond")
    assert "2 records (screenshot;" in messages["gdpr.art5.storage_limitation"][0]
    for rule in messages:
        finding = _finding(document, rule)
        assert finding["outcome"] == "fail", rule
        assert any("workers" in name for name in finding["metrics"]), rule


def test_the_event_mapping_reclassifies_an_event_type(tmp_path: Path) -> None:
    """A vendor's screen recordings that start only when the worker shares a screen: its
    mapping moves ``screen_recording`` to worker-initiated activity, so the night sessions are
    a right-to-disconnect measure, not a WP-03 breach; the document names the override."""
    rows = _daytime(12) + [{"timestamp": "2026-03-03T22:00:00Z", "worker_id": f"w{w}",
                            "event_type": "screen_recording"} for w in (1, 2)]
    log = _log(tmp_path / "log.jsonl", rows)
    mapping = tmp_path / "vendor.yaml"
    mapping.write_text(
        "modalities:\n  worker_initiated: [screen_recording]\n"
        "files:\n  - match: '*.jsonl'\n"
        "    columns: {timestamp: timestamp, worker_id: worker_id, event_type: event_type}\n",
        encoding="utf-8")
    plain = _audit(log)
    assert _finding(plain, "pwd.art7.off_hours")["outcome"] == "fail"
    mapped = _audit(log, mapping=str(mapping))
    assert mapped["facts"]["surveillance.passive_off_hours_workers"] == 0
    assert _finding(mapped, "pwd.art7.off_hours")["outcome"] == "pass"
    kinds = mapped["surveillance"]["modalities"]
    assert kinds["source"] == "shipped; mapping vendor.yaml"
    assert "screen_recording" in kinds["worker_initiated"]
    assert "screen_recording" not in kinds["passive"]
    assert mapped["surveillance"]["right_to_disconnect"]["workers_off_hours"] == 2
