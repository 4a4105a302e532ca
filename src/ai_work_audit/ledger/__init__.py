"""The ledger: MLflow recording of every audit run, and the hash-chained evidence store.

This package is the only part of ai-work-audit that imports mlflow, and only inside functions.
"""

from ._evidence import (
    EvidenceEntry,
    add_evidence,
    evidence_dir,
    evidence_object_path,
    list_evidence,
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

__all__ = [
    "DEFAULT_EXPERIMENT",
    "INPUT_SHA256_PARAM",
    "TAG_COMMITMENT",
    "TAG_KIND",
    "TAG_ORGANISATION",
    "TAG_SYSTEM",
    "TAG_VERSION",
    "EvidenceEntry",
    "add_evidence",
    "artifact_root",
    "evidence_dir",
    "evidence_object_path",
    "find_runs",
    "list_evidence",
    "metric_name",
    "metric_value",
    "metrics_from_facts",
    "mlflow_ui_command",
    "record_run",
    "tracking_uri",
    "verify_evidence",
]
