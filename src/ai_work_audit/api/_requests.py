"""Facts of the report-request log for pledge indicator 1.3 (answered within 30 days).

Pure functions (no web framework): the self-assessment reads them as one ``AuditFacts`` of
kind ``request_log`` carrying ``requests.answered_within_30d_share``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from ai_work_audit.indicators import AuditFacts, parse_period

ANSWER_WINDOW = timedelta(days=30)
METRIC = "requests.answered_within_30d_share"
KIND = "request_log"
SYSTEM = "report-requests"


def answered_within_30d_share(requests: Sequence[tuple[datetime, datetime | None]],
                              period: str, as_of: datetime) -> tuple[float | None, int]:
    """Share of the requests made in ``period`` (and due by ``as_of``, or answered) that were
    answered within 30 days; and how many requests count. None when none count.

    A request still open and less than 30 days old at ``as_of`` is not counted yet.
    """
    start, end = parse_period(period)
    counted = answered = 0
    for requested_at, fulfilled_at in requests:
        if not start <= requested_at < end or requested_at > as_of:
            continue
        done = fulfilled_at is not None and fulfilled_at <= as_of
        if not done and as_of - requested_at < ANSWER_WINDOW:
            continue
        counted += 1
        if done and fulfilled_at is not None and fulfilled_at - requested_at <= ANSWER_WINDOW:
            answered += 1
    return (answered / counted if counted else None), counted


def request_log_facts(requests: Sequence[tuple[datetime, datetime | None]], period: str,
                      as_of: datetime) -> AuditFacts | None:
    """The request log of one organisation as audit facts for indicator 1.3 (None if empty)."""
    share, counted = answered_within_30d_share(requests, period, as_of)
    if share is None:
        return None
    digest = hashlib.sha256(json.dumps(
        [[r.isoformat(), f.isoformat() if f else None] for r, f in requests]).encode()).hexdigest()
    start, end = parse_period(period)
    created = min(as_of, end - timedelta(microseconds=1))
    return AuditFacts(kind=KIND, system=SYSTEM, run_uri=f"service:report-requests/{period}",
                      sha256=digest, created_at=max(created, start),
                      metrics={METRIC: share}, people=counted)
