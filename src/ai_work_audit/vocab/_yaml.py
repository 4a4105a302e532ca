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

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ai_work_audit.vocab import _yaml_cache as yaml_cache
from ai_work_audit.vocab._yaml_tree import LineList as LineList  # re-exported
from ai_work_audit.vocab._yaml_tree import LineMap as LineMap
from ai_work_audit.vocab._yaml_tree import YamlSyntaxError as YamlSyntaxError


def load_yaml_with_lines(text: str, *, cached: bool = False,
                         ) -> tuple[Any, list[tuple[int, str]]]:
    """Parse one YAML document; return it and the (line, key) of every duplicated key.

    Raises ``YamlSyntaxError`` naming the line of the first syntax problem, or of the node
    whose aliases expand beyond ``MAX_ALIAS_EXPANSION``. An empty document is ``None``.
    ``cached``: the text is a file shipped with the tool or a policy pack (no personal data);
    its parsed tree is kept in the user's cache, keyed by the text's SHA-256 (``_yaml_cache``),
    and read from there the next time (start-up, issue 9 item 9). Problems are never cached.
    """
    if cached:
        hit = yaml_cache.load(text)
        if hit is not None:
            return hit
    # PyYAML is imported on the first parse only: a small audit whose files all come from the
    # cache does not load it (start-up).
    from ai_work_audit.vocab._yaml_parse import parse_yaml

    result = parse_yaml(text)
    if cached:
        yaml_cache.store(text, result)
    return result


def yaml_date(value: object) -> dt.date | None:
    """A YAML date (``2027-12-02``, unquoted or quoted) as a date; None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


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


def describe_key(key: Any, allowed: Any) -> str:
    """An unknown key for an error message: quoted when it resembles an allowed one (a typo:
    "'polcy'"), else described without its content ("a key of 23 characters"): a file that is
    not what it claims (a roster passed as a pack or a mapping) must not have its first line
    echoed, and keys can be e-mail addresses or names (issue 10 item 3)."""
    import difflib

    text = str(key)
    if len(text) <= 3 or difflib.get_close_matches(text, [str(a) for a in allowed], n=1,
                                                   cutoff=0.75):
        return repr(text)
    return f"a key of {len(text)} characters"


def describe_keys(keys: Any, allowed: Any) -> str:
    """``describe_key`` of each, comma-separated."""
    return ", ".join(describe_key(k, allowed) for k in keys)


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


#: What a pydantic type error expects, in the words of the project's messages (style.md:
#: "must X; got Y instead", then the fix).
_EXPECTED = {
    "string_type": "a text", "str_type": "a text", "int_type": "a whole number",
    "int_from_float": "a whole number", "int_parsing": "a whole number", "float_type": "a number",
    "float_parsing": "a number", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "tuple_type": "a list", "set_type": "a list", "dict_type": "a mapping",
    "model_type": "a mapping", "model_attributes_type": "a mapping",
    "string_too_short": "a non-empty text",
}


def _value_at(data: Any, path: Sequence[str | int]) -> tuple[bool, Any]:
    """(found, value) of ``path`` in the loaded document."""
    node = data
    for part in path:
        in_map = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if not (in_map or in_list):
            return False, None
        node = node[part]
    return True, node


def _unwrap(annotation: Any, part: str | int | None) -> Any:
    """The annotation one step down: a container's items, an Optional's type."""
    origin = get_origin(annotation)
    args = [a for a in get_args(annotation) if a is not type(None)]
    if origin is Annotated:
        return _unwrap(args[0], part)
    if origin in (Union, UnionType):
        models = [a for a in args if _is_model(a)] or args
        return _unwrap(models[0], part) if models else None
    if part is None:
        return annotation
    if origin in (list, tuple, set, frozenset, Sequence) and args:
        return args[0]
    if origin in (dict, Mapping) and len(args) == 2:
        return args[1]
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def allowed_keys(model: type[BaseModel], path: Sequence[str | int]) -> list[str] | None:
    """The keys the mapping at ``path`` may hold, from the model's fields (None: unknown)."""
    current: Any = model
    for part in path:
        current = _unwrap(current, None)
        if _is_model(current) and isinstance(part, str) and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            current = _unwrap(current, part)
    current = _unwrap(current, None)
    if not _is_model(current):
        return None
    return [field.alias or name for name, field in current.model_fields.items()]


def problem_text(err: Mapping[str, Any], data: Any, model: type[BaseModel] | None = None,
                 base: YamlPath = ()) -> str:
    """One pydantic error as "must …; got … instead. <fix>" (the input value never shown)."""
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    found, value = _value_at(data, loc)
    if kind == "missing":
        return "must be present; got nothing instead. Add it."
    if kind == "extra_forbidden":
        keys = allowed_keys(model, (*base, *loc[:-1])) if model is not None else None
        listed = f" ({', '.join(keys)})" if keys else ""
        return (f"must be one of the keys this section allows{listed}; got another key "
                "instead. Remove it or correct its spelling.")
    if kind in _EXPECTED:
        got = describe_value(value) if found else "nothing"
        return f"must be {_EXPECTED[kind]}; got {got} instead. Correct the value."
    if kind == "too_short" and "min_length" in ctx:
        return (f"must hold at least {ctx['min_length']} item(s); got "
                f"{ctx.get('actual_length', 'fewer')} instead. Add the missing item(s).")
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])
    text = str(err["msg"]).replace("Input should be", "must be", 1)
    if text.startswith("Value error, "):
        return text.removeprefix("Value error, ")
    return f"{text}; got another value instead. Correct the value."


def validation_problems(exc: ValidationError, filename: str, marks: Mapping[YamlPath, int],
                        base: YamlPath = (), *, data: Any = None,
                        model: type[BaseModel] | None = None) -> list[str]:
    """One ``file:line: path: message`` per pydantic error; the input values are not shown.
    With the loaded ``data`` (and its ``model``) the message says what was found and which
    keys are allowed (``problem_text``)."""
    problems = []
    for err in exc.errors(include_input=False, include_url=False):
        err["loc"] = tuple(p for p in err["loc"] if p != "[key]")  # a dict key: its own line
        path = (*base, *err["loc"])
        where = f"{filename}:{line_at(marks, path)}"
        name = dotted(path)
        if err["type"] == "extra_forbidden" and path and isinstance(path[-1], str):
            # The unknown key is described, not quoted, unless it looks like a typo of an
            # allowed one: a roster passed as a config must not have its keys echoed.
            keys = allowed_keys(model, path[:-1]) if model is not None else None
            shown = describe_key(path[-1], keys or [])
            name = f"{dotted(path[:-1])}: {shown}" if len(path) > 1 else shown
        text = problem_text(err, data, model, base) if data is not None else err["msg"]
        problems.append(f"{where}: {name}: {text}" if name else f"{where}: {text}")
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
                                       else marks, data=data, model=model)
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
        known = allowed_keys(model, ()) or []
        problems = [f"{filename}:{line}: key {describe_key(key, known)} must appear once; "
                    "got it twice." for line, key in duplicates]
        raise error(" | ".join(problems))
    return validate_yaml_model(model, data, filename=filename, error=error)
