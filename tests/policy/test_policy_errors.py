"""Invalid packs give a PolicyError naming file and line (and validate_policy_file lists all)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from policy_helpers import FIXTURES

from ai_work_audit.errors import PolicyError
from ai_work_audit.policy import _messages as msg
from ai_work_audit.policy import load_policy_pack, load_policy_packs, validate_policy_file

BAD = FIXTURES / "bad_packs"
VALID = FIXTURES / "valid_pack.yaml"

# (file, line, fragment of the message)
CASES = [
    ("typo_key.yaml", 13, "a rule must only use the keys id, title, metric"),
    ("typo_key.yaml", 13, "got 'severty' instead."),
    ("typo_key.yaml", 13, "Did you mean 'severity'?"),
    ("bad_severity.yaml", 13,
     "rule 'test.first': 'severity' must be one of info, low, medium, high, critical; "
     "got 'hgih' instead."),
    ("bad_op.yaml", 12, "'fail_when.op' must be one of <, <=, >, >=, ==, !=; got '=>' instead."),
    ("missing_field.yaml", 8, "rule 'test.first': 'metric' must be present; got nothing instead"),
    ("duplicate_id.yaml", 17, "rule id 'test.first' must be unique"),
    ("duplicate_id.yaml", 17, "duplicate_id.yaml:8"),
    ("yaml_syntax.yaml", 3, "must be valid YAML"),
    ("duplicate_key.yaml", 13, "key 'severity' must appear once"),
    ("version_number.yaml", 2, "'version' must be a string; got int 1 instead."),
    ("bad_placeholder.yaml", 15, "got {valeur} instead"),
    ("bad_template.yaml", 15, "'message.en' must be a valid str.format template"),
    ("ordering_string.yaml", 12, "'fail_when.value' must be a number for operator '>'"),
    ("bad_commitment.yaml", 5, "'commitment' must be an integer from 1 to 6; got 7 instead."),
    ("bad_scope.yaml", 11, "'scope' must be one of audit, table, source, any; got 'tabel'"),
    ("bad_language.yaml", 16, "'remediation' must only use the keys en, fr; got 'de' instead."),
    ("bad_language.yaml", 16, "'remediation.fr' must be present"),
    ("no_condition.yaml", 8, "must have 'fail_when', 'warn_when' or both"),
    ("bad_rule_id.yaml", 8, "rule #1: 'id' must be a dotted lowercase id"),
    ("rule_not_mapping.yaml", 8, "rule #1 must be a mapping; got str"),
    ("bad_source.yaml", 6, "'sources' item 1 must be an http(s) URL"),
    ("not_mapping.yaml", 1, "a policy pack must be a YAML mapping"),
]


def test_valid_pack_loads() -> None:
    pack = load_policy_pack(VALID)
    assert pack.pack == "test-pack" and [r.id for r in pack.rules] == ["test.first"]
    assert pack.rules[0].line == 8
    assert validate_policy_file(VALID) == []


@pytest.mark.parametrize(("name", "line", "fragment"), CASES,
                         ids=[f"{c[0]}:{c[2][:30]}" for c in CASES])
def test_bad_pack_names_file_and_line(name: str, line: int, fragment: str) -> None:
    path = BAD / name
    with pytest.raises(PolicyError) as caught:
        load_policy_pack(path)
    problems = validate_policy_file(path)
    assert problems, "validate_policy_file must report the problem too"
    located = f"{name}:{line}: "
    assert any(located in p and fragment in p for p in problems), problems
    assert located in str(caught.value)


def test_every_bad_fixture_is_tested() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == {c[0] for c in CASES}


def test_all_problems_are_reported_in_file_order(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8")
    text = text.replace("commitment: 4", "commitment: 0").replace("severity: high", "severity: x")
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_policy_file(path)
    assert [p.split(":")[1] for p in problems] == ["5", "13"]
    with pytest.raises(PolicyError, match=r"^2 problems:\n.*two.yaml:5: .*\n.*two.yaml:13: "):
        load_policy_pack(path)


def test_duplicate_rule_ids_across_packs(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(VALID.read_text(encoding="utf-8").replace("test-pack", "other-pack"),
                     encoding="utf-8")
    with pytest.raises(PolicyError, match=r"other.yaml:8: rule id 'test.first' must be unique"):
        load_policy_packs([VALID, other])


def test_same_pack_twice(tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    shutil.copy(VALID, copy)
    with pytest.raises(PolicyError, match="pack id 'test-pack' must be unique"):
        load_policy_packs([VALID, copy])


def test_load_many_reports_problems_of_every_file() -> None:
    with pytest.raises(PolicyError) as caught:
        load_policy_packs([BAD / "bad_op.yaml", BAD / "bad_severity.yaml"])
    assert "bad_op.yaml:12:" in str(caught.value) and "bad_severity.yaml:13:" in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    problems = validate_policy_file(tmp_path / "nope.yaml")
    assert len(problems) == 1 and "nope.yaml:1: " in problems[0]
    assert "FileNotFoundError" in problems[0]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("pack: é".encode("latin-1"))
    assert "UnicodeDecodeError" in validate_policy_file(path)[0]


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("", encoding="utf-8")
    assert "got nothing (null) instead" in validate_policy_file(path)[0]


def test_error_templates_follow_the_house_shape() -> None:
    """'<what> must be <expected>; got <found> instead.' (style.md)."""
    templates = {k: v for k, v in vars(msg).items()
                 if k.isupper() and isinstance(v, str) and k != "DID_YOU_MEAN"}
    odd = [k for k, t in templates.items()
           if not (" must " in t and "; got " in t and " instead" in t)]
    assert odd == []
