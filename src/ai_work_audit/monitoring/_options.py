"""Options of a monitoring audit (contracts.md ``ai-work-audit monitoring``), validated once."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from ai_work_audit.errors import ConfigError

DetectLanguage = Literal["en", "fr", "auto"]


@dataclass(frozen=True)
class MonitoringOptions:
    """What to audit and how."""

    mapping: str | None = None
    timezone: str | None = None
    working_hours: str = "08:00-19:00"
    working_days: str = "mon-fri"
    roster: str | None = None
    policies: tuple[str, ...] = ()
    language: DetectLanguage = "auto"
    as_of: str | None = None
    company_policy: str | None = None
    organisation: str = "default"
    system: str | None = None

    def __post_init__(self) -> None:
        if self.language not in ("en", "fr", "auto"):
            raise ConfigError(f"--language must be en, fr or auto; got {self.language!r} "
                              "instead.")

    def to_params(self) -> dict[str, Any]:
        """The options as recorded with a run (paths, names and settings; no data)."""
        out = asdict(self)
        out["policies"] = list(self.policies)
        return out


def monitoring_options_from_params(params: dict[str, Any]) -> MonitoringOptions:
    """MonitoringOptions from an API ``params`` object (the CLI's long options, underscores)."""
    aliases = {"org": "organisation", "policy": "policies"}
    allowed = {f.name for f in fields(MonitoringOptions)} | set(aliases)
    ignored = {"format", "output", "lang", "no_ledger", "fail_on"}
    unknown = sorted(set(params) - allowed - ignored)
    if unknown:
        raise ConfigError(f"params has unknown key(s) {unknown}; allowed: {sorted(allowed)}.")
    values: dict[str, Any] = {}
    for key, value in params.items():
        if key in ignored:
            continue
        name = aliases.get(key, key)
        if name == "policies":
            value = [value] if isinstance(value, str) else value
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError("params.policy must be a string or a list of strings.")
            value = tuple(value)
        elif value is not None and not isinstance(value, str):
            raise ConfigError(f"params.{key} must be a string.")
        values[name] = value
    return MonitoringOptions(**values)
