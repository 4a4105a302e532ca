"""A monitoring audit's input warnings in both languages: built from the message catalogue,
carried as ``warning_messages`` beside the English ``warnings``, shown in the report's language
and printed by the CLI in ``--lang``."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.monitoring import MonitoringOptions, audit_monitoring
from ai_work_audit.reports import render_monitoring
from ai_work_audit.vocab._messages import Message, catalogue

#: The warnings the log below gives, by message id.
EXPECTED = {"warning.unmatched_files", "warning.invalid_json_lines",
            "warning.unknown_event_types", "warning.utc_only"}


def _log(folder: Path) -> Path:
    """A folder whose reading warns four times: an empty file, a line that is not JSON, an
    unknown event type, and UTC timestamps without --timezone."""
    folder.mkdir()
    (folder / "empty.csv").write_text("", encoding="utf-8")
    lines = [json.dumps({"timestamp": f"2025-03-03T{h:02d}:00:00Z", "worker_id": f"u{h % 2}",
                         "event_type": kind})
             for h, kind in [(9, "screenshot"), (10, "keystroke"), (11, "no-such-type")]]
    (folder / "log.jsonl").write_text("\n".join([*lines, "not json"]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _log(tmp_path_factory.mktemp("warn") / "logs")


@pytest.fixture(scope="module")
def document(log: Path) -> dict[str, Any]:
    return audit_monitoring(log, MonitoringOptions(), jobs=1).to_dict()


def test_every_input_warning_is_a_catalogue_message(log: Path) -> None:
    audit = audit_monitoring(log, MonitoringOptions(), jobs=1)
    assert all(isinstance(w, Message) for w in audit.warnings)
    assert {w.msg_id for w in audit.warnings} == EXPECTED  # type: ignore[attr-defined]
    for warning in audit.warnings:
        again = pickle.loads(pickle.dumps(warning))
        assert again == warning and again.texts() == warning.texts()  # type: ignore[attr-defined]


def test_the_document_carries_each_warning_in_every_language(document: dict[str, Any]) -> None:
    english, both = document["warnings"], document["warning_messages"]
    assert len(english) == len(both) == len(EXPECTED)
    assert all(type(w) is str for w in english)
    assert [m["en"] for m in both] == english
    assert all(m["fr"] != m["en"] for m in both)
    assert any(m["fr"].startswith("log.jsonl : 1 ligne(s) ne sont pas des objets JSON valides "
                                  "et ont été ignorées (lignes 4)") for m in both)


@pytest.mark.parametrize("fmt", ["md", "html", "text"])
def test_a_french_report_shows_its_input_warnings_in_french(document: dict[str, Any],
                                                             fmt: str) -> None:
    text = " ".join(render_monitoring(document, fmt, "fr").split())
    assert "le temps de travail et les congés ont été appréciés en UTC" in text
    assert "ligne(s) ne sont pas des objets JSON valides" in text
    assert "judged in UTC" not in text and "not valid JSON" not in text
    assert "unknown event type" not in text and "matched no mapping entry" not in text
    english = " ".join(render_monitoring(document, fmt, "en").split())
    assert "judged in UTC" in english and "not valid JSON" in english


@pytest.mark.parametrize(("lang", "prefix", "utc"), [
    ("en", "warning: ", "judged in UTC"),
    ("fr", "avertissement : ", "appréciés en UTC"),
])
def test_the_cli_prints_the_warnings_in_its_language(log: Path, cli: Callable[..., Any],
                                                     lang: str, prefix: str, utc: str) -> None:
    result = cli("monitoring", str(log), "--no-ledger", "--lang", lang, "--format", "json")
    assert result.code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == len(EXPECTED)
    assert any(utc in line for line in lines)
    assert catalogue(lang)["warning.line"].format(text="") == prefix
