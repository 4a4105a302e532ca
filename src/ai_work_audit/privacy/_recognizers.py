"""Recognizers as data: load ``recognizers/*.yaml``, validate them, build Presidio recognizers.

Schema of one recognizer (every key but the optional ones is required; unknown keys are errors):
``name``, ``entity``, ``languages``, ``description`` (optional), ``patterns`` (list of
``{name, regex, score}``) and/or ``keywords`` / ``acronyms`` (``{language: [words]}``, with
``score``), ``context`` (``{language: [words]}`` or a list for every language; optional),
``validator`` (a name in ``_validators.VALIDATORS``; optional) and ``examples``
(``{positive: [...], negative: [...]}``, each ``{language, text}``) that the conformance tests run.
Follows Presidio's PatternRecognizer model (patterns, context words, a validation hook).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import regex  # type: ignore[import-untyped]
from presidio_analyzer import Pattern, PatternRecognizer

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy._validators import VALIDATORS, Validator
from ai_work_audit.vocab import YamlSyntaxError, load_yaml_with_lines

LANGUAGES = ("en", "fr")
_FILE_KEYS = {"version", "recognizers"}
_REQUIRED = {"name", "entity", "languages", "examples"}
_OPTIONAL = {"description", "patterns", "keywords", "acronyms", "score", "context", "validator"}
_PATTERN_KEYS = {"name", "regex", "score"}
_EXAMPLE_KEYS = {"language", "text"}
_FLAGS = regex.DOTALL | regex.MULTILINE | regex.IGNORECASE  # Presidio's global flags

_ACCENT_CLASSES = {
    "a": "[aàâäáã]",
    "c": "[cç]",
    "e": "[eéèêë]",
    "i": "[iîïí]",
    "o": "[oôöóõ]",
    "u": "[uùûüú]",
    "y": "[yÿ]",
}


@dataclass(frozen=True, slots=True)
class PatternSpec:
    """One regular expression of a recognizer; ``language`` None means every language."""

    name: str
    regex: str
    score: float
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Example:
    """A text that a recognizer must (positive) or must not (negative) flag."""

    language: str
    text: str


@dataclass(frozen=True, slots=True)
class RecognizerSpec:
    """A validated recognizer definition, as read from one YAML file."""

    name: str
    entity: str
    languages: tuple[str, ...]
    patterns: tuple[PatternSpec, ...]
    context: Mapping[str, tuple[str, ...]]
    validator: str | None
    positive: tuple[Example, ...]
    negative: tuple[Example, ...]
    source: str
    description: str = ""


def _fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def keyword_regex(words: Iterable[str], *, case_sensitive: bool = False) -> str:
    """One regex for a keyword list: word boundaries, accent-insensitive, optional plural."""
    alternatives = []
    for word in sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True):
        parts = []
        for char in _fold_accents(word) if not case_sensitive else word:
            if char.isspace():
                parts.append(r"[\s\-]+")
            elif char == "-":
                parts.append(r"[\s\-]?")
            elif char in "'’":
                parts.append("['’]")
            elif not case_sensitive and char.lower() in _ACCENT_CLASSES:
                parts.append(_ACCENT_CLASSES[char.lower()])
            else:
                parts.append(regex.escape(char))
        alternatives.append("".join(parts))
    body = "|".join(alternatives)
    if case_sensitive:
        return rf"(?<!\w)(?-i:{body})(?![\w+])"
    return rf"(?<!\w)(?:{body})(?:s|es|x)?(?!\w)"


def _problem(source: str, name: str, message: str) -> str:
    return f"{source}: recognizer {name!r}: {message}"


def _per_language(
    value: Any, languages: Sequence[str], what: str, source: str, name: str, problems: list[str]
) -> dict[str, tuple[str, ...]]:
    if value is None:
        return {}
    if isinstance(value, list):
        value = {lang: value for lang in languages}
    if not isinstance(value, dict):
        problems.append(_problem(source, name, f"{what} must be a mapping language -> list"))
        return {}
    out: dict[str, tuple[str, ...]] = {}
    for lang, words in value.items():
        if lang not in languages:
            problems.append(_problem(source, name, f"{what} names language {lang!r}, "
                                     f"which is not in its languages {list(languages)}"))
            continue
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            problems.append(_problem(source, name, f"{what}[{lang}] must be a list of strings"))
            continue
        out[lang] = tuple(words)
    return out


def _check_regex(pattern: str, source: str, name: str, problems: list[str]) -> None:
    try:
        regex.compile(pattern, _FLAGS)
    except regex.error as exc:
        problems.append(_problem(source, name, f"regex does not compile ({exc})"))


def _examples(
    value: Any, kind: str, languages: Sequence[str], source: str, name: str, problems: list[str]
) -> tuple[Example, ...]:
    if not isinstance(value, list) or not value:
        problems.append(_problem(source, name, f"examples.{kind} must be a non-empty list"))
        return ()
    out = []
    for item in value:
        if not isinstance(item, dict) or set(item) != _EXAMPLE_KEYS:
            problems.append(_problem(source, name, f"each examples.{kind} item must have "
                                     f"exactly the keys {sorted(_EXAMPLE_KEYS)}"))
            continue
        if item["language"] not in languages or not isinstance(item["text"], str):
            problems.append(_problem(source, name, f"examples.{kind} item has a language "
                                     "outside the recognizer's languages or a non-text text"))
            continue
        out.append(Example(language=item["language"], text=item["text"]))
    return tuple(out)


def _parse_one(raw: Any, source: str, problems: list[str]) -> RecognizerSpec | None:
    if not isinstance(raw, dict):
        problems.append(f"{source}: each recognizer must be a mapping")
        return None
    name = str(raw.get("name", "?"))
    unknown = set(raw) - _REQUIRED - _OPTIONAL
    if unknown:
        problems.append(_problem(source, name, f"unknown key(s) {sorted(unknown)}"))
    missing = _REQUIRED - set(raw)
    if missing:
        problems.append(_problem(source, name, f"missing key(s) {sorted(missing)}"))
        return None
    languages = raw["languages"]
    if (not isinstance(languages, list) or not languages
            or any(lang not in LANGUAGES for lang in languages)):
        problems.append(_problem(source, name, f"languages must be a non-empty subset of "
                                 f"{list(LANGUAGES)}"))
        return None
    entity = raw["entity"]
    if not isinstance(entity, str) or not entity.isupper():
        problems.append(_problem(source, name, "entity must be an upper-case type name"))
    patterns: list[PatternSpec] = []
    for item in raw.get("patterns") or []:
        if not isinstance(item, dict) or set(item) != _PATTERN_KEYS:
            problems.append(_problem(source, name, f"each pattern must have exactly the keys "
                                     f"{sorted(_PATTERN_KEYS)}"))
            continue
        score = item["score"]
        if not isinstance(score, int | float) or not 0 < score <= 1:
            problems.append(_problem(source, name, "pattern score must be in (0, 1]"))
            continue
        _check_regex(str(item["regex"]), source, name, problems)
        patterns.append(PatternSpec(str(item["name"]), str(item["regex"]), float(score)))
    keywords = _per_language(raw.get("keywords"), languages, "keywords", source, name, problems)
    acronyms = _per_language(raw.get("acronyms"), languages, "acronyms", source, name, problems)
    if keywords or acronyms:
        score = raw.get("score")
        if not isinstance(score, int | float) or not 0 < score <= 1:
            problems.append(_problem(source, name, "keyword recognizers need a score in (0, 1]"))
            score = 0.5
        for lang, words in keywords.items():
            patterns.append(PatternSpec(f"{name} keywords", keyword_regex(words), score, lang))
        for lang, words in acronyms.items():
            patterns.append(PatternSpec(f"{name} acronyms",
                                        keyword_regex(words, case_sensitive=True), score, lang))
    elif "score" in raw:
        problems.append(_problem(source, name, "score is only for keywords / acronyms"))
    if not patterns:
        problems.append(_problem(source, name, "needs patterns, keywords or acronyms"))
    validator = raw.get("validator")
    if validator is not None and validator not in VALIDATORS:
        problems.append(_problem(source, name, f"validator {validator!r} is not one of "
                                 f"{sorted(VALIDATORS)}"))
    examples = raw["examples"]
    if not isinstance(examples, dict) or set(examples) != {"positive", "negative"}:
        problems.append(_problem(source, name, "examples must have exactly the keys "
                                 "['negative', 'positive']"))
        return None
    return RecognizerSpec(
        name=name,
        entity=str(entity),
        languages=tuple(languages),
        patterns=tuple(patterns),
        context=_per_language(raw.get("context"), languages, "context", source, name, problems),
        validator=validator,
        positive=_examples(examples["positive"], "positive", languages, source, name, problems),
        negative=_examples(examples["negative"], "negative", languages, source, name, problems),
        source=source,
        description=str(raw.get("description", "")),
    )


def parse_recognizer_file(text: str, source: str) -> list[RecognizerSpec]:
    """Parse and validate one recognizer YAML document; ConfigError lists every problem."""
    try:
        document, _ = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:  # its problem may quote the source line: only the line
        raise ConfigError(f"{source}: recognizer file must be valid YAML (line {exc.line})."
                          ) from None
    problems: list[str] = []
    if not isinstance(document, dict) or not isinstance(document.get("recognizers"), list):
        raise ConfigError(f"{source}: recognizer file must be a mapping with a "
                          "'recognizers' list; got something else instead.")
    unknown = set(document) - _FILE_KEYS
    if unknown:
        problems.append(f"{source}: unknown top-level key(s) {sorted(unknown)}")
    specs = []
    for raw in document["recognizers"]:
        spec = _parse_one(raw, source, problems)
        if spec is not None:
            specs.append(spec)
    if problems:
        raise ConfigError(f"{len(problems)} problem(s) in recognizer files: "
                          + " | ".join(problems))
    return specs


def load_recognizer_specs(paths: Iterable[Path] | None = None) -> list[RecognizerSpec]:
    """Read the packaged ``recognizers/*.yaml`` (or the given files); names must be unique."""
    specs: list[RecognizerSpec] = []
    if paths is None:
        folder = resources.files("ai_work_audit.privacy") / "recognizers"
        entries = sorted((e for e in folder.iterdir() if e.name.endswith(".yaml")),
                         key=lambda e: e.name)
        for entry in entries:
            specs.extend(parse_recognizer_file(entry.read_text(encoding="utf-8"), entry.name))
    else:
        for path in paths:
            specs.extend(parse_recognizer_file(Path(path).read_text(encoding="utf-8"), path.name))
    seen: set[str] = set()
    for spec in specs:
        if spec.name in seen:
            raise ConfigError(f"{spec.source}: recognizer name {spec.name!r} must be unique; "
                              "it is defined twice.")
        seen.add(spec.name)
    return specs


def _is_keyword_pattern(pattern: PatternSpec, spec: RecognizerSpec) -> bool:
    return pattern.name in (f"{spec.name} keywords", f"{spec.name} acronyms")


class SpecPatternRecognizer(PatternRecognizer):  # type: ignore[misc]
    """A Presidio PatternRecognizer built from a RecognizerSpec, with its validator hook."""

    def __init__(self, spec: RecognizerSpec, language: str) -> None:
        # Keyword lists of every language: a French term in an English-routed record
        # ("… réunion du syndicat jeudi") is the same special category (mixed FR/EN logs).
        patterns = [Pattern(p.name, p.regex, p.score) for p in spec.patterns
                    if p.language in (None, language) or _is_keyword_pattern(p, spec)]
        self._validator: Validator | None = VALIDATORS[spec.validator] if spec.validator else None
        super().__init__(
            supported_entity=spec.entity,
            name=spec.name,
            supported_language=language,
            patterns=patterns,
            context=list(spec.context.get(language, ())),
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """None keeps the pattern's score; False drops the match (a failed checksum)."""
        if self._validator is None or self._validator(pattern_text):
            return None
        return False


def build_spec_recognizers(
    specs: Iterable[RecognizerSpec], language: str
) -> list[SpecPatternRecognizer]:
    """Presidio recognizers for every spec that supports ``language``."""
    return [SpecPatternRecognizer(spec, language) for spec in specs
            if language in spec.languages
            and any(p.language in (None, language) for p in spec.patterns)]
