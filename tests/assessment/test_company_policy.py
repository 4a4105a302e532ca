"""The company monitoring policy: the shipped example loads; problems name file and line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from ai_work_audit.errors import PolicyError
from ai_work_audit.sources import load_company_policy, validate_company_policy_file

EXAMPLE = Path(__file__).resolve().parents[2] / "policies" / \
    "company-monitoring-policy.example.yaml"


def test_example_loads() -> None:
    policy = load_company_policy(EXAMPLE)
    assert policy.allows("url") and not policy.allows("emotion")
    assert policy.retention_for("url") == timedelta(days=30)
    assert policy.retention_for("chat") == timedelta(days=180)  # default P6M
    assert policy.requires_pseudonymisation("email")
    assert policy.working_time.days == ("mon", "tue", "wed", "thu", "fri")


@pytest.mark.parametrize(("old", "new", "line", "words"), [
    ("[logon, device, file, badge, url, email]", "[logon, device, file, badge, url, emotion]",
     31, "prohibited"),
    ("url: P1M", "url: one month", 47, "ISO 8601 duration"),
    ("days: mon-fri", "days: someday", 37, "day range"),
    ("timezone: Europe/Paris", "timezone: Mars/Olympus", 35, "IANA"),
    # pydantic _CompanyPolicyFile: the key, what it must be and the fix, at the key's line.
    ("organisation: example-co", "organisation: example-co\ncolour: red", 11,
     "a key of 6 characters: must be one of the keys this section allows (schema, organisation"),
    ("  default: P6M\n", "", 42, "retention: 'retention.default' must be present"),
    ("event_types: [badge]", "event_types: [badge, keystroke]", 23,
     "purposes[1].event_types names event type 'keystroke', which allowed_event_types lacks"),
    ("schema: ai-work-audit/company-policy/v1", "schema: ai-work-audit/company-policy/v9", 9,
     "schema: must be 'ai-work-audit/company-policy/v1'; got another value instead"),
    ("hours: \"08:00-19:00\"", "hours: \"19:00-08:00\"", 36,
     "working_time.hours: must be HH:MM-HH:MM with the start before the end"),
    ("  identifiers: [worker_id, email_address, phone_number]", "  identifiers: 3", 56,
     "pseudonymisation.identifiers: must be a list; got int instead. Correct the value."),
])
def test_problems_name_file_and_line(tmp_path: Path, old: str, new: str, line: int,
                                     words: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "policy.yaml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    problems = validate_company_policy_file(bad)
    assert any(p.startswith(f"{bad}:{line}:") and words in p for p in problems), problems
    with pytest.raises(PolicyError):
        load_company_policy(bad)
