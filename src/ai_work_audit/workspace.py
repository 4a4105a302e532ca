"""The workspace folder: where the MLflow store, evidence, secret and service database live.

contracts.md: the current directory, or ``AI_WORK_AUDIT_HOME`` when set.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

HOME_ENV = "AI_WORK_AUDIT_HOME"
SECRET_FILE = "secret.key"


def workspace_dir() -> Path:
    """The workspace folder, created when missing."""
    home = os.environ.get(HOME_ENV)
    path = Path(home).expanduser() if home else Path.cwd()
    path.mkdir(parents=True, exist_ok=True)
    return path


def evidence_log_path() -> Path:
    """``<workspace>/evidence/log.jsonl``, the evidence log (``ledger``), for a caller that
    only needs to know whether there is one without loading the ledger (start-up)."""
    return workspace_dir() / "evidence" / "log.jsonl"


def pseudonymisation_secret() -> bytes:
    """The workspace's keyed-hash secret, generated on first use, readable by its owner only."""
    path = workspace_dir() / SECRET_FILE
    if not path.exists():
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return bytes.fromhex(path.read_text().strip())
