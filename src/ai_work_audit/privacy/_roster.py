"""Find an HR roster's workers (names, e-mail addresses) in text with one Aho-Corasick automaton.

Matching is case- and accent-insensitive and on word boundaries. Text is folded one character
at a time (NFKD, combining marks dropped, casefolded, hyphens and whitespace runs as one space)
while keeping, for every folded character, the index of the original character it came from, so
offsets always point into the ORIGINAL text even when folding changes its length ("ß" → "ss").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from ai_work_audit.errors import InputError

PERSON = "PERSON"
EMAIL_ADDRESS = "EMAIL_ADDRESS"
RECOGNIZER_NAME = "WorkerRosterRecognizer"
NAME_SCORE = 0.9
EMAIL_SCORE = 1.0
_SPACE_LIKE = {"-", "‐", "‑", "–", "_"}
_ASCII_SPACES = re.compile(r"[\s\-_]+")


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    if char.isspace() or char in _SPACE_LIKE:
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.casefold()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Folded text and, per folded character, the index of its original character."""
    out: list[str] = []
    index: list[int] = []
    previous_space = True  # drop leading spaces and collapse runs
    for position, char in enumerate(text):
        folded = _fold_char(char)
        for piece in folded:
            if piece == " ":
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            out.append(piece)
            index.append(position)
    return "".join(out), index


def fold(text: str) -> str:
    """The folded form of a roster entry (the same folding as the searched text)."""
    return fold_with_map(text)[0].strip()


@dataclass(frozen=True, slots=True)
class RosterMatch:
    """A roster hit: entity type and offsets into the original text."""

    type: str
    start: int
    end: int
    score: float


class Roster:
    """Workers' names and e-mail addresses, compiled once into an Aho-Corasick automaton.

    Each full name is also matched in "Last First" order (as many HR exports write it). The
    matched text is never stored or returned — only types and offsets.
    """

    def __init__(self, names: Iterable[str] = (), emails: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, str] = {}
        for email in emails:
            key = fold(str(email))
            if "@" in key:
                entries[key] = EMAIL_ADDRESS
        for name in names:
            key = fold(str(name))
            if len(key) < 3:
                continue  # a single initial would match everywhere
            entries.setdefault(key, PERSON)
            parts = key.split(" ")
            if len(parts) >= 2:
                entries.setdefault(" ".join(parts[1:] + parts[:1]), PERSON)
        for key, kind in entries.items():
            self._automaton.add_word(key, (len(key), kind))
        self.size = len(entries)
        if entries:
            self._automaton.make_automaton()

    @classmethod
    def from_records(
        cls, records: Iterable[Mapping[str, object]], *, name_field: str = "name",
        email_field: str = "email", source: str | None = None,
    ) -> Roster:
        """A roster from row mappings (e.g. an HR export); empty cells are skipped."""
        names: list[str] = []
        emails: list[str] = []
        seen_fields: set[str] = set()
        count = 0
        for record in records:
            count += 1
            seen_fields.update(record)
            name, email = record.get(name_field), record.get(email_field)
            if isinstance(name, str) and name.strip():
                names.append(name)
            if isinstance(email, str) and email.strip():
                emails.append(email)
        if count and name_field not in seen_fields and email_field not in seen_fields:
            raise InputError(f"The roster must have a {name_field!r} or {email_field!r} column; "
                             f"got neither in {count} row(s).", source=source)
        return cls(names, emails)

    def __len__(self) -> int:
        return self.size

    def find(self, text: str) -> list[RosterMatch]:
        """Non-overlapping roster matches in ``text`` (longest first), on word boundaries."""
        if not self.size or not text:
            return []
        if text.isascii():
            # Fast rejection: ASCII folding is lower-casing and collapsing space-like runs,
            # the same string fold_with_map builds; most texts name nobody.
            quick = _ASCII_SPACES.sub(" ", text.lower()).lstrip(" ")
            if next(self._automaton.iter(quick), None) is None:
                return []
        folded, index = fold_with_map(text)
        candidates = []
        for end_folded, (length, kind) in self._automaton.iter(folded):
            start_folded = end_folded - length + 1
            before = folded[start_folded - 1] if start_folded > 0 else " "
            after = folded[end_folded + 1] if end_folded + 1 < len(folded) else " "
            if before.isalnum() or after.isalnum():
                continue
            if kind == EMAIL_ADDRESS and (before in "._%+@" or after == "@"):
                continue
            candidates.append((start_folded, end_folded + 1, kind))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        matches: list[RosterMatch] = []
        last_end = -1
        for start_folded, end_folded, kind in candidates:
            if start_folded < last_end:
                continue
            last_end = end_folded
            start = index[start_folded]
            end = index[end_folded - 1] + 1
            matches.append(RosterMatch(kind, start, end,
                                       EMAIL_SCORE if kind == EMAIL_ADDRESS else NAME_SCORE))
        return matches
