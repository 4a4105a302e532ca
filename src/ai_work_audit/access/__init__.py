"""Commitments 2 and 4: equal access to training, promotion and decision-making roles (issue
16), computed by the hiring core under the ``access-audit/v1`` schema."""

from ai_work_audit.access._audit import (
    PROCESSES,
    SCHEMA,
    audit_access_file,
    audit_access_table,
)
from ai_work_audit.access._equality import promotion_gap
from ai_work_audit.access._options import (
    AccessOptions,
    DecisionRolesOptions,
    PromotionOptions,
    TrainingOptions,
)
from ai_work_audit.access._survival import km_median, log_rank, survival_table

__all__ = [
    "PROCESSES",
    "SCHEMA",
    "AccessOptions",
    "DecisionRolesOptions",
    "PromotionOptions",
    "TrainingOptions",
    "audit_access_file",
    "audit_access_table",
    "km_median",
    "log_rank",
    "promotion_gap",
    "survival_table",
]
