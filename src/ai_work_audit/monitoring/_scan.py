"""Personal-data exposure of monitoring events and HR exports (two tiers).

Tier 1, vectorised over every record (pyarrow compute): structured-field rules — recipients
that are workers' representatives or unions (WP-02), private webmail recipients of captured
messages (WP-02), sensitive site categories in URLs (WP-13), e-mail addresses used as worker
ids (WP-21). Tier 2: Presidio (``privacy.scan_texts_fast``) on the *distinct* free-text values
only — logs repeat heavily — with the results mapped back to every record.

``scan_batch`` is the scan core: a pure function over one batch of canonical events (tier 1
and tier 2, with an optional ``TextCache`` shared across batches), so that any engine can run
it on a partition; ``monitoring._stream`` folds its results over the batches of a log.
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

from ai_work_audit.privacy import (
    NER_EVENT_TYPES,
    Entity,
    Roster,
    TextDetector,
    redact,
    scan_texts_fast,
)

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
#: An e-mail address or a phone number in ``recipients``: addressing metadata, counted apart
#: from the direct identifiers of analytics records (WP-21 judges those).
RECIPIENT_ADDRESS = EMAIL_LIKE + r"|\+?\d[\d .\-()]{7,}\d"
#: Free-text columns scanned besides ``content`` when a log has them (issue 11 item 4).
TEXT_COLUMNS = ("content", "subject")


@dataclass
class TextScan:
    """Entity types found per record, from the distinct texts (no text kept)."""

    types_per_record: list[frozenset[str]]
    distinct_texts: int
    samples: dict[str, list[str]] = field(default_factory=dict)


def _match(column: pd.Series, pattern: str) -> np.ndarray:
    """A boolean mask of values matching ``pattern`` (vectorised over the distinct values;
    missing → False)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if not len(uniques):
        return np.zeros(len(column), dtype=bool)
    array = pa.array([str(u) for u in uniques], type=pa.string())
    hits = np.asarray(pc.fill_null(pc.match_substring_regex(array, pattern), False)
                      .to_numpy(zero_copy_only=False), dtype=bool)
    return np.asarray((codes >= 0) & hits[codes])


