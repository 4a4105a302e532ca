"""Policy packs: load and validate YAML rules, evaluate them on audit facts into findings."""

from ai_work_audit.policy._evaluate import evaluate_policies
from ai_work_audit.policy._facts import HIRING_FACTS, MONITORING_FACTS, FactScope
from ai_work_audit.policy._fixtures import (
    CaseResult,
    FixtureCase,
    PackFixtures,
    check_packs,
    read_fixture,
    run_pack_fixtures,
)
from ai_work_audit.policy._folder import find_pack, pack_file
from ai_work_audit.policy._law_facts import audit_date, law_facts
from ai_work_audit.policy._model import JURISDICTIONS, Condition, PolicyPack, Rule, Text
from ai_work_audit.policy._pack import (
    POLICY_DIR_ENV,
    default_policy_packs,
    load_policy_pack,
    load_policy_packs,
    policy_dir,
    policy_pack_paths,
    validate_policy_file,
)

__all__ = [
    "HIRING_FACTS",
    "JURISDICTIONS",
    "MONITORING_FACTS",
    "POLICY_DIR_ENV",
    "CaseResult",
    "Condition",
    "FactScope",
    "FixtureCase",
    "PackFixtures",
    "PolicyPack",
    "Rule",
    "Text",
    "audit_date",
    "check_packs",
    "default_policy_packs",
    "evaluate_policies",
    "find_pack",
    "law_facts",
    "load_policy_pack",
    "load_policy_packs",
    "pack_file",
    "policy_dir",
    "policy_pack_paths",
    "read_fixture",
    "run_pack_fixtures",
    "validate_policy_file",
]
