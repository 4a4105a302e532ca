"""Commitment 4: hiring-bias audits of HR system outputs (selection and scoring rates, impact
ratios, four-fifths rule, NYC LL 144 tables, significance, intervals, funnels, trends)."""

from ai_work_audit.hiring._audit import aggregate_counts, audit_hiring_file, audit_hiring_table
from ai_work_audit.hiring._facts import (
    Facts,
    audit_facts,
    compute_audit_facts,
    hiring_facts,
    lowest_impact_ratio,
    table_facts,
    table_label,
)
from ai_work_audit.hiring._model import SCHEMA, CategoryRow, HiringAudit, RateTable
from ai_work_audit.hiring._options import HiringOptions, hiring_options_from_params
from ai_work_audit.hiring._tables import compute_rate_table

__all__ = [
    "SCHEMA",
    "CategoryRow",
    "Facts",
    "HiringAudit",
    "HiringOptions",
    "RateTable",
    "aggregate_counts",
    "audit_facts",
    "audit_hiring_file",
    "audit_hiring_table",
    "compute_audit_facts",
    "compute_rate_table",
    "hiring_facts",
    "hiring_options_from_params",
    "lowest_impact_ratio",
    "table_facts",
    "table_label",
]
