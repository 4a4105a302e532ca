"""The monitoring audit end to end on synthetic CERT-schema logs with planted problems."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_monitoring_audit
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("logs")
    return folder, write_monitoring_data(folder, workers=60, days=14)


@pytest.fixture(scope="module")
def document(planted: tuple[Path, dict[str, Any]], tmp_path_factory: pytest.TempPathFactory,
             ) -> dict[str, Any]:
    folder, _ = planted
    home = tmp_path_factory.mktemp("ws")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AI_WORK_AUDIT_HOME", str(home))
        audit = run_monitoring_audit(folder, MonitoringOptions(
            mapping="cert", timezone=TIMEZONE, roster=str(folder / "roster.csv")), record=False)
    return audit.to_dict()


def _finding(document: dict[str, Any], rule: str) -> dict[str, Any]:
    return next(f for f in document["findings"] if f["rule"] == rule)


def test_document_follows_the_contract(document: dict[str, Any],
                                       planted: tuple[Path, dict[str, Any]]) -> None:
    _, facts = planted
    assert document["schema"] == "ai-work-audit/monitoring-audit/v1"
    assert document["input"]["events"] == facts["events"]
    assert document["input"]["workers"] == 60
    assert set(document["pii"]) >= {"records_scanned", "records_with_pii", "by_type"}
    assert set(document["surveillance"]) >= {"by_event_type", "off_hours_share",
                                             "modalities_per_worker"}
    assert document["surveillance"]["by_event_type"]["screenshot"]["events"] == \
        facts["screenshot_events"]
    for finding in document["findings"]:
        assert set(finding) >= {"rule", "policy", "policy_version", "commitment", "severity",
                                "outcome", "refs", "message", "metrics", "legal_basis"}


def test_planted_problems_are_found(document: dict[str, Any],
                                    planted: tuple[Path, dict[str, Any]]) -> None:
    _, facts = planted
    found = document["facts"]
    assert found["privacy.emotion_inference_events"] == facts["emotion_events"]
    assert found["privacy.union_recipient_messages"] == facts["union_recipient_emails"]
    assert found["surveillance.on_leave_events"] == facts["on_leave_events"]
    assert found["surveillance.keystroke_content_events"] == facts["keystroke_content_events"]
    assert found["privacy.records_with.HEALTH"] >= facts["health_term_emails"]
    assert found["privacy.records_with.EMAIL_ADDRESS"] >= (
        facts["http_email_in_content"] + facts["file_email_in_content"])
    expected_fail = ["aiact.art5.emotion_recognition", "pwd.art7.representatives_messages",
                     "pwd.art7.special_categories", "pwd.art7.on_leave", "cnil.screenshots",
                     "cnil.webcam", "cnil.keylogger", "gdpr.art25.direct_identifiers"]
    for rule in expected_fail:
        assert _finding(document, rule)["outcome"] == "fail", rule
    assert _finding(document, "cnil.audio")["outcome"] == "pass"


def test_no_raw_personal_data_in_the_document(document: dict[str, Any],
                                              planted: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = planted
    roster = pd.read_csv(folder / "roster.csv")
    text = json.dumps(document, ensure_ascii=False)
    for value in [*roster["employee_name"], *roster["email"], *roster["user_id"]]:
        assert str(value) not in text
    for sample in document["samples"]:
        assert "@" not in sample["text"]
        assert sample["rule"] in {f["rule"] for f in document["findings"]}
    assert "exposed_workers" not in document["pii"]  # counts only, not even pseudonyms
    assert document["pii"]["by_type"]["HEALTH"]["workers"] >= 1


def test_naive_timestamps_need_a_timezone(planted: tuple[Path, dict[str, Any]],
                                          cli: Callable[..., Any]) -> None:
    folder, _ = planted
    result = cli("monitoring", str(folder), "--mapping", "cert", "--no-ledger",
                     "--format", "json")
    assert result.code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and "--timezone" in line and "'date'" in line


def test_broken_json_lines_are_skipped_and_counted(tmp_path: Path,
                                                   cli: Callable[..., Any]) -> None:
    lines = [
        {"timestamp": "2026-03-02T10:00:00+01:00", "worker_id": "u1", "event_type": "screenshot"},
        {"timestamp": "2026-03-02T23:00:00+01:00", "worker_id": "u1", "event_type": "screenshot"},
        {"timestamp": "2026-03-03T10:00:00+01:00", "worker_id": "u2", "event_type": "telepathy"},
    ]
    raw = "\n".join(json.dumps(x) for x in lines[:2]) + '\n{"timestamp": broken\n' + \
        json.dumps(lines[2]) + "\n"
    path = tmp_path / "log.jsonl"
    path.write_text(raw)
    result = cli("monitoring", str(path), "--no-ledger", "--format", "json", "--jobs", "1")
    assert result.code == 0, result.stderr
    assert "(lines 3)" in result.stderr and "warning:" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["input"]["events"] == 3
    assert doc["surveillance"]["off_hours_events"] == 1
    assert any("telepathy" in w or "unknown" in w.lower() for w in doc["warnings"])


def test_hr_export_columns_are_classified(tmp_path: Path,
                                          cli: Callable[..., Any]) -> None:
    frame = pd.DataFrame({
        "employee": [f"E{i:04d}" for i in range(20)],
        "contact": [f"person{i}@example.org" for i in range(20)],
        "absence_note": ["arrêt maladie" if i % 4 == 0 else "congés payés" for i in range(20)],
        "team": ["ops", "sales"] * 10,
    })
    path = tmp_path / "hr_export.csv"
    frame.to_csv(path, index=False)
    result = cli("monitoring", str(path), "--no-ledger", "--format", "json",
                     "--language", "fr")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    columns = {c["column"]: c for c in doc["columns"]}
    assert columns["contact"]["direct_identifier"] is True
    assert columns["contact"]["detected"]["EMAIL_ADDRESS"] == 1.0
    assert columns["absence_note"]["special_category"] is True
    assert columns["team"]["direct_identifier"] is False
    assert columns["team"]["special_category"] is False
    assert doc["facts"]["privacy.direct_identifier_records"] == 20
    assert "person1@example.org" not in result.stdout


def test_company_policy_sets_time_zone_retention_and_allowed_types(
        planted: tuple[Path, dict[str, Any]], cli: Callable[..., Any]) -> None:
    folder, facts = planted
    policy = Path(__file__).resolve().parents[2] / "policies" / \
        "company-monitoring-policy.example.yaml"
    base = ("monitoring", str(folder), "--mapping", "cert", "--roster",
            str(folder / "roster.csv"), "--no-ledger", "--format", "json",
            "--company-policy", str(policy))
    soon = cli(*base, "--as-of", "2025-03-20")   # no --timezone: the policy's is used
    assert soon.code == 0, soon.stderr
    late = cli(*base, "--as-of", "2025-12-31")
    soon_doc, late_doc = json.loads(soon.stdout), json.loads(late.stdout)
    assert soon_doc["surveillance"]["parameters"]["timezone"] == "Europe/Paris"
    assert late_doc["facts"]["retention.records_past_limit"] == late_doc["input"]["events"]
    assert soon_doc["facts"]["retention.records_past_limit"] < \
        late_doc["facts"]["retention.records_past_limit"]
    declared = late_doc["parameters"]["company_policy_declared"]
    assert declared["disallowed_event_types_found"]["emotion"] == facts["emotion_events"]
    assert "logon" not in declared["disallowed_event_types_found"]
    assert "the company policy does not allow" not in late.stderr  # a finding now, not a warning
    storage = next(f for f in late_doc["findings"] if f["rule"] == "gdpr.art5.storage_limitation")
    assert storage["outcome"] == "fail"
    company = {f["rule"]: f for f in late_doc["findings"]
               if f["policy"] == "company-monitoring-policy"}
    allowed = company["company.allowed_event_types"]
    assert allowed["outcome"] == "fail" and allowed["severity"] == "high"
    assert allowed["metrics"]["company.disallowed_event_type_events"] == sum(
        declared["disallowed_event_types_found"].values())
    # in the example policy's own words (its findings block)
    assert "emotion" in allowed["message"] and allowed["message"].startswith(
        "Our charter lists the only data we collect;")
    working = company["company.working_time"]  # the policy's own hours and zone were used
    assert working["outcome"] == "fail"
    assert working["metrics"]["company.off_hours_passive_workers"] == \
        late_doc["facts"]["surveillance.passive_off_hours_workers"] > 0
    assert "(08:00-19:00 mon-fri, Europe/Paris)" in working["message"]
    assert company["company.retention"]["outcome"] == "fail"
    assert soon_doc["facts"]["company.records_past_retention"] < \
        late_doc["facts"]["company.records_past_retention"]


def test_jobs_must_be_a_positive_number(tmp_path: Path, cli: Callable[..., Any]) -> None:
    path = tmp_path / "log.jsonl"
    path.write_text(json.dumps({"timestamp": "2026-03-02T10:00:00Z", "worker_id": "u1",
                                "event_type": "screenshot"}) + "\n")
    result = cli("monitoring", str(path), "--no-ledger", "--jobs", "0")
    assert result.code == 2
    assert result.stderr.startswith("error: ") and "--jobs" in result.stderr


def _offsets_log(folder: Path, stamps: list[str]) -> Path:
    path = folder / "log.csv"
    pd.DataFrame({"timestamp": stamps, "worker_id": ["u1"] * len(stamps),
                  "event_type": ["screenshot"] * len(stamps)}).to_csv(path, index=False)
    return path


def test_working_time_is_judged_at_each_events_recorded_offset(tmp_path: Path) -> None:
    """Monday 08:30 in Paris, winter (+01:00) and summer (+02:00), and 07:30 (+01:00): only the
    last is outside 08:00–19:00, although the first two are before 08:00 in UTC."""
    from ai_work_audit.monitoring import audit_monitoring

    path = _offsets_log(tmp_path, ["2025-03-03T08:30:00+01:00", "2025-06-02T08:30:00+02:00",
                                   "2025-03-03T07:30:00+01:00"])
    audit = audit_monitoring(path, MonitoringOptions(), jobs=1)
    assert audit.surveillance is not None
    assert audit.surveillance["off_hours_events"] == 1
    assert audit.surveillance["parameters"]["timezone"] == "recorded-offsets"
    assert not any("judged in UTC" in w for w in audit.warnings)
    in_utc = audit_monitoring(path, MonitoringOptions(timezone="UTC"), jobs=1)
    assert in_utc.surveillance is not None and in_utc.surveillance["off_hours_events"] == 3


def test_utc_timestamps_without_a_timezone_say_so(tmp_path: Path) -> None:
    from ai_work_audit.monitoring import audit_monitoring

    path = _offsets_log(tmp_path, ["2025-03-03T07:30:00Z", "2025-03-03T12:00:00Z"])
    audit = audit_monitoring(path, MonitoringOptions(), jobs=1)
    assert audit.surveillance is not None and audit.surveillance["off_hours_events"] == 1
    assert audit.surveillance["parameters"]["timezone"] == "UTC"
    assert any("judged in UTC" in w and "--timezone" in w for w in audit.warnings)


@pytest.mark.parametrize(("lang", "phrase"), [("en", "UTC offset its timestamp"),
                                              ("fr", "décalage UTC de son horodatage")])
def test_reports_say_local_time_came_from_each_event(tmp_path: Path, lang: str,
                                                     phrase: str) -> None:
    from ai_work_audit.monitoring import RECORDED_OFFSETS, audit_monitoring
    from ai_work_audit.reports import _monitoring_view, render_monitoring

    assert _monitoring_view.RECORDED_OFFSETS == RECORDED_OFFSETS
    path = _offsets_log(tmp_path, ["2025-03-03T08:30:00+01:00"])
    document = audit_monitoring(path, MonitoringOptions(), jobs=1).to_dict()
    assert document["surveillance"]["parameters"]["timezone"] == RECORDED_OFFSETS
    markdown = render_monitoring(document, "md", lang)  # type: ignore[arg-type]
    assert phrase in markdown and RECORDED_OFFSETS not in markdown