def _has_text(column: pd.Series) -> np.ndarray:
    """Non-missing, non-blank values (each distinct value tested once)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    if not len(uniques):
        return np.zeros(len(column), dtype=bool)
    filled = (pd.Series(uniques).astype(str).str.strip() != "").to_numpy(dtype=bool)
    return np.asarray((codes >= 0) & filled[codes])


def _is_in(column: pd.Series, values: Sequence[str]) -> np.ndarray:
    codes, uniques = pd.factorize(column.astype(str), use_na_sentinel=True)
    wanted = np.isin(np.asarray([str(u) for u in uniques], dtype=object), list(values))
    return np.asarray((codes >= 0) & wanted[codes]) if len(uniques) else np.zeros(
        len(column), dtype=bool)


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
    is_message = _is_in(events["event_type"], MESSAGE_TYPES)
    content = events["content"] if "content" in events else pd.Series([None] * n)
    has_content = _has_text(content)
    recipients = events.get("recipients", None)
    union_recipient = (_match(recipients, UNION_ADDRESS) & is_message
                       if recipients is not None else none)
    private = (_match(recipients, PRIVATE_MAIL) & is_message & has_content
               if recipients is not None else none)
    url_text = events.get("url", content)
    sensitive_url = _match(url_text, SENSITIVE_SITES) & _is_in(events["event_type"], ("url",))
    email_ids = _match(events["worker_id"], "^" + EMAIL_LIKE + "$")
    addressed = (_match(recipients, RECIPIENT_ADDRESS) if recipients is not None else none)
    return {
        "recipient_address": addressed,
        "union_recipient": union_recipient,
        "private_message_content": private,
        "sensitive_url": sensitive_url,
        "email_worker_id": email_ids,
    }


#: Second hash key of ``TextCache`` (pandas' hash_array needs 16 characters).
_CHECK_KEY = "ai-work-audit/v1"


class TextCache:
    """Tier-2 results across batches: text → entity types found, least recently used first out.

    Bounded by ``max_entries`` texts. No text is kept: an entry is a 64-bit hash of the text
    (the key), a second, independent 64-bit hash (checked on lookup, so a wrong answer needs
    both to collide) and the index of its type set, in numpy arrays — no Python object per
    entry, so a long stream neither grows nor fragments the heap. Recency is counted in
    lookups (one tick per batch). An evicted text seen again is scanned again (same result).
    """

    def __init__(self, max_entries: int = 200_000) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be at least 1; got {max_entries} instead.")
        self.max_entries = max_entries
        self._keys = np.zeros(0, dtype=np.uint64)
        self._checks = np.zeros(0, dtype=np.uint64)
        self._set_ids = np.zeros(0, dtype=np.int32)
        self._used = np.zeros(0, dtype=np.int64)
        self._sets: list[frozenset[str]] = []
        self._set_index: dict[frozenset[str], int] = {}
        self._tick = 0

    def __len__(self) -> int:
        return len(self._keys)

    @staticmethod
    def _hashes(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        values = np.asarray(texts, dtype=object)
        return (np.asarray(pd.util.hash_array(values, categorize=False)),
                np.asarray(pd.util.hash_array(values, hash_key=_CHECK_KEY, categorize=False)))

    def lookup(self, texts: Sequence[str]) -> list[frozenset[str] | None]:
        """The cached types of each text (None when not cached); hits become most recent."""
        if not len(texts):
            return []
        self._tick += 1
        keys, checks = self._hashes(texts)
        if not len(self._keys):
            return [None] * len(texts)
        position = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        hit = (self._keys[position] == keys) & (self._checks[position] == checks)
        self._used[position[hit]] = self._tick
        ids = np.where(hit, self._set_ids[position], -1).tolist()
        return [self._sets[i] if i >= 0 else None for i in ids]

    def store(self, texts: Sequence[str], types: Sequence[frozenset[str]]) -> None:
        """Remember the types of ``texts``; the least recently used go beyond the bound."""
        if not len(texts):
            return
        keys, checks = self._hashes(texts)
        ids = np.fromiter((self._set_index.setdefault(t, len(self._set_index)) for t in types),
                          dtype=np.int32, count=len(types))
        self._sets.extend(list(self._set_index)[len(self._sets):])
        all_keys = np.concatenate([self._keys, keys])
        all_checks = np.concatenate([self._checks, checks])
        all_ids = np.concatenate([self._set_ids, ids])
        all_used = np.concatenate([self._used, np.full(len(keys), self._tick, dtype=np.int64)])
        # sort by key, the newest last; keep the last of equal keys
        order = np.lexsort((np.arange(len(all_keys)), all_keys))
        all_keys, all_checks, all_ids, all_used = (
            all_keys[order], all_checks[order], all_ids[order], all_used[order])
        last = np.append(all_keys[1:] != all_keys[:-1], True)
        all_keys, all_checks, all_ids, all_used = (
            all_keys[last], all_checks[last], all_ids[last], all_used[last])
        if len(all_keys) > self.max_entries:
            kept = np.sort(np.argsort(-all_used, kind="stable")[: self.max_entries])
            all_keys, all_checks, all_ids, all_used = (
                all_keys[kept], all_checks[kept], all_ids[kept], all_used[kept])
        self._keys, self._checks, self._set_ids, self._used = (
            all_keys, all_checks, all_ids, all_used)


_EMPTY: frozenset[str] = frozenset()


@dataclass
class BatchScan:
    """Tier 1 and tier 2 over one batch of events: counts and codes, no raw text.

    ``type_sets[set_codes[i]]`` is the set of entity types found in record i's content
    (``type_sets[0]`` is the empty set). ``text_hashes``: a 64-bit hash of each distinct text
    of the batch (to count distinct texts across batches). ``analysed``: distinct texts given
    to tier 2 (not answered by the cache). ``samples``: (type, stable 64-bit hash of the text,
    redacted sample) for the first texts analysed here, per type of ``sample_types``.
    ``url_column``: whether ``flags["sensitive_url"]`` was read from a ``url`` column (else
    from ``content``).
    """

    type_sets: list[frozenset[str]]
    set_codes: np.ndarray
    flags: dict[str, np.ndarray]
    text_hashes: np.ndarray
    analysed: int
    url_column: bool
    samples: list[tuple[str, int, str]] = field(default_factory=list)

    def mask(self, kinds: Sequence[str]) -> np.ndarray:
        """Per record: whether any of ``kinds`` was found."""
        wanted = set(kinds)
        per_set = np.fromiter((bool(t & wanted) for t in self.type_sets), dtype=bool,
                              count=len(self.type_sets))
        return np.asarray(per_set[self.set_codes])


def _union_per_record(codes: np.ndarray, index: dict[frozenset[str], int]) -> np.ndarray:
    """Per record, the code (in ``index``, grown) of the union of its columns' type sets;
    ``codes`` is columns × records."""
    if codes.shape[0] == 1:
        return np.asarray(codes[0], dtype=np.int32)
    sets = list(index)
    combos, inverse = np.unique(codes.T, axis=0, return_inverse=True)
    merged = np.fromiter(
        (index.setdefault(frozenset().union(*(sets[c] for c in row)), len(index))
         for row in combos.tolist()), dtype=np.int32, count=len(combos))
    return np.asarray(merged[inverse.reshape(-1)], dtype=np.int32)


def scan_batch(events: pd.DataFrame, *, language: str, roster: Roster | None,
               cache: TextCache | None = None, sample_types: Sequence[str] = (),
               samples_per_type: int = 2, pool: TextDetector | None = None,
               text_columns: Sequence[str] = ()) -> BatchScan:
    """The scan core over one batch of canonical events: tier 1 (``structured_flags``) on
    every record, tier 2 (Presidio via ``scan_texts_fast``) on the distinct free texts the
    ``cache`` does not already know — ``content``, ``subject`` and the ``text_columns`` a log
    has — mapped back to every record (the union of its columns' findings).

    A pure function of its arguments (the cache only saves work): any engine can run it on a
    partition and fold the ``BatchScan`` results. A ``pool`` (built with the same roster)
    runs tier 2 over several processes.
    """
    n = len(events)
    columns = list(dict.fromkeys(c for c in (*TEXT_COLUMNS, *text_columns) if c in events))
    texts = (pd.concat([events[c].reset_index(drop=True) for c in columns], ignore_index=True)
             if columns else pd.Series([None] * n))
    # NER only on free text (e-mail/chat bodies, documents: a record of one of the event types
    # privacy.NER_EVENT_TYPES); URLs and window titles get patterns only. The flag is the
    # record's own, so a text is analysed once per (text, flag): what a record gets does not
    # depend on which other records share its batch, its cache or its engine's partition.
    free = (np.tile(np.asarray(_is_in(events["event_type"], NER_EVENT_TYPES)),
                    max(len(columns), 1)) if "event_type" in events and columns
            else np.zeros(len(texts), dtype=bool))
    prefix = pd.Series(np.where(free, "\x01", "\x00"), index=texts.index, dtype="str")
    keyed = texts.where(texts.isna(), prefix.str.cat(texts.astype("str")))
    codes, uniques = pd.factorize(keyed, use_na_sentinel=True)
    keys = [str(u) for u in uniques]
    distinct = [k[1:] for k in keys]
    known: list[frozenset[str] | None] = (cache.lookup(keys) if cache is not None
                                          else [None] * len(keys))
    missing = [i for i, types in enumerate(known) if types is None]
    results: list[list[Entity]] = scan_texts_fast(
        [distinct[i] for i in missing], language=language,  # type: ignore[arg-type]
        roster=roster, pool=pool, ner=[keys[i][0] == "\x01" for i in missing])
    found = [frozenset(e.type for e in entities) for entities in results]
    for i, types in zip(missing, found, strict=True):
        known[i] = types
    if cache is not None:
        cache.store([keys[i] for i in missing], found)
    index: dict[frozenset[str], int] = {_EMPTY: 0}
    per_text = np.fromiter((index.setdefault(t or _EMPTY, len(index)) for t in known),
                           dtype=np.int32, count=len(known))
    all_codes = (np.where(codes >= 0, per_text[codes], 0).astype(np.int32) if len(per_text)
                 else np.zeros(len(codes), dtype=np.int32))
    set_codes = _union_per_record(all_codes.reshape(max(len(columns), 1), n), index)
    hashes = (pd.util.hash_array(np.asarray(distinct, dtype=object)) if distinct
              else np.zeros(0, dtype=np.uint64))
    samples: list[tuple[str, int, str]] = []
    for kind in sample_types:
        chosen = [(i, entities) for i, types, entities in zip(missing, found, results,
                                                              strict=True)
                  if kind in types][:samples_per_type]
        # the text's stable hash (the same in every process: engines merge samples by it)
        samples.extend((kind, int(hashes[i]), conservative_redact(distinct[i], entities))
                       for i, entities in chosen)
    return BatchScan(type_sets=list(index), set_codes=set_codes,
                     flags=structured_flags(events), text_hashes=np.asarray(hashes),
                     analysed=len(missing), url_column="url" in events, samples=samples)


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
