"""Shared vocabulary below every package: the one YAML loader (design.md: vocab/)."""

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
    "MAX_ALIAS_EXPANSION",
    "LineList",
    "LineMap",
    "YamlPath",
    "YamlSyntaxError",
    "dotted",
    "line_at",
    "line_marks",
    "load_yaml_model",
    "load_yaml_with_lines",
    "plain",
    "read_text",
    "validate_yaml_model",
    "validation_problems",
]
