"""The CLI's ``--org ORG --audience representative`` runs and the API's worker-representative
reads share the organisation's release register: a release through one is checked against
releases through the other (real run path, real service through FastAPI's TestClient)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import (  # noqa: F401  (the service's fixtures)
    FULL_HIRING_PARAMS,
    app,
    auth,
    client,
    database_url,
    done_audit,
    keys,
    postgres_url,
    settings,
)

from ai_work_audit.disclosure import Register
from ai_work_audit.hiring import HiringOptions
from ai_work_audit.run import run
from ai_work_audit.synthetic import make_hiring_data

from .test_attacks import K, _attack_all

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_cli_and_api_releases_share_the_register(
        client: TestClient, app: Any, keys: dict[Any, str], tmp_path: Path,  # noqa: F811
        _isolated_workspace: Path) -> None:
    data = make_hiring_data(2000, seed=7).candidates
    whole, cut = tmp_path / "whole.csv", tmp_path / "cut.csv"
    data.to_csv(whole, index=False)
    data[pd.to_datetime(data["applied_on"]) < "2025-10-01"].to_csv(cut, index=False)
    options = HiringOptions(group=("sex", "race_ethnicity"), outcome="screened_in",
                            label="qualified", period="applied_on", by="quarter",
                            organisation="acme", audience="representative", k=K)
    cli = run("hiring", whole, options, record=False)
    cli_view = cli.document
    assert cli_view["disclosure"]["register"] is True
    audit = done_audit(client, app, keys[("acme", "hr_analyst")], cut, FULL_HIRING_PARAMS)
    full = client.get(f"/v1/audits/{audit}", headers=auth(keys[("acme", "hr_analyst")]))
    api_view = client.get(f"/v1/audits/{audit}", headers=auth(keys[("acme", "worker_rep")]))
    assert api_view.status_code == 200, api_view.text
    view = api_view.json()["result"]
    assert view["disclosure"]["earlier_releases"] == 1  # the CLI's release
    assert len(Register("acme", _isolated_workspace).releases()) == 2
    documents = {"whole": cli.full_document, "cut": full.json()["result"]}
    assert _attack_all(cli_view, view, documents) == set()
    # another organisation's register is another one
    assert Register("globex", _isolated_workspace).releases() == []
