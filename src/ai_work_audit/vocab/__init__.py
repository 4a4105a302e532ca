"""Shared vocabulary: the fact catalogue (``facts.yaml``)."""

from ai_work_audit.vocab._facts import (
    FACT_ID_RE,
    FactCatalogue,
    FactSpec,
    load_fact_catalogue,
    parse_fact_catalogue,
)

__all__ = [
    "FACT_ID_RE",
    "FactCatalogue",
    "FactSpec",
    "load_fact_catalogue",
    "parse_fact_catalogue",
]
