"""The project's error tree.

Messages carry file names, column names, row numbers and counts — never cell values or matched
text, since the data audited here is personal. Shape: "<what> must be <expected>; got <type/count>
instead. <how to fix>".
"""

from __future__ import annotations

from collections.abc import Sequence


class AuditError(Exception):
    """Base class of every error this tool raises on purpose."""


class InputError(AuditError, ValueError):
    """An input file or table is unusable; carries every problem found, not just the first."""

    def __init__(self, problems: str | Sequence[str], *, source: str | None = None) -> None:
        self.problems: list[str] = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        prefix = f"{source}: " if source else ""
        if len(self.problems) == 1:
            message = prefix + self.problems[0]
        else:
            message = prefix + f"{len(self.problems)} problems: " + " | ".join(self.problems)
        super().__init__(message)


class PolicyError(AuditError, ValueError):
    """A policy pack or framework file is invalid (the message names file and line)."""


class EvidenceError(AuditError):
    """The evidence store is inconsistent or an evidence entry is invalid."""


class ConfigError(AuditError, ValueError):
    """A setting, option combination or workspace is invalid."""
