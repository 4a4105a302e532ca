"""Receipts (signed tree heads) prove what the log held, against a workspace holder who
rewrites it and recomputes every hash with the workspace's own key."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from ai_work_audit.errors import EvidenceError
from ai_work_audit.ledger._witness import (
    check_receipt,
    issue_receipt,
    load_witness_key,
    parse_receipt,
    signature_valid,
)

LOG = [json.dumps({"seq": i, "indicator": "4.1", "level": 50}).encode() for i in range(12)]


@pytest.fixture
def key_dir(tmp_path: Path) -> Path:
    return tmp_path / "evidence"


def test_key_is_created_once_and_private(key_dir: Path) -> None:
    first = load_witness_key(key_dir)
    again = load_witness_key(key_dir)
    assert first.private_bytes_raw() == again.private_bytes_raw()
    assert stat.S_IMODE((key_dir / "witness.key").stat().st_mode) == 0o600


def test_an_intact_log_proves_every_receipt(key_dir: Path) -> None:
    key = load_witness_key(key_dir)
    receipts = [issue_receipt(LOG[:n], key) for n in (0, 1, 5, 12)]
    for receipt in receipts:
        assert check_receipt(receipt, LOG) == []
        assert check_receipt(receipt, [*LOG, b"later entry"]) == []


@pytest.mark.parametrize("attack", ["change", "truncate", "empty", "reorder", "replace"])
def test_a_rewritten_log_fails_against_an_earlier_receipt(key_dir: Path, attack: str) -> None:
    key = load_witness_key(key_dir)
    receipt = issue_receipt(LOG[:8], key)
    forged = {
        "change": [*LOG[:3], LOG[3].replace(b"50", b"100"), *LOG[4:]],
        "truncate": LOG[:6],
        "empty": [],
        "reorder": [LOG[1], LOG[0], *LOG[2:]],
        "replace": [b"a whole new log"] * 12,
    }[attack]
    # the attacker holds the key and signs a fresh head over the forged log: it verifies on
    # its own, but the receipt the workers kept does not
    assert check_receipt(issue_receipt(forged, key), forged) == []
    problems = check_receipt(receipt, forged)
    assert problems, attack


def test_a_receipt_edited_by_hand_fails_its_signature(key_dir: Path) -> None:
    key = load_witness_key(key_dir)
    receipt = issue_receipt(LOG[:8], key).to_dict()
    receipt["tree_size"] = 4
    edited = parse_receipt(receipt)
    assert not signature_valid(edited)
    assert check_receipt(edited, LOG[:4])


def test_a_replaced_key_is_named(tmp_path: Path) -> None:
    old = load_witness_key(tmp_path / "a")
    new = load_witness_key(tmp_path / "b")
    receipt = issue_receipt(LOG, old)
    current_id = issue_receipt([], new).key_id
    assert any("not this workspace's witness key" in p
               for p in check_receipt(receipt, LOG, trusted_key_ids=[current_id]))


@pytest.mark.parametrize("data", [[], {"schema": "x"}, {"tree_size": -1}, "text"])
def test_a_file_that_is_not_a_receipt_is_a_clear_error(data: object) -> None:
    with pytest.raises(EvidenceError, match="must be an evidence receipt"):
        parse_receipt(data)
