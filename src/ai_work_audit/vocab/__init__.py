"""Shared vocabulary below every package (design.md: vocab/): the fact catalogue
(``facts.yaml``), the message catalogue (``messages/{en,fr}.yaml``, read by ``_messages``) and
the one YAML loader."""

from ai_work_audit.vocab._facts import (
    FACT_ID_RE,
    FactCatalogue,
    FactSpec,
    load_fact_catalogue,
    parse_fact_catalogue,
)
from ai_work_audit.vocab._yaml import (
    MAX_ALIAS_EXPANSION,
    LineList,
    LineMap,
    YamlPath,
    YamlSyntaxError,
    dotted,
    line_at,
    line_marks,
    load_yaml_model,
    load_yaml_with_lines,
    plain,
    read_text,
    validate_yaml_model,
    validation_problems,
)

__all__ = [
    "FACT_ID_RE",
    "MAX_ALIAS_EXPANSION",
    "FactCatalogue",
    "FactSpec",
    "LineList",
    "LineMap",
    "YamlPath",
    "YamlSyntaxError",
    "dotted",
    "line_at",
    "line_marks",
    "load_fact_catalogue",
    "load_yaml_model",
    "load_yaml_with_lines",
    "parse_fact_catalogue",
    "plain",
    "read_text",
    "validate_yaml_model",
    "validation_problems",
]
