"""Audit commands generated from the kinds' options models.

Each option of an options model (``ai_work_audit.options``) becomes a Typer option with the
same flag, help and default; repeatable options are repeated flags. The command's own options
(format, output, language, ledger, gate) come from ``cli._common``. The commands are built when
first used (``cli._lazy``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ai_work_audit.cli._common import (
    FailOnOpt,
    FormatOpt,
    LangOpt,
    Language,
    NoLedgerOpt,
    OutputFormat,
    OutputOpt,
)

# --- generation ------------------------------------------------------------------------------

Handler = Callable[[Path, Any, dict[str, Any]], None]


def audit_command(kind: str, *, input_help: str, handler: Handler,
                  extra: Sequence[inspect.Parameter] = (), doc: str | None = None,
                  input_optional: bool = False, name: str | None = None) -> Any:
    """The click command of audit ``kind``: INPUT, the options model's options, ``extra``
    parameters of the command, then the common output options. ``handler(input, options,
    cli)`` gets the validated options and the command's own values (format, output, lang,
    no_ledger, fail_on and the ``extra`` names)."""
    from ai_work_audit.kinds import kind_spec
    from ai_work_audit.options import option_fields

    spec = kind_spec(kind)
    model = spec.options
    fields = option_fields(model)
    params = [inspect.Parameter("input", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                annotation=Annotated[Path, typer.Argument(help=input_help)])]
    if input_optional:  # e.g. hiring --engine sql reads --source instead
        params = [inspect.Parameter(
            "input", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
            annotation=Annotated[Path | None, typer.Argument(help=input_help)])]
    params += [_parameter(f) for f in fields]
    params += list(extra)
    common: list[tuple[str, Any, Any]] = [
        ("format", FormatOpt, OutputFormat.text), ("output", OutputOpt, None),
        ("lang", LangOpt, Language.en), ("no_ledger", NoLedgerOpt, False),
        ("fail_on", FailOnOpt, None)]
    params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d)
               for n, a, d in common]
    names = {f.name for f in fields}

    def command(**values: Any) -> None:
        given: dict[str, Any] = {}
        for f in fields:
            value = _model_value(values.pop(f.name))
            if f.split is not None and isinstance(value, str):
                value = tuple(v.strip() for v in value.split(f.split) if v.strip())
            if value is None or (f.repeatable and value == ()):
                continue
            given[f.name] = value
        options = model(**given)
        handler(values.pop("input"), options, values)

    command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    command.__name__ = name or kind
    command.__doc__ = doc or spec.summary
    assert names.isdisjoint(n for n, _, _ in common)
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command(name=name or kind)(command)
    return typer.main.get_command(app)


def _parameter(f: Any) -> inspect.Parameter:
    """The Typer parameter of one option field."""
    from ai_work_audit.options import _strip_optional

    inner = _strip_optional(f.annotation)
    decls = [f"{f.flag}/{f.negative}"] if f.negative else [f.flag]
    kwargs: dict[str, Any] = {"help": f.help}
    default: Any = None if f.default is ... else f.default
    if f.repeatable:
        annotation: Any = list[Path] | None if f.path else list[str] | None
        default = None
    elif f.split is not None:
        annotation = str | None
        default = None
    elif f.choices is not None:
        choices = StrEnum(f"{f.name.title()}Choice", {c: c for c in f.choices})  # type: ignore[misc]
        annotation = choices
        default = choices(f.default)
    elif f.path:
        annotation = Path | None
    elif inner in (bool, int, float):
        annotation = inner
        if f.minimum is not None:
            kwargs["min"] = f.minimum
    else:
        annotation = f.annotation
    return inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default,
                             annotation=Annotated[annotation, typer.Option(*decls, **kwargs)])


def _model_value(value: Any) -> Any:
    """A CLI value as the options model takes it (lists → tuples, paths → text)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (list, tuple)):
        return tuple(_model_value(v) for v in value)
    return value
