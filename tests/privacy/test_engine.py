"""Offline engines: no download attempts, missing models are ConfigError, cached per process."""

from __future__ import annotations

import socket

import pytest
import spacy

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy import (
    ENV_SPACY_EN,
    DetectionConfig,
    clear_engine_cache,
    detect_pii,
    get_analyzer,
)


def test_engine_is_built_once_per_configuration() -> None:
    assert get_analyzer("en") is get_analyzer("en")
    assert get_analyzer("en") is not get_analyzer("en", DetectionConfig(enable={"NhsRecognizer"}))


def test_no_network_and_no_download(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network or download attempted")

    monkeypatch.setattr(spacy.cli, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # would fail fast if used
    clear_engine_cache()
    try:
        texts = ["write to a.b@example.co.uk", "écrire à jean@exemple.fr ou 06 12 34 56 78"]
        en = list(detect_pii(texts[:1], language="en"))
        fr = list(detect_pii(texts[1:], language="fr"))
    finally:
        clear_engine_cache()
    assert {e.type for e in en[0]} == {"EMAIL_ADDRESS"}
    assert {e.type for e in fr[0]} == {"EMAIL_ADDRESS", "PHONE_NUMBER"}


def test_missing_model_is_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("download attempted")

    monkeypatch.setattr(spacy.cli, "download", refuse)
    config = DetectionConfig(spacy_models={"fr": "fr_core_news_nope"})
    with pytest.raises(ConfigError, match=r"fr_core_news_nope.*requirements-models\.txt"):
        list(detect_pii(["bonjour"], language="fr", config=config))
    monkeypatch.setenv(ENV_SPACY_EN, "en_core_web_nope")
    with pytest.raises(ConfigError, match="en_core_web_nope"):
        get_analyzer("en")


def test_bad_language_for_engine() -> None:
    with pytest.raises(ConfigError, match="language"):
        get_analyzer("de")
