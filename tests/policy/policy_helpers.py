"""Helpers of the policy tests: the shipped packs and the per-rule fixtures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from ai_work_audit.policy import PolicyPack, Rule, load_policy_packs, policy_pack_paths

FIXTURES = Path(__file__).parent / "fixtures"
REPO_POLICIES = Path(__file__).resolve().parents[2] / "policies"


def shipped_packs() -> list[PolicyPack]:
    """Every pack of the repository's policies/ folder, in file-name order."""
    return load_policy_packs(policy_pack_paths(REPO_POLICIES))


def shipped_rules() -> list[tuple[PolicyPack, Rule]]:
    return [(pack, rule) for pack in shipped_packs() for rule in pack.rules]


def rule_fixture(rule_id: str) -> dict[str, Any]:
    """The ``{pass, fail, warn}`` facts of one rule; fails the test when there is none."""
    path = FIXTURES / f"{rule_id}.yaml"
    if not path.is_file():
        pytest.fail(f"rule {rule_id!r} has no fixture; add {path.relative_to(Path.cwd())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} must be a mapping of pass/fail/warn facts"
    return data
