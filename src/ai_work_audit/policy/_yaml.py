"""Re-export of the one YAML loader (``vocab/_yaml.py``) for modules that still import it here."""

from ai_work_audit.vocab._yaml import (
    LineList,
    LineMap,
    YamlSyntaxError,
    load_yaml_with_lines,
    read_text,
)

__all__ = ["LineList", "LineMap", "YamlSyntaxError", "load_yaml_with_lines", "read_text"]
