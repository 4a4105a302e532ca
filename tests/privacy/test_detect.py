"""detect_pii / scan_texts_fast: positives per type, log noise, languages, options."""

from __future__ import annotations

import dataclasses

import pytest

from ai_work_audit.errors import ConfigError, InputError
from ai_work_audit.privacy import (
    DetectionConfig,
    Entity,
    detect_language,
    detect_pii,
    redact,
    scan_texts_fast,
)


def types_in(text: str, language: str = "en", **kwargs) -> set[str]:
    (found,) = detect_pii([text], language=language, **kwargs)
    return {e.type for e in found}


POSITIVES = [
    ("en", "mail me at jane.doe@example.co.uk", "EMAIL_ADDRESS"),
    ("en", "call +1 415-555-0173 tomorrow", "PHONE_NUMBER"),
    ("en", "card 4111 1111 1111 1111 declined", "CREDIT_CARD"),
    ("en", "IBAN GB82 WEST 1234 5698 7654 32 for the refund", "IBAN_CODE"),
    ("en", "login from 203.0.113.7 failed", "IP_ADDRESS"),
    ("en", "see https://intranet.example.com/hr/jane", "URL"),
    ("en", "SSN 536-90-4399 on file", "US_SSN"),
    ("en", "Date of birth: 12/05/1985", "DATE_TIME"),
    ("fr", "virement sur FR76 3000 6000 0112 3456 7890 189", "IBAN_CODE"),
    ("fr", "Mon portable : +33 6 12 34 56 78", "PHONE_NUMBER"),
    ("fr", "NIR 1 85 05 78 006 084 91", "FR_NIR"),
    ("fr", "SIRET 732 829 320 00017 de la société", "FR_SIRET"),
    ("fr", "SIREN 732 829 320 de l'entreprise", "FR_SIREN"),
]


@pytest.mark.parametrize(("language", "text", "entity"), POSITIVES,
                         ids=[p[2] + "-" + p[0] for p in POSITIVES])
def test_detects(language, text, entity) -> None:
    assert entity in types_in(text, language)


LOG_NOISE = [
    "2024-01-02T10:11:12Z INFO request served in 35 ms",
    "2024-01-02T10:11:12.123456+01:00 DEBUG cache miss",
    "2024-01-02 10:11:12,345 worker-7 started",
    "01/02/2010 07:11:45 Logon PC-6056",
    "epoch=1704189072 seq=1704189072123",
    "ts:1704189072 took 1977 ms",
    "uuid=3f2b5c1e-8d2a-4c1b-9e3f-1a2b3c4d5e6f",
    "request_id 550e8400-e29b-41d4-a716-446655440000 completed",
    "order #48213377 shipped",
    "order_id=100045872331 status=paid",
    "ticket INC0012345 closed",
    "JIRA-48213 moved to done",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.6099.109 Safari/537.36",
    "agent version 1.2.3.4 installed",
    "build 20240102101112 finished",
    "file size 123456789 bytes",
    "checksum 3735928559 ok",
    "pid=48213 port=8443 retries=3",
    "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "commit 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
    "SELECT id FROM events UNION SELECT id FROM archive",
    "SSH host key fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
    "GET /api/v1/items/48213377?page=2 200",
]


@pytest.mark.parametrize("text", LOG_NOISE)
def test_log_noise_is_not_personal_data(text: str) -> None:
    assert types_in(text) == set()
    assert types_in(text, "fr") == set()


SPECIAL = [
    ("en", "Off work, sick leave until Monday", "HEALTH"),
    ("en", "she is pregnant and asked about maternity leave", "HEALTH"),
    ("en", "burn-out risk", "HEALTH"),
    ("fr", "en arrêt maladie depuis lundi", "HEALTH"),
    ("fr", "congé maternité à partir de mai", "HEALTH"),
    ("fr", "il voit un psychiatre", "HEALTH"),
    ("en", "joined the trade union last week", "TRADE_UNION"),
    ("en", "works council meeting", "TRADE_UNION"),
    ("fr", "tract de la CGT au CSE", "TRADE_UNION"),
    ("fr", "appel à la grève jeudi", "TRADE_UNION"),
    ("fr", "adhérent FO depuis 2010", "TRADE_UNION"),
    ("en", "time off for Yom Kippur", "RELIGION"),
    ("fr", "pause pour la prière du vendredi", "RELIGION"),
    ("en", "he is a Labour Party member", "POLITICAL_OPINION"),
    ("fr", "sympathisant d'extrême gauche", "POLITICAL_OPINION"),
    ("en", "she is a lesbian", "SEXUAL_ORIENTATION"),
    ("fr", "orientation sexuelle mentionnée", "SEXUAL_ORIENTATION"),
    ("en", "asylum seeker status", "ETHNIC_ORIGIN"),
    ("fr", "origine ethnique déclarée", "ETHNIC_ORIGIN"),
    ("en", "facial recognition at the gate", "BIOMETRIC"),
    ("fr", "pointage par empreinte digitale", "BIOMETRIC"),
]


@pytest.mark.parametrize(("language", "text", "entity"), SPECIAL,
                         ids=[f"{s[2]}-{s[0]}-{i}" for i, s in enumerate(SPECIAL)])
def test_special_categories(language, text, entity) -> None:
    assert entity in types_in(text, language)


def test_accent_and_case_insensitive_keywords() -> None:
    assert "HEALTH" in types_in("ARRET MALADIE prolongé", "fr")
    assert "TRADE_UNION" in types_in("Greve des transports", "fr")


