"""The facts audits hand to the policy engine, and the fact names each audit produces.

Facts are counts, shares, ratios and flags computed by an audit — never personal data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ai_work_audit.findings import MetricValue
from ai_work_audit.policy._model import SCOPE_KINDS

#: Facts of the AI Act deployer duties (laws, issue 13): declarations, request log, log coverage;
#: both audit kinds hand them over (a hiring or a monitoring system may be high-risk).
AIACT_DEPLOYER_FACTS: Mapping[str, str] = {
    "aiact.systems_without_overseer":
        "declared high-risk systems without a named, trained human overseer [AIA-26-1]",
    "aiact.systems_without_suspension_procedure":
        "declared high-risk systems without a monitoring and suspension procedure [AIA-26-5]",
    "aiact.log_retention_shortfall_days":
        "days by which the kept logs fall short of six months [AIA-26-6]",
    "aiact.systems_informed_late":
        "declared high-risk systems announced after first use, or never [AIA-26-7]",
    "aiact.fria_missing":
        "high-risk systems without a prior fundamental-rights impact assessment where art. 27 "
        "applies [AIA-27]",
    "aiact.explanations_late":
        "explanation requests answered late, without a written answer, or not at all [AIA-86]",
}

#: Facts of the monitoring audit (commitment 5), all in the ``audit`` scope; rulebook ids in [].
MONITORING_FACTS: Mapping[str, str] = {
    "privacy.emotion_inference_events":
        "events inferring a worker's emotion, mood, stress, sentiment or engagement [WP-01]",
    "privacy.private_message_content_records":
        "records holding the content of private messages [WP-02]",
    "privacy.union_recipient_messages":
        "messages to or from workers' representatives or union addresses [WP-02]",
    "privacy.records_with.TRADE_UNION":
        "records revealing union activity, strikes or collective action [WP-04]",
    "privacy.special_category_records":
        "records revealing health, religion, ethnic origin, political opinion, sexual "
        "orientation or biometric data [WP-05]",
    "surveillance.keystroke_content_events":
        "events capturing the content of keystrokes (a keylogger) [WP-07]",
    "surveillance.keystroke_count_events":
        "events counting keystrokes without their content [WP-07]",
    "surveillance.screenshot_events":
        "periodic screenshots of a worker's screen [WP-08]",
    "surveillance.screen_recording_events":
        "screen recordings or permanent screen sharing [WP-08]",
    "surveillance.webcam_events":
        "webcam captures of a worker [WP-09]",
    "surveillance.audio_events":
        "audio captures of a worker [WP-09]",
    "surveillance.idle_metric_events":
        "per-worker idle, pause or 'too fast' metrics at minute or second granularity [WP-10]",
    "retention.records_past_limit":
        "records kept beyond their retention limit [WP-11]",
    "privacy.sensitive_url_records":
        "visited URLs of sensitive categories (health, religion, union, dating) [WP-13]",
    "privacy.full_url_records":
        "records holding full URLs, page titles or search queries [WP-13]",
    "privacy.direct_identifier_records":
        "analytics records holding direct identifiers (e-mail, phone, IBAN, national id) "
        "[WP-21]",
    # --- perworker (issue 11 item 4): exposure in workers, per modality ---
    "privacy.private_message_content_workers":
        "workers whose private message content was captured [WP-02]",
    "privacy.union_recipient_workers":
        "workers with monitored messages to or from representatives or unions [WP-02]",
    "surveillance.passive_off_hours_workers":
        "workers captured passively (screenshots, webcam, audio, keystrokes, ...) outside "
        "working time [WP-03]",
    "surveillance.passive_on_leave_workers":
        "workers captured passively during their leave [WP-03]",
    "surveillance.disconnect_share":
        "share (0..1) of workers who started more than 10 % of their own activity outside "
        "working time (right to disconnect) [WP-03]",
    "privacy.union_activity_workers":
        "workers with records revealing union activity or collective action [WP-04]",
    "privacy.special_category_workers":
        "workers with records revealing a special category of data [WP-05]",
    "surveillance.screenshot_workers": "workers captured by periodic screenshots [WP-08]",
    "surveillance.screen_recording_workers":
        "workers whose screens were recorded or permanently shared [WP-08]",
    "surveillance.webcam_workers": "workers captured by webcam [WP-09]",
    "surveillance.audio_workers": "workers captured by audio [WP-09]",
    "privacy.sensitive_url_workers": "workers with visits to sensitive sites on record [WP-13]",
    "privacy.direct_identifier_workers":
        "workers in analytics records holding direct identifiers [WP-21]",
    "surveillance.passive_off_hours_events":
        "passive-capture events outside working time [WP-03]",
    "surveillance.passive_off_hours_types":
        "the passive event types captured outside working time, with event counts (text)",
    "surveillance.passive_on_leave_events": "passive-capture events during leave [WP-03]",
    "surveillance.passive_on_leave_types":
        "the passive event types captured during leave, with event counts (text)",
    "surveillance.disconnect_workers_active":
        "workers with activity they started themselves (log-on, e-mail sent, file saved)",
    "surveillance.disconnect_workers_above":
        "of them, workers who started more than 10 % of it outside working time",
    "company.disallowed_event_types":
        "the event types found that the company policy does not allow (text)",
    "company.disallowed_event_type_count":
        "how many event types found the company policy does not allow",
    "company.off_hours_passive_events":
        "passive-capture events outside the company's declared working time",
    "company.working_time": "the company's declared working hours, days and time zone (text)",
    "company.disallowed_event_type_events":
        "events of types the company policy does not allow (with a company policy)",
    "company.off_hours_passive_workers":
        "workers captured passively outside the company's declared working time",
    "company.records_past_retention":
        "records kept beyond the company policy's own retention limits",
    # --- exposure in workers, not events (issue 11) ---
    "surveillance.keystroke_content_workers":
        "workers whose keystroke content was captured (a keylogger) [WP-07]",
    "surveillance.keystroke_count_workers":
        "workers whose keystrokes were counted without their content [WP-07]",
    "surveillance.idle_metric_workers":
        "workers measured by idle or productivity metrics at minute or second granularity "
        "[WP-10]",
    "surveillance.idle_metric_types":
        "the idle or productivity event types measured that finely (text) [WP-10]",
    "privacy.emotion_inference_workers":
        "workers whose emotion, mood, stress, sentiment or engagement was inferred [WP-01]",
    "privacy.full_url_workers":
        "workers with full URLs, page titles or search queries on record [WP-13]",
    "retention.workers_past_limit": "workers with records kept beyond their retention limit "
                                    "[WP-11]",
    "retention.types_past_limit":
        "the event types with records kept beyond their retention limit (text) [WP-11]",
    "company.disallowed_event_type_workers":
        "workers monitored with event types the company policy does not allow",
    "company.workers_past_retention":
        "workers with records kept beyond the company policy's own retention limits",
    "evidence.ai_literacy_training_share":
        "declared evidence: share (0..1) of staff using or overseeing AI systems trained in AI "
        "literacy in the last 12 months (AI Act art. 4; pledge indicator 2.1) [WP-19]",
    "evidence.representatives_informed_share":
        "declared evidence: share (0..1) of in-scope AI systems announced to workers' "
        "representatives before going live (AI Act art. 26(7); pledge indicator 1.1) [WP-14]",
    # --- laws (issue 13) ---
    **AIACT_DEPLOYER_FACTS,
    "pwd.systems_information_late":
        "declared systems whose written information came after first use, or never [PWD-9]",
    "pwd.evaluations_overdue":
        "declared systems not evaluated with the representatives in two years (PWD art. 10)",
    "pwd.dpia_missing": "declared systems used without a prior DPIA (PWD art. 8)",
    "pwd.reviews_late":
        "review requests answered late, without written reasons, or not at all [PWD-11]",
}

#: Facts of the hiring audit (commitment 4): ``table`` scope per table, ``audit`` scope once.
HIRING_FACTS: Mapping[str, str] = {
    "hiring.adverse_impact_categories":
        "table: categories whose impact ratio is below 0.8, computed exactly",
    "hiring.min_impact_ratio":
        "table: the lowest impact ratio, or none when it cannot be computed",
    "hiring.significant_adverse_categories":
        "table: categories with adverse impact and a Holm-corrected p-value below 0.05",
    "hiring.small_sample_adverse_categories":
        "table: categories with adverse impact but flagged as a small sample",
    "hiring.max_abs_z":
        "table: the largest absolute z statistic of a two-proportion test",
    "hiring.unstable_verdict_categories":
        "table and audit: categories whose four-fifths verdict the unknowns could reverse",
    "hiring.adverse_impact_names":
        "table: the categories with adverse impact, lowest ratio first (text), or none",
    "hiring.unstable_verdicts":
        "table: those categories with their impact-ratio bounds (text), or none",
    "hiring.reference_applicants":
        "table: applicants of the reference category, or none without a reference",
    "hiring.reference_category":
        "table: the reference category (text), or none",
    "hiring.required_tables_missing":
        "audit: how many of the sex, race/ethnicity and intersectional tables are missing",
    "hiring.unknown_reported":
        "audit: whether the number of individuals of unknown category is reported",
    "hiring.excluded_categories":
        "audit: categories excluded from the impact-ratio calculation",
    "hiring.exclusion_justified":
        "audit: true when nothing is excluded, or the exclusion threshold is at most 0.02 and "
        "excluded categories' counts are still reported",
    # --- laws (issue 13) ---
    **AIACT_DEPLOYER_FACTS,
    "colorado.systems_without_notice": "declared systems used without a notice [CO-1]",
    "colorado.explanations_late":
        "adverse-outcome explanation requests answered after 30 days or not at all [CO-2]",
    "colorado.systems_without_correction_or_review":
        "declared systems not offering correction and human review [CO-3]",
    "colorado.records_retention_shortfall_days":
        "days by which records retention falls short of three years [CO-4]",
    "california.days_since_bias_test": "days since the latest anti-bias test [CA-1]",
    "california.retention_shortfall_days":
        "days by which decision-data retention falls short of four years [CA-2]",
    "illinois.notice_fields_missing": "fields of the IDHR draft notice missing [IL-1]",
    "hiring.proxy_named_used": "audit: whether a --proxy column is a zip code [IL-2]",
    "hiring.proxy_max_cramers_v":
        "audit: largest Cramér's V of a --proxy column with a --group attribute [IL-2]",
    "hiring.proxy_adverse_share":
        "audit: share of the adverse impact that stratifying on the proxy removes [IL-2]",
    "nyc.notice_short_systems":
        "declared systems used without a notice 10 business days before [NYC-N]",
    "nyc.publication_problems":
        "declared systems whose audit summary was not published or kept [NYC-P]",
}

_FACT_TYPES = (bool, int, float, str, type(None))


@dataclass(frozen=True)
class FactScope:
    """The facts of one scope of an audit, e.g. kind ``table`` named ``sex × race``."""

    kind: str
    name: str
    facts: dict[str, MetricValue] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in SCOPE_KINDS:
            raise ValueError(
                f"FactScope.kind must be one of {', '.join(SCOPE_KINDS)}; "
                f"got {self.kind!r} instead."
            )
        if not isinstance(self.name, str) or not self.name:
            raise ValueError("FactScope.name must be a non-empty string; got an empty one instead.")
        bad = sorted(k for k, v in self.facts.items() if not isinstance(v, _FACT_TYPES))
        if bad:
            raise TypeError(
                "FactScope facts must be numbers, booleans, strings or None; got other types "
                f"for {len(bad)} fact(s): {', '.join(bad)}."
            )
