"""Fixtures of the policy tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _repo_policies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the repository's policies/ unless they set AI_WORK_AUDIT_POLICIES themselves."""
    monkeypatch.delenv("AI_WORK_AUDIT_POLICIES", raising=False)
