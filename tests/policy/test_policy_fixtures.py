"""``ai-work-audit policies test DIR`` on a company pack written in tmp_path (contracts.md:
exit 0 all cases pass, 1 a case fails or a rule lacks a pass or a fail case, 2 bad input)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from policy_helpers import FIRST_FIXTURE, REPO_POLICIES, company_pack

from ai_work_audit.errors import PolicyError
from ai_work_audit.policy import check_packs, read_fixture

Cli = Callable[..., Any]


_ROW = re.compile(r"^    (ok|FAIL)\s+(.+?)\s+expected (\S+)\s+got (.+)$")


def _rows(stdout: str) -> list[list[str]]:
    """The case lines of the output as (status, rule, case, expected, got); the rule is the
    heading above its cases."""
    rows: list[list[str]] = []
    rule = ""
    for line in stdout.splitlines():
        if line.startswith("  ") and not line.startswith("   ") and not line.startswith("  ("):
            rule = line.strip()
        elif match := _ROW.match(line):
            status, case, expected, got = match.groups()
            rows.append([status, rule, case, expected, got])
    return rows


def test_all_cases_pass(cli: Cli, tmp_path: Path) -> None:
    folder = company_pack(tmp_path)
    result = cli("policies", "test", str(folder))
    assert result.code == 0, result.stderr
    assert _rows(result.stdout) == [["ok", "test.first", "pass", "pass", "pass"],
                                    ["ok", "test.first", "fail", "fail", "fail"]]
    assert "2 case(s) of 1 rule(s) in 1 pack(s): 2 passed, 0 failed" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_a_folder_of_packs_runs_each(cli: Cli, tmp_path: Path) -> None:
    company_pack(tmp_path, name="a-pack")
    other = company_pack(tmp_path, name="b-pack")
    text = (other / "pack.yaml").read_text(encoding="utf-8").replace("test.first", "test.other")
    (other / "pack.yaml").write_text(text, encoding="utf-8")
    (other / "fixtures" / "test.first.yaml").rename(other / "fixtures" / "test.other.yaml")
    result = cli("policies", "test", str(tmp_path))
    assert result.code == 0, result.stdout + result.stderr
    assert "a-pack 1" in result.stdout and "b-pack 1" in result.stdout
    assert "4 case(s) of 2 rule(s) in 2 pack(s): 4 passed, 0 failed" in result.stdout


def test_wrong_expectation_fails_naming_rule_and_case(cli: Cli, tmp_path: Path) -> None:
    wrong = FIRST_FIXTURE.replace("categories: 2", "categories: 0")
    result = cli("policies", "test", str(company_pack(tmp_path, wrong)))
    assert result.code == 1
    assert ["FAIL", "test.first", "fail", "fail", "pass"] in _rows(result.stdout)
    assert "test.first, case 'fail': expected fail, got pass (en)" in result.stdout
    assert "1 passed, 1 failed" in result.stdout


def test_missing_fail_case_fails(cli: Cli, tmp_path: Path) -> None:
    result = cli("policies", "test", str(company_pack(
        tmp_path, "pass: {hiring.adverse_impact_categories: 0}\n")))
    assert result.code == 1
    assert ["FAIL", "test.first", "fail", "fail", "missing"] in _rows(result.stdout)
    assert "no 'fail' case in" in result.stdout


def test_missing_fixture_file_fails(cli: Cli, tmp_path: Path) -> None:
    result = cli("policies", "test", str(company_pack(tmp_path, fixture=None)))
    assert result.code == 1
    assert [r[2:] for r in _rows(result.stdout)] == [["pass", "pass", "missing"],
                                                     ["fail", "fail", "missing"]]
    assert "no fixture file" in result.stdout and "test.first.yaml" in result.stdout


def test_fixture_of_no_rule_fails(cli: Cli, tmp_path: Path) -> None:
    folder = company_pack(tmp_path)
    (folder / "fixtures" / "test.gone.yaml").write_text(FIRST_FIXTURE, encoding="utf-8")
    result = cli("policies", "test", str(folder))
    assert result.code == 1
    assert ["FAIL", "test.gone", "-", "-", "no rule"] in _rows(result.stdout)


def test_message_with_missing_value_fails(cli: Cli, tmp_path: Path) -> None:
    folder = company_pack(tmp_path)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text(encoding="utf-8").replace(
        '"{value} bad"', '"{value} bad of {hiring.max_abs_z}"'), encoding="utf-8")
    result = cli("policies", "test", str(folder))
    assert result.code == 1
    assert "the en message shows a missing value (n/a)" in result.stdout


def test_extra_cases_state_other_outcomes(cli: Cli, tmp_path: Path) -> None:
    fixture = FIRST_FIXTURE + """\
cases:
  - {name: no count, expect: not_available, facts: {}}
  - {name: audit only, expect: not_applicable, scope: audit, facts: {}}
  - name: many
    expect: fail
    facts: {hiring.adverse_impact_categories: 7}
  - {name: text, expect: error, facts: {hiring.adverse_impact_categories: "two"}}
