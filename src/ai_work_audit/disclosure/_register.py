"""The release register: what each organisation's representatives already received.

One JSON file per release under ``<workspace>/disclosure/<org>/`` (folder 0700, files 0600),
written under a file lock, so that the CLI (``--org ORG --audience representative``) and the
API's worker-representative reads of the same workspace check a new release against the same
earlier ones. A file holds counts of categories and their relations (no row, no name, no cell
value of the input): the true counts are needed to know what differencing would reveal, so the
register is the employer's side of the workspace, never shown to representatives.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from filelock import FileLock

from ai_work_audit.disclosure._linked import Release
from ai_work_audit.workspace import workspace_dir

FOLDER = "disclosure"
#: Releases kept per organisation for the check (the oldest beyond are not read).
MAX_RELEASES = 200
_SAFE = re.compile(r"[^A-Za-z0-9._-]")


def _slug(text: str) -> str:
    clean = _SAFE.sub("_", text)[:40].strip("._") or "org"
    return f"{clean}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


class Register:
    """The releases of one organisation in a workspace."""

    def __init__(self, organisation: str, root: Path | None = None) -> None:
        self.organisation = organisation
        self.folder = (root or workspace_dir()) / FOLDER / _slug(organisation)

    def _ensure(self) -> None:
        for folder in (self.folder.parent, self.folder):
            folder.mkdir(mode=0o700, exist_ok=True)
            os.chmod(folder, 0o700)

    def lock(self) -> FileLock:
        """The organisation's lock: a release is checked and recorded under it."""
        self._ensure()
        path = self.folder / ".lock"
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        return FileLock(str(path))

    def _path(self, key: str) -> Path:
        return self.folder / f"{_slug(key)}.json"

    def releases(self) -> list[Release]:
        """Every recorded release, oldest first."""
        if not self.folder.is_dir():
            return []
        files = sorted(self.folder.glob("*.json"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        out = []
        for path in files[-MAX_RELEASES:]:
            try:
                out.append(Release.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError, IndexError):
                continue  # a torn file is skipped; the release it held is re-checked when read
        return out

    def get(self, key: str) -> Release | None:
        path = self._path(key)
        if not path.exists():
            return None
        try:
            return Release.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def record(self, release: Release) -> None:
        """Write one release (0600), atomically."""
        self._ensure()
        path = self._path(release.key)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(release.to_json(), handle)
        os.replace(tmp, path)
