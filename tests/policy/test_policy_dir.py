"""Finding packs: AI_WORK_AUDIT_POLICIES first, then the checkout's policies/; pack folders,
loose pack files (the earlier layout) and pack ids."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from policy_helpers import FIXTURES, REPO_POLICIES, VALID, company_pack

from ai_work_audit.errors import PolicyError
from ai_work_audit.policy import (
    POLICY_DIR_ENV,
    default_policy_packs,
    find_pack,
    load_policy_pack,
    load_policy_packs,
    policy_dir,
    policy_pack_paths,
)


def test_default_is_the_checkout_folder() -> None:
    assert policy_dir() == REPO_POLICIES.resolve()


def test_environment_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(VALID, tmp_path / "test-pack.yaml")
    (tmp_path / "framework.yaml").write_text("schema: x/framework/v1\nid: f\n", encoding="utf-8")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    assert policy_dir() == tmp_path
    assert [p.name for p in policy_pack_paths()] == ["test-pack.yaml"]
    assert [p.pack for p in default_policy_packs("hiring")] == ["test-pack"]
    with pytest.raises(PolicyError, match="at least one pack for 'monitoring'"):
        default_policy_packs("monitoring")


def test_pack_folders_and_loose_files_are_found_by_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    company_pack(tmp_path, name="b-pack")
    (tmp_path / "c-pack.yaml").write_text(
        VALID.read_text(encoding="utf-8").replace("test-pack", "c-pack")
        .replace("test.first", "test.third"), encoding="utf-8")
    (tmp_path / "a-empty").mkdir()  # a folder without pack.yaml is not a pack
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    paths = policy_pack_paths()
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "b-pack/pack.yaml", "c-pack.yaml"]
    assert [p.pack for p in load_policy_packs(paths)] == ["b-pack", "c-pack"]


def test_a_pack_is_named_by_id_folder_or_file(tmp_path: Path) -> None:
    shipped = REPO_POLICIES / "nyc-ll144" / "pack.yaml"
    assert find_pack("nyc-ll144") == shipped.resolve()
    assert find_pack(REPO_POLICIES / "nyc-ll144") == shipped
    assert find_pack(shipped) == shipped
    assert find_pack("no-such-pack") is None
    assert find_pack("missing/pack.yaml") is None
    assert load_policy_pack(REPO_POLICIES / "nyc-ll144").pack == "nyc-ll144"
    legacy = tmp_path / "legacy.yaml"
    shutil.copy(VALID, legacy)
    packs = load_policy_packs(["nyc-ll144", str(REPO_POLICIES / "eeoc-uniform-guidelines"),
                               str(legacy)])
    assert [p.pack for p in packs] == ["nyc-ll144", "eeoc-uniform-guidelines", "test-pack"]
    spec_folder = tmp_path / "spec"
    folder = company_pack(spec_folder)
    assert find_pack("test-pack", base=spec_folder) == (folder / "pack.yaml").resolve()


def test_unknown_pack_id_names_the_known_ones() -> None:
    with pytest.raises(PolicyError, match=r"policy pack 'no-such-pack' must be a pack id .*"
                                          r"eeoc-uniform-guidelines, .*nyc-ll144"):
        load_policy_packs(["no-such-pack"])
    with pytest.raises(PolicyError, match=r"nope.yaml:1: .*FileNotFoundError"):
        load_policy_packs(["nope.yaml"])


def test_broken_pack_in_folder_is_reported(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "bad_packs" / "bad_op.yaml", tmp_path / "bad.yaml")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    with pytest.raises(PolicyError, match=r"bad.yaml:12: "):
        default_policy_packs("hiring")


def test_environment_variable_must_be_a_folder(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(PolicyError, match="AI_WORK_AUDIT_POLICIES must name a folder"):
        policy_dir()


def test_unknown_kind() -> None:
    with pytest.raises(PolicyError, match="must be one of hiring, monitoring, training, promotion, "
                       "decision_roles, supply_chain; got 'payroll'"):
        default_policy_packs("payroll")


def test_framework_and_company_policy_are_not_packs() -> None:
    names = [p.relative_to(REPO_POLICIES).as_posix() for p in policy_pack_paths(REPO_POLICIES)]
    assert all(name.endswith("/pack.yaml") for name in names), names
    assert (REPO_POLICIES / "pledge-2025.yaml").is_file()
    assert (REPO_POLICIES / "company-monitoring-policy.example.yaml").is_file()


def test_wheel_ships_every_pack_and_its_fixtures() -> None:
    """pyproject's data-files list each pack folder (setuptools globs are per folder)."""
    pyproject = tomllib.loads((REPO_POLICIES.parent / "pyproject.toml").read_text("utf-8"))
    data = pyproject["tool"]["setuptools"]["data-files"]
    share = "share/ai-work-audit/policies"
    expected = {share: ["policies/*.yaml"]}
    for pack in sorted(p.parent.name for p in policy_pack_paths(REPO_POLICIES)):
        extra = sorted(f"policies/{pack}/{p.name}" for p in (REPO_POLICIES / pack).glob("*.csv"))
        expected[f"{share}/{pack}"] = [f"policies/{pack}/pack.yaml", *extra]
        expected[f"{share}/{pack}/fixtures"] = [f"policies/{pack}/fixtures/*.yaml"]
    assert data == expected


def test_hiring_policy_option_takes_ids_and_folders(tmp_path: Path, cli: Any) -> None:
    """``--policy`` accepts a pack id of the policy folder and a company pack folder."""
    export = tmp_path / "export.csv"
    export.write_text("sex,decision\n" + "F,1\nF,0\nF,0\nM,1\nM,1\nM,0\n" * 5, encoding="utf-8")
    folder = company_pack(tmp_path / "company")
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex",
                 "--format", "json", "--no-ledger", "--policy", "nyc-ll144",
                 "--policy", str(folder))
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert {f["policy"] for f in doc["findings"]} == {"nyc-ll144", "test-pack"}
    result = cli("hiring", str(export), "--outcome", "decision", "--group", "sex",
                 "--no-ledger", "--policy", "no-such-pack")
    assert result.code == 2 and "policy pack 'no-such-pack' must be a pack id" in result.stderr
