"""Policy packs: load and validate YAML rules, evaluate them on audit facts into findings."""

from ai_work_audit.policy._evaluate import evaluate_policies
from ai_work_audit.policy._facts import HIRING_FACTS, MONITORING_FACTS, FactScope
from ai_work_audit.policy._model import Condition, PolicyPack, Rule, Text
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
    "MONITORING_FACTS",
    "POLICY_DIR_ENV",
    "Condition",
    "FactScope",
    "PolicyPack",
    "Rule",
    "Text",
    "default_policy_packs",
    "evaluate_policies",
    "load_policy_pack",
    "load_policy_packs",
    "policy_dir",
    "policy_pack_paths",
    "validate_policy_file",
]
