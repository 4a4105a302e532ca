"""``ai-work-audit pii detect``: one line per record, offsets into the text, never the text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TEXTS = [
    "Mail jean.martin@example.org or call 06 12 34 56 78 today",
    "ticket 4f9d2c1e-8b7a-4c3d-9e2f-1a2b3c4d5e6f closed",
    "Il est en arrêt maladie depuis lundi",
]


def test_json_lines_in_order_with_offsets(tmp_path: Path, cli: Callable[..., Any]) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps({"msg": t, "ref": f"r{i}"})
                              for i, t in enumerate(TEXTS)) + "\n", encoding="utf-8")
    result = cli("pii", "detect", str(path), "--text-field", "msg", "--id-field", "ref",
                 "--language", "auto")
    assert result.code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["r0", "r1", "r2"]
    first = {e["type"]: TEXTS[0][e["start"]:e["end"]] for e in lines[0]["entities"]}
    assert first["EMAIL_ADDRESS"] == "jean.martin@example.org"
    assert first["PHONE_NUMBER"].replace(" ", "") == "0612345678"
    assert lines[1]["entities"] == []
    assert "HEALTH" in [e["type"] for e in lines[2]["entities"]]
    assert "jean.martin" not in result.stdout and "maladie" not in result.stdout


def test_json_array_and_default_ids(tmp_path: Path, cli: Callable[..., Any]) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"text": t} for t in TEXTS]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = cli("pii", "detect", str(path), "--output", str(out))
    assert result.code == 0, result.stderr
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == [0, 1, 2]


@pytest.mark.parametrize(("content", "expected"), [
    ('{"text": "a"}\nnot json\n', "lines 2"),
    ('{"other": "Zorglub-7731"}\n', "'text'"),
    ('[{"text": "a"}, "Zorglub-7731"]', "items 1"),
])
def test_bad_input(tmp_path: Path, cli: Callable[..., Any], content: str,
                   expected: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(content, encoding="utf-8")
    result = cli("pii", "detect", str(path))
    assert result.code == 2
    assert result.stderr.startswith("error: ") and expected in result.stderr
    assert "Zorglub" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_many_records_across_processes_keep_their_order(tmp_path: Path,
                                                        cli: Callable[..., Any]) -> None:
    path = tmp_path / "in.jsonl"
    texts = [TEXTS[i % 3].replace("lundi", f"le {i}") for i in range(1_200)]
    path.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    alone = cli("pii", "detect", str(path), "--jobs", "1", "--language", "auto")
    shared = cli("pii", "detect", str(path), "--jobs", "2", "--language", "auto")
    assert alone.code == shared.code == 0, shared.stderr
    assert shared.stdout == alone.stdout
    assert len(shared.stdout.splitlines()) == 1_200


@pytest.mark.parametrize("value", ["0", "two"])
def test_jobs_must_be_positive(tmp_path: Path, cli: Callable[..., Any], value: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "a"}\n', encoding="utf-8")
    result = cli("pii", "detect", str(path), "--jobs", value)
    assert result.code == 2
    assert result.stderr.startswith("error: ") and "--jobs" in result.stderr
