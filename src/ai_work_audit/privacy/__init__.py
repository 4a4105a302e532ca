"""Personal-data detection for monitoring logs and free text (Presidio, offline, en/fr).

Public API: ``detect_pii`` (streaming, batched), ``scan_texts_fast`` (deduplicating batch
function for engines), ``Roster`` (HR roster names and e-mails), ``Entity``, ``DetectionConfig``,
``detect_language``, ``redact``, ``load_recognizer_specs``, ``AnalysisPool`` (Presidio across
cores). Recognizers are data: ``privacy/recognizers/*.yaml``; thresholds and Presidio
recognizer selection: ``privacy/settings.yaml``.
"""

from ai_work_audit.privacy._classify import DIRECT_TYPES, column_name_types, name_shaped
from ai_work_audit.privacy._detect import (
    NER_EVENT_TYPES,
    Entity,
    detect_language,
    detect_pii,
    redact,
    scan_texts_fast,
)
from ai_work_audit.privacy._engine import (
    ENV_SPACY_EN,
    ENV_SPACY_FR,
    PROFILES,
    DetectionConfig,
    clear_engine_cache,
    get_analyzer,
)
from ai_work_audit.privacy._parallel import (
    AnalysisPool,
    TextDetector,
    check_jobs,
    usable_cores,
)
from ai_work_audit.privacy._recognizers import RecognizerSpec, load_recognizer_specs
from ai_work_audit.privacy._roster import Roster

__all__ = [
    "DIRECT_TYPES",
    "ENV_SPACY_EN",
    "ENV_SPACY_FR",
    "NER_EVENT_TYPES",
    "PROFILES",
    "AnalysisPool",
    "DetectionConfig",
    "Entity",
    "RecognizerSpec",
    "Roster",
    "TextDetector",
    "check_jobs",
    "clear_engine_cache",
    "column_name_types",
    "detect_language",
    "detect_pii",
    "get_analyzer",
    "load_recognizer_specs",
    "name_shaped",
    "redact",
    "scan_texts_fast",
    "usable_cores",
]
