"""Audit options declared once: one pydantic field per option, with its CLI flag and help.

Each audit kind has one options model (``hiring/_options.py``, ``monitoring/_options.py``),
made with ``options_model`` and ``option``. It is the single declaration of every option:
type, default, help text, CLI flag (repeatable options are tuples), validation. The CLI
generates its options from it (``cli/_generate.py``); API ``params`` and audit specifications
are validated by ``options_from_params`` (contracts.md, "HTTP service": the keys are the CLI's
long options with underscores). Errors are ``ConfigError`` naming the flag or key, never the
value given (it may be personal data).
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar, get_args, get_origin

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError
from pydantic.dataclasses import dataclass as pydantic_dataclass

from ai_work_audit.errors import AuditError, ConfigError

#: Options of the command (output, language, ledger, gate), not of the audit: accepted in
#: ``params`` and ignored there (the service and the spec runner set them themselves).
RUN_KEYS = ("format", "output", "lang", "no_ledger", "fail_on")

MSG_UNKNOWN = "params has unknown key(s) {keys}; allowed: {allowed}."
MSG_TYPE = "{name} must be {expected}; got {got} instead."
MSG_NOT_JSON = "{name} must be a JSON value (text, number, true/false or a list); got {got} " \
    "instead."

T = TypeVar("T")


@dataclass(frozen=True)
class OptionField:
    """One option as the faces see it: field name, CLI flag, API key, help and type."""

    name: str
    flag: str
    key: str
    help: str
    default: Any
    annotation: Any
    negative: str | None = None
    split: str | None = None
    path: bool = False
    record: bool = True
    empty_means_default: bool = False
    minimum: int | float | None = None

    @property
    def repeatable(self) -> bool:
        """A tuple option given as a repeated flag (unless it is split from one text)."""
        return _is_tuple(self.annotation) and self.split is None

    @property
    def choices(self) -> tuple[str, ...] | None:
        """The allowed values of a Literal option."""
        inner = _strip_optional(self.annotation)
        if get_origin(inner) is Literal:
            return tuple(str(a) for a in get_args(inner))
        return None

    def expected(self) -> str:
        """What a value of this option must be, in words (for error messages)."""
        inner = _strip_optional(self.annotation)
        if self.choices is not None:
            return "one of " + ", ".join(self.choices)
        if _is_tuple(inner):
            item = get_args(inner)[0] if get_args(inner) else None
            if get_origin(item) is Literal:  # e.g. --jurisdiction
                return "one or a list of " + ", ".join(str(a) for a in get_args(item))
            return "a string or a list of strings"
        if inner is bool:
            return "true or false"
        if inner is float:
            return "a number"
        if inner is int:
            return "an integer"
        return "a string"


def option(default: Any = ..., *, help: str, flag: str | None = None,
           negative: str | None = None, split: str | None = None, path: bool = False,
           record: bool = True, empty_means_default: bool = False, ge: float | None = None,
           ) -> Any:
    """Declare an option: ``flag`` (default ``--<name-with-dashes>``), ``negative`` the
    ``--no-…`` form of a boolean, ``split`` a separator when a tuple is given as one text,
    ``path`` true when the option names a file (a ``Path`` on the CLI), ``record`` false
    for options not recorded with the run (presentation), ``empty_means_default`` for
    repeatable options whose empty value means the default."""
    extra: dict[str, Any] = {"flag": flag, "negative": negative, "split": split, "path": path,
             "record": record, "empty_means_default": empty_means_default}
    return Field(default, description=help, json_schema_extra=extra, ge=ge)


@typing.dataclass_transform(frozen_default=True, field_specifiers=(option, Field))
def options_model(cls: type[T]) -> type[T]:
    """Make ``cls`` a frozen pydantic dataclass whose construction errors are ConfigError.

    ``__post_init__`` checks (ConfigError) run after type validation and surface unchanged.
    """
    model: Any = pydantic_dataclass(frozen=True, config=ConfigDict(extra="forbid"))(cls)
    init = model.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except ValidationError as exc:
            raise _config_error(exc, model, kwargs, prefix="--") from None

    __init__.__doc__ = init.__doc__
    model.__init__ = __init__
    return typing.cast(type[T], model)


def option_fields(model: type[Any]) -> list[OptionField]:
    """The options of ``model`` in declaration order."""
    cached: list[OptionField] | None = model.__dict__.get("__option_fields__")
    if cached is not None:
        return cached
    infos = model.__pydantic_fields__
    hints = typing.get_type_hints(model)
    out: list[OptionField] = []
    for f in fields(model):
        info = infos[f.name]
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        flag = str(extra.get("flag") or "--" + f.name.replace("_", "-"))
        minimum = next((getattr(m, "ge", None) for m in info.metadata
                        if getattr(m, "ge", None) is not None), None)
        out.append(OptionField(
            name=f.name, flag=flag, key=flag.removeprefix("--").replace("-", "_"),
            help=info.description or "", default=info.get_default(call_default_factory=True)
            if not info.is_required() else ..., annotation=hints[f.name],
            negative=_text(extra.get("negative")), split=_text(extra.get("split")),
            path=bool(extra.get("path")),
            record=bool(extra.get("record", True)),
            empty_means_default=bool(extra.get("empty_means_default")), minimum=minimum,
        ))
    model.__option_fields__ = out  # type: ignore[attr-defined]
    return out


def options_from_params(model: Callable[..., T], params: Mapping[str, Any], *,
                        prefix: str = "params.") -> T:
    """Options of ``model`` from an API ``params`` object or an audit specification's options.

    Keys are the CLI's long options with underscores (``org``, ``policy``) or the field names;
    a repeatable option takes a string or a list of strings. Unknown keys and wrong types are
    a ConfigError naming the key (contracts.md, "HTTP service"). Types are strict: "0.02" is
    not a number and 1 is not true.
    """
    known = option_fields(model)  # type: ignore[arg-type]
    by_key = {o.key: o for o in known} | {o.name: o for o in known}
    unknown = sorted(set(params) - set(by_key) - set(RUN_KEYS))
    if unknown:
        raise ConfigError(MSG_UNKNOWN.format(keys=unknown, allowed=sorted(o.key for o in known)))
    values: dict[str, Any] = {}
    given: dict[str, Any] = {}
    for key, value in params.items():
        if key in RUN_KEYS:
            continue
        opt = by_key[key]
        given[opt.name] = (key, value)
        if _is_tuple(opt.annotation):
            if isinstance(value, str):
                value = [v.strip() for v in value.split(opt.split) if v.strip()] \
                    if opt.split else [value]
            if opt.empty_means_default and value in ([], ()):
                continue
        values[opt.name] = value
    try:
        text = json.dumps(values)
    except (TypeError, ValueError):
        bad = next(k for k, v in given.items() if not _jsonable(v[1]))
        raise ConfigError(MSG_NOT_JSON.format(name=prefix + given[bad][0],
                                              got=type(given[bad][1]).__name__)) from None
    try:
        adapter: TypeAdapter[T] = TypeAdapter(model)  # type: ignore[arg-type]
        result: T = adapter.validate_json(text, strict=True)
    except ValidationError as exc:
        raise _config_error(exc, model, {n: v for n, (_, v) in given.items()}, prefix=prefix,
                            keys={n: k for n, (k, _) in given.items()}) from None
    return result


def recorded_params(options: Any) -> dict[str, Any]:
    """The options as recorded with a run: JSON values (tuples as lists), recorded ones only."""
    out: dict[str, Any] = {}
    for opt in option_fields(type(options)):
        if not opt.record:
            continue
        value = getattr(options, opt.name)
        out[opt.name] = list(value) if isinstance(value, tuple) else value
    return out


def _config_error(exc: ValidationError, model: Any, given: Mapping[str, Any], *, prefix: str,
                  keys: Mapping[str, str] | None = None) -> AuditError:
    """A ConfigError naming each option in error (its flag or key), never its value."""
    by_name = {o.name: o for o in option_fields(model)}
    problems: list[str] = []
    for error in exc.errors(include_input=False, include_url=False):
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, AuditError):
            return cause
        loc = error.get("loc") or ()
        name = str(loc[0]) if loc else ""
        opt = by_name.get(name)
        if opt is None:
            problems.append(f"{prefix}{name or 'options'}: {error['msg']}.")
            continue
        label = prefix + ((keys or {}).get(name, opt.key) if prefix != "--" else
                          opt.flag.removeprefix("--"))
        if error["type"] in {"greater_than_equal", "greater_than", "less_than",
                             "less_than_equal"}:
            expected = str(error["msg"]).removeprefix("Input should be ")
        else:
            expected = opt.expected()
        got = type(given[name]).__name__ if name in given else "nothing"
        problems.append(MSG_TYPE.format(name=label, expected=expected, got=got))
    return ConfigError(" ".join(dict.fromkeys(problems)))


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_tuple(annotation: Any) -> bool:
    return get_origin(_strip_optional(annotation)) is tuple


# --- options every audit kind shares (declared here once, used by each options model) --------

Audience = Literal["full", "representative"]


def organisation_option() -> Any:
    """``--org``: the organisation the evidence belongs to (contracts.md)."""
    return option(default="default", flag="--org", help="Organisation the evidence belongs to.")


def system_option() -> Any:
    """``--system``: the AI system or tool audited (contracts.md)."""
    return option(default=None, flag="--system",
                  help="The AI system or tool audited (default: the input's file name).")


def policies_option(kind: str) -> Any:
    """``--policy`` (repeatable): policy pack files; default every pack of ``kind``."""
    return option(default=(), flag="--policy", path=True,
                  help=f"Policy pack (repeatable; default: every {kind} pack).")


def audience_option() -> Any:
    """``--audience``: who the document is for (contracts.md, "Audience"); not recorded."""
    return option(default="full", record=False, help="Who the output is for: 'full' (the HR "
                  "data team) or 'representative' (workers' representatives: small cells "
                  "suppressed).")


def k_option() -> Any:
    """``--k``: the smallest number of people a released cell may count; not recorded."""
    return option(default=10, ge=2, record=False, help="Representative audience: cells of "
                  "fewer than K people are suppressed.")


# --- engines (issue 14) -----------------------------------------------------------------------

#: Where the heavy steps of an audit run (``ai_work_audit.engines``).
Engine = Literal["local", "spark", "sql"]


def engine_option(choices: str = "local, spark or sql") -> Any:
    """``--engine``: where the heavy aggregation runs; recorded in the document."""
    sql = "; sql: inside the database of --source, only counts come back" \
        if "sql" in choices else ""
    return option(default="local", help=f"Where the heavy steps run: {choices} (local: this "
                  f"process; spark: a Spark cluster, see --spark-master{sql}).")


def spark_master_option() -> Any:
    """``--spark-master``: the Spark master URL (not recorded: it names infrastructure)."""
    return option(default="local[*]", record=False, help="Spark master URL with --engine "
                  "spark (local[*], spark://host:7077, yarn, ...); spark-submit's wins.")


def spark_conf_option() -> Any:
    """``--spark-conf KEY=VALUE`` (repeatable): Spark settings (not recorded)."""
    return option(default=(), record=False, help="A Spark setting KEY=VALUE with --engine "
                  "spark (repeatable; e.g. spark.executor.memory=4g).")


def engine_problems(engine: str, spark_master: str, spark_conf: tuple[str, ...]) -> list[str]:
    """What is wrong with the engine options (no value echoed)."""
    problems: list[str] = []
    if engine != "spark" and (spark_master != "local[*]" or spark_conf):
        problems.append("--spark-master and --spark-conf need --engine spark.")
    bad = sum(1 for c in spark_conf if "=" not in c or not c.partition("=")[0].strip())
    if bad:
        problems.append(f"--spark-conf must be KEY=VALUE; got {bad} value(s) without a key "
                        "instead.")
    return problems

# --- laws: jurisdiction profiles, the audit date, the request log and declarations ---------

#: Jurisdiction profiles (``--jurisdiction``): the packs each selects are named in the packs.
Jurisdiction = Literal["eu", "fr", "us", "us-nyc", "us-co", "us-ca", "us-il"]
MSG_AS_OF = "--as-of must be a date YYYY-MM-DD (or an ISO 8601 timestamp); got another value."


def jurisdictions_option() -> Any:
    """``--jurisdiction`` (repeatable): the jurisdiction profiles whose packs are evaluated."""
    return option(default=(), flag="--jurisdiction", help="Jurisdiction profile (repeatable): "
                  "eu, fr, us, us-nyc, us-co, us-ca, us-il; only the packs of these laws are "
                  "evaluated (default: every pack of the audit kind).")


def requests_option() -> Any:
    """``--requests``: the explanation / review / correction request log."""
    return option(default=None, path=True, help="Request log (request_id, received, answered, "
                  "outcome, optional type): explanation, review and correction requests, "
                  "measured against each law's deadline.")


def declarations_option() -> Any:
    """``--declarations``: the deployer's declarations file (declarations/v1)."""
    return option(default=None, path=True, help="Declarations file (YAML, declarations/v1): "
                  "per AI system, the overseer, notices, impact assessments and their dates.")


def as_of_option() -> Any:
    """``--as-of``: the audit date the laws are applied on (default today)."""
    return option(default=None, help="Audit date YYYY-MM-DD: the laws that apply on that date "
                  "are checked (default: today); deadlines are measured on it.")


def check_as_of(value: str | None) -> None:
    """ConfigError unless ``value`` is None or a date / ISO 8601 timestamp."""
    if value is None:
        return
    from datetime import date, datetime

    try:
        date.fromisoformat(value[:10])
        if len(value) > 10:
            datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(MSG_AS_OF) from None
