"""The disclosure vocabulary: what each numeric field of a document says about people.

Issue 9 item 2 (design.md "Privacy of the tool"). A pydantic field is annotated with
``Field(json_schema_extra={"disclosure": …})``; the helpers below say it in one word and the
annotation is visible in the exported JSON Schema. A cell model (one category of a table)
names the field that counts its people in ``model_config["json_schema_extra"]["disclosure_cell"]``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Final

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo

#: The key of the annotation in a field's JSON Schema.
DISCLOSURE_KEY: Final = "disclosure"
#: The key, in a cell model's JSON Schema, of the field that counts the cell's people.
CELL_KEY: Final = "disclosure_cell"
#: The key, in a cell model's JSON Schema, of the fields whose values split a list into tables.
PARTITION_KEY: Final = "disclosure_partition"
#: The key, in a table model's JSON Schema, of its fields computed over all its cells.
AGGREGATES_KEY: Final = "disclosure_aggregates"


class Disclosure(StrEnum):
    """What a field discloses (issue 9 item 2)."""

    PEOPLE = "people"    #: counts people
    DERIVED = "derived"  #: computed from counts: rates, ratios, intervals, p-values, z
    EVENTS = "events"    #: an aggregate of events (or records)
    PERSON = "person"    #: person-level; never released to representatives
    PUBLIC = "public"    #: parameters and labels, safe to release


def annotated(kind: Disclosure, default: Any = None, **kwargs: Any) -> Any:
    """A pydantic ``Field`` carrying the disclosure annotation ``kind`` (default: None)."""
    extra = dict(kwargs.pop("json_schema_extra", None) or {})
    extra[DISCLOSURE_KEY] = kind.value
    return Field(default, json_schema_extra=extra, **kwargs)


def people(default: Any = None, **kwargs: Any) -> Any:
    """A field that counts people."""
    return annotated(Disclosure.PEOPLE, default, **kwargs)


def derived(default: Any = None, **kwargs: Any) -> Any:
    """A field computed from counts (rate, ratio, interval, p-value, z)."""
    return annotated(Disclosure.DERIVED, default, **kwargs)


def events(default: Any = None, **kwargs: Any) -> Any:
    """A field that aggregates events or records."""
    return annotated(Disclosure.EVENTS, default, **kwargs)


#: ``events`` under a name that a field called ``events`` does not shadow in a class body.
event_count = events


def person(default: Any = None, **kwargs: Any) -> Any:
    """A person-level field, never released to representatives."""
    return annotated(Disclosure.PERSON, default, **kwargs)


def public(default: Any = None, **kwargs: Any) -> Any:
    """A parameter or label, safe to release."""
    return annotated(Disclosure.PUBLIC, default, **kwargs)


def disclosure_of(info: FieldInfo) -> Disclosure | None:
    """The annotation of a pydantic field, or None when it has none."""
    extra = info.json_schema_extra
    if isinstance(extra, dict):
        value = extra.get(DISCLOSURE_KEY)
        if isinstance(value, str) and value in Disclosure._value2member_map_:
            return Disclosure(value)
    return None


# --------------------------------------------------------------------------------------------
# Pieces shared by every document model


class DocumentPart(BaseModel):
    """Base of every document model: extra fields are kept (and, unannotated, withheld from
    representatives); fields serialise under their JSON names."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, serialize_by_alias=True)


#: A number as documents carry it: an int stays an int (2, not 2.0).
Number = int | float
#: A finding metric or a fact: fact id → value (contracts.md "Facts").
FactValue = float | int | str | bool | None


class FindingDoc(DocumentPart):
    """A finding as documents carry it (contracts.md "Findings")."""

    rule: str | None = public()
    policy: str | None = public()
    policy_version: str | None = public()
    commitment: int | None = public()
    severity: str | None = public()
    outcome: str | None = public()
    refs: list[str] | None = public()
    message: str | None = public()
    metrics: dict[str, FactValue | dict[str, FactValue]] | None = derived()
    legal_basis: list[str] | None = public()
    scope: str | None = public()
    remediation: str | None = public()
    #: the message in every language (it may quote figures: replaced with ``message``)
    messages: dict[str, str] | None = public()
    #: the remediation in every language (pack text without figures)
    remediations: dict[str, str] | None = public()
    #: the date the rule's duty starts (the pack's data), when it sets one
    applies_from: str | None = public()


class LedgerDoc(DocumentPart):
    """Where the run was recorded."""

    mlflow_run_id: str | None = public()
