"""Every input, read and validated (design.md: sources/): HR and monitoring tables, event logs
and their mappings, the company monitoring policy. Every problem is an InputError (or, for a
mapping or a policy, a ConfigError / PolicyError) naming file, column and row.

The event-log names (``load_events``, ``LogInput``, ...) need pandas, the mapping and
company-policy names build pydantic models; they are imported on first use (PEP 562
``__getattr__``) so that reading a hiring table does not pay for them (issue 9, start-up).
Type checkers see them through the ``TYPE_CHECKING`` imports.
"""

import importlib
from typing import TYPE_CHECKING, Any

from ai_work_audit.sources._arrow import chunked, group_sums, to_numpy, typed_array, typed_scalar
from ai_work_audit.sources._dates import parse_dates
from ai_work_audit.sources._read import (
    SUPPORTED,
    LoadedTable,
    detect_encoding,
    ends_inside_quotes,
    file_sha256,
    read_table,
    sniff_delimiter,
    suggest_column,
    unclosed_quote_message,
)
from ai_work_audit.sources._values import (
    DEFAULT_UNKNOWN,
    MAX_CATEGORY_CHARS,
    as_strings,
    category_problems,
    normalise_categories,
    normalise_text_values,
    parse_outcomes,
    parse_scores,
    row_list,
    unknown_mask,
)

#: Event-log and monitoring-input names → the module that defines them (imported on first
#: use; ``module:attribute`` for a name the module spells otherwise).
_LAZY = {
    "EVENT_SUFFIXES": "_event_files", "read_event_header": "_event_files",
    "DEFAULT_BATCH_ROWS": "_events", "STREAM_BATCH_ROWS": "_events", "EventBatch": "_events",
    "LogInput": "_events", "SourceFile": "_events", "iter_event_batches": "_events",
    "load_events": "_events", "LOCAL_OFFSET": "_timestamps", "check_timezone": "_timestamps",
    "LogPlan": "_events", "plan_log": "_events", "read_planned_file": "_events",
    "EventProblems": "_timestamps",
    # Monitoring inputs (their YAML's pydantic models are built when first used).
    **dict.fromkeys(("COMPANY_POLICY_SCHEMA", "PROHIBITED_EVENT_TYPES", "CompanyPolicy",
                     "Purpose", "is_company_policy", "load_company_policy",
                     "parse_company_policy", "parse_duration", "validate_company_policy_file"),
                    "_company_policy"),
    "PolicyWorkingTime": "_company_policy:WorkingTime",
    **dict.fromkeys(("CANONICAL_FIELDS", "EVENT_TYPE_ALIASES", "EVENT_TYPES", "IDENTITY_MAPPING",
                     "OTHER", "SHIPPED_MAPPINGS", "EventMapping", "FileMapping", "load_mapping",
                     "resolve_mapping"), "_mapping"),
    **dict.fromkeys(("PASSIVE", "UNCLASSIFIED", "WORKER_INITIATED", "Modalities",
                     "shipped_modalities"), "_modalities"),
}

if TYPE_CHECKING:
    from ai_work_audit.sources._company_policy import (
        COMPANY_POLICY_SCHEMA,
        PROHIBITED_EVENT_TYPES,
        CompanyPolicy,
        Purpose,
        is_company_policy,
        load_company_policy,
        parse_company_policy,
        parse_duration,
        validate_company_policy_file,
    )
    from ai_work_audit.sources._company_policy import WorkingTime as PolicyWorkingTime
    from ai_work_audit.sources._event_files import EVENT_SUFFIXES, read_event_header
    from ai_work_audit.sources._events import (
        DEFAULT_BATCH_ROWS,
        STREAM_BATCH_ROWS,
        EventBatch,
        LogInput,
        LogPlan,
        SourceFile,
        iter_event_batches,
        load_events,
        plan_log,
        read_planned_file,
    )
    from ai_work_audit.sources._mapping import (
        CANONICAL_FIELDS,
        EVENT_TYPE_ALIASES,
        EVENT_TYPES,
        IDENTITY_MAPPING,
        OTHER,
        SHIPPED_MAPPINGS,
        EventMapping,
        FileMapping,
        load_mapping,
        resolve_mapping,
    )
    from ai_work_audit.sources._modalities import (
        PASSIVE,
        UNCLASSIFIED,
        WORKER_INITIATED,
        Modalities,
        shipped_modalities,
    )
    from ai_work_audit.sources._timestamps import LOCAL_OFFSET, EventProblems, check_timezone


def __getattr__(name: str) -> Any:
    """The lazy names, imported when first asked for."""
    module, _, attribute = _LAZY.get(name, "").partition(":")
    if not module:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute or name)
    globals()[name] = value
    return value


__all__ = [
    "CANONICAL_FIELDS",
    "COMPANY_POLICY_SCHEMA",
    "DEFAULT_BATCH_ROWS",
    "DEFAULT_UNKNOWN",
    "EVENT_SUFFIXES",
    "EVENT_TYPES",
    "EVENT_TYPE_ALIASES",
    "IDENTITY_MAPPING",
    "LOCAL_OFFSET",
    "MAX_CATEGORY_CHARS",
    "OTHER",
    "PASSIVE",
    "PROHIBITED_EVENT_TYPES",
    "SHIPPED_MAPPINGS",
    "STREAM_BATCH_ROWS",
    "SUPPORTED",
    "UNCLASSIFIED",
    "WORKER_INITIATED",
    "CompanyPolicy",
    "EventBatch",
    "EventMapping",
    "EventProblems",
    "FileMapping",
    "LoadedTable",
    "LogInput",
    "LogPlan",
    "Modalities",
    "PolicyWorkingTime",
    "Purpose",
    "SourceFile",
    "as_strings",
    "category_problems",
    "check_timezone",
    "chunked",
    "detect_encoding",
    "ends_inside_quotes",
    "file_sha256",
    "group_sums",
    "is_company_policy",
    "iter_event_batches",
    "load_company_policy",
    "load_events",
    "load_mapping",
    "normalise_categories",
    "normalise_text_values",
    "parse_company_policy",
    "parse_dates",
    "parse_duration",
    "parse_outcomes",
    "parse_scores",
    "plan_log",
    "read_event_header",
    "read_planned_file",
    "read_table",
    "resolve_mapping",
    "row_list",
    "shipped_modalities",
    "sniff_delimiter",
    "suggest_column",
    "to_numpy",
    "typed_array",
    "typed_scalar",
    "unclosed_quote_message",
    "unknown_mask",
    "validate_company_policy_file",
]
