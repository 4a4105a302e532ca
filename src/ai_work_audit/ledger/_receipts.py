"""Receipts over the evidence log: issue the current signed tree head, check kept ones.

The log's lines are the leaves of an RFC 9162 Merkle tree (``_evidence.log_leaves``); a receipt
(``_witness.Receipt``) is its signed head. ``verify_receipts`` proves, for each receipt kept
outside the workspace, that the log still holds unchanged the ``tree_size`` entries it covered
and extends them (RFC 9162 § 2.1.4 consistency), and that the workspace's witness key is still
the one that signed it. Sources: RFC 9162 (Certificate Transparency v2), RFC 8032 (Ed25519).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ai_work_audit.errors import EvidenceError
from ai_work_audit.vocab._messages import message

from ._evidence import _lock, check_appendable, evidence_dir, log_leaves, make_evidence_dir
from ._witness import Receipt, check_receipt, issue_receipt, load_witness_key, parse_receipt
from ._witness import witness_key_id as _key_id

#: what ``evidence verify`` says when no receipt is given (contracts.md "Receipts")
WITHOUT_RECEIPT = (
    "Checked without a receipt: the entries, their chain, head.json and the stored files agree "
    "with each other. This detects careless edits and damage, but without a receipt kept "
    "outside the workspace, a rewrite by someone holding the workspace cannot be detected "
    "(they can recompute every hash and sign a new head). Keep the receipts that come with "
    "each release and pass them with --receipt."
)
NO_KEY = ("the workspace has no witness key any more (the evidence folder or its key was "
          "deleted)")
MAX_RECEIPT_BYTES = 64 * 1024 * 1024  # a receipt, or a released document carrying one


def current_receipt(organisation: str | None = None) -> Receipt:
    """Sign the log's current head (creating the witness key once); EvidenceError when the
    log's end is damaged (a torn or damaged log is not signed)."""
    root = make_evidence_dir()
    with _lock(root):
        check_appendable()
        return issue_receipt(log_leaves(), load_witness_key(root), organisation=organisation)


def receipt_document(organisation: str | None = None) -> dict[str, Any]:
    """``current_receipt`` as the JSON object a release carries."""
    return current_receipt(organisation).to_dict()


def witness_key_id() -> str | None:
    """The key id of the workspace's witness key, None when it has none (none is created)."""
    return _key_id(evidence_dir())


def read_receipt(path: Path) -> Receipt:
    """A receipt from a JSON file (a bare receipt, or a released document carrying one in
    ``disclosure.receipt`` or ``receipt``); EvidenceError naming the file, never its content."""
    name = f"--receipt {path.name}"
    try:
        if path.stat().st_size > MAX_RECEIPT_BYTES:
            raise EvidenceError(f"{name} must be an evidence receipt; got a file too large to "
                                "be one instead.")
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise EvidenceError(f"{name} must be an existing file; got a path that is not one "
                            "instead.") from None
    except (OSError, ValueError, UnicodeDecodeError):
        raise EvidenceError(f"{name} must be an evidence receipt (JSON); got a file that is "
                            "not JSON instead.") from None
    return parse_receipt(_receipt_of(data), name)


def _receipt_of(data: Any) -> Any:
    """The receipt object of a file: itself, or the one a released document carries."""
    if isinstance(data, Mapping) and "tree_size" not in data:
        disclosure = data.get("disclosure")
        if isinstance(disclosure, Mapping) and isinstance(disclosure.get("receipt"), Mapping):
            return disclosure["receipt"]
        if isinstance(data.get("receipt"), Mapping):
            return data["receipt"]
    return data


def verify_receipts(receipts: Iterable[tuple[str, Receipt]]) -> dict[str, list[str]]:
    """For each named receipt, what the current log fails to prove (empty list: it proves
    everything the receipt covered)."""
    leaves = log_leaves()
    key_id = witness_key_id()
    out: dict[str, list[str]] = {}
    for name, receipt in receipts:
        problems = check_receipt(receipt, leaves, trusted_key_ids=[key_id] if key_id else ())
        if key_id is None and receipt.tree_size:
            problems.insert(0, NO_KEY)
        out[name] = problems
    return out


RECEIPT_RULE = "service.evidence_receipt"


def receipt_note(document: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """A copy of a released document whose findings start with a "receipt" note (tree size,
    root hash prefix, issue time, key id), so that every rendered format (md, html, pdf) shows
    the receipt the JSON carries in ``disclosure.receipt``; the document as it is without one."""
    disclosure = document.get("disclosure")
    receipt = disclosure.get("receipt") if isinstance(disclosure, Mapping) else None
    if not isinstance(receipt, Mapping):
        return dict(document)
    text = message("receipt.note", lang, tree_size=receipt.get("tree_size"),
                   root_prefix=str(receipt.get("root_hash", ""))[:12],
                   issued_at=receipt.get("issued_at"), key_id=receipt.get("key_id"))
    note = {"rule": RECEIPT_RULE, "policy": "ai-work-audit-service", "policy_version": "1",
            "severity": "info", "outcome": "not_applicable", "refs": [], "message": text,
            "metrics": {"tree_size": receipt.get("tree_size")}, "legal_basis": []}
    findings = [f for f in document.get("findings") or [] if not (
        isinstance(f, Mapping) and f.get("rule") == RECEIPT_RULE)]
    return {**document, "findings": [note, *findings]}


def with_receipt(document: Mapping[str, Any], organisation: str | None) -> dict[str, Any]:
    """A copy of a document about to be released, carrying the current receipt in
    ``disclosure.receipt`` (issued now: it covers every entry appended before the release)."""
    disclosure = document.get("disclosure")
    block = dict(disclosure) if isinstance(disclosure, Mapping) else {}
    block["receipt"] = receipt_document(organisation)
    return {**document, "disclosure": block}


def receipt_section(document: Mapping[str, Any], fmt: str, lang: str) -> str:
    """The short "receipt" section of a rendered release (Markdown or HTML; empty without a
    receipt): tree size, root hash prefix, issue time, key id."""
    import html

    disclosure = document.get("disclosure")
    receipt = disclosure.get("receipt") if isinstance(disclosure, Mapping) else None
    if not isinstance(receipt, Mapping):
        return ""
    heading = message("receipt.heading", lang)
    text = message("receipt.note", lang, tree_size=receipt.get("tree_size"),
                   root_prefix=str(receipt.get("root_hash", ""))[:12],
                   issued_at=receipt.get("issued_at"), key_id=receipt.get("key_id"))
    if fmt == "html":
        return (f'<section class="receipt"><h2>{html.escape(heading)}</h2>'
                f"<p>{html.escape(text)}</p></section>")
    return f"\n## {heading}\n\n{text}\n"


def append_receipt_section(rendered: str, document: Mapping[str, Any], fmt: str,
                           lang: str) -> str:
    """``rendered`` (md or html) with its receipt section at the end (before ``</body>``)."""
    section = receipt_section(document, fmt, lang)
    if not section:
        return rendered
    if fmt == "html" and "</body>" in rendered:
        head, _, tail = rendered.rpartition("</body>")
        return f"{head}{section}</body>{tail}"
    return rendered + section
