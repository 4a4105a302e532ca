"""Audit specifications (``audits/*.yaml``): what to audit, how, for whom and how often.

The spec runner sits above the run path (``run.py``): it validates a specification with the
kind's options model and runs it through ``run``, which records it and files its evidence once.

A specification names the data source (relative to the spec file), the audit module
(``hiring`` or ``monitoring``), its options (the column mapping: the CLI's long options with
underscores), the policy packs, the organisation and system, the owner and the cadence (an
ISO 8601 duration such as P3M or P1Y). It is validated on load; every problem is reported
together as ``file:line: message`` (a ConfigError: exit 2 on the command line).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ai_work_audit.errors import AuditError, ConfigError
from ai_work_audit.kinds import AUDIT_KINDS, kind_spec
from ai_work_audit.run import Lang, RunResult, run
from ai_work_audit.vocab import (
    LineList,
    LineMap,
    YamlSyntaxError,
    describe_key,
    load_yaml_with_lines,
)
from ai_work_audit.vocab import describe_value as _kind

if TYPE_CHECKING:
    from ai_work_audit.ledger import EvidenceEntry

AUDIT_SPEC_SCHEMA = "ai-work-audit/audit-spec/v1"
SPEC_KINDS = AUDIT_KINDS
REPORT_FORMATS = ("json", "md", "html", "pdf")
DEFAULT_REPORTS = ("json", "md", "html")
TOP_KEYS = ("schema", "name", "audit", "data", "options", "policies", "organisation", "system",
            "owner", "cadence", "reports", "lang", "description")
REQUIRED = ("schema", "audit", "data", "options", "organisation", "system", "owner", "cadence")
#: Options that name files: resolved relative to the spec file when such a file exists there.
PATH_OPTIONS = ("mapping", "roster", "company_policy", "requests", "declarations")

MSG_REQUIRED = "{key!r} must be present; got nothing instead. Add it."
MSG_KEY = "a specification must only use the keys {allowed}; got {key} instead."
MSG_TYPE = "{key!r} must be {expected}; got {got} instead."
MSG_SCHEMA = "'schema' must be {schema}; got another id instead."
MSG_KIND = "'audit' must be one of {allowed}; got {got} instead."
MSG_DATA = "'data' must name an existing file or folder (relative to the specification); got " \
           "a path where nothing is instead."
MSG_CADENCE = "'cadence' must be an ISO 8601 duration such as P3M or P1Y; got {got} instead."
MSG_POLICY = "policies[{i}] must be a pack id of the policy folder or a pack file; got one " \
             "that does not exist instead."
MSG_REPORT = "reports[{i}] must be one of {allowed}; got {got} instead."
MSG_LANG = "'lang' must be en or fr; got {got} instead."
MSG_OPTIONS = "options: {problem}"
MSG_DUPLICATE = "key {key!r} must appear once; got it twice."
MSG_NOT_FOUND = "audit specification {path} must exist; got nothing there. Check the path."

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_PRINTABLE = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")


class SpecError(ConfigError):
    """An audit specification is invalid; ``problems`` holds every ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        text = problems[0] if len(problems) == 1 else (
            f"{len(problems)} problems: " + " | ".join(problems))
        super().__init__(text)


@dataclass(frozen=True)
class AuditSpec:
    """A validated audit specification; paths are resolved."""

    path: Path
    name: str
    audit: str
    data: Path
    options: Mapping[str, Any]
    policies: tuple[Path, ...]
    organisation: str
    system: str
    owner: str
    cadence: str
    reports: tuple[str, ...] = DEFAULT_REPORTS
    lang: str = "en"
    description: str | None = None

    def params(self) -> dict[str, Any]:
        """The audit's ``params`` (contracts.md, HTTP): options plus org, system and policies."""
        params: dict[str, Any] = dict(self.options)
        params["org"] = self.organisation
        params["system"] = self.system
        if self.policies:
            params["policy"] = [str(p) for p in self.policies]
        return params


