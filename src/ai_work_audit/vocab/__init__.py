"""Shared vocabulary: the disclosure annotations of document fields and the
model pieces every document shares."""

from ai_work_audit.vocab._disclosure import (
    AGGREGATES_KEY,
    CELL_KEY,
    DISCLOSURE_KEY,
    PARTITION_KEY,
    Disclosure,
    DocumentPart,
    FactValue,
    FindingDoc,
    LedgerDoc,
    Number,
    annotated,
    derived,
    disclosure_of,
    event_count,
    events,
    people,
    person,
    public,
)

__all__ = [
    "AGGREGATES_KEY",
    "CELL_KEY",
    "DISCLOSURE_KEY",
    "PARTITION_KEY",
    "Disclosure",
    "DocumentPart",
    "FactValue",
    "FindingDoc",
    "LedgerDoc",
    "Number",
    "annotated",
    "derived",
    "disclosure_of",
    "event_count",
    "events",
    "people",
    "person",
    "public",
]
