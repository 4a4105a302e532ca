"""Where policy packs live: the policy folder, and what a pack reference (id, folder, file) names.

A pack is a folder ``<pack>/`` holding ``pack.yaml`` and ``fixtures/`` (Kyverno style: the policy
and its tests side by side). A single ``.yaml`` pack file (the earlier layout) still works.
Layout: ``../shared/docs/design.md`` (``policies/<pack>/{pack.yaml,fixtures/}``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from ai_work_audit.errors import PolicyError
from ai_work_audit.policy import _messages as msg

#: Environment variable naming the folder of policy packs (checked first).
POLICY_DIR_ENV = "AI_WORK_AUDIT_POLICIES"
#: Where a wheel installs the packs (pyproject ``[tool.setuptools.data-files]``).
INSTALLED_POLICIES = Path(sys.prefix) / "share" / "ai-work-audit" / "policies"
#: The pack file of a pack folder, and the folder of its fixtures.
PACK_FILE = "pack.yaml"
FIXTURES_DIR = "fixtures"
YAML_SUFFIXES = (".yaml", ".yml")

PACK_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

MSG_UNKNOWN_PACK = (
    "policy pack {ref!r} must be a pack id of the policy folder {folder} ({known}), a pack "
    "folder or a pack file; got none of these instead."
)


def is_shipped_file(path: Path) -> bool:
    """Whether ``path`` is one of the tool's own policy files (the checkout's ``policies/`` or
    the installed copy). Only these are parsed through the user's YAML cache: a company's
    folder named by $AI_WORK_AUDIT_POLICIES is never copied there."""
    resolved = path.resolve()
    roots = (Path(__file__).resolve().parents[3] / "policies", INSTALLED_POLICIES)
    return any(resolved.is_relative_to(root.resolve()) for root in roots)


def policy_dir() -> Path:
    """The folder of policy packs: $AI_WORK_AUDIT_POLICIES, else the checkout's ``policies/``,
    else the copy a wheel installs under ``<prefix>/share/ai-work-audit/policies``."""
    env = os.environ.get(POLICY_DIR_ENV)
    if env:
        folder = Path(env)
        if not folder.is_dir():
            raise PolicyError(msg.ENV_NOT_DIR.format(path=folder))
        return folder
    folder = Path(__file__).resolve().parents[3] / "policies"
    if folder.is_dir():
        return folder
    if INSTALLED_POLICIES.is_dir():
        return INSTALLED_POLICIES
    raise PolicyError(msg.NO_POLICY_DIR.format(tried=folder))


def pack_file(path: Path) -> Path:
    """The pack file of a pack folder (``<folder>/pack.yaml``); any other path as it is."""
    if path.is_dir():
        for suffix in YAML_SUFFIXES:
            candidate = path / f"pack{suffix}"
            if candidate.is_file():
                return candidate
        return path / PACK_FILE
    return path


def is_pack_folder(path: Path) -> bool:
    """Whether ``path`` is a folder holding a pack file."""
    return path.is_dir() and pack_file(path).is_file()


def _looks_like_path(ref: str) -> bool:
    return ref.endswith(YAML_SUFFIXES) or "/" in ref or os.sep in ref


def find_pack(ref: str | Path, base: Path | None = None) -> Path | None:
    """The pack file ``ref`` names, or None when there is none.

    ``ref`` is an existing folder or file (relative to ``base``, default the working
    directory), else a pack id of the policy folder (``<id>/pack.yaml``, or ``<id>.yaml``).
    """
    text = str(ref)
    candidate = Path(text) if base is None else (base / text).resolve()
    if candidate.exists():
        found = pack_file(candidate)
        return found if found.is_file() else None
    if _looks_like_path(text) or not PACK_ID_RE.match(text):
        return None
    try:
        folder = policy_dir()
    except PolicyError:
        return None
    for option in (folder / text, *(folder / f"{text}{s}" for s in YAML_SUFFIXES)):
        if option.exists():
            found = pack_file(option)
            if found.is_file():
                return found
    return None


def resolve_pack(ref: str | Path) -> Path:
    """The pack file ``ref`` names; a path that does not exist is returned as it is (its
    loading then reports it), an unknown pack id raises PolicyError naming the known ids."""
    found = find_pack(ref)
    if found is not None:
        return found
    text = str(ref)
    if _looks_like_path(text) or not PACK_ID_RE.match(text):
        return pack_file(Path(text))
    try:
        folder = policy_dir()
    except PolicyError:
        return Path(text)
    known = sorted(p.name if p.is_dir() else p.stem for p in folder.iterdir()
                   if is_pack_folder(p))
    raise PolicyError(MSG_UNKNOWN_PACK.format(ref=text, folder=folder,
                                              known=", ".join(known) or "none"))
