"""The one YAML loader: line-aware, alias-bounded, validated with pydantic models.

Every YAML the project reads (policy packs, recognizers, settings, event mappings, the company
policy, audit specs, the framework) goes through ``load_yaml_with_lines``. It builds plain dicts
and lists that also carry the 1-based line of every mapping, key and list item (PyYAML's node
marks), so that loaders report problems as ``file:line``. It refuses a document whose aliases
would expand it beyond ``MAX_ALIAS_EXPANSION`` nodes ("billion laughs", CWE-776) before anything
is constructed. ``validate_yaml_model`` turns a pydantic ``ValidationError`` into the caller's
error class, each problem naming ``file:line``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, SequenceNode

#: How many nodes aliases may add to a document (beyond the nodes written out). The shipped
#: files use none; a 9-level alias bomb would add ~10^9 (CWE-776).
MAX_ALIAS_EXPANSION = 10_000
MSG_ALIAS_BOMB = (
    "aliases must not expand the document by more than {limit} nodes; got more instead "
    "(an alias bomb?). Write the repeated parts out."
)
MSG_ALIAS_LOOP = "an alias must not refer to the node that contains it; got a loop instead."


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


class YamlSyntaxError(Exception):
    """The text is not valid YAML (or its aliases expand too far); ``line`` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.problem = problem


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


def load_yaml_with_lines(text: str) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one YAML document; return it and the (line, key) of every duplicated key.

    Raises ``YamlSyntaxError`` naming the line of the first syntax problem, or of the node
    whose aliases expand beyond ``MAX_ALIAS_EXPANSION``. An empty document is ``None``.
    """
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
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


def describe_value(value: Any) -> str:
    """What a loaded YAML value is, for an error message, without its content ("a mapping",
    "a string of 12 characters")."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, LineMap):
        return "a mapping"
    if isinstance(value, LineList):
        return "a list"
    return type(value).__name__


def read_text(path: Path) -> str:
    """The file's text (UTF-8); OSError and UnicodeDecodeError propagate."""
    return path.read_text(encoding="utf-8")


YamlPath = tuple[str | int, ...]


def line_marks(data: Any) -> dict[YamlPath, int]:
    """The 1-based line of every node of a loaded document, keyed by its path of keys and
    indexes (a nested mapping or list: the line where it starts; a scalar: its key's line)."""
    marks: dict[YamlPath, int] = {}
    if isinstance(data, LineMap | LineList):
        marks[()] = data.line
    stack: list[tuple[Any, YamlPath]] = [(data, ())]
    while stack:
        node, path = stack.pop()
        items: list[tuple[str | int, Any, int]] = []
        if isinstance(node, LineMap):
            items = [(k, v, node.line_of(str(k))) for k, v in node.items()]
        elif isinstance(node, LineList):
            items = [(i, v, node.line_of(i)) for i, v in enumerate(node)]
        for part, value, line in items:
            child = (*path, part)
            marks[child] = value.line if isinstance(value, LineMap | LineList) else line
            stack.append((value, child))
    return marks


def line_at(marks: Mapping[YamlPath, int], path: Sequence[str | int]) -> int:
    """The line of ``path``, or of its nearest ancestor that has one (1 for none)."""
    key = tuple(path)
    while key:
        if key in marks:
            return marks[key]
        key = key[:-1]
    return marks.get((), 1)


def plain(value: Any) -> Any:
    """The loaded document as plain dicts and lists (for JSON, hashing, equality)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def dotted(path: Sequence[str | int]) -> str:
    """``("indicators", 0, "id")`` → ``indicators[0].id``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def validation_problems(exc: ValidationError, filename: str, marks: Mapping[YamlPath, int],
                        base: YamlPath = ()) -> list[str]:
    """One ``file:line: path: message`` per pydantic error; the input values are not shown."""
    problems = []
    for err in exc.errors(include_input=False, include_url=False):
        path = (*base, *err["loc"])
        where = f"{filename}:{line_at(marks, path)}"
        name = dotted(path)
        problems.append(f"{where}: {name}: {err['msg']}" if name else f"{where}: {err['msg']}")
    return problems


Model = TypeVar("Model", bound=BaseModel)


def validate_yaml_model(model: type[Model], data: Any, *, filename: str,
                        error: type[Exception], marks: Mapping[YamlPath, int] | None = None,
                        ) -> Model:
    """``data`` (as loaded) validated by ``model``; every problem in one ``error`` naming
    ``file:line`` (``error`` is ConfigError, InputError or PolicyError: the caller's)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = validation_problems(exc, filename, line_marks(data) if marks is None
                                       else marks)
        message = problems[0] if len(problems) == 1 else (
            f"{len(problems)} problems: " + " | ".join(problems))
        raise error(message) from None


def load_yaml_model(model: type[Model], text: str, *, filename: str,
                    error: type[Exception]) -> Model:
    """Parse ``text`` and validate it with ``model``; syntax errors, duplicate keys and
    validation problems are raised as one ``error`` naming ``file:line``."""
    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise error(f"{filename}:{exc.line}: must be valid YAML; {exc.problem}") from None
    if duplicates:
        problems = [f"{filename}:{line}: key {key!r} must appear once; got it twice."
                    for line, key in duplicates]
        raise error(" | ".join(problems))
    return validate_yaml_model(model, data, filename=filename, error=error)
