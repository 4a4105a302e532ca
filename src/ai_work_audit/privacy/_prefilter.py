"""Tier 1 of the scan: a cheap, vectorised test of which texts could hold personal data.

Every recognizer needs something to hold on to: a digit (phone, card, IBAN, national ids,
dates, IPs), an '@' (e-mail), a web address, or a word of a keyword list (special
categories: the ``keywords`` and ``acronyms`` of the same YAML files the recognizers are built
from). A text with none of these cannot match a pattern recognizer, so Presidio runs only on the
others. What is given up: spaCy NER (PERSON/LOCATION from the French model) on texts with no
such hint — on machine logs that NER is mostly noise (platform-notes.md) — while the worker
roster is still searched in every text. One RE2 pass (pyarrow) over accent-folded, lower-cased
texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ai_work_audit.vocab import load_yaml_with_lines

RECOGNIZER_FOLDER = Path(__file__).with_name("recognizers")
_GENERIC = (r"\d", "@", "https?:", r"www\.", r"\w\.(?:com|org|net|edu|gov|fr|eu|io|de|uk|co)\b")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1)
def gate_pattern() -> str:
    """The RE2 pattern: generic hints, then every keyword and acronym, folded, from a word
    start; words under four letters must also end at a word boundary."""
    keywords: set[str] = set()
    for path in sorted(RECOGNIZER_FOLDER.glob("*.yaml")):
        data = load_yaml_with_lines(path.read_text(encoding="utf-8"))[0] or {}
        for recognizer in data.get("recognizers", []):
            for field in ("keywords", "acronyms"):
                for lists in (recognizer.get(field) or {}).values():
                    for keyword in lists:
                        words = [w for w in re.split(r"[\s\-'’]+", _fold(str(keyword))) if w]
                        if not words:
                            continue
                        body = r"[\s\-'’]*".join(re.escape(w) for w in words)
                        end = r"\b" if len(body) < 4 else ""
                        keywords.add(body + end)
    alternation = "|".join(sorted(keywords, key=len, reverse=True))
    return "|".join(f"(?:{a})" for a in _GENERIC) + rf"|\b(?:{alternation})"


def may_hold_personal_data(texts: Sequence[str]) -> np.ndarray:
    """True for each text that a recognizer could match (see the module docstring)."""
    if not texts:
        return np.zeros(0, dtype=bool)
    array = pa.array(list(texts), type=pa.string())
    folded = pc.utf8_lower(pc.replace_substring_regex(
        pc.utf8_normalize(array, "NFKD"), r"\p{Mn}", ""))
    hits = pc.match_substring_regex(folded, gate_pattern())
    return np.asarray(pc.fill_null(hits, False).to_numpy(zero_copy_only=False), dtype=bool)
