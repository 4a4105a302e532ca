"""Declared deployer facts (``--declarations FILE``, ``ai-work-audit/declarations/v1``): what an
employer states about each AI system it uses, with dates, for the duties the logs cannot show.

The file is kept with the evidence (``evidence add --file``) and read by the audits; the law
facts computed from it (``policy/_law_facts.py``) are counts of systems and days, never names.
Example: ``policies/declarations.example.yaml``. Sources of each key: AI Act arts. 26, 27
(Regulation (EU) 2024/1689), Platform Work Directive (EU) 2024/2831 arts. 8-10, Colorado SB
26-189, California 2 CCR § 11008 ff., Illinois HB 3773 and the IDHR draft Subpart J, NYC LL144
§ 20-871 and 6 RCNY § 5-303. Problems are ``file:line: text``, never a value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ai_work_audit.errors import InputError
from ai_work_audit.vocab import LineList, LineMap, YamlSyntaxError, load_yaml_with_lines, yaml_date
from ai_work_audit.vocab import describe_value as _kind

DECLARATIONS_SCHEMA = "ai-work-audit/declarations/v1"
TOP_KEYS = ("schema", "organisation", "deployer", "systems")
DEPLOYER_KEYS = ("public_body", "public_service")
#: Per system: key -> expected type ("date", "bool", "int", "fields").
SYSTEM_KEYS: dict[str, str] = {
    "id": "text",
    "high_risk": "bool",
    "first_use": "date",
    "last_use": "date",
    "overseer_named": "bool",
    "overseer_trained": "bool",
    "suspension_procedure": "bool",
    "representatives_informed": "date",
    "workers_informed": "date",
    "fria": "date",
    "dpia": "date",
    "evaluation_with_representatives": "date",
    "written_information": "date",
    "notice": "date",
    "correction_offered": "bool",
    "human_review_offered": "bool",
    "records_retention_days": "int",
    "bias_test": "date",
    "decision_data_retention_days": "int",
    "notice_fields": "fields",
    "audit_published": "date",
    "audit_removed": "date",
}
#: Fields of an Illinois notice (IDHR draft Subpart J, § 2-102(L) notice; 2025 draft).
IL_NOTICE_FIELDS: tuple[str, ...] = (
    "product_name", "developer", "decisions", "data_collected", "positions", "contact",
    "accommodation", "rights",
)

MSG_TYPE = "{where} must be {expected}; got {got} instead."
MSG_KEY = "{where} must only use the keys {allowed}; got {key!r} instead."
MSG_SCHEMA = "'schema' must be {schema!r}; got another value instead. Add schema: {schema}."
MSG_NOT_FOUND = "declarations file {path} must exist; got nothing there. Check the path."
MSG_SYNTAX = "the file must be valid YAML; got a syntax error instead. Check near that line."
MSG_FIELD = ("{where} must list fields of {allowed}; got an unknown field instead. Name the "
             "notice's fields with those words.")
MSG_DUPLICATE = "system ids must be unique; got one twice (at line {first}). Rename one."


@dataclass(frozen=True)
class SystemDeclaration:
    """What is declared about one AI system (absent keys are None: "not declared")."""

    id: str
    values: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        return self.values.get(key)


@dataclass(frozen=True)
class Declarations:
    """A declarations file: the deployer's status and one entry per AI system."""

    name: str
    organisation: str | None
    public_body: bool | None
    public_service: bool | None
    systems: tuple[SystemDeclaration, ...]

    @property
    def fria_required(self) -> bool | None:
        """Whether AI Act art. 27 binds the deployer (a public body or a private provider of
        public services); None when neither is declared."""
        if self.public_body is None and self.public_service is None:
            return None
        return bool(self.public_body) or bool(self.public_service)


def _value(kind: str, raw: Any, where: str, line: int, problems: list[str],
           source: str) -> Any:
    def bad(expected: str) -> None:
        problems.append(f"{source}:{line}: " + MSG_TYPE.format(
            where=where, expected=expected, got=_kind(raw)))

    if raw is None:
        return None
    if kind == "date":
        day = yaml_date(raw)
        if day is None:
            bad("a date YYYY-MM-DD (or null when it has not happened)")
        return day
    if kind == "bool":
        if not isinstance(raw, bool):
            bad("true or false")
            return None
        return raw
    if kind == "int":
        if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
            bad("a whole number of days, 0 or more")
            return None
        return raw
    if kind == "fields":
        if not isinstance(raw, LineList) or not all(isinstance(v, str) for v in raw):
            bad("a list of notice field names")
            return None
        if any(v not in IL_NOTICE_FIELDS for v in raw):
            problems.append(f"{source}:{line}: " + MSG_FIELD.format(
                where=where, allowed=", ".join(IL_NOTICE_FIELDS)))
            return None
        return tuple(raw)
    if not isinstance(raw, str) or not raw.strip():
        bad("a non-empty text")
        return None
    return raw.strip()


