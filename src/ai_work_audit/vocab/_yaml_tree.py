"""The tree a YAML document loads into: mappings and lists that know their lines.

Shared by the PyYAML loader (``_yaml_parse``), the cache of parsed shipped files
(``_yaml_cache``) and the helpers of ``_yaml``; it imports no YAML library.
"""

from __future__ import annotations

from typing import Any

#: How many nodes aliases may add to a document (beyond the nodes written out). The shipped
#: files use none; a 9-level alias bomb would add ~10^9 (CWE-776).
MAX_ALIAS_EXPANSION = 10_000


class LineMap(dict[Any, Any]):
    """A YAML mapping that knows its own line and the line of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of ``key`` when present, else the line where the mapping starts."""
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A YAML sequence that knows its own line and the line of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class YamlSyntaxError(Exception):
    """The text is not valid YAML (or its aliases expand too far); ``line`` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem
