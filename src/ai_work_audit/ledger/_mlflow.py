"""Recording of audit runs in MLflow: the only module of the project that imports mlflow.

mlflow is imported lazily, inside functions, so that ``import ai_work_audit.ledger`` stays cheap
and commands that never record (``--no-ledger``) never pay MLflow's import time.
Store layout: contracts.md "Workspace" (``mlflow.db`` and ``mlruns/`` in the workspace);
initialisation under a file lock: platform-notes.md "MLflow 3.x".
Just over 500 lines: every MLflow call of the project is kept in this one module by design.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from filelock import FileLock

from ai_work_audit import __version__
from ai_work_audit.errors import ConfigError
from ai_work_audit.workspace import workspace_dir

if TYPE_CHECKING:  # pragma: no cover
    from mlflow import MlflowClient

TRACKING_URI_ENV = "MLFLOW_TRACKING_URI"
DB_FILE = "mlflow.db"
ARTIFACTS_DIR = "mlruns"
LOCK_FILE = ".mlflow.lock"
MARKER_FILE = ".mlflow.initialised"
DEFAULT_EXPERIMENT = "ai-work-audit"
DOCUMENT_ARTIFACT = "audit.json"
LOCK_TIMEOUT_S = 120.0

TAG_PREFIX = "ai_work_audit."
TAG_KIND = TAG_PREFIX + "kind"
TAG_COMMITMENT = TAG_PREFIX + "commitment"
TAG_VERSION = TAG_PREFIX + "version"
TAG_ORGANISATION = TAG_PREFIX + "organisation"
TAG_SYSTEM = TAG_PREFIX + "system"
INPUT_SHA256_PARAM = "input_sha256"

# MLflow's limits (mlflow.utils.validation): longer param values are truncated by MLflow itself,
# longer tag values are refused; we truncate both ourselves so that a record never fails on them.
MAX_KEY_LENGTH = 250
MAX_PARAM_VALUE_LENGTH = 6000
MAX_TAG_VALUE_LENGTH = 8000

# Set before mlflow is imported: its telemetry client is configured at import time.
# MLFLOW_DISABLE_TELEMETRY is forced (this tool promises no network traffic of its own);
# the others are defaults the user may override.
FORCED_ENV = {"MLFLOW_DISABLE_TELEMETRY": "true"}
DEFAULT_ENV = {"DO_NOT_TRACK": "true", "MLFLOW_ENABLE_ARTIFACTS_PROGRESS_BAR": "false"}

KIND_MSG = (
    "The 'kind' parameter of record_run must be a lowercase dotted id such as 'hiring'; "
    "got {got} instead."
)
COMMITMENT_MSG = (
    "The 'commitment' parameter of record_run must be a positive integer (pledge commitment "
    "1 to 6); got {got} instead."
)
ARTIFACT_NAME_MSG = (
    "Artifact names given to record_run must be relative paths without '..'; "
    "got {count} invalid name(s) instead."
)
METRIC_TYPE_MSG = (
    "Metric values given to record_run must be numbers or None; got {got} for metric {key!r} "
    "instead."
)
DELETED_EXPERIMENT_MSG = (
    "The MLflow experiment {name!r} is deleted in the store at {uri}; restore it "
    "(`mlflow experiments restore`) or record into another experiment."
)
STORE_MSG = (
    "The MLflow tracking store {uri} must be a store MLflow can open; got {error} instead. "
    "Check MLFLOW_TRACKING_URI, or move a damaged mlflow.db aside."
)
REMOTE_UI_MSG = (
    "MLFLOW_TRACKING_URI points to a tracking server ({scheme}); open that server in a browser "
    "instead of starting a local MLflow UI."
)

_KIND_RE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_BAD_KEY_CHARS = re.compile(r"[^/\w.\- ]")
_REMOTE_SCHEMES = ("http", "https", "databricks", "databricks-uc", "uc")

_logger = logging.getLogger(__name__)
_ready: dict[tuple[str, str], str] = {}  # (tracking uri, experiment name) -> experiment id
_ready_lock = threading.Lock()


# --- locations -------------------------------------------------------------------------------


def tracking_uri() -> str:
    """The MLflow tracking URI: MLFLOW_TRACKING_URI, else the workspace's SQLite store."""
    configured = os.environ.get(TRACKING_URI_ENV, "").strip()
    if configured:
        return configured
    return _sqlite_uri(workspace_dir() / DB_FILE)


def artifact_root() -> Path:
    """Folder under which local stores keep run artifacts: ``<workspace>/mlruns``."""
    return workspace_dir().resolve() / ARTIFACTS_DIR


def mlflow_ui_command() -> list[str]:
    """Command that opens the MLflow UI on the workspace's store (needs the "ui" extra)."""
    uri = tracking_uri()
    scheme = _scheme(uri)
    if scheme in _REMOTE_SCHEMES:
        raise ConfigError(REMOTE_UI_MSG.format(scheme=scheme))
    return [
        _mlflow_executable(),
        "ui",
        "--backend-store-uri",
        uri,
        "--default-artifact-root",
        artifact_root().as_uri(),
    ]


def _sqlite_uri(path: Path) -> str:
    return "sqlite:///" + path.resolve().as_posix()


def _scheme(uri: str) -> str:
    return uri.split(":", 1)[0].lower() if ":" in uri else ""


def _sqlite_path(uri: str) -> Path | None:
    """The database file of a ``sqlite:///`` URI; None for in-memory or other schemes."""
    prefix = "sqlite:///"
    if not uri.lower().startswith(prefix):
        return None
    path = unquote(uri[len(prefix) :].split("?", 1)[0])  # "/abs/db" or "rel/db"
    return Path(path) if path and path != ":memory:" else None


def _mlflow_executable() -> str:
    """The ``mlflow`` command on PATH first (``make ui`` puts the full package's there), else
    the one beside this interpreter."""
    found = shutil.which("mlflow")
    if found:
        return found
    sibling = Path(sys.executable).with_name("mlflow")
    return str(sibling) if sibling.exists() else "mlflow"


# --- MLflow import and store initialisation --------------------------------------------------


def _import_mlflow() -> None:
    """Import mlflow with telemetry off (its telemetry client is set up at import time)."""
    for name, value in FORCED_ENV.items():
        os.environ[name] = value
    for name, value in DEFAULT_ENV.items():
        os.environ.setdefault(name, value)
    import mlflow  # noqa: F401


def _client(uri: str) -> MlflowClient:
    """An MlflowClient on ``uri``. Creating it creates (migrates) a missing store: call it
    under the workspace lock unless the store is known to be initialised."""
    _import_mlflow()
    from mlflow import MlflowClient

    try:
        with _quiet_mlflow_init():
            # The registry is the tracking store: without it MLflow asks an active Spark
            # session for one (mlflow.utils._spark_utils), which blocks on a Spark gateway
            # that an engine run (--engine spark) left in the process.
            return MlflowClient(tracking_uri=uri, registry_uri=uri)
    except Exception as error:  # sqlalchemy, alembic and MLflow errors alike
        raise ConfigError(STORE_MSG.format(uri=uri, error=type(error).__name__)) from error


@contextmanager
def _quiet_mlflow_init() -> Iterator[None]:
    """Hide MLflow's INFO lines while it creates or migrates tables (they go to stderr)."""
    names = ("mlflow.store.db.utils", "alembic")
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _marker_path() -> Path:
    return workspace_dir() / MARKER_FILE


def _store_known_ready(uri: str) -> bool:
    """True when an earlier process initialised this store (and, for SQLite, it still exists)."""
    db = _sqlite_path(uri)
    if db is not None and not db.exists():
        return False
    try:
        return uri in _marker_path().read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return False


def _experiment_location(uri: str, experiment: str) -> str | None:
    """Artifact location for a new experiment; None lets a tracking server decide."""
    if _scheme(uri) in _REMOTE_SCHEMES:
        return None
    slug = _BAD_KEY_CHARS.sub("_", experiment).replace("/", "_").strip(". ") or "experiment"
    return (artifact_root() / slug).as_uri()


def _lookup_experiment(client: MlflowClient, uri: str, experiment: str) -> str | None:
    found = client.get_experiment_by_name(experiment)
    if found is None:
        return None
    if found.lifecycle_stage != "active":
        raise ConfigError(DELETED_EXPERIMENT_MSG.format(name=experiment, uri=uri))
    return str(found.experiment_id)


def _open_experiment(uri: str, experiment: str) -> tuple[MlflowClient, str]:
    """A client and the experiment id; store and experiment are created once, under the lock."""
    key = (uri, experiment)
    db = _sqlite_path(uri)
    with _ready_lock:
        cached = _ready.get(key)
    if cached is not None and (db is None or db.exists()):
        return _client(uri), cached
    client: MlflowClient | None = None
    experiment_id = None
    if _store_known_ready(uri):
        client = _client(uri)
        experiment_id = _lookup_experiment(client, uri, experiment)
    if client is None or experiment_id is None:
        client, experiment_id = _initialise(uri, experiment)
    with _ready_lock:
        _ready[key] = experiment_id
    return client, experiment_id


def _initialise(uri: str, experiment: str) -> tuple[MlflowClient, str]:
    """Create (migrate) the store and the experiment; one process at a time."""
    _import_mlflow()  # seconds: not while holding the lock
    if db := _sqlite_path(uri):
        db.parent.mkdir(parents=True, exist_ok=True)
        private_file(db)  # created 0600 before SQLite opens it (its journals follow its mode)
        if _experiment_location(uri, experiment) is not None:
            root = artifact_root()
            if not root.exists():
                root.mkdir(parents=True, exist_ok=True, mode=0o700)
                root.chmod(0o700)
    with FileLock(str(workspace_dir() / LOCK_FILE), timeout=LOCK_TIMEOUT_S):
        client = _client(uri)  # creates and migrates the tables of a new store
        experiment_id = _lookup_experiment(client, uri, experiment)
        if experiment_id is None:
            experiment_id = str(
                client.create_experiment(
                    experiment, artifact_location=_experiment_location(uri, experiment)
                )
            )
        if not _store_known_ready(uri):
            with open(_marker_path(), "a", encoding="utf-8") as marker:
                marker.write(uri + "\n")
                marker.flush()
                os.fsync(marker.fileno())
    return client, experiment_id


# --- recording -------------------------------------------------------------------------------


def record_run(
    *,
    kind: str,
    commitment: int,
    document: Mapping[str, Any] | Callable[[str], tuple[str, Mapping[str, bytes | str | Path]]],
    params: Mapping[str, str | int | float | bool | None],
    metrics: Mapping[str, float | None],
    tags: Mapping[str, str],
    artifacts: Mapping[str, bytes | str | Path] | None = None,
    experiment: str = DEFAULT_EXPERIMENT,
    organisation: str | None = None,
    system: str | None = None,
    run_name: str | None = None,
) -> str:
    """Record one audit run in MLflow and return its run id.

    Params are stringified (None skipped, values truncated to MLflow's 6,000 characters);
    metrics that are None or NaN are skipped; the document is stored as ``audit.json`` and each
    of ``artifacts`` (name -> bytes, text, or a file to copy) beside it. ``organisation`` and
    ``system`` (contracts.md "Workspace and options common to audits") become tags.
    ``document`` may instead be a function of the new run's id returning the document's JSON
    text and the artifacts (so that they can name the run and be built once). ``run_name``
    (default: ``kind``) is what the MLflow UI shows.
    """
    if not isinstance(kind, str) or not _KIND_RE.match(kind):
        raise ValueError(
            KIND_MSG.format(
                got=type(kind).__name__
                if not isinstance(kind, str)
                else f"a string of {len(kind)} characters"
            )
        )
    if isinstance(commitment, bool) or not isinstance(commitment, int) or commitment < 1:
        raise ValueError(COMMITMENT_MSG.format(got=type(commitment).__name__))
    artifacts = dict(artifacts or {})
    bad_names = [name for name in artifacts if not _safe_artifact_name(name)]
    if bad_names or DOCUMENT_ARTIFACT in artifacts:
        raise ValueError(ARTIFACT_NAME_MSG.format(count=len(bad_names) or 1))

    all_tags = {_key(k): _truncate(str(v), MAX_TAG_VALUE_LENGTH) for k, v in tags.items()}
    all_tags.update({TAG_KIND: kind, TAG_COMMITMENT: str(commitment), TAG_VERSION: __version__})
    if organisation is not None:
        all_tags[TAG_ORGANISATION] = _truncate(organisation, MAX_TAG_VALUE_LENGTH)
    if system is not None:
        all_tags[TAG_SYSTEM] = _truncate(system, MAX_TAG_VALUE_LENGTH)
    clean_params = {
        _key(k): _truncate(_param_text(v), MAX_PARAM_VALUE_LENGTH)
        for k, v in params.items()
        if v is not None
    }
    clean_metrics = {_key(k): v for k, v in _finite_metrics(metrics)}
    document_text = "" if callable(document) else json.dumps(
        document, indent=2, ensure_ascii=False, default=str) + "\n"

    uri = tracking_uri()
    client, experiment_id = _open_experiment(uri, experiment)

    from mlflow.entities import Metric, Param, RunStatus, RunTag

    run = client.create_run(experiment_id, run_name=run_name or kind, tags=all_tags)
    run_id = str(run.info.run_id)
    try:
        if callable(document):
            document_text, built = document(run_id)
            artifacts = dict(built)
            if any(not _safe_artifact_name(n) for n in artifacts) or \
                    DOCUMENT_ARTIFACT in artifacts:
                raise ValueError(ARTIFACT_NAME_MSG.format(count=1))
        now_ms = int(time.time() * 1000)
        client.log_batch(
            run_id,
            metrics=[Metric(k, v, now_ms, 0) for k, v in clean_metrics.items()],
            params=[Param(k, v) for k, v in clean_params.items()],
            tags=[RunTag(k, v) for k, v in all_tags.items()],
        )
        with tempfile.TemporaryDirectory(prefix="ai-work-audit-") as staging:
            root = Path(staging)
            (root / DOCUMENT_ARTIFACT).write_text(document_text, encoding="utf-8")
            for name, content in artifacts.items():
                _stage(root / name, content)
            client.log_artifacts(run_id, staging)
    except BaseException:
        client.set_terminated(run_id, RunStatus.to_string(RunStatus.FAILED))
        raise
    client.set_terminated(run_id, RunStatus.to_string(RunStatus.FINISHED))
    return run_id