@dataclass
class SpecRun:
    """What ``run_spec`` did: the document, its run, its evidence entry and files."""

    spec: AuditSpec
    document: dict[str, Any]
    run_id: str | None
    evidence: EvidenceEntry | None
    written: list[Path] = field(default_factory=list)


_PACK_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _resolve_policy(name: str, base: Path) -> Path | None:
    from ai_work_audit.policy import find_pack

    return find_pack(name, base)


def _check_options(kind: str, options: dict[str, Any], organisation: str, system: str
                   ) -> str | None:
    """The kind's options model's validation of the options; None when they are valid."""
    try:
        kind_spec(kind).options_from_params({**options, "org": organisation or "default",
                                             "system": system or None})
    except AuditError as exc:
        return " ".join(str(exc).split())
    return None


def parse_audit_spec(text: str, path: Path) -> AuditSpec:
    """Validate the text of a specification stored at ``path`` (for relative paths)."""
    name = str(path)
    problems: list[str] = []

    def add(line: int, message: str) -> None:
        problems.append(f"{name}:{line}: {message}")

    try:
        data, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:
        raise SpecError([f"{name}:{exc.line}: must be valid YAML; {exc.problem}"]) from None
    for line, key in duplicates:
        add(line, MSG_DUPLICATE.format(key=key))
    if not isinstance(data, LineMap):
        raise SpecError([f"{name}:1: " + MSG_TYPE.format(key="the specification",
                                                         expected="a mapping", got=_kind(data))])
    for key in data:
        if key not in TOP_KEYS:
            add(data.line_of(str(key)), MSG_KEY.format(allowed=", ".join(TOP_KEYS),
                                                       key=describe_key(key, TOP_KEYS)))
    for key in REQUIRED:
        if key not in data:
            add(data.line, MSG_REQUIRED.format(key=key))
    base = path.parent

    def text_of(key: str, default: str = "") -> str:
        value = data.get(key)
        if key not in data:
            return default
        if not isinstance(value, str) or not _PRINTABLE.match(value.strip() or "\x00"):
            add(data.line_of(key), MSG_TYPE.format(key=key, expected="a text of 1 to 200 "
                                                   "printable characters", got=_kind(value)))
            return default
        return value.strip()

    if "schema" in data and data["schema"] != AUDIT_SPEC_SCHEMA:
        add(data.line_of("schema"), MSG_SCHEMA.format(schema=AUDIT_SPEC_SCHEMA))
    kind = text_of("audit")
    if "audit" in data and kind and kind not in SPEC_KINDS:
        add(data.line_of("audit"), MSG_KIND.format(allowed=", ".join(SPEC_KINDS),
                                                   got=_kind(data["audit"])))
    spec_name = text_of("name", path.stem)
    if not _NAME.match(spec_name):
        add(data.line_of("name"), MSG_TYPE.format(key="name", expected="a file-name-safe id",
                                                  got=_kind(spec_name)))
    data_text = text_of("data")
    source = (base / data_text).resolve() if data_text else base
    if data_text and not source.exists():
        add(data.line_of("data"), MSG_DATA)
    organisation = text_of("organisation")
    system = text_of("system")
    owner = text_of("owner")
    cadence = text_of("cadence")
    if cadence:
        from ai_work_audit.sources import parse_duration

        if parse_duration(cadence) is None:
            add(data.line_of("cadence"), MSG_CADENCE.format(got=_kind(cadence)))
    description = text_of("description") or None if "description" in data else None

    policies: list[Path] = []
    if "policies" in data:
        items = data["policies"]
        if not isinstance(items, LineList):
            add(data.line_of("policies"), MSG_TYPE.format(key="policies",
                                                          expected="a list of pack ids or files",
                                                          got=_kind(items)))
        else:
            for i, item in enumerate(items):
                found = _resolve_policy(item, base) if isinstance(item, str) else None
                if found is None:
                    add(items.line_of(i), MSG_POLICY.format(i=i))
                elif isinstance(item, str) and _PACK_ID.fullmatch(item) and \
                        not item.endswith((".yaml", ".yml")):
                    policies.append(Path(item))  # an id: documents name it, not a server path
                else:
                    policies.append(found)

    reports: list[str] = list(DEFAULT_REPORTS)
    if "reports" in data:
        items = data["reports"]
        if not isinstance(items, LineList) or not items:
            add(data.line_of("reports"), MSG_TYPE.format(key="reports",
                                                         expected="a non-empty list of formats",
                                                         got=_kind(items)))
        else:
            reports = []
            for i, item in enumerate(items):
                if item not in REPORT_FORMATS:
                    add(items.line_of(i), MSG_REPORT.format(i=i, allowed=", ".join(
                        REPORT_FORMATS), got=_kind(item)))
                elif item not in reports:
                    reports.append(item)
    lang = data.get("lang", "en")
    if lang not in ("en", "fr"):
        add(data.line_of("lang"), MSG_LANG.format(got=_kind(lang)))
        lang = "en"

    options: dict[str, Any] = {}
    if "options" in data:
        block = data["options"]
        if not isinstance(block, LineMap) or not block:
            add(data.line_of("options"), MSG_TYPE.format(
                key="options", expected="a mapping of the audit's options (column mapping)",
                got=_kind(block)))
        else:
            options = _plain(block)
            for key in PATH_OPTIONS:
                value = options.get(key)
                if isinstance(value, str) and (base / value).exists():
                    options[key] = str((base / value).resolve())
            if kind in SPEC_KINDS:
                problem = _check_options(kind, options, organisation, system)
                if problem:
                    head = problem.split("allowed", 1)[0]  # not the list of allowed keys
                    named = [k for k in block
                             if repr(str(k)) in head or f"params.{k} " in head]
                    line = block.line_of(str(named[0])) if named else data.line_of("options")
                    add(line, MSG_OPTIONS.format(problem=problem))
    if problems:
        raise SpecError(problems)
    return AuditSpec(
        path=path, name=spec_name, audit=kind, data=source, options=options,
        policies=tuple(policies), organisation=organisation, system=system, owner=owner,
        cadence=cadence, reports=tuple(reports), lang=str(lang), description=description,
    )