def test_entities_carry_offsets_not_text() -> None:
    text = "écrire à jeanne.dupont@exemple.fr"
    (found,) = detect_pii([text], language="fr")
    (email,) = [e for e in found if e.type == "EMAIL_ADDRESS"]
    assert text[email.start:email.end] == "jeanne.dupont@exemple.fr"
    assert {f.name for f in dataclasses.fields(Entity)} == {
        "type", "start", "end", "score", "recognizer"}
    assert email.to_dict() == {"type": "EMAIL_ADDRESS", "start": email.start, "end": email.end,
                               "score": 1.0}
    assert not [e for e in found if e.type == "URL"]  # the domain is part of the e-mail


def test_us_only_recognizers_off_by_default_and_can_be_enabled() -> None:
    text = "account 12345678901 routing"
    assert "US_BANK_NUMBER" not in types_in(text)
    config = DetectionConfig(enable={"UsBankRecognizer"}, thresholds={"US_BANK_NUMBER": 0.0})
    assert "US_BANK_NUMBER" in types_in(text, config=config)


def test_thresholds_and_entity_filter() -> None:
    text = "contact jane@example.com, sick leave"
    assert types_in(text) == {"EMAIL_ADDRESS", "HEALTH"}
    assert types_in(text, config=DetectionConfig(entities={"HEALTH"})) == {"HEALTH"}
    assert types_in(text, config=DetectionConfig(thresholds={"HEALTH": 0.99})) == {
        "EMAIL_ADDRESS"}


LANGUAGE_CASES = [
    ("Il est en arrêt maladie depuis lundi", "fr"),
    ("Merci pour le rapport, je le lis ce soir", "fr"),
    ("Thanks for the report, I will read it tonight", "en"),
    ("2024-01-02 10:11:12 GET /index.html 200", "en"),
    ("", "en"),
]


@pytest.mark.parametrize(("text", "language"), LANGUAGE_CASES)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_auto_language_picks_per_text() -> None:
    texts = ["Mon portable : 06 12 34 56 78", "sick leave approved", "arrêt maladie"]
    results = list(detect_pii(texts, language="auto"))
    assert [{e.type for e in r} for r in results] == [{"PHONE_NUMBER"}, {"HEALTH"}, {"HEALTH"}]


def test_streams_in_order_across_batches() -> None:
    texts = [f"user{i}@example.com" if i % 3 == 0 else "nothing here" for i in range(10)]
    results = list(detect_pii(iter(texts), config=DetectionConfig(batch_size=4)))
    assert [bool(r) for r in results] == [i % 3 == 0 for i in range(10)]


def test_scan_texts_fast_matches_detect_pii_and_handles_missing() -> None:
    texts = ["a@example.com wrote", None, "a@example.com wrote", float("nan"), "", "sick leave"]
    fast = scan_texts_fast(texts)
    assert len(fast) == len(texts)
    slow = list(detect_pii(["a@example.com wrote", "sick leave"]))
    assert fast[0] == fast[2] == slow[0]
    assert fast[5] == slow[1]
    assert fast[1] == fast[3] == fast[4] == []
    assert fast[0] is not fast[2]


def test_bad_inputs() -> None:
    with pytest.raises(ConfigError, match="'language'"):
        list(detect_pii(["x"], language="de"))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="position"):
        list(detect_pii(["ok", 3]))  # type: ignore[list-item]
    with pytest.raises(InputError, match="position"):
        scan_texts_fast(["ok", 3])  # type: ignore[list-item]
    with pytest.raises(ConfigError, match="batch_size"):
        DetectionConfig(batch_size=0)
    with pytest.raises(ConfigError, match="enable"):
        DetectionConfig(enable={"NoSuchRecognizer"})


def test_redact() -> None:
    text = "meeting with jane@example.com about sick leave"
    (found,) = detect_pii([text])
    assert redact(text, found) == "meeting with <EMAIL_ADDRESS> about <HEALTH>"


@pytest.mark.parametrize("text", [
    '"rate": 0.3798176875099952,',   # 16 fraction digits that pass a Luhn check
    "0.5368020869911779",
    "ratio 12,5368020869911779 x",
])
def test_digits_of_decimal_numbers_are_not_identifiers(text: str) -> None:
    from ai_work_audit.privacy import detect_pii

    assert [e.type for e in next(detect_pii([text]))] == []


def test_card_numbers_are_still_found_next_to_decimals() -> None:
    from ai_work_audit.privacy import detect_pii

    found = next(detect_pii(["paid 12.50 with card 4111 1111 1111 1111."]))
    assert [e.type for e in found] == ["CREDIT_CARD"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_new_words_of_a_long_log_are_not_kept(language: str) -> None:
    """spaCy keeps every string it meets unless told otherwise; a long log of unique texts
    would grow the process's memory without bound (benchmarks/pii_bench.py, peak memory)."""
    from ai_work_audit.privacy import get_analyzer

    strings = get_analyzer(language).nlp_engine.nlp[language].vocab.strings
    list(detect_pii(["warm up 06 12 34 56 78"], language=language))
    before = len(strings)
    texts = [f"zqx{i}vyk wrote to qwz{i}@example.com about kfj{i}tr" for i in range(300)]
    found = list(detect_pii(texts, language=language))
    assert all("EMAIL_ADDRESS" in {e.type for e in r} for r in found)
    assert len(strings) == before
