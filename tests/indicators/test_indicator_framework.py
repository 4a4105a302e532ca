"""Framework and override files: validated on load, every problem named with file:line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from ai_work_audit.errors import PolicyError
from ai_work_audit.indicators import (
    Framework,
    apply_overrides,
    default_framework_path,
    load_framework,
    load_overrides,
    parse_framework,
)
from ai_work_audit.indicators._framework import MSG_UNKNOWN_INDICATOR
from ai_work_audit.indicators._overrides import MSG_BAD_FIELD

from .indicator_helpers import assess, audit

FRAMEWORK_TEXT = default_framework_path().read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_shipped_framework_loads() -> None:
    fw = load_framework()
    assert (fw.id, fw.version) == ("pledge-2025", "1")
    assert dict(fw.weights) == {"critical": 10, "high": 7.5, "medium": 5, "low": 2.5}
    assert fw.mapping == {}
    assert fw.indicator("4.1").min_people == 30
    assert fw.indicator("4.1").rule.points == ((0.6, 0.0), (0.8, 70.0), (0.9, 100.0))
    assert fw.indicator("5.2").rule.direction == "lower"
    assert {fw.indicator(i).rule.kind for i in ("3.3", "5.1")} == {"gate"}


@pytest.mark.parametrize(
    ("needle", "replacement", "message"),
    [
        # (text to replace (first occurrence), replacement, expected message part)
        ("good: 0.95", 'good: "high"', "good"),
        ("fail: 0.50", "fail: 0.95", "good and fail must differ"),
        ("risk: high", "risk: severe", "risk"),
        ("type: D", "type: X", "type"),
        (
            "points: [[0.6, 0], [0.8, 70], [0.9, 100]]",
            "points: [[0.6, 0], [0.8, 70]]",
            "points must run from [fail, 0] to [good, 100]",
        ),
        (
            "points: [[0.6, 0], [0.8, 70], [0.9, 100]]",
            "points: [[0.6, 0], [0.95, 70], [0.9, 100]]",
            "out of order",
        ),
        ('- id: "4.2"', '- id: "4.1"', "must appear once"),
        ('- id: "1.3"', "- id: 1.3", "id"),
        (
            "    commitment: 6\n    title:\n      en: Grievance",
            "    commitment: 9\n    title:\n      en: Grievance",
            "commitment must be one of",
        ),
        (
            "    hint:\n      en: Train every user",
            "    hintt:\n      en: Train every user",
            "hintt",
        ),
        ("mapping: {}", 'mapping: {"9.9": "WG-1"}', "unknown id"),
        ("    good: 1.0\n    direction: higher", "    good: 1.0", "must state its direction"),
    ],
)
def test_bad_framework_names_file_and_line(
    tmp_path: Path, needle: str, replacement: str, message: str
) -> None:
    assert needle in FRAMEWORK_TEXT, needle
    line = _line_of(FRAMEWORK_TEXT, needle)
    bad = tmp_path / "bad.yaml"
    bad.write_text(FRAMEWORK_TEXT.replace(needle, replacement, 1), encoding="utf-8")
    with pytest.raises(PolicyError) as info:
        load_framework(bad)
    text = str(info.value)
    assert message in text
    lines = {int(n) for n in re.findall(re.escape(str(bad)) + r":(\d+):", text)}
    assert any(abs(n - line) <= 6 for n in lines), (line, text)


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    text = FRAMEWORK_TEXT.replace("risk: high", "risk: severe", 2)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match="2 problems") as info:
        load_framework(bad)
    assert len(info.value.problems) == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty document"),
        ("id: [unclosed\n", "bad.yaml:2: must be valid YAML"),
        ("- a list\n", "bad.yaml:1: must hold a mapping"),
        ("id: a\nid: b\n", "bad.yaml:2: key 'id' must appear once"),
        ("schema: other\n", "bad.yaml:1: schema"),
    ],
)
def test_malformed_documents(tmp_path: Path, text: str, message: str) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=message.replace("[", r"\[")):
        load_framework(bad)


def test_missing_framework_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="must exist"):
        load_framework(tmp_path / "nope.yaml")


def test_parse_framework_round_trip() -> None:
    assert parse_framework(FRAMEWORK_TEXT, filename="x.yaml").indicators == (
        load_framework().indicators
    )


# ---------------------------------------------------------------------------- overrides


def _overrides(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def framework() -> Framework:
    return load_framework()


def test_overrides_are_applied_and_recorded(tmp_path: Path, framework: Framework) -> None:
    path = _overrides(
        tmp_path,
        {
            "framework": "pledge-2025",
            "source": "Acme works agreement of 2026-02-01",
            "indicators": {
                "4.1": {"good": 0.85, "fail": 0.7},
                "2.4": {"weight": 5, "source": "board decision 12"},
                "4.2": {"good": 0.9},
            },
        },
    )
    overrides = load_overrides(path, framework)
    changed, records = apply_overrides(framework, overrides)
    got = {(r.indicator, r.field): r for r in records}
    assert set(got) == {
        ("4.1", "good"),
        ("4.1", "fail"),
        ("4.1", "points"),
        ("2.4", "weight"),
        ("4.2", "good"),
    }
    assert got["4.1", "good"].default == 0.9 and got["4.1", "good"].value == 0.85
    assert got["4.1", "points"].value is None  # default breakpoints no longer fit
    assert got["4.1", "good"].source == "Acme works agreement of 2026-02-01"
    assert got["2.4", "weight"].source == "board decision 12"
    assert changed.indicator("2.4").weight == 5.0
    assert framework.indicator("2.4").weight == 2.5  # the original is untouched

    result = assess(
        framework,
        audits=[audit(metrics={"hiring.min_impact_ratio_over_2pct": 0.8})],
        overrides=overrides,
    )
    assert result.indicator("4.1").score == pytest.approx(66.67)
    doc = result.to_dict()
    assert {
        "indicator": "2.4",
        "field": "weight",
        "default": 2.5,
        "value": 5.0,
        "source": "board decision 12",
    } in doc["overrides"]
    assert result.indicator("2.4").weight == 5.0


def test_override_points_recorded_as_lists(tmp_path: Path, framework: Framework) -> None:
    path = _overrides(
        tmp_path, {"indicators": {"4.1": {"points": [[0.5, 0], [0.8, 80], [0.9, 100]]}}}
    )
    _, records = apply_overrides(framework, load_overrides(path, framework))
    as_dicts = {r.field: r.to_dict() for r in records}
    assert as_dicts["points"]["value"] == [[0.5, 0.0], [0.8, 80.0], [0.9, 100.0]]
    assert as_dicts["fail"]["value"] == 0.5
    assert as_dicts["points"]["source"].endswith("acme.yaml:3")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"indicators": {"9.9": {"weight": 1}}}, MSG_UNKNOWN_INDICATOR.split("{")[0]),
        ({"indicators": {"4.1": {"colour": "red"}}}, "cannot be overridden"),
        ({"indicators": {"1.2": {"good": 1}}}, MSG_BAD_FIELD.split("{")[1].split("}")[1]),
        ({"indicators": {"3.3": {"fail": 1}}}, "gate rule"),
        ({"indicators": {"4.1": {"weight": 0}}}, "weight must be positive"),
        ({"indicators": {"4.1": {"good": 0.5}}}, "keep higher values better"),
        ({"indicators": {"4.1": {"good": 0.6}}}, "good and fail must differ"),
        ({"indicators": {"4.1": {"min_people": 0}}}, "min_people"),
        ({"indicators": {"4.1": {"points": [[0.6, 0], [0.7, 100], [0.9, 50]]}}}, "out of order"),
        ({"framework": "other", "indicators": {}}, "framework must be pledge-2025"),
        ({"indicators": {4.1: {"weight": 1}}}, "quoted strings"),
        ({"extra": 1}, "unknown key"),
    ],
)
def test_bad_overrides(tmp_path: Path, framework: Framework, data: object, message: str) -> None:
    path = _overrides(tmp_path, data)
    with pytest.raises(PolicyError, match=r"acme\.yaml:\d+: ") as info:
        load_overrides(path, framework)
    assert message in str(info.value)


def test_unknown_override_names_its_line(tmp_path: Path, framework: Framework) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text('indicators:\n  "4.1":\n    weight: 5\n  "7.7":\n    weight: 1\n')
    with pytest.raises(PolicyError, match=r"acme\.yaml:5: indicators\.7\.7: indicator '7\.7'"):
        load_overrides(path, framework)


def test_framework_folder_follows_the_policy_folder_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pledge-2025.yaml").write_text(FRAMEWORK_TEXT, encoding="utf-8")
    monkeypatch.setenv("AI_WORK_AUDIT_POLICIES", str(tmp_path))
    assert default_framework_path() == tmp_path / "pledge-2025.yaml"
    assert load_framework().path == str(tmp_path / "pledge-2025.yaml")
