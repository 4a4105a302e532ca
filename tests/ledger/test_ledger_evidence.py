"""The evidence store: round trip, input validation, tamper detection, concurrent appends."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.errors import EvidenceError
from ai_work_audit.ledger import (
    EvidenceEntry,
    add_evidence,
    evidence_dir,
    evidence_object_path,
    list_evidence,
    verify_evidence,
)
from ai_work_audit.ledger import _evidence as ev
from ai_work_audit.ledger import _evidence_input as ev_input

DOCUMENT = b"Accord d'entreprise sur l'IA, 2026\n"


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "inputs" / "accord-ia-2026.pdf"
    path.parent.mkdir()
    path.write_bytes(DOCUMENT)
    return path


@pytest.fixture
def three_entries(workspace: Path, document: Path) -> list[EvidenceEntry]:
    """Seq 1 with a file, seq 2 a value, seq 3 an audit run."""
    return [
        add_evidence(organisation="acme", indicator="1.1", level=50, file=document),
        add_evidence(organisation="acme", indicator="2.1", value=12.5, method="interview"),
        add_evidence(
            organisation="globex", indicator="4.1", kind="audit_run", uri="mlflow-run:abc123"
        ),
    ]


def _log() -> Path:
    return evidence_dir() / ev.LOG_FILE


def _lines() -> list[bytes]:
    return _log().read_bytes().splitlines(keepends=True)


def _write_lines(lines: list[bytes]) -> None:
    _log().write_bytes(b"".join(lines))


def test_add_and_list_round_trip(
    three_entries: list[EvidenceEntry], workspace: Path, document: Path
) -> None:
    first, second, third = three_entries
    assert [e.seq for e in three_entries] == [1, 2, 3]
    assert first.prev_hash == ev.GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert third.prev_hash == second.entry_hash

    assert first.file_sha256 == hashlib.sha256(DOCUMENT).hexdigest()
    assert first.file_name == "accord-ia-2026.pdf"  # the base name, never the folder
    assert first.method == "examine"  # default for declared evidence
    assert evidence_object_path(first.file_sha256).read_bytes() == DOCUMENT
    assert evidence_object_path(first.file_sha256).parent == workspace / "evidence" / "objects"
    assert str(document.parent) not in _log().read_text()

    assert (second.value, second.level, second.method) == (12.5, None, "interview")
    assert (third.kind, third.uri, third.method) == ("audit_run", "mlflow-run:abc123", "test")
    assert first.collected_at.endswith("+00:00")

    assert list_evidence() == three_entries
    assert list_evidence(organisation="acme") == [first, second]
    assert list_evidence(organisation="initech") == []
    assert verify_evidence() == []

    stored = json.loads(_lines()[0])
    assert stored == first.to_dict()
    assert stored["schema"] == "ai-work-audit/evidence-entry/v1"
    assert stored["entry_hash"] == ev.entry_hash(stored)


def test_empty_store(workspace: Path) -> None:
    assert list_evidence() == []
    assert verify_evidence() == []


def test_same_file_twice_is_stored_once(workspace: Path, document: Path) -> None:
    a = add_evidence(organisation="acme", indicator="1.1", level=25, file=document)
    b = add_evidence(
        organisation="acme", indicator="1.2", level=75, content=DOCUMENT, file_name="copy.pdf"
    )
    assert a.file_sha256 == b.file_sha256
    assert b.file_name == "copy.pdf"
    assert len(list((workspace / "evidence" / "objects").iterdir())) == 1
    assert verify_evidence() == []


def test_dates_are_normalised(workspace: Path) -> None:
    paris = timezone(timedelta(hours=1))
    entry = add_evidence(
        organisation="acme",
        indicator="6.2",
        not_applicable="No supplier in the value chain.",
        collected_at=datetime(2026, 3, 1, 10, 0, tzinfo=paris),
        expires_at="2027-03-01",
    )
    assert entry.collected_at == "2026-03-01T09:00:00+00:00"
    assert entry.expires_at == "2027-03-01"
    naive = add_evidence(organisation="acme", indicator="6.1", level=0, collected_at="2026-01-02")
    assert naive.collected_at == "2026-01-02"
    assert isinstance(date.fromisoformat(naive.collected_at), date)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"indicator": "4"}, ev.INDICATOR_MSG),
        ({"indicator": "pledge.4.1"}, ev.INDICATOR_MSG),
        ({"organisation": ""}, ev.ORGANISATION_MSG),
        ({"organisation": "acme\x00"}, ev.ORGANISATION_MSG),
        ({"kind": "rumour"}, ev.KIND_MSG),
        ({"level": None}, ev.ONE_OF_MSG),
        ({"value": 3.0}, ev.ONE_OF_MSG),
        ({"level": 60}, ev_input.LEVEL_MSG),
        ({"level": True}, ev_input.LEVEL_MSG),
        ({"level": None, "value": float("inf")}, ev_input.VALUE_MSG),
        ({"level": None, "value": "many"}, ev_input.VALUE_MSG),
        ({"level": None, "not_applicable": "  "}, ev.REASON_MSG),
        ({"method": "guess"}, ev.METHOD_MSG),
        ({"collected_at": "yesterday"}, "'collected_at' must be an ISO-8601"),
        ({"expires_at": "31/12/2026"}, "'expires_at' must be an ISO-8601"),
        ({"collected_at": "2026-05-01", "expires_at": "2026-04-01"}, ev.EXPIRY_ORDER_MSG),
        ({"uri": "not a uri"}, ev.URI_MSG),
        ({"kind": "audit_run", "uri": "https://example.org/run"}, ev.RUN_URI_MSG),
        ({"kind": "audit_run", "level": None}, ev.RUN_URI_MSG),
        ({"kind": "audit_run", "value": 1.0, "uri": "mlflow-run:x"}, ev.AT_MOST_ONE_MSG),
        ({"file": "/nonexistent/evidence.pdf"}, ev.FILE_MISSING_MSG),
        ({"content": b"x", "file": "/nonexistent/evidence.pdf"}, ev.FILE_AND_CONTENT_MSG),
        ({"content": "text, not bytes"}, "'content' must be bytes"),
    ],
)
def test_invalid_entries_are_refused(
    workspace: Path, arguments: dict[str, Any], message: str
) -> None:
    base: dict[str, Any] = {"organisation": "acme", "indicator": "4.1", "level": 50}
    with pytest.raises(EvidenceError) as error:
        add_evidence(**(base | arguments))
    assert message in str(error.value)
    assert not _log().exists()


def test_all_problems_are_reported_without_values(workspace: Path) -> None:
    secret_reason = "Jane Doe is on sick leave\x00"
    with pytest.raises(EvidenceError) as error:
        add_evidence(
            organisation="Jane Doe\x01",
            indicator="x",
            level=10,
            not_applicable=secret_reason,
            method="guess",
            content=b"salary of Jane Doe: 1234",
        )
    message = str(error.value)
    assert "6 problem(s)" in message
    assert "Jane" not in message and "1234" not in message and "guess" not in message


def _edit_object(entries: list[EvidenceEntry]) -> None:
    assert entries[0].file_sha256
    path = evidence_object_path(entries[0].file_sha256)
    path.chmod(0o644)
    path.write_bytes(DOCUMENT + b"amended\n")


def _delete_object(entries: list[EvidenceEntry]) -> None:
    assert entries[0].file_sha256
    evidence_object_path(entries[0].file_sha256).unlink()


def _delete_middle_line(entries: list[EvidenceEntry]) -> None:
    lines = _lines()
    _write_lines([lines[0], lines[2]])


def _delete_last_line(entries: list[EvidenceEntry]) -> None:
    _write_lines(_lines()[:2])


def _reorder_lines(entries: list[EvidenceEntry]) -> None:
    lines = _lines()
    _write_lines([lines[1], lines[0], lines[2]])


def _edit_field(entries: list[EvidenceEntry]) -> None:
    lines = _lines()
    lines[1] = lines[1].replace(b'"value":12.5', b'"value":40.0')
    _write_lines(lines)


def _edit_field_and_rehash(entries: list[EvidenceEntry]) -> None:
    lines = _lines()
    entry = json.loads(lines[1])
    entry["value"] = 40.0
    entry["entry_hash"] = ev.entry_hash(entry)
    lines[1] = json.dumps(entry).encode() + b"\n"
    _write_lines(lines)


def _break_json(entries: list[EvidenceEntry]) -> None:
    lines = _lines()
    lines[1] = lines[1][:40] + b"\n"
    _write_lines(lines)


@pytest.mark.parametrize(
    ("tamper", "expected"),
    [
        (_edit_object, "seq 1: stored object altered"),
        (_delete_object, "seq 1: stored object missing"),
        (_delete_middle_line, "seq 2: entry removed"),
        (_delete_last_line, "seq 3: entry removed"),
        (_reorder_lines, "seq 1: entries reordered"),
        (_edit_field, "seq 2: entry altered"),
        (_edit_field_and_rehash, "seq 3: chain broken"),
        (_break_json, "seq 2 (line 2): broken JSON line"),
    ],
)
def test_tampering_is_detected(
    three_entries: list[EvidenceEntry], tamper: Any, expected: str
) -> None:
    tamper(three_entries)
    problems = verify_evidence()
    assert any(p.startswith(expected) for p in problems), problems


def test_appending_after_the_end_was_removed_is_refused(
    three_entries: list[EvidenceEntry],
) -> None:
    _delete_last_line(three_entries)
    with pytest.raises(EvidenceError, match="evidence verify"):
        add_evidence(organisation="acme", indicator="1.1", level=100)


def test_removing_head_is_reported(three_entries: list[EvidenceEntry]) -> None:
    (evidence_dir() / ev.HEAD_FILE).unlink()
    assert verify_evidence() == [
        "seq 3: head.json missing; removal of the last entries cannot be ruled out"
    ]


def _append_in_child(home: str, barrier: Any, count: int) -> None:
    os.environ["AI_WORK_AUDIT_HOME"] = home
    barrier.wait(timeout=60)
    for i in range(count):
        add_evidence(
            organisation=f"org-{os.getpid()}",
            indicator="3.1",
            value=i,
            content=f"report {os.getpid()} {i}".encode(),
            file_name="report.txt",
        )


def test_concurrent_appends_keep_a_valid_chain(workspace: Path) -> None:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    barrier = context.Barrier(4)
    children = [
        context.Process(target=_append_in_child, args=(str(workspace), barrier, 15))
        for _ in range(4)
    ]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0, 0, 0, 0]
    entries = list_evidence()
    assert [e.seq for e in entries] == list(range(1, 61))
    assert len({e.organisation for e in entries}) == 4
    assert verify_evidence() == []
