"""Postal addresses in free text (LOCATION): street lines, boxes, postcodes, EN and FR.

What Presidio lacks: its NER sees "Pennsylvania Avenue" at best, not "1600 Pennsylvania Avenue,
Suite 12, Washington DC 20500". English: an anchor (a house number followed by a word, a postal
box, an address context word such as "address:" or "lives at") starts a window that
``usaddress`` (a CRF trained on US addresses; Datamade, https://github.com/datamade/usaddress)
labels token by token; the address-labelled tokens form the span, which must hold a street type
(USPS Publication 28, appendix C1, and common international ones), a European street-name ending,
an occupancy, a postcode or a context word. French (adresse postale, norme AFNOR NF Z10-011):
numéro (+ bis/ter) + type de voie + nom, and code postal (5 chiffres) + commune (+ CEDEX).
Results are ``(start, end, score)`` spans; the matched text never leaves this module.
"""

from __future__ import annotations

import re
from functools import lru_cache

import usaddress  # type: ignore[import-untyped]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ADDRESS_SCORE = 0.7
CONTEXT_ADDRESS_SCORE = 0.6
POSTCODE_SCORE = 0.6

#: USPS Publication 28 C1 street suffixes (common ones, full and abbreviated) and common
#: international street types written in English-language text.
STREET_TYPES = _words("""
street st str avenue ave av avda road rd boulevard blvd bd lane ln drive dr court ct place pl
square sq way route rte bridge parkway pkwy terrace ter highway hwy circle cir alley aly
crescent cres close row plaza plz trail trl grove grv gardens gdns walk quay wharf mews loop
pike path expressway expy freeway fwy turnpike tpke motorway causeway centre center ctr
estate heights hts junction jct park pk point pt ridge rdg rue via viale piazza calle avenida
rua ul ulica strada carrer chemin allee allée impasse quai cours passage
""")
#: Street types written before the name ("Rua X", "Via X", "ul. X", "rue de X").
PREFIX_TYPES = _words("rue via viale piazza calle avenida avda rua ul ulica strada carrer "
                         "av avenue boulevard bd chemin allee allée impasse quai cours "
                         "place route passage")
_EURO_STREET = re.compile(
    r"(?i)\w{3,}(?:strasse|straße|gasse|weg|vej|vägen|vagen|gatan|gata|laan|straat|utca|"
    r"katu|kuja|tie|veien|vegen|plein|allee|platz|ring|gade|stræde|vei)\b")
_MONTHS_UNITS = _words("""
january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
am pm a.m. p.m. kg km mb gb tb usd eur gbp percent hours minutes years days weeks months
""")
_PARTICLES = _words("de da do dos das del della di la le les des du e y z van von der den "
                       "nad pod am an im auf of the and d' l'")
_ADDRESS_WORDS = _words("street st apt apt. apartment suite ste unit flat floor fl box po "
                           "bldg building room rm")
_ADDRESS_LABELS = frozenset({
    "AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetName",
    "StreetNamePreDirectional", "StreetNamePreModifier", "StreetNamePreType",
    "StreetNamePostDirectional", "StreetNamePostModifier", "StreetNamePostType",
    "OccupancyType", "OccupancyIdentifier", "SubaddressType", "SubaddressIdentifier",
    "PlaceName", "StateName", "ZipCode", "CountryName", "USPSBoxType", "USPSBoxID",
    "USPSBoxGroupType", "USPSBoxGroupID", "BuildingName", "CornerOf", "IntersectionSeparator",
    "LandmarkName",
})
_STRONG_LABELS = frozenset({"OccupancyType", "USPSBoxType", "USPSBoxGroupType", "ZipCode"})

#: Words after which an address follows (EN).
_CONTEXT = re.compile(
    r"(?i)\b(?:address(?:\s+is)?|addr\.?|lives?\s+(?:at|on)|lived\s+(?:at|on|in)|living\s+at|"
    r"moved\s+to|sent\s+to|send\s+(?:it\s+|them\s+)?to|ship(?:ped)?\s+to|deliver(?:ed)?\s+to|"
    r"located\s+at|corner\s+of|mailing\s+to|billing\s+address\s+with)\s*[:\-]?\s*")
_ANCHOR = re.compile(
    r"(?<![\w.,:/-])(?:\d{1,6}[A-Za-z]?(?=[ \t]+[^\W\d_])|(?i:p\.?\s?o\.?\s+box|psc|cmr|"
    r"usns|usnv|uss|usnsv)\b)")
