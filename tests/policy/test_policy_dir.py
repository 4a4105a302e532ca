"""Finding the policy folder: AI_WORK_AUDIT_POLICIES first, then the checkout's policies/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from policy_helpers import FIXTURES, REPO_POLICIES

from ai_work_audit.errors import PolicyError
from ai_work_audit.policy import POLICY_DIR_ENV, default_policy_packs, policy_dir, policy_pack_paths


def test_default_is_the_checkout_folder() -> None:
    assert policy_dir() == REPO_POLICIES.resolve()


def test_environment_variable_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURES / "valid_pack.yaml", tmp_path / "test-pack.yaml")
    (tmp_path / "framework.yaml").write_text("schema: x/framework/v1\nid: f\n", encoding="utf-8")
    monkeypatch.setenv(POLICY_DIR_ENV, str(tmp_path))
    assert policy_dir() == tmp_path
    assert [p.name for p in policy_pack_paths()] == ["test-pack.yaml"]
    assert [p.pack for p in default_policy_packs("hiring")] == ["test-pack"]
    with pytest.raises(PolicyError, match="at least one pack for 'monitoring'"):
        default_policy_packs("monitoring")


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
    with pytest.raises(PolicyError, match="must be one of hiring, monitoring; got 'payroll'"):
        default_policy_packs("payroll")


def test_framework_file_is_not_a_pack() -> None:
    names = [p.name for p in policy_pack_paths(REPO_POLICIES)]
    assert all(not name.startswith("pledge") for name in names)