def parse_declarations(text: str, *, filename: str = "declarations") -> Declarations:
    """Parse and validate a declarations document; one InputError lists every problem."""
    problems: list[str] = []
    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise InputError(f"{filename}:{exc.line}: {MSG_SYNTAX}") from None
    for line, key in duplicates:
        problems.append(f"{filename}:{line}: key {key!r} must appear once; got it twice.")
    if not isinstance(data, LineMap):
        raise InputError(f"{filename}:1: " + MSG_TYPE.format(
            where="the declarations file", expected=f"a mapping with keys {', '.join(TOP_KEYS)}",
            got=_kind(data)))
    for key in data:
        if key not in TOP_KEYS:
            problems.append(f"{filename}:{data.line_of(key)}: " + MSG_KEY.format(
                where="the declarations file", allowed=", ".join(TOP_KEYS), key=key))
    if data.get("schema") != DECLARATIONS_SCHEMA:
        problems.append(f"{filename}:{data.line_of('schema') if 'schema' in data else 1}: "
                        + MSG_SCHEMA.format(schema=DECLARATIONS_SCHEMA))
    organisation = data.get("organisation")
    if organisation is not None and not isinstance(organisation, str):
        problems.append(f"{filename}:{data.line_of('organisation')}: " + MSG_TYPE.format(
            where="'organisation'", expected="a text", got=_kind(organisation)))
        organisation = None
    public_body = public_service = None
    deployer = data.get("deployer")
    if deployer is not None:
        if not isinstance(deployer, LineMap):
            problems.append(f"{filename}:{data.line_of('deployer')}: " + MSG_TYPE.format(
                where="'deployer'", expected="a mapping with keys public_body, public_service",
                got=_kind(deployer)))
        else:
            for key in deployer:
                if key not in DEPLOYER_KEYS:
                    problems.append(f"{filename}:{deployer.line_of(key)}: " + MSG_KEY.format(
                        where="'deployer'", allowed=", ".join(DEPLOYER_KEYS), key=key))
            public_body = _value("bool", deployer.get("public_body"), "'deployer.public_body'",
                                 deployer.line_of("public_body") if "public_body" in deployer
                                 else deployer.line, problems, filename)
            public_service = _value(
                "bool", deployer.get("public_service"), "'deployer.public_service'",
                deployer.line_of("public_service") if "public_service" in deployer
                else deployer.line, problems, filename)
    systems: list[SystemDeclaration] = []
    raw_systems = data.get("systems")
    first_line: dict[str, int] = {}
    if not isinstance(raw_systems, LineList) or not raw_systems:
        problems.append(f"{filename}:{data.line_of('systems') if 'systems' in data else 1}: "
                        + MSG_TYPE.format(where="'systems'", expected="a non-empty list of "
                                          "systems", got=_kind(raw_systems)))
        raw_systems = LineList()
    for index, item in enumerate(raw_systems):
        line = raw_systems.line_of(index)
        where = f"'systems' item {index + 1}"
        if not isinstance(item, LineMap):
            problems.append(f"{filename}:{line}: " + MSG_TYPE.format(
                where=where, expected="a mapping", got=_kind(item)))
            continue
        values: dict[str, Any] = {}
        for key in item:
            if key not in SYSTEM_KEYS:
                problems.append(f"{filename}:{item.line_of(key)}: " + MSG_KEY.format(
                    where=where, allowed=", ".join(SYSTEM_KEYS), key=key))
                continue
            values[key] = _value(SYSTEM_KEYS[key], item[key], f"{where} '{key}'",
                                 item.line_of(key), problems, filename)
        system_id = values.pop("id", None)
        if not isinstance(system_id, str):
            problems.append(f"{filename}:{item.line}: " + MSG_TYPE.format(
                where=f"{where} 'id'", expected="a non-empty text", got="nothing"))
            continue
        if system_id in first_line:
            problems.append(f"{filename}:{item.line}: " + MSG_DUPLICATE.format(
                first=first_line[system_id]))
            continue
        first_line[system_id] = item.line
        systems.append(SystemDeclaration(id=system_id, values=values))
    if problems:
        raise InputError(problems)
    return Declarations(name=Path(filename).name, organisation=organisation,
                        public_body=public_body, public_service=public_service,
                        systems=tuple(systems))


def load_declarations(path: str | Path) -> Declarations:
    """Load and validate a declarations file (``declarations/v1``)."""
    file = Path(path)
    if not file.is_file():
        raise InputError(MSG_NOT_FOUND.format(path=str(path)))
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: the declarations file must be readable UTF-8 text; got "
                         f"{type(exc).__name__} instead.") from None
    return parse_declarations(text, filename=str(path))