"""
    result = cli("policies", "test", str(company_pack(tmp_path, fixture)))
    assert result.code == 0, result.stdout + result.stderr
    assert len(_rows(result.stdout)) == 6
    assert ["ok", "test.first", "no count", "not_available", "not_available"] in _rows(
        result.stdout)
    wrong = fixture.replace("expect: not_available", "expect: pass")
    result = cli("policies", "test", str(company_pack(tmp_path / "w", wrong)))
    assert result.code == 1 and "expected pass, got not_available (en)" in result.stdout


def test_not_yaml_exits_2_without_echoing_content(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "hr-export"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name,email,salary\nJane Roe,jane.roe@example.org,51234\n",
                                      encoding="utf-8")
    result = cli("policies", "test", str(folder))
    assert result.code == 2
    assert result.stderr.startswith("error: ") and "Traceback" not in result.stderr
    assert "pack.yaml:1: a policy pack must be a YAML mapping" in result.stderr
    for secret in ("Jane", "jane.roe", "51234", "salary"):
        assert secret not in result.stderr + result.stdout
    (folder / "pack.yaml").write_text("key: *jane_roe\n", encoding="utf-8")
    result = cli("policies", "test", str(folder))
    assert result.code == 2 and "must be valid YAML" in result.stderr
    assert "jane" not in result.stderr
    (folder / "pack.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = cli("policies", "test", str(folder))
    assert result.code == 2 and "UnicodeDecodeError" in result.stderr


def test_non_pack_mapping_is_not_echoed(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "pack.yaml").write_text("jane.roe@example.org: {salary: 51234}\n",
                                      encoding="utf-8")
    result = cli("policies", "test", str(folder))
    assert result.code == 2
    assert "a mapping without any of these keys" in result.stderr
    assert "jane" not in result.stderr and "51234" not in result.stderr


def test_bad_fixture_exits_2_with_file_and_line(cli: Cli, tmp_path: Path) -> None:
    bad = FIRST_FIXTURE.replace("fail:", "fial:")
    result = cli("policies", "test", str(company_pack(tmp_path, bad)))
    assert result.code == 2
    assert "test.first.yaml:2: a fixture must only use the keys" in result.stderr
    assert "Did you mean 'fail'?" in result.stderr


def test_no_pack_there_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = cli("policies", "test", str(tmp_path))
    assert result.code == 2 and "must be a pack folder" in result.stderr
    result = cli("policies", "test", str(tmp_path / "missing"))
    assert result.code == 2 and "got nothing at that path" in result.stderr


def test_shipped_packs_pass(cli: Cli) -> None:
    result = cli("policies", "test", str(REPO_POLICIES))
    assert result.code == 0, result.stdout
    assert "in 14 pack(s)" in result.stdout and " 0 failed" in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_validate_reads_pack_folders_and_fixtures(cli: Cli, tmp_path: Path) -> None:
    assert cli("policies", "validate", str(REPO_POLICIES)).code == 0
    folder = company_pack(tmp_path, "pass: [1, 2]\n")
    result = cli("policies", "validate", str(folder))
    assert result.code == 2
    assert "test.first.yaml:1: 'pass' must be a mapping of fact names to values; got a list" \
        in result.stderr


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("cases: {a: 1}\n", 1, "'cases' must be a list of mappings"),
    ("cases:\n  - {name: x, expect: maybe}\n", 2, "'expect' (one of pass, fail, warn"),
    ("cases:\n  - {expect: pass}\n", 2, "'name' (a non-empty string); got nothing"),
    ("cases:\n  - {name: x, expect: pass, scope: tabel}\n", 2, "got 'tabel' instead"),
    ("cases:\n  - {name: x, expect: pass}\n  - {name: x, expect: fail}\n", 3,
     "name 'x' must be unique"),
    ("pass: {Bad: 1}\n", 1, "fact names must be dotted names"),
    ("pass: {hiring.x: [1]}\n", 1, "fact 'hiring.x' must be a number"),
    ("pass: {a.b: 1}\npass: {a.b: 2}\n", 2, "key 'pass' must appear once"),
    ("pass: {a.b: 1\n", 2, "must be valid YAML"),
    ("- 1\n", 1, "a fixture must be a YAML mapping"),
])
def test_fixture_format_errors(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "test.first.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        read_fixture(path)
    assert f"test.first.yaml:{line}: " in str(caught.value) and fragment in str(caught.value)


def test_check_packs_is_the_code_of_the_command(tmp_path: Path) -> None:
    (run,) = check_packs([company_pack(tmp_path)])
    assert run.ok and run.pack.pack == "test-pack"
    assert [(r.case, r.expected, r.got) for r in run.results] == [
        ("pass", "pass", "pass"), ("fail", "fail", "fail")]
    assert [f.outcome.value for f in run.results[1].findings] == ["fail", "fail"]


def test_same_rule_id_in_two_packs_exits_2(cli: Cli, tmp_path: Path) -> None:
    company_pack(tmp_path, name="a-pack")
    company_pack(tmp_path, name="b-pack")
    result = cli("policies", "test", str(tmp_path))
    assert result.code == 2 and "rule id 'test.first' must be unique" in result.stderr


def test_error_templates_follow_the_house_shape() -> None:
    """'<what> must be <expected>; got <found> instead.' (style.md), as in _messages."""
    from ai_work_audit.policy import _fixtures, _folder

    templates = {f"{m.__name__}.{k}": v for m in (_fixtures, _folder)
                 for k, v in vars(m).items() if k.startswith("MSG_") and isinstance(v, str)}
    assert len(templates) >= 12
    odd = [k for k, t in templates.items()
           if not (" must " in t and "; got " in t and " instead" in t)]
    assert odd == []
