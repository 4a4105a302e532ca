"""Facts of the 2026–2027 laws: from the request log, the declarations file, the monitoring
log's coverage and the company policy, measured on the audit date (vocab/facts.yaml, producer
laws). Each fact is a count of systems or requests, or a number of days; None when its input
was not given (the rule then reports "not available", never "pass"; indicators.md).

Sources (rulebook.md, "Deployer duties and the 2026–2027 laws"): Regulation (EU) 2024/1689
arts. 26, 27 and 86; Directive (EU) 2024/2831 arts. 8-11; Colorado SB 26-189; California 2 CCR
§ 11008 ff. (Civil Rights Council ADS regulations); Illinois HB 3773 and the IDHR draft Subpart
J; NYC Admin. Code § 20-871 and 6 RCNY § 5-303.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np

from ai_work_audit.findings import MetricValue
from ai_work_audit.policy._model import Deadline, PolicyPack
from ai_work_audit.sources._declarations import IL_NOTICE_FIELDS, Declarations
from ai_work_audit.sources._requests import RequestLog

#: AI Act art. 26(6): logs kept "for a period appropriate …, of at least six months".
SIX_MONTHS_DAYS = 183
#: Colorado SB 26-189: records kept three years; California 2 CCR § 11013(c): four years.
THREE_YEARS_DAYS = 3 * 365
FOUR_YEARS_DAYS = 4 * 365
#: Directive (EU) 2024/2831 art. 10(1): evaluation "regularly, and in any event every two years".
TWO_YEARS_DAYS = 2 * 365
#: NYC Admin. Code § 20-871(b)(1): notice at least ten business days before use.
NYC_NOTICE_BUSINESS_DAYS = 10
#: 6 RCNY § 5-303(c): the summary stays posted at least six months after the tool's last use.
NYC_POSTED_AFTER_LAST_USE_DAYS = 183

#: Every fact this module computes (declared facts; deadline facts come from the packs).
DECLARED_FACTS: tuple[str, ...] = (
    "aiact.systems_without_overseer", "aiact.systems_without_suspension_procedure",
    "aiact.log_retention_shortfall_days", "aiact.systems_informed_late",
    "aiact.fria_missing", "pwd.systems_information_late", "pwd.evaluations_overdue",
    "pwd.dpia_missing", "colorado.systems_without_notice",
    "colorado.systems_without_correction_or_review", "colorado.records_retention_shortfall_days",
    "california.days_since_bias_test", "california.retention_shortfall_days",
    "illinois.notice_fields_missing", "nyc.notice_short_systems", "nyc.publication_problems",
)


def _systems(declarations: Declarations | None, *, high_risk_only: bool = False
             ) -> list[Any] | None:
    if declarations is None:
        return None
    systems = list(declarations.systems)
    if high_risk_only:
        systems = [s for s in systems if s.get("high_risk") is not False]
    return systems


def _count(systems: list[Any] | None, failing: Any) -> int | None:
    """How many systems fail; None without declarations, or when no system declares any of
    the keys the check reads (nothing declared is "not available", not "pass")."""
    if systems is None:
        return None
    results = [failing(s) for s in systems]
    known = [r for r in results if r is not None]
    if not known:
        return None
    return sum(1 for r in known if r)


def _after(first: date | None, second: date | None) -> bool | None:
    """Whether ``first`` is missing or after ``second`` (None: ``second`` not declared)."""
    if second is None:
        return None
    return first is None or first > second


def _latest_test(declared: int | None, recorded: Any) -> int | None:
    """Days since the latest anti-bias test: a declared one or a recorded hiring audit."""
    known = [int(v) for v in (declared, recorded) if v is not None]
    return min(known) if known else None


def deadline_late_count(log: RequestLog | None, deadline: Deadline, as_of: date) -> int | None:
    """Requests of the deadline's type answered later than its days, or not answered once the
    deadline has passed on ``as_of``, or answered without a written outcome (None: no log)."""
    if log is None:
        return None
    late = 0
    for request in log.of_type(deadline.request):
        due = request.received + timedelta(days=deadline.days)
        if request.answered is None:
            late += as_of > due
        elif request.answered > due or not request.outcome_given:
            late += 1
    return late


def deadline_facts(packs: Iterable[PolicyPack], log: RequestLog | None, as_of: date
                   ) -> dict[str, MetricValue]:
    """The facts the packs' deadlines name, measured on the request log."""
    return {d.fact: deadline_late_count(log, d, as_of) for p in packs for d in p.deadlines}


def log_retention_shortfall(coverage_days: Any, policy_days: int | None,
                            in_use_days: int | None) -> int | None:
    """Days by which the kept logs fall short of six months (AI Act art. 26(6)).

    What must be kept is six months, or the whole time of use when the system has been used
    for less; what is kept is the log's coverage, capped by the company policy's shortest
    retention. None when neither the log's coverage nor the policy is known.
    """
    kept_candidates = [int(v) for v in (coverage_days, policy_days) if v is not None]
    if not kept_candidates:
        return None
    required = SIX_MONTHS_DAYS if in_use_days is None else min(SIX_MONTHS_DAYS, in_use_days)
    if policy_days is not None and policy_days < SIX_MONTHS_DAYS:
        required = SIX_MONTHS_DAYS  # the policy itself deletes them too early
    return max(0, required - min(kept_candidates))


