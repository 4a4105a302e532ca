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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import regex  # type: ignore[import-untyped]
from presidio_analyzer import Pattern, PatternRecognizer
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy._validators import VALIDATORS, Validator
from ai_work_audit.vocab import YamlSyntaxError, load_yaml_with_lines, validate_yaml_model

LANGUAGES = ("en", "fr")
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


NonEmpty = Annotated[str, Field(min_length=1)]
Words = list[NonEmpty]
Score = Annotated[float, Field(gt=0, le=1)]
_PER_LANGUAGE = ("keywords", "acronyms", "context")


class _Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    regex: str
    score: Score

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value, _FLAGS)
        except regex.error as exc:
            raise ValueError(f"must be a regular expression; got one that does not compile "
                             f"({exc}). Correct it.") from None
        return value


class _Example(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    language: str
    text: str


class _Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    positive: list[_Example] = Field(min_length=1)
    negative: list[_Example] = Field(min_length=1)


class _Recognizer(BaseModel):
    """One recognizer of a ``recognizers/*.yaml`` file (schema: the module docstring)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    entity: str
    languages: list[Literal["en", "fr"]] = Field(min_length=1)
    description: str = ""
    patterns: list[_Pattern] | None = None
    keywords: dict[str, Words] | None = None
    acronyms: dict[str, Words] | None = None
    score: Score | None = None
    context: dict[str, Words] | None = None
    validator: str | None = None
    examples: _Examples

    @model_validator(mode="before")
    @classmethod
    def _every_language(cls, data: Any) -> Any:
        """A word list for every language may be written as a plain list."""
        if not isinstance(data, dict) or not isinstance(data.get("languages"), list):
            return data
        out = dict(data)
        for key in _PER_LANGUAGE:
            if isinstance(out.get(key), list):
                out[key] = {lang: out[key] for lang in data["languages"]}
        return out

    @field_validator("entity")
    @classmethod
    def _upper(cls, value: str) -> str:
        if not value.isupper():
            raise ValueError("must be an upper-case entity type name such as FR_NIR; got "
                             "another text instead. Write it in capitals.")
        return value

    @field_validator("validator")
    @classmethod
    def _known_validator(cls, value: str | None) -> str | None:
        if value is not None and value not in VALIDATORS:
            raise ValueError(f"must be one of the validators {', '.join(sorted(VALIDATORS))}; "
                             "got another name instead. Correct it or remove the key.")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> _Recognizer:
        problems = []
        for key in _PER_LANGUAGE:
            extra = sorted(set(getattr(self, key) or {}) - set(self.languages))
            if extra:
                problems.append(f"{key} must only name languages of the recognizer's "
                                f"languages ({', '.join(self.languages)}); got "
                                f"{', '.join(extra)} instead. Add them to languages or remove "
                                "them.")
        examples = self.examples.positive + self.examples.negative
        if any(e.language not in self.languages for e in examples):
            problems.append("examples must be in the recognizer's languages; got an example in "
                            "another language instead. Correct its language.")
        words = bool(self.keywords or self.acronyms)
        if words and self.score is None:
            problems.append("keyword recognizers need a score in (0, 1]; got none instead. "
                            "Add score.")
        if not words and self.score is not None:
            problems.append("score is only for keywords / acronyms; got it beside patterns "
                            "only instead. Remove it (each pattern has its own score).")
        if not (self.patterns or words):
            problems.append("a recognizer needs patterns, keywords or acronyms; got none "
                            "instead. Add one of them.")
        if problems:
            raise ValueError(" ".join(problems))
        return self


class _RecognizerFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    version: Any = None
    recognizers: list[_Recognizer]


def _spec(raw: _Recognizer, source: str) -> RecognizerSpec:
    patterns = [PatternSpec(p.name, p.regex, float(p.score)) for p in raw.patterns or ()]
    score = float(raw.score) if raw.score is not None else 0.5
    for lang, words in (raw.keywords or {}).items():
        patterns.append(PatternSpec(f"{raw.name} keywords", keyword_regex(words), score, lang))
    for lang, words in (raw.acronyms or {}).items():
        patterns.append(PatternSpec(f"{raw.name} acronyms",
                                    keyword_regex(words, case_sensitive=True), score, lang))
    return RecognizerSpec(
        name=raw.name,
        entity=raw.entity,
        languages=tuple(raw.languages),
        patterns=tuple(patterns),
        context={lang: tuple(words) for lang, words in (raw.context or {}).items()},
        validator=raw.validator,
        positive=tuple(Example(e.language, e.text) for e in raw.examples.positive),
        negative=tuple(Example(e.language, e.text) for e in raw.examples.negative),
        source=source,
        description=raw.description,
    )


def parse_recognizer_file(text: str, source: str) -> list[RecognizerSpec]:
    """Parse and validate one recognizer YAML document (``_RecognizerFile``); one ConfigError
    lists every problem, each naming ``file:line``, the key and the fix."""
    try:
        document, duplicates = load_yaml_with_lines(text)
    except YamlSyntaxError as exc:  # its problem may quote the source line: only the line
        raise ConfigError(f"{source}:{exc.line}: recognizer file must be valid YAML (line "
                          f"{exc.line}); got a syntax error there instead. Correct it."
                          ) from None
    if duplicates:
        raise ConfigError(" | ".join(f"{source}:{line}: key {key!r} must appear once; got it "
                                     "twice. Keep one." for line, key in duplicates))
    model = validate_yaml_model(_RecognizerFile, document, filename=source, error=ConfigError)
    return [_spec(raw, source) for raw in model.recognizers]


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
