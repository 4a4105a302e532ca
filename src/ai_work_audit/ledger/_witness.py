"""Signed tree heads (receipts) over the evidence log, in the manner of Certificate Transparency.

A receipt is the log's state as the workers' side received it: tree size, Merkle root
(RFC 9162 § 2.1.1, ``_merkle``), issue time, and an Ed25519 signature (RFC 8032) by the
workspace's witness key. Whoever keeps a receipt can later prove that the log still contains,
unchanged, the first ``tree_size`` entries: a rewritten, truncated or replaced log gives another
root at that size, even when every hash in it was recomputed with the workspace's own key —
the receipt is held outside the workspace, and its root cannot be changed there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ai_work_audit.errors import EvidenceError

from ._merkle import consistency_proof, leaf_hash, root_hash, verify_consistency

RECEIPT_SCHEMA = "ai-work-audit/evidence-receipt/v1"
KEY_FILE = "witness.key"
RECEIPT_FIELDS = ("schema", "tree_size", "root_hash", "issued_at", "key_id", "public_key",
                  "signature")
RECEIPT_MSG = ("{name} must be an evidence receipt (JSON with {fields}); got {got} instead. "
               "Pass a file written by 'ai-work-audit evidence receipt'.")


@dataclass(frozen=True)
class Receipt:
    """A signed tree head: what the log held when a release was made."""

    tree_size: int
    root_hash: str
    issued_at: str
    key_id: str
    public_key: str
    signature: str
    schema: str = RECEIPT_SCHEMA
    #: the organisation the release was made for (signed with the head when given)
    organisation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _signed_bytes(tree_size: int, root: str, issued_at: str, key_id: str,
                  organisation: str | None = None) -> bytes:
    body: dict[str, Any] = {"schema": RECEIPT_SCHEMA, "tree_size": tree_size,
                            "root_hash": root, "issued_at": issued_at, "key_id": key_id}
    if organisation is not None:
        body["organisation"] = organisation
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_of(public: bytes) -> str:
    """The first 16 hex digits of SHA-256 of the raw public key."""
    return hashlib.sha256(public).hexdigest()[:16]


def witness_key_id(folder: Path) -> str | None:
    """The key id of the witness key in ``folder``, or None when there is none (not created)."""
    if not (folder / KEY_FILE).exists():
        return None
    return key_id_of(_raw_public(load_witness_key(folder).public_key()))


def load_witness_key(folder: Path) -> Ed25519PrivateKey:
    """The workspace's witness key in ``folder`` (created once, mode 0600)."""
    path = folder / KEY_FILE
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (ValueError, TypeError) as exc:
            raise EvidenceError(f"the witness key {path.name} is damaged; restore it from a "
                                "backup (receipts already issued still verify).") from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise EvidenceError(f"the witness key {path.name} must be an Ed25519 key.")
        return key
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def issue_receipt(leaves: Sequence[bytes], key: Ed25519PrivateKey,
                  now: datetime | None = None, organisation: str | None = None) -> Receipt:
    """Sign the head of the log made of ``leaves`` (raw entry bytes, in order)."""
    root = root_hash([leaf_hash(x) for x in leaves]).hex()
    issued = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    public = _raw_public(key.public_key())
    kid = key_id_of(public)
    signature = key.sign(_signed_bytes(len(leaves), root, issued, kid, organisation))
    return Receipt(tree_size=len(leaves), root_hash=root, issued_at=issued, key_id=kid,
                   public_key=base64.b64encode(public).decode(),
                   signature=base64.b64encode(signature).decode(), organisation=organisation)


def parse_receipt(data: object, name: str = "the receipt") -> Receipt:
    """A Receipt from its JSON object; an EvidenceError naming what is wrong (no content)."""
    fields = ", ".join(RECEIPT_FIELDS)
    if not isinstance(data, dict):
        raise EvidenceError(RECEIPT_MSG.format(name=name, fields=fields,
                                               got=type(data).__name__))
    missing = [f for f in RECEIPT_FIELDS if f not in data]
    if missing or data.get("schema") != RECEIPT_SCHEMA:
        raise EvidenceError(RECEIPT_MSG.format(
            name=name, fields=fields,
            got=f"missing {', '.join(missing)}" if missing else "another schema"))
    size = data["tree_size"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise EvidenceError(RECEIPT_MSG.format(name=name, fields=fields,
                                               got="a tree_size that is not a count"))
    text = {f: data[f] for f in RECEIPT_FIELDS if f != "tree_size"}
    if not all(isinstance(v, str) for v in text.values()):
        raise EvidenceError(RECEIPT_MSG.format(name=name, fields=fields,
                                               got="a field that is not text"))
    organisation = data.get("organisation")
    if organisation is not None and not isinstance(organisation, str):
        raise EvidenceError(RECEIPT_MSG.format(name=name, fields=fields,
                                               got="an organisation that is not text"))
    return Receipt(tree_size=size, root_hash=text["root_hash"], issued_at=text["issued_at"],
                   key_id=text["key_id"], public_key=text["public_key"],
                   signature=text["signature"], organisation=organisation)


def signature_valid(receipt: Receipt) -> bool:
    """True when the receipt was signed by the key it names (and its key id matches)."""
    try:
        public = base64.b64decode(receipt.public_key, validate=True)
        signature = base64.b64decode(receipt.signature, validate=True)
        if key_id_of(public) != receipt.key_id:
            return False
        Ed25519PublicKey.from_public_bytes(public).verify(
            signature, _signed_bytes(receipt.tree_size, receipt.root_hash, receipt.issued_at,
                                     receipt.key_id, receipt.organisation))
    except (ValueError, InvalidSignature):
        return False
    return True


def check_receipt(receipt: Receipt, leaves: Sequence[bytes],
                  trusted_key_ids: Sequence[str] = ()) -> list[str]:
    """What the log of ``leaves`` fails to prove against ``receipt`` (empty: it proves all).

    The first ``tree_size`` leaves must hash to the receipt's root (nothing covered was changed,
    removed or reordered), and the current log must extend it (RFC 9162 consistency).
    """
    problems: list[str] = []
    if not signature_valid(receipt):
        return ["the receipt's signature does not verify: it was altered or not issued by "
                "this tool"]
    if trusted_key_ids and receipt.key_id not in trusted_key_ids:
        problems.append(f"the receipt was signed by key {receipt.key_id}, which is not this "
                        "workspace's witness key (the key was replaced)")
    if receipt.tree_size > len(leaves):
        problems.append(f"the log holds {len(leaves)} entries but the receipt covers "
                        f"{receipt.tree_size}: entries were removed")
        return problems
    hashed = [leaf_hash(x) for x in leaves]
    if root_hash(hashed[:receipt.tree_size]).hex() != receipt.root_hash:
        problems.append(f"the first {receipt.tree_size} entries of the log are not the ones "
                        "the receipt covers: entries were changed, removed or reordered")
        return problems
    if receipt.tree_size:
        proof = consistency_proof(receipt.tree_size, hashed)
        if not verify_consistency(receipt.tree_size, len(hashed), bytes.fromhex(
                receipt.root_hash), root_hash(hashed), proof):
            problems.append("the current log does not extend the receipt's log")
    return problems
