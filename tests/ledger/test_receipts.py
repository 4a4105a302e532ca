"""The evidence log's receipts and repair, through the library (ledger/_receipts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_work_audit.errors import EvidenceError
from ai_work_audit.ledger import (
    add_evidence,
    current_receipt,
    evidence_dir,
    list_evidence,
    log_leaves,
    receipt_note,
    repair_evidence,
    verify_evidence,
    verify_receipts,
    with_receipt,
)
from ai_work_audit.ledger._merkle import leaf_hash, root_hash


def _add(value: float) -> None:
    add_evidence(organisation="acme", indicator="2.1", value=value)


def test_the_tree_head_is_the_merkle_root_of_the_log_lines(workspace: Path) -> None:
    for value in (0.1, 0.2, 0.3):
        _add(value)
    lines = (evidence_dir() / "log.jsonl").read_bytes().splitlines()
    assert log_leaves() == lines
    receipt = current_receipt("acme")
    assert receipt.tree_size == 3
    assert receipt.root_hash == root_hash([leaf_hash(x) for x in lines]).hex()
    assert verify_receipts([("r", receipt)]) == {"r": []}


def test_a_torn_log_is_not_signed(workspace: Path) -> None:
    _add(0.1)
    with open(evidence_dir() / "log.jsonl", "ab") as stream:
        stream.write(b'{"seq":')
    with pytest.raises(EvidenceError, match="evidence repair"):
        current_receipt()


def test_repair_when_head_named_the_torn_entry(workspace: Path) -> None:
    _add(0.1)
    _add(0.2)
    log = evidence_dir() / "log.jsonl"
    data = log.read_bytes()
    log.write_bytes(data[: len(data) - 20])  # the last entry torn after head.json named it
    repair = repair_evidence(added_by="ops")
    assert repair is not None and repair.entry.seq == 2
    assert repair.entry.note is not None and "head.json named seq 2" in repair.entry.note
    assert verify_evidence() == []
    assert [e.seq for e in list_evidence("acme")] == [1]
    assert [e.kind for e in list_evidence(repairs=True)] == ["declared", "repair"]


def test_nothing_to_repair(workspace: Path) -> None:
    assert repair_evidence() is None
    _add(0.1)
    assert repair_evidence() is None


def test_a_release_carries_the_receipt_and_its_note(workspace: Path) -> None:
    _add(0.1)
    released = with_receipt({"schema": "x", "findings": [{"rule": "a"}]}, "acme")
    assert released["disclosure"]["receipt"]["tree_size"] == 1
    noted = receipt_note(released, "fr")
    assert noted["findings"][0]["rule"] == "service.evidence_receipt"
    assert "Reçu de preuve" in noted["findings"][0]["message"]
    assert noted["findings"][1] == {"rule": "a"}
    assert receipt_note(noted, "en")["findings"][1] == {"rule": "a"}  # never twice
    assert receipt_note({"schema": "x"}, "en") == {"schema": "x"}
