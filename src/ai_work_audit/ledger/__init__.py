"""The ledger: MLflow recording of every audit run, and the hash-chained evidence store
with its signed receipts (RFC 9162 Merkle tree heads).

This package is the only part of ai-work-audit that imports mlflow, and only inside functions.
"""

from ._evidence import (
    EvidenceEntry,
    Repair,
    add_evidence,
    check_appendable,
    evidence_dir,
    evidence_object_path,
    expiry_limit,
    list_evidence,
    log_leaves,
    repair_evidence,
    verify_evidence,
)
from ._metrics import metric_name, metric_value, metrics_from_facts
from ._mlflow import (
    DEFAULT_EXPERIMENT,
    INPUT_SHA256_PARAM,
    TAG_COMMITMENT,
    TAG_KIND,
    TAG_ORGANISATION,
    TAG_SYSTEM,
    TAG_VERSION,
    artifact_root,
    find_runs,
    mlflow_ui_command,
    record_run,
    tracking_uri,
)
from ._receipts import (
    WITHOUT_RECEIPT,
    append_receipt_section,
    current_receipt,
    read_receipt,
    receipt_document,
    receipt_note,
    verify_receipts,
    with_receipt,
    witness_key_id,
)

__all__ = [
    "DEFAULT_EXPERIMENT",
    "INPUT_SHA256_PARAM",
    "TAG_COMMITMENT",
    "TAG_KIND",
    "TAG_ORGANISATION",
    "TAG_SYSTEM",
    "TAG_VERSION",
    "WITHOUT_RECEIPT",
    "EvidenceEntry",
    "Repair",
    "add_evidence",
    "append_receipt_section",
    "artifact_root",
    "check_appendable",
    "current_receipt",
    "evidence_dir",
    "evidence_object_path",
    "expiry_limit",
    "find_runs",
    "list_evidence",
    "log_leaves",
    "metric_name",
    "metric_value",
    "metrics_from_facts",
    "mlflow_ui_command",
    "read_receipt",
    "receipt_document",
    "receipt_note",
    "record_run",
    "repair_evidence",
    "tracking_uri",
    "verify_evidence",
    "verify_receipts",
    "with_receipt",
    "witness_key_id",
]
