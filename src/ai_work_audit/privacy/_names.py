"""Names of people beyond what NER finds (PERSON), and merging of adjacent spans.

- Titles: "Mr", "Mrs", "Ms", "Dr", "Prof" (EN), "M.", "Mme", "Mlle", "Me", "Dr" (FR) before
  capitalised words (Presidio's own docs suggest a title pattern recognizer; French usage per the
  Imprimerie nationale's Lexique des règles typographiques).
- Introductions: "my name is X", "call me X", "Dear X", "je m'appelle X", "Bonjour X" …
- Propagation: a word of a name found once in a text is that name where else it occurs in that
  text (one-sense-per-discourse, Gale, Church & Yarowsky 1992).
- E-mail local parts: capitalised words that spell the local part of an e-mail address in the
  same text ("Silvia Křenová" next to "SilviaKrenova@…") are a name.
- Merging: PERSON spans split by an initial, LOCATION spans split only by commas, spaces or line
  breaks ("Salvador", "Brazil 10988") become one span (presidio-research's token-level scoring
  counts every token of an address).
Spans only; no text leaves this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_SCORE = 0.7
INTRO_SCORE = 0.6
PROPAGATED_SCORE = 0.6
EMAIL_NAME_SCORE = 0.55
CUE_SCORE = 0.5

_CAP = r"[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*"
_NAME = rf"{_CAP}(?:\s+(?:[A-Z]\.?\s+)?{_CAP}){{0,2}}"
_TITLES = {
    "en": r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Lady|Lord|Rev|Fr|Capt|Sgt|Col)\.?",
    "fr": r"(?:M\.|MM\.|Mme|Mmes|Mlle|Mlles|Me|Maître|Monsieur|Madame|Mademoiselle|Dr|"
          r"Docteur|Pr|Professeur)",
}
_INTROS = {
    "en": r"(?i:my\s+name\s+is|name\s+is|i\s+am\s+called|i'm\s+called|call\s+me|calls\s+me|"
          r"called|named|dear|regards,|thanks,|cheers,|sincerely,|speak\s+to|ask\s+for|"
          r"contact|hi|hello)",
    "fr": r"(?i:je\s+m['’]appelle|m['’]appelle|mon\s+nom\s+est|appelez-moi|cher|chère|"
          r"bonjour|cordialement,|merci,|contactez|demandez)",
}
#: After these introductions a name may be written in lower case ("my name is borna").
_LOWER_OK = {"en": r"(?i:my\s+name\s+is)",
             "fr": r"(?i:je\s+m['’]appelle|mon\s+nom\s+est)"}
_LOWER_NAME = r"[^\W\d_][\w'’\-]+(?:\s+[^\W\d_][\w'’\-]+)?"
#: Capitalised words that follow an introduction but are not names.
_NOT_NAMES = _words("""
i the a an all everyone team there you we they he she it this that mr mrs ms dr sir madam
monsieur madame tout tous toutes équipe vous nous bonjour merci
is are was were do does did has have had can could would should why what when where who whom
whose how which if but or so because for with from by at of
""")

#: Cues that a capitalised word next to them is a person (EN, FR): kinship and workplace roles
#: before the name, verbs of saying and living after it or before it, chat speaker labels.
_ROLE_BEFORE = {
    "en": r"(?i:(?:my|our|your|his|her|their)\s+(?:kid|child|son|daughter|wife|husband|partner|"
          r"mother|mom|mum|father|dad|brother|sister|friend|colleague|manager|boss|"
          r"grandmother|grandfather|uncle|aunt|cousin|nephew|niece|neighbour|neighbor|"
          r"assistant|coworker|co-worker|supervisor|employee|intern)|directed\s+by|"
          r"written\s+by|starring|tribute\s+to|says|said|asked|told|shouted\s+at|"
          r"producer|songwriter|singer|actor|actress|player|colleague|manager|"
          r"(?:full\s+)?name\s*:|user\s*:|customer\s*:|employee\s*:|follow\s+up\s+with|"
          r"(?:first|last|full|family|given)\s+name\s*\?|"
          r"(?:said|says|asked|replied|wrote|spoke|talked|explained|whispered)\s+to)",
    "fr": r"(?i:(?:mon|ma|notre|votre|son|sa|leur)\s+(?:fils|fille|femme|mari|conjoint|"
          r"conjointe|mère|père|frère|sœur|soeur|ami|amie|collègue|manager|responsable|chef|"
          r"cheffe|supérieur|supérieure|assistant|assistante|stagiaire)|collègue|dit|demande|"
          r"nom\s*:|salarié\s*:|salariée\s*:|collaborateur\s*:|collaboratrice\s*:)",
}
#: After a name: its owner's kin or role ("Amanda's daughter", "Marie's manager"), or what a
#: person is said to be ("X is a very kind person").
_POSSESSED = (r"['’]s\s+(?:kid|kids|child|children|son|daughter|wife|husband|partner|mother|"
              r"mom|mum|father|dad|brother|sister|friend|boss|manager|colleague|family|"
              r"parents|grandmother|grandfather|uncle|aunt|cousin|fiancé|fiancée|girlfriend|"
              r"boyfriend|assistant)\b|\s+is\s+a\s+(?:very\s+)?\w+\s+(?:person|man|woman|guy|"
              r"girl|boy|colleague|manager|employee|worker|friend)\b|\s+as\s+(?:a\s+|the\s+)?"
              r"(?:beneficiary|guardian|signatory|contact|co-owner|joint\s+holder|"
              r"authori[sz]ed\s+user|emergency\s+contact|next\s+of\s+kin|dependant|dependent)")
#: A name addressed at the start of a message ("Warrane, can I …"): a capitalised word, a
#: comma, then a question or a request; these words are not names there.
_VOCATIVE_RE = re.compile(r"(?:^|(?<=\n))\s*([A-ZÀ-ÖØ-Þ][\w'’\-]+),\s+(?=(?:can|could|would|"
                          r"will|please|do|did|are|have|is|I|we|you|thanks|thank)\b)")
_NOT_VOCATIVES = _words("""
yes no ok okay also however today tomorrow yesterday so well now then thanks hi hello please
sorry sure great first second third finally anyway actually honestly basically meanwhile
unfortunately fortunately again besides still otherwise instead luckily sadly alright right
good fine listen look guys everyone team folks all morning afternoon evening tonight
hey oh ah um boss sir madam friends colleagues here there but and or if when because
""")
_VERB_AFTER = {
    "en": r"(?:\s+(?:lives|lived|says|said|shouted|told|asked|explained|wrote|began|is\s+from|"
          r"was\s+born|had\s+given|will\s+be|is\s+very|called|emailed|phoned|replied))",
    "fr": r"(?:\s+(?:habite|a\s+dit|dit|est\s+né|est\s+née|a\s+écrit|a\s+appelé|"
          r"sera|est\s+absent|est\s+absente|est\s+malade))",
}
_SPEAKER_RE = re.compile(rf"(?:^|(?<=[.!?\"”>]\s)|(?<=\n))\s*({_CAP}):\s*(?=[\"“A-Z])",
                         re.MULTILINE)
_NOT_SPEAKERS = _words("""
bot user note notes subject phone e-mail email website web address re fwd fw to from cc bcc
date time q a ps tel fax mobile name title agenda action update summary objet téléphone
courriel adresse remarque important urgent info warning error
""")
_COORDINATION = re.compile(rf"({_CAP})((?:\s*,\s*{_CAP})*\s*(?:,\s*)?(?:and|or|et|ou)\s+)"
                           rf"({_CAP})")

_TITLE_RE = {lang: re.compile(rf"(?<![\w.]){t}\s+({_NAME})") for lang, t in _TITLES.items()}
_INTRO_RE = {lang: re.compile(rf"(?<!\w){t}\s*,?\s+({_NAME})") for lang, t in _INTROS.items()}
_LOWER_RE = {lang: re.compile(rf"(?<!\w){t}\s+({_LOWER_NAME})") for lang, t in _LOWER_OK.items()}
_ROLE_RE = {lang: re.compile(rf"(?<!\w){t}\s*:?\s+({_NAME})") for lang, t in _ROLE_BEFORE.items()}
_VERB_RE = {lang: re.compile(rf"(?<![\w@.])({_NAME}){t}") for lang, t in _VERB_AFTER.items()}
_POSSESSED_RE = re.compile(rf"(?<![\w@.])({_NAME})(?:{_POSSESSED})")
#: "said Erle to Maurice": the one spoken to.
_SAID_TO_RE = re.compile(rf"(?<!\w)(?:said|says|asked|replied|wrote)\s+{_NAME}\s+to\s+({_NAME})")
_WORD = re.compile(r"[^\W\d_][\w'’\-]*")
_CAP_WORD = re.compile(rf"(?<![\w@.]){_CAP}")
_EMAIL_LOCAL = re.compile(r"([\w.+\-]+)@[\w\-]+\.[\w.\-]+")

def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


def _trim_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    words = list(_WORD.finditer(text, start, end))
    while words and words[0].group().lower() in _NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    return words[0].start(), words[-1].end()


def rule_names(text: str, language: str) -> list[tuple[int, int, float]]:
    """PERSON spans from titles and introductions."""
    found = []
    for pattern, score in ((_TITLE_RE[language], TITLE_SCORE), (_INTRO_RE[language], INTRO_SCORE),
                           (_LOWER_RE[language], INTRO_SCORE), (_ROLE_RE[language], CUE_SCORE),
                           (_VERB_RE[language], CUE_SCORE)):
        for m in pattern.finditer(text):
            span = _trim_name(text, m.start(1), m.end(1))
            if span is not None:
                found.append((*span, score))
    for m in _SPEAKER_RE.finditer(text):
        if m.group(1).lower() not in _NOT_SPEAKERS:
            found.append((m.start(1), m.end(1), CUE_SCORE))
    if language == "en":
        for m in [*_POSSESSED_RE.finditer(text), *_SAID_TO_RE.finditer(text)]:
            span = _trim_name(text, m.start(1), m.end(1))
            if span is not None:
                found.append((*span, CUE_SCORE))
        for m in _VOCATIVE_RE.finditer(text):
            if m.group(1).lower() not in _NOT_VOCATIVES:
                found.append((m.start(1), m.end(1), CUE_SCORE))
    return found


_SEGMENT = re.compile(r"[^\n>]+")
_FIELD_GAP = re.compile(r"\s{2,}|\t")
_FIELD_LABEL = re.compile(r"[^\W\d_][\w ]{0,20}:\s*")
_SEGMENT_NAME = re.compile(rf"\s*({_CAP}(?:\s+[A-Z]\.?)?(?:\s+(?:van|von|de|da|di|le|la|der|den)"
                           rf")*\s+{_CAP}(?:\s+{_CAP})?)\s*")


def letterhead_names(text: str, first_address: int | None) -> list[tuple[int, int, float]]:
    """A line, "> "-quoted part or space-aligned field (after an optional "Label:") made only
    of two to four capitalised words, at or before an address in the same text: the
    addressee or signatory of a letter, contact block or form."""
    if first_address is None:
        return []
    found = []
    for segment in _SEGMENT.finditer(text, 0, min(len(text), first_address + 80)):
        start = segment.start()
        for part in _FIELD_GAP.split(segment.group()):
            offset = text.index(part, start) if part else start
            start = offset + len(part)
            label = _FIELD_LABEL.match(part)
            body, base = (part[label.end():], offset + label.end()) if label else (part, offset)
            m = _SEGMENT_NAME.fullmatch(body)
            if m and base + m.start(1) <= first_address:
                found.append((base + m.start(1), base + m.end(1), CUE_SCORE))
    return found


def coordinated(text: str, names: Iterable[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """Capitalised words listed with a found name ("Kadiev and Adams", "Eklund, Michael and
    Hodge"): the whole list is people."""
    starts = {s for s, _ in names}
    ends = {e for _, e in names}
    found: list[tuple[int, int, float]] = []
    for m in _COORDINATION.finditer(text):
        items = [(w.start(), w.end()) for w in _CAP_WORD.finditer(text, m.start(), m.end())
                 if w.group() not in ("And", "Or", "Et", "Ou")]
        if any(s in starts or e in ends for s, e in items):
            found.extend((s, e, PROPAGATED_SCORE) for s, e in items)
    return found


def email_names(text: str) -> list[tuple[int, int, float]]:
    """Capitalised words spelling part of an e-mail address's local part (4+ letters)."""
    locals_ = [(m.start(), m.end(), _fold(m.group(1))) for m in _EMAIL_LOCAL.finditer(text)]
    if not locals_:
        return []
    found = []
    for m in _CAP_WORD.finditer(text):
        if any(s <= m.start() < e for s, e, _ in locals_):
            continue
        word = _fold(m.group())
        if len(word) >= 4 and any(word in local for _, _, local in locals_):
            found.append((m.start(), m.end(), EMAIL_NAME_SCORE))
    return found


def propagate(text: str, names: Iterable[tuple[int, int]]) -> list[tuple[int, int, float]]:
    """Other occurrences, in the same text, of the capitalised words of found names."""
    words = set()
    for start, end in names:
        for m in _WORD.finditer(text, start, end):
            word = m.group()
            if len(word) >= 3 and word[0].isupper() and word.lower() not in _NOT_NAMES:
                words.add(word)
    if not words:
        return []
    pattern = re.compile(r"(?<![\w@.])(?:" + "|".join(
        re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")(?![\w@])")
    return [(m.start(), m.end(), PROPAGATED_SCORE) for m in pattern.finditer(text)]


_LEADING_TITLE = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev|M|MM|Mme|Mmes|Mlle|Mlles|Me|Pr|Monsieur|Madame|"
    r"Mademoiselle|Docteur|Professeur)\.?\s+(?=[^\W\d_])")


def strip_title(text: str, start: int, end: int) -> int:
    """The start of a PERSON span without its leading title ("Mme Lefèvre" → "Lefèvre"):
    titles are not names (presidio-research labels them TITLE)."""
    m = _LEADING_TITLE.match(text, start, end)
    return m.end() if m and m.end() < end else start


_PERSON_GAP = re.compile(r"\s+(?:[A-Z]\.?\s+)?|[\s\-]*-[\s\-]*")
_LOCATION_GAP = re.compile(r"[\s,>()]*")


def merge_adjacent(text: str, spans: list[tuple[int, int, float]], kind: str
                   ) -> list[tuple[int, int, float]]:
    """Spans of one type joined when only a gap of that type separates them (see module)."""
    gap = _PERSON_GAP if kind == "PERSON" else _LOCATION_GAP
    out: list[tuple[int, int, float]] = []
    for start, end, score in sorted(spans):
        if out:
            last_start, last_end, last_score = out[-1]
            if start <= last_end or gap.fullmatch(text[last_end:start]):
                out[-1] = (last_start, max(last_end, end), max(last_score, score))
                continue
        out.append((start, end, score))
    return out
