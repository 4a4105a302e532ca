"""A workspace with a real hiring audit recorded in a real MLflow store, shared by the tests
that only read it (recording costs seconds); tests that write use their own workspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ORG = "acme"


@pytest.fixture(scope="session")
def recorded_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ai_work_audit.hiring import HiringOptions
    from ai_work_audit.ledger import add_evidence
    from ai_work_audit.run import run
    from ai_work_audit.synthetic import write_hiring_data

    home = tmp_path_factory.mktemp("recorded")
    paths = write_hiring_data(home / "data", 1500, seed=7)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AI_WORK_AUDIT_HOME", str(home))
        mp.delenv("MLFLOW_TRACKING_URI", raising=False)
        options = HiringOptions(group=("sex", "race_ethnicity"), outcome="screened_in",
                                label="qualified", exclude_under=0.02, organisation=ORG,
                                system="screener")
        run("hiring", paths["candidates"], options, record=True)
        add_evidence(organisation=ORG, indicator="2.1", value=0.7, content=b"training log",
                     file_name="training.csv")
        add_evidence(organisation=ORG, indicator="1.2", level=75, content=b"agreement",
                     file_name="agreement.pdf")
        add_evidence(organisation=ORG, indicator="6.3",
                     not_applicable="No data-enrichment work is bought.")
    return home


@pytest.fixture
def recorded(recorded_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the workspace at the shared recorded one (read-only use)."""
    monkeypatch.setenv("AI_WORK_AUDIT_HOME", str(recorded_home))
    yield recorded_home
