"""Retention limits per event type and the date the retention check is made at.

rulebook.md WP-11 (CNIL): individual indicators 31 days, geolocation 2 months, video 1 month;
a company policy or ``--retention`` overrides them per event type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

import pandas as pd

from ai_work_audit.errors import ConfigError
from ai_work_audit.monitoring._summary import EventSummary

#: rulebook.md WP-11 (CNIL): individual indicators 31 days, geolocation 2 months, video 1 month.
DEFAULT_RETENTION: Mapping[str, str] = {
    "idle": "31 days", "productivity_score": "31 days", "emotion": "31 days",
    "keystroke": "31 days", "location": "2 months", "screenshot": "1 month",
    "screen_recording": "1 month", "webcam": "1 month",
}
_RETENTION_SPEC = re.compile(r"^\s*(\d+)\s*(d|days?|months?|mo)\s*$", re.IGNORECASE)


def parse_retention(spec: str) -> tuple[int, str]:
    """``"31 days"`` → (31, "days"); ``"2 months"`` → (2, "months")."""
    match = _RETENTION_SPEC.match(str(spec))
    if not match:
        raise ConfigError(f"a retention limit must look like '31 days' or '2 months'; got "
                          f"{spec!r} instead.")
    unit = "days" if match.group(2).lower().startswith("d") else "months"
    return int(match.group(1)), unit


def parse_limits(retention: Mapping[str, str] | None) -> dict[str, tuple[int, str]]:
    """The default limits, overridden per event type by ``retention``, parsed."""
    limits = {**DEFAULT_RETENTION, **(retention or {})}
    return {kind: parse_retention(spec) for kind, spec in limits.items()}



def as_of_timestamp(as_of: datetime | str | None, core: EventSummary,
                    zone: str) -> pd.Timestamp | None:
    """The date of the retention check: ``as_of`` (naive: in ``zone``), else the last event."""
    if as_of is None:
        return (pd.Timestamp(int(core.max_utc), unit="us", tz="UTC")
                if core.n and core.max_utc is not None else None)
    try:
        stamp = pd.Timestamp(as_of)
    except (ValueError, TypeError):
        raise ConfigError(f"as_of must be a date or an ISO-8601 timestamp; got {as_of!r} "
                          "instead.") from None
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(zone)
    return stamp.tz_convert("UTC")

