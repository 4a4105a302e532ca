"""Personal-data exposure of monitoring events and HR exports (two tiers).

Tier 1, vectorised over every record (pyarrow compute): structured-field rules — recipients
that are workers' representatives or unions (WP-02), private webmail recipients of captured
messages (WP-02), sensitive site categories in URLs (WP-13), e-mail addresses used as worker
ids (WP-21). Tier 2: Presidio (``privacy.scan_texts_fast``) on the *distinct* free-text values
only — logs repeat heavily — with the results mapped back to every record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ai_work_audit.privacy import Entity, Roster, redact, scan_texts_fast

#: GDPR art. 9 special categories (rulebook WP-05), as this project's recognizers name them.
SPECIAL_CATEGORIES = ("HEALTH", "RELIGION", "ETHNIC_ORIGIN", "POLITICAL_OPINION",
                      "SEXUAL_ORIENTATION", "BIOMETRIC")
TRADE_UNION = "TRADE_UNION"
#: Direct identifiers (rulebook WP-21).
DIRECT_IDENTIFIERS = ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "FR_NIR", "US_SSN",
                      "CREDIT_CARD", "FR_SIREN", "FR_SIRET")
MESSAGE_TYPES = ("email", "chat")
#: Addresses of workers' representatives and unions (WP-02), matched in recipients.
UNION_ADDRESS = (r"(?i)(syndic|union|\bcse\b|cse[-_.@]|\bcgt\b|cfdt|cfe-?cgc|\bunsa\b|"
                 r"\bsud\b|force-?ouvriere|\bfo[-_.@]|works-?council|comite|delegue|staff-rep)")
#: Personal webmail domains: a captured message to one of them is a private conversation.
PRIVATE_MAIL = (r"(?i)@(gmail|googlemail|hotmail|outlook|live|yahoo|icloud|me|proton(mail)?|"
                r"free|orange|wanadoo|laposte|sfr|gmx|aol)\.")
#: Site categories of GDPR art. 9 interest in URLs (WP-13): health, religion, union, dating.
SENSITIVE_SITES = (r"(?i)(health|sante|santé|medic|doctolib|hospital|hopital|clinic|therap|"
                   r"pharma|church|eglise|mosque|mosquee|synagog|temple|bible|coran|quran|"
                   r"syndicat|union|cgt|cfdt|strike|greve|dating|meetic|tinder|grindr|"
                   r"okcupid|lgbt)")
EMAIL_LIKE = r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}"


@dataclass
class TextScan:
    """Entity types found per record, from the distinct texts (no text kept)."""

    types_per_record: list[frozenset[str]]
    distinct_texts: int
    samples: dict[str, list[str]] = field(default_factory=dict)


def _match(column: pd.Series, pattern: str) -> np.ndarray:
    """A boolean mask of values matching ``pattern`` (vectorised; missing → False)."""
    array = pa.array(column.astype(object).where(column.notna(), None).tolist(),
                     type=pa.string())
    return np.asarray(pc.fill_null(pc.match_substring_regex(array, pattern), False)
                      .to_numpy(zero_copy_only=False), dtype=bool)


def scan_texts(texts: pd.Series, *, language: str, roster: Roster | None,
               sample_types: Sequence[str] = (), samples_per_type: int = 2) -> TextScan:
    """Tier 2: Presidio on each distinct text once; types mapped back to every record.

    ``samples`` keeps, for each of ``sample_types``, a few *redacted* texts (see
    ``conservative_redact``) — never a raw one.
    """
    codes, uniques = pd.factorize(texts, use_na_sentinel=True)
    distinct = [str(u) for u in uniques]
    results: list[list[Entity]] = scan_texts_fast(
        distinct, language=language, roster=roster)  # type: ignore[arg-type]
    type_sets = [frozenset(e.type for e in entities) for entities in results]
    empty: frozenset[str] = frozenset()
    lookup = [*type_sets, empty]
    per_record = [lookup[c] if c >= 0 else empty for c in codes]
    samples: dict[str, list[str]] = {}
    for kind in sample_types:
        chosen = [i for i, types in enumerate(type_sets) if kind in types][:samples_per_type]
        if chosen:
            samples[kind] = [conservative_redact(distinct[i], results[i]) for i in chosen]
    return TextScan(per_record, len(distinct), samples)


_TOKEN = re.compile(r"<[A-Z_]+>|\S+")
_SAFE_WORD = re.compile(r"^[a-zà-ÿœæç'’\-]{1,24}[.,;:!?]?$")


def conservative_redact(text: str, entities: Sequence[Entity], limit: int = 160) -> str:
    """A sample safe to show: detected spans become ``<TYPE>``; any other token that could
    identify someone (capitalised, with digits, '@', '/', or long) becomes ``<…>``.

    Detection without NER misses names it was not told about, so a sample keeps only plain
    lower-case words besides the placeholders (design.md: samples are redacted, never raw).
    """
    redacted = redact(text, entities)
    tokens = []
    for token in _TOKEN.findall(redacted):
        if (token.startswith("<") and token.endswith(">")) or _SAFE_WORD.match(token):
            tokens.append(token)
        elif not tokens or tokens[-1] != "<…>":
            tokens.append("<…>")
    sample = " ".join(tokens)
    return sample if len(sample) <= limit else sample[: limit - 1] + "…"


def structured_flags(events: pd.DataFrame) -> dict[str, np.ndarray]:
    """Tier 1 masks over every record (recipients, URLs, worker ids)."""
    n = len(events)
    none = np.zeros(n, dtype=bool)
    types = events["event_type"].astype(str).to_numpy()
    is_message = np.isin(types, MESSAGE_TYPES)
    content = events["content"] if "content" in events else pd.Series([None] * n)
    has_content = content.notna().to_numpy() & (content.astype(str).str.strip() != "").to_numpy()
    recipients = events.get("recipients", None)
    union_recipient = (_match(recipients, UNION_ADDRESS) & is_message
                       if recipients is not None else none)
    private = (_match(recipients, PRIVATE_MAIL) & is_message & has_content
               if recipients is not None else none)
    url_text = events.get("url", content)
    sensitive_url = _match(url_text, SENSITIVE_SITES) & (types == "url")
    email_ids = _match(events["worker_id"], "^" + EMAIL_LIKE + "$")
    return {
        "union_recipient": union_recipient,
        "private_message_content": private,
        "sensitive_url": sensitive_url,
        "email_worker_id": email_ids,
    }


def exposure_by_type(types_per_record: Sequence[frozenset[str]], workers: np.ndarray
                     ) -> dict[str, dict[str, int]]:
    """Per entity type: records and distinct workers exposed (counts only)."""
    by_type: dict[str, tuple[int, set[Any]]] = {}
    for types, worker in zip(types_per_record, workers, strict=True):
        for kind in types:
            records, seen = by_type.setdefault(kind, (0, set()))
            seen.add(worker)
            by_type[kind] = (records + 1, seen)
    return {kind: {"records": records, "workers": len(seen)}
            for kind, (records, seen) in sorted(by_type.items())}


def mask_with_any(types_per_record: Sequence[frozenset[str]], kinds: Sequence[str]
                  ) -> np.ndarray:
    wanted = set(kinds)
    return np.fromiter((bool(t & wanted) for t in types_per_record), dtype=bool,
                       count=len(types_per_record))
