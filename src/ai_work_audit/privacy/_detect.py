"""Detect personal data in texts: Presidio (offline engines) + the worker roster + thresholds.

Results are ``Entity`` values (type, offsets, score, recognizer) — never the matched text.
Offsets are Python string indices into the text as given (contracts.md, ``pii detect``).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from presidio_analyzer import BatchAnalyzerEngine, RecognizerResult
from presidio_analyzer.nlp_engine import SpacyNlpEngine

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.privacy._address import find_addresses
from ai_work_audit.privacy._engine import (
    BLANK,
    DetectionConfig,
    get_analyzer,
    plausible_ner_span,
)
from ai_work_audit.privacy._names import (
    coordinated,
    email_names,
    letterhead_names,
    merge_adjacent,
    propagate,
    rule_names,
    strip_title,
)
from ai_work_audit.privacy._prefilter import may_hold_personal_data
from ai_work_audit.privacy._roster import RECOGNIZER_NAME, Roster

if TYPE_CHECKING:
    from ai_work_audit.privacy._parallel import TextDetector

Language = Literal["en", "fr", "auto"]
LANGUAGE_OPTIONS = ("en", "fr", "auto")
BAD_LANGUAGE = "The 'language' option must be one of {options}; got {got!r} instead."
BAD_TEXT = ("Every text must be a string; got {count} non-string value(s) at position(s) "
            "{positions} instead. Convert or drop them first.")

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_FRENCH_WORDS = _word_set(
    "le la les un une des du de et est sont pour dans avec pas que qui sur au aux ce cette ces "
    "je il elle nous vous ils elles mon ma mes ton ta son sa ses leur leurs mais ou donc car "
    "très plus été être avoir fait suis sommes êtes chez aussi tout tous bonjour merci")
_ENGLISH_WORDS = _word_set(
    "the and is are of to in for with on at this that you it was were be been have has not "
    "but or from by as an will would can could my your his her our their please thanks hi "
    "hello")
_FRENCH_LETTERS = frozenset("éèêëàâçùûîïôœ")


@dataclass(frozen=True, slots=True)
class Entity:
    """One detection: Presidio entity type (or the project's), offsets, score, recognizer."""

    type: str
    start: int
    end: int
    score: float
    recognizer: str

    def to_dict(self) -> dict[str, object]:
        """The ``pii detect`` JSON shape (type, start, end, score)."""
        return {"type": self.type, "start": self.start, "end": self.end,
                "score": round(self.score, 4)}


@functools.cache
def _lingua() -> Any:
    """lingua's detector restricted to English and French (its models ship in the wheel;
    Pemistahl, lingua-py, https://github.com/pemistahl/lingua-py)."""
    from lingua import Language as LinguaLanguage
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        LinguaLanguage.ENGLISH, LinguaLanguage.FRENCH).build()


def _stopword_language(text: str) -> Literal["en", "fr"]:
    french = english = 0
    for word in _WORD.findall(text.lower()):
        if word in _FRENCH_WORDS:
            french += 1
        elif word in _ENGLISH_WORDS:
            english += 1
        if not _FRENCH_LETTERS.isdisjoint(word):
            french += 1
    return "fr" if french > english else "en"


def detect_language(text: str) -> Literal["en", "fr"]:
    """Per-record language for ``language="auto"``: French or English, English when unsure.

    lingua (n-gram models, restricted to EN/FR) on texts with letters; the stop-word count
    (French vs English stop-words, one French vote per word with a French diacritic) when
    lingua gives no answer.
    """
    if not _WORD.search(text):
        return "en"
    found = _lingua().detect_language_of(text)
    if found is None:
        return _stopword_language(text)
    return "fr" if found.name == "FRENCH" else "en"


def _check_language(language: str) -> None:
    if language not in LANGUAGE_OPTIONS:
        raise ConfigError(BAD_LANGUAGE.format(options=list(LANGUAGE_OPTIONS), got=language))


_NER_RECOGNIZERS = {"SpacyRecognizer"}


#: Identifier types made of digits; a match inside a decimal number is not one of them.
_DIGIT_TYPES = frozenset({"CREDIT_CARD", "PHONE_NUMBER", "FR_NIR", "FR_SIREN", "FR_SIRET",
                          "US_SSN", "IBAN_CODE"})
_DECIMAL_BEFORE = re.compile(r"\d[.,]$")
_DECIMAL_AFTER = re.compile(r"^[.,]\d")


