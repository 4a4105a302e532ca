"""Commitment 6: what data-enrichment vendors pay against living wages (issue 16)."""

from ai_work_audit.supply_chain._audit import (
    SCHEMA,
    SupplyChainAudit,
    audit_statements,
    audit_supply_chain,
    read_benchmarks,
    read_rates,
    supply_chain_facts,
)
from ai_work_audit.supply_chain._options import SupplyChainOptions

__all__ = [
    "SCHEMA",
    "SupplyChainAudit",
    "SupplyChainOptions",
    "audit_statements",
    "audit_supply_chain",
    "read_benchmarks",
    "read_rates",
    "supply_chain_facts",
]
