"""An audit kind's options model as an HTML form, and the posted form back as API params.

Columns get their roles from the preview (``ROLE_OPTIONS``); options naming files on the server
and those the service sets itself are left out, as the API refuses or sets them. Labels, help
and choices are the message catalogue's (``vocab/messages``, section ``options``, by the option's
name), in the page's language; the field names, types and defaults are the options model's.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from ai_work_audit.kinds import kind_spec
from ai_work_audit.options import OptionField, option_fields
from ai_work_audit.vocab._messages import catalogue, message

#: Column roles of the preview → the hiring option each fills (``group`` is repeatable).
ROLE_OPTIONS: Final = ("outcome", "score", "group", "stage", "period", "label")
#: Options not on the form: set by the service or the preview, or naming server files.
HIDDEN: Final = frozenset({"organisation", "system", "policies", "audience", "k", "roster",
                           "company_policy", "output", *ROLE_OPTIONS,
                           # engines (the API refuses them) and their settings
                           "engine", "spark_master", "spark_conf", "source", "table", "query",
                           "explain"})
#: Suggested role of a column, from words in its name (the first match wins).
SUGGEST: Final = (
    ("outcome", re.compile(r"select|outcome|hired|passed|screened|decision|retenu|result",
                           re.I)),
    ("score", re.compile(r"score|rank|rating|note", re.I)),
    ("stage", re.compile(r"stage|step|etape|étape", re.I)),
    ("period", re.compile(r"(^|_)(date|period|month|year|quarter)|applied|_on$|_at$", re.I)),
    ("label", re.compile(r"label|qualified|ground.?truth|(^|_)actual", re.I)),
    ("group", re.compile(r"sex|gender|genre|race|ethnic|age|disab|handicap|origin|nationality",
                         re.I)),
)


def suggest_role(column: str) -> str:
    """The role a column's name suggests, else ``ignore``."""
    for role, pattern in SUGGEST:
        if pattern.search(column):
            return role
    return "ignore"


def suggest_roles(columns: list[str]) -> list[str]:
    """A role per column: ``group`` for every column that looks like one, each other role for
    its first column only; a score only when no column looks like an outcome (an audit has
    one or the other)."""
    roles = [suggest_role(c) for c in columns]
    if "outcome" in roles:
        roles = ["ignore" if r == "score" else r for r in roles]
    taken: set[str] = set()
    out = []
    for role in roles:
        if role != "group" and role in taken:
            role = "ignore"
        taken.add(role)
        out.append(role)
    return out


@dataclass(frozen=True)
class FormField:
    """One option as a form control: name, label, help, the CLI flag, control, value, and
    the choices as (value, label)."""

    name: str
    label: str
    help: str
    flag: str
    control: str  # checkbox | select | number | text
    value: str
    choices: tuple[tuple[str, str], ...] = ()
    checked: bool = False


def option_text(kind: str, name: str, lang: str) -> tuple[str, str]:
    """The label and help of option ``name`` in ``lang`` (a kind's own help first)."""
    own = f"option.{kind}.{name}.help"
    help_id = own if own in catalogue(lang) else f"option.{name}.help"
    return message(f"option.{name}", lang), message(help_id, lang)


def _inner(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _control(kind: str, field: OptionField, lang: str) -> FormField:
    inner = _inner(field.annotation)
    default = None if field.default is ... else field.default
    label, help_ = option_text(kind, field.name, lang)
    named = (field.name, label, help_, field.flag)
    if field.choices is not None:
        return FormField(*named, "select", str(default or ""), tuple(
            (c, message(f"option.{field.name}.{c}", lang)) for c in field.choices))
    if inner is bool:
        return FormField(*named, "checkbox", "1", checked=bool(default))
    if inner in (int, float):
        return FormField(*named, "number", "" if default is None else str(default))
    if isinstance(default, tuple):
        return FormField(*named, "text", "" if field.empty_means_default
                         else ", ".join(default))
    return FormField(*named, "text", "" if default is None else str(default))


def visible_options(kind: str) -> list[OptionField]:
    """The options of ``kind`` the form shows, in declaration order."""
    return [f for f in option_fields(kind_spec(kind).options)
            if f.name not in HIDDEN and f.key not in HIDDEN and not f.path]


def form_fields(kind: str, lang: str = "en") -> list[FormField]:
    """The visible options of ``kind`` as form controls in ``lang``."""
    return [_control(kind, f, lang) for f in visible_options(kind)]


def params_from_form(kind: str, form: Mapping[str, Any], roles: Mapping[str, list[str]]
                     ) -> dict[str, Any]:
    """API params (contracts.md: the CLI's long options with underscores) from the posted
    options and the confirmed column roles."""
    params: dict[str, Any] = {}
    by_name = {f.name: f for f in option_fields(kind_spec(kind).options)}
    for control in form_fields(kind):
        field = by_name[control.name]
        raw = form.get(f"opt_{control.name}")
        if control.control == "checkbox":
            wanted = raw is not None
            if wanted != bool(field.default):
                params[field.key] = wanted
            continue
        value = str(raw or "").strip()
        if not value:
            continue
        if control.control == "number":
            try:
                params[field.key] = int(value) if _inner(field.annotation) is int \
                    else float(value.replace(",", "."))
            except ValueError:
                params[field.key] = value  # the options model names the bad key
        elif isinstance(field.default, tuple):
            params[field.key] = [v.strip() for v in value.split(",") if v.strip()]
        else:
            params[field.key] = value
    if kind == "hiring":
        for role in ROLE_OPTIONS:
            columns = roles.get(role, [])
            if role == "group":
                if columns:
                    params["group"] = columns
            elif columns:
                params[role] = columns[0]
    system = str(form.get("system", "")).strip()
    if system:
        params["system"] = system[:200]
    return params
