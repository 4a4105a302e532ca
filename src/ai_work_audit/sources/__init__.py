"""Read HR and monitoring exports into validated Arrow tables (design.md: sources/)."""

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
    as_strings,
    parse_outcomes,
    parse_scores,
    row_list,
    unknown_mask,
)

__all__ = [
    "DEFAULT_UNKNOWN",
    "SUPPORTED",
    "LoadedTable",
    "as_strings",
    "detect_encoding",
    "ends_inside_quotes",
    "file_sha256",
    "parse_outcomes",
    "parse_scores",
    "read_table",
    "row_list",
    "sniff_delimiter",
    "suggest_column",
    "unclosed_quote_message",
    "unknown_mask",
]
