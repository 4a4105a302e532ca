"""Every YAML recognizer flags its positive examples and stays quiet on its negative ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy import detect_pii, load_recognizer_specs
from ai_work_audit.privacy._engine import load_settings, parse_settings
from ai_work_audit.privacy._recognizers import parse_recognizer_file

SPECS = load_recognizer_specs()
POSITIVE = [(s.name, s.entity, e) for s in SPECS for e in s.positive]
NEGATIVE = [(s.name, s.entity, e) for s in SPECS for e in s.negative]


def test_every_recognizer_has_positive_and_negative_examples() -> None:
    assert len(SPECS) >= 15
    for spec in SPECS:
        assert spec.positive and spec.negative, spec.name
        assert spec.description, spec.name


@pytest.mark.parametrize(("name", "entity", "example"), POSITIVE,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(POSITIVE)])
def test_positive_example_is_detected_by_its_recognizer(name, entity, example) -> None:
    (found,) = detect_pii([example.text], language=example.language)
    assert any(e.type == entity and e.recognizer == name for e in found), found


@pytest.mark.parametrize(("name", "entity", "example"), NEGATIVE,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(NEGATIVE)])
def test_negative_example_is_not_detected(name, entity, example) -> None:
    (found,) = detect_pii([example.text], language=example.language)
    assert not [e for e in found if e.type == entity], found


def test_special_categories_cover_both_languages() -> None:
    wanted = {"HEALTH", "TRADE_UNION", "RELIGION", "POLITICAL_OPINION", "SEXUAL_ORIENTATION",
              "ETHNIC_ORIGIN", "BIOMETRIC"}
    for language in ("en", "fr"):
        covered = {s.entity for s in SPECS if language in s.languages}
        assert wanted <= covered, language


VALID = """
version: 1
recognizers:
  - name: X
    entity: X_ID
    languages: [en]
    patterns: [{name: p, regex: 'x\\d+', score: 0.5}]
    examples: {positive: [{language: en, text: x1}], negative: [{language: en, text: y}]}
"""

# Each problem names file:line, the key, what it must be and the fix (pydantic _Recognizer).
BROKEN = [
    ("unknown key", VALID.replace("languages: [en]", "languages: [en]\n    colour: red"),
     "custom.yaml:7: recognizers[0]: a key of 6 characters: must be one of the keys "
     "this section allows (name"),
    ("bad regex", VALID.replace("'x", "'x("),
     "custom.yaml:7: recognizers[0].patterns[0].regex: must be a regular expression; got one "
     "that does not compile"),
    ("unknown validator", VALID.replace("languages: [en]", "languages: [en]\n    validator: nope"),
     "custom.yaml:7: recognizers[0].validator: must be one of the validators"),
    ("bad language", VALID.replace("languages: [en]", "languages: [de]"),
     "custom.yaml:6: recognizers[0].languages[0]: must be 'en' or 'fr'"),
    ("no negative", VALID.replace(", negative: [{language: en, text: y}]", ""),
     "custom.yaml:8: recognizers[0].examples.negative: must be present; got nothing instead. "
     "Add it."),
    ("top-level key", VALID.replace("version: 1", "version: 1\nextra: 2"),
     "custom.yaml:3: a key of 5 characters: must be one of the keys this section "
     "allows (version, recognizers)"),
    ("not yaml", "recognizers: [", "custom.yaml:2: recognizer file must be valid YAML"),
    ("score on patterns", VALID.replace("languages: [en]", "languages: [en]\n    score: 0.3"),
     "custom.yaml:4: recognizers[0]: score is only for keywords / acronyms"),
    ("keywords without score", VALID.replace("languages: [en]",
                                             "languages: [en]\n    keywords: [alpha]"),
     "recognizers[0]: keyword recognizers need a score in (0, 1]; got none instead. Add score."),
    ("keywords in another language", VALID.replace(
        "languages: [en]", "languages: [en]\n    score: 0.4\n    keywords: {fr: [alpha]}"),
     "keywords must only name languages of the recognizer's languages (en); got fr instead"),
    ("lower-case entity", VALID.replace("X_ID", "x_id"),
     "custom.yaml:5: recognizers[0].entity: must be an upper-case entity type name"),
]


def test_valid_document_parses() -> None:
    (spec,) = parse_recognizer_file(VALID, "custom.yaml")
    assert spec.entity == "X_ID" and spec.source == "custom.yaml"


@pytest.mark.parametrize(("case", "text", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_invalid_recognizer_file_is_config_error_naming_the_file(case, text, message) -> None:
    with pytest.raises(ConfigError) as info:
        parse_recognizer_file(text, "custom.yaml")
    assert "custom.yaml" in str(info.value)
    assert message in str(info.value)


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(VALID)
    with pytest.raises(ConfigError, match="unique"):
        load_recognizer_specs(sorted(tmp_path.glob("*.yaml")))


def test_settings_are_valid_and_keep_us_only_recognizers_off() -> None:
    settings = load_settings()
    for name in ("UsBankRecognizer", "UsLicenseRecognizer", "UsPassportRecognizer",
                 "UsItinRecognizer", "MedicalLicenseRecognizer", "UuidRecognizer"):
        assert settings.presidio_recognizers[name] is False
    with pytest.raises(ConfigError, match=r"settings.yaml:3: a key of 6 characters: must be one of "
                       r"the keys this section allows \(version, default_threshold"):
        parse_settings("version: 1\ndefault_threshold: 0.4\ncolour: red\n")
    with pytest.raises(ConfigError, match=r"settings.yaml:2: presidio_recognizers: .*does not "
                       "have"):
        parse_settings("default_threshold: 0.4\npresidio_recognizers: {NopeRecognizer: true}\n")
    with pytest.raises(ConfigError, match=r"settings.yaml:2: thresholds.A: must be a number; "
                       "got a string of 1 characters instead"):
        parse_settings("default_threshold: 0.4\nthresholds: {A: x}\n")
    with pytest.raises(ConfigError, match="default_threshold: must be less than or equal to 1"):
        parse_settings("default_threshold: 2\n")
