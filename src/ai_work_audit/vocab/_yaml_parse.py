"""PyYAML's side of the one YAML loader: line-aware, alias-bounded (``_yaml``).

Imported on first use: a run whose YAML files all come from the cache of shipped files
(``_yaml_cache``) does not import PyYAML (start-up, issue 9 item 9).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

from ai_work_audit.vocab._yaml_tree import (
    MAX_ALIAS_EXPANSION,
    LineList,
    LineMap,
    YamlSyntaxError,
)

MSG_ALIAS_BOMB = (
    "aliases must not expand the document by more than {limit} nodes; got more instead "
    "(an alias bomb?). Write the repeated parts out."
)
MSG_ALIAS_LOOP = "an alias must not refer to the node that contains it; got a loop instead."


# libyaml's parser when present (several times faster); marks and errors are the same.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader whose mappings and sequences record their lines and duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[int, str]] = []


def _construct_mapping(loader: _LineLoader, node: MappingNode) -> LineMap:
    mapping = LineMap()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found an unhashable key",
                key_node.start_mark,
            )
        line = key_node.start_mark.line + 1
        if key in mapping:
            loader.duplicate_keys.append((line, str(key)))
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def _construct_timestamp(loader: _LineLoader, node: Any) -> Any:
    """A date or timestamp; one that is not a real date (2027-13-45) stays the text it is, so
    that the reader of the field reports it (naming the line) instead of a traceback."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)





def _check_expansion(root: Node, limit: int = MAX_ALIAS_EXPANSION) -> None:
    """Raise YamlSyntaxError when aliases make the expanded tree ``limit`` nodes bigger than
    the composed graph. Each distinct node is visited once (sizes are memoised), so an alias
    bomb is refused in time proportional to its text."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    # Iterative post-order walk: a deep document must not exhaust Python's stack.
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes:
            continue
        children: list[Node] = []
        if isinstance(node, MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        if not children_done:
            if key in visiting:
                raise YamlSyntaxError(node.start_mark.line + 1, MSG_ALIAS_LOOP)
            visiting.add(key)
            stack.append((node, True))
            for child in children:
                if id(child) in visiting and id(child) not in sizes:
                    raise YamlSyntaxError(child.start_mark.line + 1, MSG_ALIAS_LOOP)
                stack.append((child, False))
            continue
        visiting.discard(key)
        size = 1 + sum(sizes[id(child)] for child in children)
        if size - len(sizes) > limit:
            raise YamlSyntaxError(node.start_mark.line + 1,
                                  MSG_ALIAS_BOMB.format(limit=limit))
        sizes[key] = size


def parse_yaml(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one YAML document with PyYAML (``_yaml.load_yaml_with_lines``).

    Raises ``YamlSyntaxError`` naming the line of the first syntax problem, or of the node
    whose aliases expand beyond ``MAX_ALIAS_EXPANSION``. An empty document is ``None``.
    """
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        if "&" in text:  # no anchor, no alias: nothing can expand (start-up: skip the walk)
            _check_expansion(node)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise YamlSyntaxError(line, problem) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(1, type(exc).__name__) from None
    finally:
        loader.dispose()
    return data, loader.duplicate_keys