def _param_text(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _finite_metrics(metrics: Mapping[str, float | None]) -> Iterator[tuple[str, float]]:
    for key, value in metrics.items():
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            # numpy scalars are accepted through float(); anything else is a programming error
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(
                    METRIC_TYPE_MSG.format(got=type(value).__name__, key=key)
                ) from None
        else:
            number = float(value)
        if math.isnan(number):
            continue
        yield key, number


def _key(key: str) -> str:
    """A key MLflow accepts: allowed characters only, no path tricks, at most 250 characters."""
    cleaned = _BAD_KEY_CHARS.sub("_", str(key))
    parts = [part for part in cleaned.split("/") if part not in ("", ".", "..")]
    return ("/".join(parts) or "_")[:MAX_KEY_LENGTH]


def private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (an empty file is an empty SQLite
    database), so that a store we create is readable by its owner only."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit]


def _safe_artifact_name(name: object) -> bool:
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and path.name not in ("", ".")


def _stage(target: Path, content: bytes | str | Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    elif isinstance(content, str):
        target.write_text(content, encoding="utf-8")
    else:
        shutil.copyfile(content, target)


# --- reading -----------------------------------------------------------------------------------


def find_runs(
    kind: str | None = None,
    organisation: str | None = None,
    *,
    experiment: str = DEFAULT_EXPERIMENT,
) -> list[dict[str, Any]]:
    """Recorded runs, newest first: run id, start time, status, params, metrics and tags.

    Returns an empty list when nothing was recorded yet (the store is not created by a read).
    """
    uri = tracking_uri()
    db = _sqlite_path(uri)
    if db is not None and not db.exists():
        return []
    if not _store_known_ready(uri):  # never migrate a store from a read, nor outside the lock
        with FileLock(str(workspace_dir() / LOCK_FILE), timeout=LOCK_TIMEOUT_S):
            client = _client(uri)
    else:
        client = _client(uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        return []
    filters = []
    for tag, value in ((TAG_KIND, kind), (TAG_ORGANISATION, organisation)):
        if value is not None and "'" not in value and "\\" not in value:
            filters.append(f"tags.`{tag}` = '{value}'")
    runs: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = client.search_runs(
            [found.experiment_id],
            filter_string=" and ".join(filters),
            order_by=["attributes.start_time DESC"],
            max_results=1000,
            page_token=token,
        )
        for run in page:
            run_tags = dict(run.data.tags)
            if kind is not None and run_tags.get(TAG_KIND) != kind:
                continue
            if organisation is not None and run_tags.get(TAG_ORGANISATION) != organisation:
                continue
            runs.append(
                {
                    "run_id": run.info.run_id,
                    "experiment_id": run.info.experiment_id,
                    "status": run.info.status,
                    "start_time": _iso(run.info.start_time),
                    "end_time": _iso(run.info.end_time),
                    "artifact_uri": run.info.artifact_uri,
                    "params": dict(run.data.params),
                    "metrics": dict(run.data.metrics),
                    "tags": run_tags,
                }
            )
        token = page.token
        if not token:
            return runs


def _iso(millis: int | None) -> str | None:
    if millis is None:
        return None
    return datetime.fromtimestamp(millis / 1000, tz=UTC).isoformat(timespec="milliseconds")
