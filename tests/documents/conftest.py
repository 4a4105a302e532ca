"""Documents from the real audits, built once per session."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from tests.documents.builders import build_documents


@pytest.fixture(scope="session")
def document(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], dict[str, Any]]:
    """``document(name)``: a fresh copy of one built document."""
    texts = build_documents(str(tmp_path_factory.mktemp("documents")))
    return lambda name: json.loads(texts[name])
