"""Shared fixtures: engines are cached per process by the package itself; warm them once."""

from __future__ import annotations

import pytest

from ai_work_audit.privacy import get_analyzer


@pytest.fixture(scope="session", autouse=True)
def _warm_engines() -> None:
    get_analyzer("en")
    get_analyzer("fr")
