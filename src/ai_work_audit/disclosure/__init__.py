"""Representative releases: typed documents → views that fail closed (design.md
"Privacy of the tool"; issue 9 item 5)."""

from ai_work_audit.disclosure._register import Register
from ai_work_audit.disclosure._render import mark_for_rendering
from ai_work_audit.disclosure._view import (
    AUDIENCES,
    DEFAULT_K,
    METHOD,
    MSG_AUDIENCE,
    MSG_K,
    apply_audience,
    check_k,
    hide_cells,
    representative_view,
)
from ai_work_audit.documents._registry import DOCUMENT_MODELS, document_model, load_document

__all__ = [
    "AUDIENCES",
    "DEFAULT_K",
    "DOCUMENT_MODELS",
    "METHOD",
    "MSG_AUDIENCE",
    "MSG_K",
    "Register",
    "apply_audience",
    "check_k",
    "document_model",
    "hide_cells",
    "load_document",
    "mark_for_rendering",
    "representative_view",
]