def _plain(value: Any) -> Any:
    if isinstance(value, LineMap):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, LineList):
        return [_plain(v) for v in value]
    return value


def load_audit_spec(path: str | Path) -> AuditSpec:
    """Load and validate an audit specification; SpecError lists every ``file:line`` problem."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError([MSG_NOT_FOUND.format(path=source)]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([f"{source}:1: must be a readable UTF-8 file; got "
                         f"{type(exc).__name__} instead."]) from None
    return parse_audit_spec(text, source)


def run_spec(
    spec: AuditSpec,
    *,
    output_dir: str | Path | None = None,
    lang: str | None = None,
    record: bool = True,
) -> SpecRun:
    """Run the audit a specification describes through the run path (one MLflow run and one
    ``audit_run`` evidence entry that expires when the cadence says the next audit is due) and
    write its reports (``<name>.<format>``) into ``output_dir``, by default the workspace's
    ``reports/`` folder (never next to the specification: it may sit in a checkout)."""
    language: Lang = "fr" if (lang or spec.lang) == "fr" else "en"
    kind = kind_spec(spec.audit)
    result: RunResult = run(spec.audit, spec.data, kind.options_from_params(spec.params()),
                            lang=language, record=record, evidence_cadence=spec.cadence)
    from ai_work_audit.workspace import workspace_dir

    folder = Path(output_dir) if output_dir is not None else workspace_dir() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in spec.reports:
        content = result.view(fmt)
        target = folder / f"{spec.name}.{fmt}"
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return SpecRun(spec=spec, document=result.document, run_id=result.run_id,
                   evidence=result.evidence, written=written)