def declared_facts(declarations: Declarations | None, as_of: date, *,
                   audit_facts: Mapping[str, Any] | None = None,
                   policy_retention_days: int | None = None) -> dict[str, MetricValue]:
    """Every declared-duty fact (``DECLARED_FACTS``) on ``as_of``."""
    facts = dict(audit_facts or {})
    high = _systems(declarations, high_risk_only=True)
    every = _systems(declarations)
    first_uses = [s.get("first_use") for s in (high or []) if s.get("first_use")]
    in_use = (as_of - min(first_uses)).days if first_uses else None
    coverage = facts.get("retention.log_coverage_days")
    fria_required = declarations.fria_required if declarations is not None else None

    def informed_late(s: Any) -> bool | None:
        start = s.get("first_use")
        reps, workers = s.get("representatives_informed"), s.get("workers_informed")
        if start is None:
            return None
        return _after(reps, start) or _after(workers, start)

    def nyc_short(s: Any) -> bool | None:
        start, notice = s.get("first_use"), s.get("notice")
        if start is None:
            return None
        if notice is None:
            return True
        return bool(np.busday_count(notice, start) < NYC_NOTICE_BUSINESS_DAYS)

    def nyc_publication(s: Any) -> bool | None:
        published, removed, last = (s.get("audit_published"), s.get("audit_removed"),
                                    s.get("last_use"))
        if s.get("first_use") is None and published is None:
            return None
        if published is None:
            return True
        if removed is None:
            return False
        return last is None or removed < last + timedelta(days=NYC_POSTED_AFTER_LAST_USE_DAYS)

    def evaluation_overdue(s: Any) -> bool | None:
        """Last evaluation with the representatives (else first use) over two years ago."""
        since = s.get("evaluation_with_representatives") or s.get("first_use")
        return None if since is None else (as_of - since).days > TWO_YEARS_DAYS

    bias_tests = [s.get("bias_test") for s in (every or []) if s.get("bias_test")]
    retention = [s.get("decision_data_retention_days") for s in (every or [])
                 if s.get("decision_data_retention_days") is not None]
    records = [s.get("records_retention_days") for s in (every or [])
               if s.get("records_retention_days") is not None]
    return {
        "aiact.systems_without_overseer": _count(high, lambda s: None if s.get(
            "overseer_named") is None else not (s.get("overseer_named")
                                                and s.get("overseer_trained") is not False)),
        "aiact.systems_without_suspension_procedure": _count(high, lambda s: None if s.get(
            "suspension_procedure") is None else not s.get("suspension_procedure")),
        "aiact.log_retention_shortfall_days": log_retention_shortfall(
            coverage, policy_retention_days, in_use),
        "aiact.systems_informed_late": _count(high, informed_late),
        "aiact.fria_missing": None if fria_required is None else (
            0 if not fria_required else _count(high, lambda s: s.get("fria") is None or (
                s.get("first_use") is not None and s.get("fria") > s.get("first_use")))),
        "pwd.systems_information_late": _count(every, lambda s: None if s.get(
            "first_use") is None else _after(s.get("written_information"), s.get("first_use"))),
        "pwd.evaluations_overdue": _count(every, evaluation_overdue),
        "pwd.dpia_missing": _count(every, lambda s: None if s.get("first_use") is None
                                   else _after(s.get("dpia"), s.get("first_use"))),
        "colorado.systems_without_notice": _count(every, lambda s: None if s.get(
            "first_use") is None else _after(s.get("notice"), s.get("first_use"))),
        "colorado.systems_without_correction_or_review": _count(every, lambda s: None if (
            s.get("correction_offered") is None and s.get("human_review_offered") is None)
            else not (s.get("correction_offered") and s.get("human_review_offered"))),
        "colorado.records_retention_shortfall_days": max(
            0, THREE_YEARS_DAYS - min(records)) if records else None,
        "california.days_since_bias_test": _latest_test(
            (as_of - max(bias_tests)).days if bias_tests else None,
            facts.get("evidence.days_since_hiring_audit")),
        "california.retention_shortfall_days": max(
            0, FOUR_YEARS_DAYS - min(retention)) if retention else None,
        "illinois.notice_fields_missing": max(
            (len(set(IL_NOTICE_FIELDS) - set(s.get("notice_fields") or ()))
             for s in (every or []) if s.get("notice") is not None
             or s.get("notice_fields") is not None), default=None),
        "nyc.notice_short_systems": _count(every, nyc_short),
        "nyc.publication_problems": _count(every, nyc_publication),
    }


def audit_date(as_of: str | None, today: date | None = None) -> date:
    """The date the laws are applied on: ``--as-of`` (its date part), else today (UTC)."""
    if as_of:
        return date.fromisoformat(str(as_of)[:10])
    if today is not None:
        return today
    from datetime import UTC, datetime

    return datetime.now(UTC).date()


def _policy_retention_days(path: str | None) -> int | None:
    """The company policy's shortest retention limit of an allowed event type, in days."""
    if not path:
        return None
    from ai_work_audit.sources import load_company_policy

    policy = load_company_policy(path)
    limits = [policy.retention_for(t) for t in policy.allowed_event_types]
    days = [limit.days for limit in limits if limit is not None]
    return min(days) if days else None


def law_facts(options: Any, packs: Iterable[PolicyPack], audit_facts: Mapping[str, Any],
              as_of: date) -> dict[str, MetricValue]:
    """Every law fact of an audit run with ``options`` (``--requests``, ``--declarations``,
    ``--company-policy``) on ``as_of``: the packs' deadline facts and the declared facts."""
    from ai_work_audit.sources._declarations import load_declarations
    from ai_work_audit.sources._requests import read_request_log

    requests = getattr(options, "requests", None)
    declared = getattr(options, "declarations", None)
    log = read_request_log(requests) if requests else None
    declarations = load_declarations(declared) if declared else None
    facts = declared_facts(declarations, as_of, audit_facts=audit_facts,
                           policy_retention_days=_policy_retention_days(
                               getattr(options, "company_policy", None)))
    facts.update(deadline_facts(packs, log, as_of))
    return facts