def _inside_decimal_number(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is the fraction or integer part of a decimal number
    (e.g. the 16 digits of 0.5368020869911779, which can pass a Luhn check by chance)."""
    return bool(_DECIMAL_BEFORE.search(text[max(0, start - 2):start])
                or _DECIMAL_AFTER.match(text[end:end + 2]))


def _to_entities(text: str, results: Iterable[RecognizerResult]) -> list[Entity]:
    out = []
    for result in results:
        metadata = result.recognition_metadata or {}
        recognizer = str(metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, "unknown"))
        if recognizer in _NER_RECOGNIZERS and not plausible_ner_span(
                text[result.start:result.end]):
            continue
        if result.entity_type in _DIGIT_TYPES and _inside_decimal_number(
                text, result.start, result.end):
            continue
        out.append(Entity(result.entity_type, result.start, result.end, float(result.score),
                          recognizer))
    return out


ADDRESS_RECOGNIZER = "AddressRecognizer"
NAME_RULES_RECOGNIZER = "NameRulesRecognizer"
#: Types a street address overrides: NER reads "Kálmán Imre u. 12" as a person, "1600" as a date.
_INSIDE_ADDRESS = frozenset({"PERSON", "DATE_TIME", "NRP", "LOCATION", "US_DRIVER_LICENSE",
                             "PHONE_NUMBER", "US_SSN", "US_BANK_NUMBER"})


def enhance(text: str, entities: list[Entity], language: str) -> list[Entity]:
    """Add addresses and rule-found names to one text's detections, then merge adjacent
    PERSON and LOCATION spans (``privacy._address``, ``privacy._names``)."""
    addresses = find_addresses(text, language)
    names = rule_names(text, language) + email_names(text)
    if not addresses and not names and not any(e.type in ("PERSON", "LOCATION")
                                               for e in entities):
        return entities
    kept = [e for e in entities
            if not (e.type in _INSIDE_ADDRESS
                    and any(s <= e.start and e.end <= end for s, end, _ in addresses))]
    letterhead = letterhead_names(text, min((s for s, _, _ in addresses), default=None))
    # an address read from "address: Jo Smith 12 Main St" starts after the name
    addresses = [(max([s, *(ne for ns, ne, _ in letterhead if s <= ns < e)]), e, score)
                 for s, e, score in addresses]
    people = [(e.start, e.end, e.score) for e in kept if e.type == "PERSON"] + names
    people += letterhead
    people += coordinated(text, [(s, e) for s, e, _ in people])
    people += propagate(text, [(s, e) for s, e, _ in people])
    people = [p for p in people
              if not any(s <= p[0] and p[1] <= e for s, e, _ in addresses)]
    # a cue says person ("Franciska's kid", "Warrane, can I …"): NER's LOCATION on the same
    # words gives way (the small English model calls many foreign first names places)
    cued = [(s, e) for s, e, _ in names + letterhead]
    places = [(e.start, e.end, e.score) for e in kept if e.type == "LOCATION"
              and not any(s <= e.start and e.end <= end for s, end in cued)] + addresses
    others = [e for e in kept if e.type not in ("PERSON", "LOCATION")]
    merged = [Entity("PERSON", strip_title(text, s, e), e, score, NAME_RULES_RECOGNIZER)
              for s, e, score in merge_adjacent(text, people, "PERSON")]
    merged += [Entity("LOCATION", s, e, score, ADDRESS_RECOGNIZER)
               for s, e, score in merge_adjacent(text, places, "LOCATION")]
    return others + merged


# A detection of the first type inside one of the second is part of it, not another finding.
_PART_OF = {("URL", "EMAIL_ADDRESS"), ("PERSON", "EMAIL_ADDRESS"), ("DATE_TIME", "FR_NIR")}


def _contained(inner: Entity, outer: Entity) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end and inner is not outer


def _merge(found: list[Entity], roster_hits: list[Entity], config: DetectionConfig) -> list[Entity]:
    candidates = roster_hits + [
        e for e in found
        if not any(r.type == e.type and _contained(e, r) for r in roster_hits)
    ]
    combined = [e for e in candidates
                if not any((e.type, o.type) in _PART_OF and _contained(e, o) for o in candidates)]
    kept = [e for e in combined
            if (config.entities is None or e.type in config.entities)
            and e.score >= config.threshold_for(e.type)]
    kept.sort(key=lambda e: (e.start, e.end, e.type))
    return kept


def _memory_zone(engine: object, language: str) -> AbstractContextManager[object]:
    """spaCy's memory zone of the engine's pipeline for ``language`` (a no-op elsewhere)."""
    pipelines = getattr(engine, "nlp", None) if isinstance(engine, SpacyNlpEngine) else None
    if not pipelines or language not in pipelines:
        return nullcontext()
    zone: AbstractContextManager[object] = pipelines[language].memory_zone()
    return zone


Mode = Literal["full", "patterns", "ner"]
MODES = ("full", "patterns", "ner")
#: Canonical event types whose content is free text written by people (e-mail and chat bodies,
#: documents): the only ones NER runs on in the monitoring audit. URLs, application names and
#: window titles get the pattern recognizers only (issue 11, item 3).
NER_EVENT_TYPES = ("email", "chat", "file")
_NER_SCORE = 0.85  # Presidio's SpacyRecognizer score


def without_ner(config: DetectionConfig) -> DetectionConfig:
    """The same configuration on tokenizer-only pipelines (pattern recognizers, no NER)."""
    return DetectionConfig(entities=config.entities, thresholds=config.thresholds,
                           enable=config.enable, disable=config.disable,
                           spacy_models={"en": BLANK, "fr": BLANK},
                           batch_size=config.batch_size)


def _ner_entities(texts: list[str], language: str, config: DetectionConfig
                  ) -> list[list[Entity]]:
    """spaCy NER alone (no pattern recognizer), mapped as Presidio maps it, on texts that no
    pattern recognizer can match (the tier-1 prefilter said so)."""
    analyzer = get_analyzer(language, config)
    engine = analyzer.nlp_engine
    pipelines = getattr(engine, "nlp", None) or {}
    if language not in pipelines or "ner" not in pipelines[language].pipe_names:
        return [[] for _ in texts]
    ner_config = getattr(engine, "ner_model_configuration")  # noqa: B009 - SpacyNlpEngine
    mapping = ner_config.model_to_presidio_entity_mapping
    ignored = set(ner_config.labels_to_ignore)
    wanted = config.entities
    out: list[list[Entity]] = []
    nlp = pipelines[language]
    with nlp.memory_zone():
        for text, doc in zip(texts, nlp.pipe(texts, batch_size=config.batch_size), strict=True):
            found = []
            for ent in doc.ents:
                kind = mapping.get(ent.label_)
                if (kind is None or kind in ignored or ent.label_ in ignored
                        or (wanted is not None and kind not in wanted)
                        or not plausible_ner_span(ent.text)):
                    continue
                found.append(Entity(kind, ent.start_char, ent.end_char, _NER_SCORE,
                                    "SpacyRecognizer"))
            out.append(enhance(text, found, language))
    return out


def _analyze_chunk(
    chunk: list[str], language: Language, roster: Roster | None, config: DetectionConfig,
    mode: Mode = "full",
) -> list[list[Entity]]:
    problems = [i for i, text in enumerate(chunk) if not isinstance(text, str)]
    if problems:
        raise InputError(BAD_TEXT.format(count=len(problems), positions=problems[:10]))
    languages = ([detect_language(t) for t in chunk] if language == "auto"
                 else [language] * len(chunk))
    found: list[list[Entity]] = [[] for _ in chunk]
    entities = sorted(config.entities) if config.entities is not None else None
    if mode == "patterns":
        config = without_ner(config)
    for lang in ("en", "fr"):
        positions = [i for i, t in enumerate(chunk) if languages[i] == lang and t.strip()]
        if not positions:
            continue
        if mode == "ner":
            for position, ner_found in zip(positions, _ner_entities(
                    [chunk[i] for i in positions], lang, config), strict=True):
                found[position] = ner_found
            continue
        analyzer = get_analyzer(lang, config)
        batch = BatchAnalyzerEngine(analyzer_engine=analyzer)
        # Words first seen here are forgotten afterwards: spaCy's vocabulary would otherwise
        # grow with every new word of a long log (spaCy 3.8 ``Language.memory_zone``).
        with _memory_zone(analyzer.nlp_engine, lang):
            results = batch.analyze_iterator(
                [chunk[i] for i in positions], language=lang, batch_size=config.batch_size,
                entities=entities, score_threshold=0.0,
            )
            for position, per_text in zip(positions, results, strict=True):
                found[position] = enhance(chunk[position],
                                          _to_entities(chunk[position], per_text), lang)
    out = []
    for text, entities_found in zip(chunk, found, strict=True):
        roster_hits = ([Entity(m.type, m.start, m.end, m.score, RECOGNIZER_NAME)
                        for m in roster.find(text)] if roster is not None else [])
        out.append(_merge(entities_found, roster_hits, config))
    return out


def detect_pii(
    texts: Iterable[str],
    *,
    language: Language = "en",
    roster: Roster | None = None,
    config: DetectionConfig | None = None,
    mode: Mode = "full",
) -> Iterator[list[Entity]]:
    """Personal data in each text, lazily and in order: one list of Entity per text.

    ``mode``: ``full`` (every recognizer and NER), ``patterns`` (no NER: tokenizer-only
    pipelines), ``ner`` (NER and the name/address rules only: for texts the prefilter rules
    out for pattern recognizers).

    Texts are analysed in batches of ``config.batch_size`` with Presidio's BatchAnalyzerEngine
    (spaCy ``nlp.pipe``). ``language="auto"`` picks English or French per text with
    ``detect_language``. ``roster`` adds the workers' names (PERSON) and e-mails
    (EMAIL_ADDRESS). Per-type thresholds from ``settings.yaml`` (or ``config.thresholds``)
    filter the final scores.
    """
    _check_language(language)
    if mode not in MODES:
        raise ConfigError(f"The 'mode' option must be one of {list(MODES)}; got {mode!r} "
                          "instead.")
    config = config or DetectionConfig()
    iterator = iter(texts)
    while chunk := list(islice(iterator, config.batch_size)):
        yield from _analyze_chunk(chunk, language, roster, config, mode)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def scan_texts_fast(
    texts: Sequence[str | None],
    *,
    language: Language = "en",
    roster: Roster | None = None,
    config: DetectionConfig | None = None,
    prefilter: bool = True,
    pool: TextDetector | None = None,
    ner: bool | Sequence[bool] = True,
) -> list[list[Entity]]:
    """``detect_pii`` over a batch, analysing each distinct text once (logs repeat heavily).

    A pure function of its arguments: any engine (a pandas/DuckDB/Spark batch UDF) can call it
    on a partition. Missing values (None, NaN) give an empty list. With ``prefilter`` (tier 1,
    ``privacy._prefilter``) the pattern recognizers only see texts some recognizer could match;
    the roster is searched in every text. ``ner`` (one flag, or one per text): whether NER
    runs on a text — True for free text (messages, documents, subjects), False for URLs,
    application names and window titles (patterns only). A text flagged for NER that the
    prefilter rules out gets NER and the name rules alone. A ``pool`` (``AnalysisPool``, built
    with the same roster and config) spreads the work over its processes; same results.
    """
    _check_language(language)
    bad = [i for i, t in enumerate(texts) if not _is_missing(t) and not isinstance(t, str)]
    if bad:
        raise InputError(BAD_TEXT.format(count=len(bad), positions=bad[:10]))
    if isinstance(ner, bool):
        ner_flags = [ner] * len(texts)
    else:
        ner_flags = [bool(f) for f in ner]
        if len(ner_flags) != len(texts):
            raise ConfigError(f"The 'ner' option must have one flag per text ({len(texts)}); "
                              f"got {len(ner_flags)} instead.")
    wants_ner: dict[str, bool] = {}
    for text, flag in zip(texts, ner_flags, strict=True):
        if isinstance(text, str):
            wants_ner[text] = wants_ner.get(text, False) or flag
    distinct = list(wants_ner)
    if prefilter:
        candidates = may_hold_personal_data(distinct)
    else:
        candidates = np.ones(len(distinct), dtype=bool)
    groups: dict[Mode, list[str]] = {"full": [], "patterns": [], "ner": []}
    for text, candidate in zip(distinct, candidates, strict=True):
        if wants_ner[text]:
            groups["full" if candidate else "ner"].append(text)
        elif candidate:
            groups["patterns"].append(text)
    by_text: dict[str, list[Entity]] = {}
    for mode, group in groups.items():
        if not group:
            continue
        found = (pool.detect(group, language=language, mode=mode) if pool is not None
                 else detect_pii(group, language=language, roster=roster, config=config,
                                 mode=mode))
        by_text.update(zip(group, found, strict=True))
    if roster is not None:
        config = config or DetectionConfig()
        for text in distinct:
            if text not in by_text:
                hits = [Entity(m.type, m.start, m.end, m.score, RECOGNIZER_NAME)
                        for m in roster.find(text)]
                by_text[text] = _merge([], hits, config) if hits else []
    return [list(by_text.get(t, ())) if isinstance(t, str) else [] for t in texts]


def redact(text: str, entities: Iterable[Entity]) -> str:
    """The text with each detected span replaced by ``<TYPE>`` (overlaps: the earliest wins)."""
    pieces = []
    cursor = 0
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if entity.start < cursor:
            continue
        pieces.append(text[cursor:entity.start])
        pieces.append(f"<{entity.type}>")
        cursor = entity.end
    pieces.append(text[cursor:])
    return "".join(pieces)
