"""Synthetic monitoring logs: CERT columns, determinism, and planted problems found again."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ai_work_audit.monitoring import SurveillanceReport, measure_surveillance
from ai_work_audit.sources import EventBatch, load_events
from ai_work_audit.synthetic_monitoring import (
    INTENSE_DEPARTMENT,
    TIMEZONE,
    UNION_ADDRESS,
    write_monitoring_data,
)

# shared/data README, "Facts for synthetic monitoring logs"
CERT_COLUMNS = {
    "logon.csv": ["id", "date", "user", "pc", "activity"],
    "device.csv": ["id", "date", "user", "pc", "activity"],
    "http.csv": ["id", "date", "user", "pc", "url", "content"],
    "email.csv": ["id", "date", "user", "pc", "to", "cc", "bcc", "from", "size", "attachments",
                  "content"],
    "file.csv": ["id", "date", "user", "pc", "filename", "content"],
    "tracker.csv": ["date", "user", "event_type", "value", "content"],
    "roster.csv": ["employee_name", "user_id", "email", "role", "business_unit",
                   "functional_unit", "department", "team", "supervisor", "sex", "age_band",
                   "leave_start", "leave_end"],
}
CERT_DATE = re.compile(r"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2}$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\+33 6(?: \d{2}){4}")
HEALTH = re.compile(r"arrêt maladie|medical appointment|burn-out")


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any],
                                                              EventBatch, SurveillanceReport]:
    folder = tmp_path_factory.mktemp("synthetic")
    planted = write_monitoring_data(folder)  # the default size: 300 workers, 4 weeks
    batch = load_events(folder, mapping="cert", timezone=TIMEZONE)
    roster = pd.read_csv(folder / "roster.csv", dtype=str, keep_default_na=False)
    report = measure_surveillance(batch, roster=roster)
    return folder, planted, batch, report


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_files_have_the_cert_columns_and_dates(
        audited: tuple[Path, dict[str, Any], EventBatch, SurveillanceReport]) -> None:
    folder, planted, _, _ = audited
    assert sorted(p.name for p in folder.iterdir()) == sorted(CERT_COLUMNS)
    for name, columns in CERT_COLUMNS.items():
        frame = pd.read_csv(folder / name, dtype=str, keep_default_na=False)
        assert list(frame.columns) == columns, name
        if "date" in frame:
            assert frame["date"].str.match(CERT_DATE).all(), name
    assert 100_000 <= planted["events"] <= 300_000
    roster = pd.read_csv(folder / "roster.csv", dtype=str, keep_default_na=False)
    assert len(roster) == 300 and roster["user_id"].is_unique
    assert roster["employee_name"].str.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+").all()
    assert roster["email"].str.endswith(".example").all()


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    first = write_monitoring_data(tmp_path / "a", workers=20, days=7, seed=3)
    second = write_monitoring_data(tmp_path / "b", workers=20, days=7, seed=3)
    third = write_monitoring_data(tmp_path / "c", workers=20, days=7, seed=4)
    assert first == second
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert _digests(tmp_path / "a") != _digests(tmp_path / "c")
    assert third["workers"] == 20


def test_planted_surveillance_facts_are_found(
        audited: tuple[Path, dict[str, Any], EventBatch, SurveillanceReport]) -> None:
    _, planted, batch, report = audited
    facts = report.facts
    assert batch.rows == planted["events"]
    assert report.off_hours_events == planted["off_hours_events"]
    assert report.by_event_type["screenshot"]["off_hours_events"] == planted["off_hours_events"]
    assert facts["surveillance.on_leave_events"] == planted["on_leave_events"]
    assert facts["privacy.emotion_inference_events"] == planted["emotion_events"]
    assert facts["surveillance.screenshot_events"] == planted["screenshot_events"]
    assert facts["surveillance.webcam_events"] == planted["webcam_events"]
    assert facts["surveillance.keystroke_content_events"] == planted["keystroke_content_events"]
    assert facts["surveillance.keystroke_count_events"] == planted["keystroke_count_events"]
    assert facts["surveillance.idle_metric_events"] == planted["idle_metric_events"]
    assert facts["privacy.full_url_records"] == planted["full_url_records"]
    departments = {g["group"]: g for g in report.intensity_by_group["department"]["groups"]}
    intense = departments.pop(INTENSE_DEPARTMENT)
    assert intense["ratio_to_least"] > 4
    assert all(g["ratio_to_least"] < 1.5 for g in departments.values())


def test_planted_content_problems_are_present(
        audited: tuple[Path, dict[str, Any], EventBatch, SurveillanceReport]) -> None:
    _, planted, batch, _ = audited
    events = batch.events
    email = events[events["event_type"] == "email"]
    to_union = email["recipients"].str.contains(UNION_ADDRESS, regex=False)
    assert int(to_union.sum()) == planted["union_recipient_emails"]
    union_words = email["content"].str.contains("syndicat|strike|grève", regex=True)
    assert int(union_words.sum()) == planted["union_content_emails"]
    assert int(email["content"].str.contains(HEALTH).sum()) == planted["health_term_emails"]
    keys = events[events["event_type"] == "keystroke"]["content"].fillna("")
    assert int(keys.str.contains(HEALTH).sum()) == planted["health_term_keystrokes"]
    for kind, prefix in (("url", "http"), ("file", "file")):
        text = events[events["event_type"] == kind]["content"]
        assert int(text.str.contains(EMAIL).sum()) == planted[f"{prefix}_email_in_content"]
        assert int(text.str.contains(PHONE).sum()) == planted[f"{prefix}_phone_in_content"]
