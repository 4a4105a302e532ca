"""The ``disclosure`` block of a release to representatives, and the evidence receipt it carries.

contracts.md "Audience" (``method``, ``k``, ``protected_cells``, ``withheld_fields``) and
"Receipts": a release carries the signed tree head of the evidence log issued after the
release's own evidence entry (``ledger._witness.Receipt``; RFC 9162 signed tree heads).
"""

from __future__ import annotations

from ai_work_audit.vocab._disclosure import DocumentPart, public


class ReceiptDoc(DocumentPart):
    """A signed tree head of the evidence log (``ai-work-audit/evidence-receipt/v1``)."""

    schema_id: str | None = public(None, alias="schema")
    tree_size: int | None = public()
    root_hash: str | None = public()
    issued_at: str | None = public()
    key_id: str | None = public()
    public_key: str | None = public()
    signature: str | None = public()
    organisation: str | None = public()


class DisclosureDoc(DocumentPart):
    """What a release to representatives protected, and the receipt it carries."""

    method: str | None = public()
    k: int | None = public()
    protected_cells: int | None = public()
    withheld_fields: list[str] | None = public()
    #: a self-assessment or consolidation scored for representatives (``representative``)
    audience: str | None = public()
    #: whether the release was checked against the organisation's release register
    register_checked: bool | None = public(None, alias="register")
    #: what was protected and how, in words (English) and per language
    summary: str | None = public()
    summaries: dict[str, str] | None = public()
    receipt: ReceiptDoc | None = None
