"""The fact catalogue (``vocab/facts.yaml``): every fact id, its producer, scope, unit,
rulebook reference and disclosure class, validated with pydantic.

Source: issue 9 item 3 ("Facts once"); disclosure classes as in the typed documents
(people, derived, events, person, public).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab._yaml import load_yaml_with_lines, plain

Unit = Literal["count", "ratio", "share", "statistic", "rate_difference", "seconds", "bool",
               "names", "days"]
Disclosure = Literal["people", "derived", "events", "person", "public"]
Scope = Literal["audit", "table"]

#: A fact id: dotted lowercase parts; the last may be an entity type (``TRADE_UNION``) or the
#: placeholder ``{type}`` standing for one.
FACT_ID_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.([A-Z][A-Z0-9_]*|\{type\}))?$")
#: What ``{type}`` matches in a concrete id.
_TYPE_PART = "[A-Z][A-Z0-9_]*"
CATALOGUE_FILE = "facts.yaml"

MSG_INVALID = "the fact catalogue {name} must be valid; got {count} problem(s): {problems}"
MSG_UNKNOWN = ("fact id {fact!r} must be in the fact catalogue (vocab/facts.yaml); got an "
               "unknown id. Add it to the catalogue with its producer.")


class FactSpec(BaseModel):
    """One catalogued fact: who computes it, where it lives, what it measures."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    producer: tuple[str, ...] = Field(min_length=1)
    scope: tuple[Scope, ...] = Field(min_length=1)
    unit: Unit
    disclosure: Disclosure
    rulebook: str = Field(min_length=1)
    description: str = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not FACT_ID_RE.match(value):
            raise ValueError("must be a dotted lowercase id such as 'hiring.min_impact_ratio'")
        return value

    @field_validator("producer", "scope", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @property
    def pattern(self) -> re.Pattern[str]:
        """The concrete ids this entry covers (itself, or every entity type for ``{type}``)."""
        return re.compile("^" + re.escape(self.id).replace(r"\{type\}", _TYPE_PART) + "$")


class FactCatalogue(BaseModel):
    """Every fact id, and the modules of each producer (paths under ``src/``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    producers: dict[str, tuple[str, ...]]
    facts: tuple[FactSpec, ...]

    @model_validator(mode="after")
    def _consistent(self) -> FactCatalogue:
        ids = [f.id for f in self.facts]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"fact ids must be unique; got {len(repeated)} repeated: "
                             + ", ".join(repeated))
        unknown = sorted({p for f in self.facts for p in f.producer} - set(self.producers))
        if unknown:
            raise ValueError("every producer must be declared under 'producers'; got "
                             + ", ".join(unknown))
        return self

    def spec(self, fact: str) -> FactSpec:
        """The entry of a concrete fact id; ConfigError when the catalogue lacks it."""
        found = self.find(fact)
        if found is None:
            raise ConfigError(MSG_UNKNOWN.format(fact=fact))
        return found

    def find(self, fact: str) -> FactSpec | None:
        """The entry of a concrete fact id, or None."""
        for spec in self.facts:
            if spec.id == fact or spec.pattern.match(fact):
                return spec
        return None

    def produced_by(self, producer: str) -> tuple[FactSpec, ...]:
        """Entries a producer computes."""
        return tuple(f for f in self.facts if producer in f.producer)

    def unknown(self, facts: Mapping[str, Any] | list[str]) -> list[str]:
        """The ids among ``facts`` the catalogue lacks, sorted."""
        return sorted(str(f) for f in facts if self.find(str(f)) is None)


def parse_fact_catalogue(data: Any, name: str = CATALOGUE_FILE) -> FactCatalogue:
    """A validated catalogue from parsed YAML; ConfigError naming every problem."""
    try:
        return FactCatalogue.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'catalogue'}: {e['msg']}"
            for e in exc.errors())
        raise ConfigError(MSG_INVALID.format(name=name, count=exc.error_count(),
                                             problems=problems)) from None


@cache
def load_fact_catalogue() -> FactCatalogue:
    """The shipped fact catalogue (``ai_work_audit/vocab/facts.yaml``), loaded once."""
    text = resources.files(__package__).joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    return parse_fact_catalogue(plain(load_yaml_with_lines(text, cached=True)[0]))