#: A sentence ends at ?, !, ; or a period before a capitalised word — not the period of an
#: initial or a one-letter abbreviation ("P.O. Box", "U.S."), nor of "St.", "Apt.", "Ave.".
_SENTENCE_END = re.compile(r"[?!;]|(?<!\b[A-Za-z])(?<!\bSt)(?<!\bApt)(?<!\bAve)(?<!\bMt)"
                           r"\.(?=\s+(?:[A-Z][a-z]|I\b)|\s*$)|\s(?:for|but|and then|"
                           r"before|after|because|since|where|which|when)\s")
_US_ZIP = re.compile(r"(?<![\w-])(?:[A-Z]{2}\s{1,2}\d{5}(?:-\d{4})?)(?![\w-])")
_UK_POSTCODE = re.compile(r"(?<![\w-])[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}(?![\w-])")
_ZIP_CONTEXT = re.compile(r"(?i)\b(?:zip(?:\s*code)?|postal\s*code|post\s*code|postcode)"
                          r"(?:\s+is)?\s*[:#]?\s*([A-Z0-9][A-Z0-9 \-]{1,9}[A-Z0-9]|\d{3,5})\b")
_WORD = re.compile(r"\S+")

# ----------------------------------------------------------------------------- French
_FR_TYPES = ("rue|avenue|av\\.?|boulevard|bd\\.?|bld|place|pl\\.?|chemin|ch\\.?|allée|allee|"
             "impasse|imp\\.?|quai|route|rte|cours|square|passage|résidence|residence|"
             "lotissement|voie|sentier|rond-point|faubourg|fbg|hameau|lieu-dit|parvis|"
             "promenade|esplanade|villa|cité|cite|montée|traverse|zone|za|zi|zac")
_FR_STREET = re.compile(
    rf"(?i)(?<![\w,.])\d{{1,4}}(?:\s?(?:bis|ter|quater|[a-d]))?,?\s+(?:{_FR_TYPES})\s+"
    r"(?:(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les|l['’]|aux?|et|sur|sous|en)\s*|"
    r"(?-i:[A-ZÀ-ÖØ-Þ0-9][\w'’\-.]*)\s*){1,7}")
_FR_POSTCODE = re.compile(
    r"(?<![\w-])(?:0[1-9]|[1-8]\d|9[0-8]|2[AB])\s?\d{3}\s+(?-i:[A-ZÀ-ÖØ-Þ][\w'’\-]*)"
    r"(?:[\s\-](?:(?:sur|sous|en|le|la|les|de|du|lès|lez)[\s\-])?(?-i:[A-ZÀ-ÖØ-Þ][\w'’\-]*)){0,3}"
    r"(?:\s+(?i:cedex)(?:\s+\d{1,2})?)?")
_FR_CONTEXT = re.compile(r"(?i)\b(?:adresse|domicilié[e]?\s+(?:au|à)|habite\s+(?:au|à)|"
                         r"demeurant\s+(?:au|à))\s*[:\-]?\s*")

def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while end > start and text[end - 1] in " \t\n,.;:-–(>":
        end -= 1
    while start < end and text[start] in " \t\n,;:-(>":
        start += 1
    return start, end


