"""Column classification of HR exports: which columns hold which personal data.

In the spirit of presidio-structured: each column's distinct values are scanned once with the
project's recognizers (NER included: names in cells); a column is a direct identifier or a
special category by the share of its values detected, or by its name, read with the EN/FR
vocabulary of ``privacy.column_name_types`` (``full_name``, ``nom``, ``prénom`` hold names,
``email``/``courriel`` e-mail addresses — never web addresses).
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from ai_work_audit.monitoring._scan import DIRECT_IDENTIFIERS, SPECIAL_CATEGORIES, TRADE_UNION
from ai_work_audit.privacy import (
    DIRECT_TYPES,
    Roster,
    column_name_types,
    name_shaped,
    scan_texts_fast,
)

MAX_DISTINCT = 2_000
DETECTED_SHARE = 0.5
SPECIAL_SHARE = 0.05
_DIRECT_NAME = re.compile(r"(?i)(e-?mail|courriel|phone|t[ée]l[ée]phone|mobile|iban|\bnir\b|"
                          r"secu|ssn|passport|national_id|bank)")
_SPECIAL_NAME = re.compile(r"(?i)(health|sant[ée]|maladie|sick|medical|m[ée]dical|handicap|"
                           r"disab|union|syndic|religio|ethni|origin|orientation|politi|"
                           r"biometr|pregnan|grossesse)")


def classify_columns(frame: pd.DataFrame, *, language: str, roster: Roster | None
                     ) -> list[dict[str, Any]]:
    """One entry per column: detected types with the share of non-empty values, and flags."""
    out = []
    for name in frame.columns:
        by_name = column_name_types(str(name))
        column = frame[name]
        values = column.dropna().astype(str)
        values = values[values.str.strip() != ""]
        non_empty = len(values)
        shares: dict[str, float] = {}
        if non_empty:
            counts = values.value_counts()
            distinct = counts.index[:MAX_DISTINCT].tolist()
            weights = counts.to_numpy()[:MAX_DISTINCT]
            covered = int(weights.sum())
            results = scan_texts_fast(distinct, language=language,  # type: ignore[arg-type]
                                      roster=roster)
            per_type: dict[str, int] = {}
            for value, entities, weight in zip(distinct, results, weights, strict=True):
                kinds = _cell_types(str(value), {e.type for e in entities}, by_name)
                for kind in kinds:
                    per_type[kind] = per_type.get(kind, 0) + int(weight)
            shares = {kind: round(count / covered, 4) for kind, count in sorted(per_type.items())}
        direct = (bool(_DIRECT_NAME.search(str(name))) or bool(by_name & DIRECT_TYPES)
                  or any(shares.get(k, 0) >= DETECTED_SHARE
                         for k in (*DIRECT_IDENTIFIERS, "PERSON")))
        special = (bool(_SPECIAL_NAME.search(str(name)))
                   or bool(by_name & {*SPECIAL_CATEGORIES, TRADE_UNION})
                   or any(shares.get(k, 0) >= SPECIAL_SHARE
                          for k in (*SPECIAL_CATEGORIES, TRADE_UNION)))
        out.append({
            "column": str(name),
            "non_empty": non_empty,
            "share_non_empty": round(non_empty / len(frame), 4) if len(frame) else 0.0,
            "detected": shares,
            "direct_identifier": direct,
            "special_category": special,
        })
    return out


def _cell_types(value: str, found: set[str], by_name: frozenset[str]) -> set[str]:
    """A cell's types, read with its column's name: in a name column a name-shaped cell is a
    name (NER misses "DUPONT Jean"); in an e-mail column an address is never a URL."""
    kinds = set(found)
    if "PERSON" in by_name and name_shaped(value):
        kinds.add("PERSON")
        kinds.discard("LOCATION")  # NER reads some surnames as places
    if "EMAIL_ADDRESS" in by_name and "@" in value and "URL" in kinds:
        kinds.discard("URL")
        kinds.add("EMAIL_ADDRESS")
    return kinds


def table_facts(frame: pd.DataFrame, columns: list[dict[str, Any]]) -> dict[str, Any]:
    """Facts of an HR export for the policy packs (records = rows)."""
    rows = len(frame)

    def rows_with(flag: str) -> int:
        names = [c["column"] for c in columns if c[flag]]
        if not names or not rows:
            return 0
        present = frame[names].notna().to_numpy() & (
            frame[names].astype(str).apply(lambda s: s.str.strip() != "").to_numpy())
        return int(np.any(present, axis=1).sum())

    direct = rows_with("direct_identifier")
    special = rows_with("special_category")
    return {
        "privacy.direct_identifier_records": direct,
        "privacy.direct_identifier_share": direct / rows if rows else None,
        "privacy.special_category_records": special,
        "privacy.prohibited_category_records": special,
        # one row, one person: exposure in workers (issue 11 item 4)
        "privacy.direct_identifier_workers": direct,
        "privacy.special_category_workers": special,
    }
