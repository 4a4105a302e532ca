"""Helpers of the policy tests: the shipped packs, and a company pack written in a folder."""

from __future__ import annotations

from pathlib import Path

from ai_work_audit.policy import PolicyPack, Rule, load_policy_packs, policy_pack_paths

FIXTURES = Path(__file__).parent / "fixtures"
REPO_POLICIES = Path(__file__).resolve().parents[2] / "policies"
VALID = FIXTURES / "valid_pack.yaml"


def shipped_packs() -> list[PolicyPack]:
    """Every pack of the repository's policies/ folder, in pack-name order."""
    return load_policy_packs(policy_pack_paths(REPO_POLICIES))


def shipped_rules() -> list[tuple[PolicyPack, Rule]]:
    return [(pack, rule) for pack in shipped_packs() for rule in pack.rules]


#: A fixture of the valid pack's one rule (fail when hiring.adverse_impact_categories > 0).
FIRST_FIXTURE = """\
pass: {hiring.adverse_impact_categories: 0}
fail: {hiring.adverse_impact_categories: 2}
"""


def company_pack(root: Path, fixture: str | None = FIRST_FIXTURE, name: str = "test-pack"
                 ) -> Path:
    """Write ``root/<name>/{pack.yaml, fixtures/test.first.yaml}`` and return the folder."""
    folder = root / name
    (folder / "fixtures").mkdir(parents=True)
    (folder / "pack.yaml").write_text(
        VALID.read_text(encoding="utf-8").replace("test-pack", name), encoding="utf-8")
    if fixture is not None:
        (folder / "fixtures" / "test.first.yaml").write_text(fixture, encoding="utf-8")
    return folder