@lru_cache(maxsize=4096)
def _parse(window: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(usaddress.parse(window))
    except Exception:
        return ()


def _is_stop(word: str, label: str) -> bool:
    bare = word.strip(",.;:()>\"'").lower()
    if not bare:
        return False
    if bare in _MONTHS_UNITS:
        return True
    if word[0].islower() and bare.isalpha() and bare not in _PARTICLES \
            and bare not in _ADDRESS_WORDS and bare not in STREET_TYPES and len(bare) > 2:
        return True
    return label not in _ADDRESS_LABELS


def _street_line(text: str, start: int, context: bool) -> tuple[int, int] | None:
    """The address starting at ``start`` (usaddress on a window), if it looks like one.

    usaddress labels a whole sequence at once (a CRF), so lines after an address (phone
    numbers, a signature) can change the labels of the address itself: when the window gives
    nothing, its first line, then two and three lines are tried in turn (the shortest first,
    so that a phone line below is not read as the address's end)."""
    window = text[start:start + 160]
    cut = _SENTENCE_END.search(window)
    if cut:
        window = window[:cut.start()]
    tried = set()
    lines = window.split("\n")
    for count in (len(lines), 1, 2, 3):
        shorter = "\n".join(lines[:count])
        if shorter in tried or not shorter.strip():
            continue
        tried.add(shorter)
        span = _window_address(text, start, shorter, context)
        if span is not None:
            return span
    return None


def _window_address(text: str, start: int, window: str, context: bool
                    ) -> tuple[int, int] | None:
    """The address-labelled words at the start of ``window`` (``text[start:]``)."""
    positions = [(m.start(), m.end()) for m in _WORD.finditer(window)]
    parsed = _parse(window)
    if not parsed or len(parsed) != len(positions):
        return None
    kept: list[int] = []
    for i, (word, label) in enumerate(parsed):
        if _is_stop(word, label):
            break
        kept.append(i)
    if len(kept) < 2:
        return None
    words = [parsed[i][0].strip(",.;:()>").lower() for i in kept]
    labels = {parsed[i][1] for i in kept}
    second = parsed[kept[1]][0]
    if parsed[0][1] == "AddressNumber" and not (second[:1].isupper() or second.lower().strip(
            ".") in PREFIX_TYPES or second[:1].isdigit()):
        return None
    strong = (any(w in STREET_TYPES for w in words[1:]) or labels & _STRONG_LABELS
              or any(_EURO_STREET.fullmatch(parsed[i][0].strip(",.")) for i in kept)
              or context)
    if not strong:
        return None
    s, e = _strip(text, start + positions[kept[0]][0], start + positions[kept[-1]][1])
    return (s, e) if e - s >= 4 else None


def english_addresses(text: str) -> list[tuple[int, int, float]]:
    """Street addresses, postal boxes and postcodes (LOCATION) in English-language text."""
    found: list[tuple[int, int, float]] = []
    covered_until = -1
    contexts = {m.end() for m in _CONTEXT.finditer(text)}
    anchors = sorted({m.start() for m in _ANCHOR.finditer(text)} | contexts)
    for anchor in anchors:
        if anchor < covered_until:
            continue
        context = anchor in contexts or any(0 <= anchor - c <= 3 for c in contexts)
        span = _street_line(text, anchor, context)
        if span is None and anchor in contexts:
            span = _context_chunk(text, anchor)
        if span is not None:
            found.append((span[0], span[1], CONTEXT_ADDRESS_SCORE if context
                          else ADDRESS_SCORE))
            covered_until = span[1]
    for m in _EURO_STREET.finditer(text):
        tail = re.match(r"\s+\d{1,5}[a-zA-Z]?\b", text[m.end():m.end() + 8])
        if tail:
            found.append((m.start(), m.end() + tail.end(), ADDRESS_SCORE))
    for pattern in (_US_ZIP, _UK_POSTCODE):
        found.extend((m.start(), m.end(), POSTCODE_SCORE) for m in pattern.finditer(text))
    for m in _ZIP_CONTEXT.finditer(text):
        found.append((m.start(1), m.end(1), POSTCODE_SCORE))
    return found


def _context_chunk(text: str, start: int) -> tuple[int, int] | None:
    """After "address:", "lives at", …: the capitalised words and numbers up to the sentence's
    end (at most 10 words)."""
    window = text[start:start + 120]
    cut = _SENTENCE_END.search(window)
    if cut:
        window = window[:cut.start()]
    end = 0
    for count, m in enumerate(_WORD.finditer(window)):
        word = m.group().strip(",.;:()")
        if count >= 10 or not word or not (word[0].isupper() or word[0].isdigit()
                                           or word.lower() in _PARTICLES
                                           or word.lower() in _ADDRESS_WORDS):
            break
        end = m.end()
    if not end:
        return None
    s, e = _strip(text, start, start + end)
    return (s, e) if e - s >= 3 else None


def french_addresses(text: str) -> list[tuple[int, int, float]]:
    """Adresses postales (LOCATION): numéro + type de voie + nom, code postal + commune."""
    found = [(*_strip(text, m.start(), m.end()), ADDRESS_SCORE)
             for m in _FR_STREET.finditer(text)]
    found += [(m.start(), m.end(), POSTCODE_SCORE) for m in _FR_POSTCODE.finditer(text)]
    for m in _FR_CONTEXT.finditer(text):
        span = _context_chunk(text, m.end())
        if span is not None:
            found.append((span[0], span[1], CONTEXT_ADDRESS_SCORE))
    return [(s, e, score) for s, e, score in found if e > s]


def find_addresses(text: str, language: str) -> list[tuple[int, int, float]]:
    """Addresses in a text of the given language (``en`` or ``fr``)."""
    return french_addresses(text) if language == "fr" else english_addresses(text)
