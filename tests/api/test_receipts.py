"""Every release to worker representatives carries the evidence log's receipt (contracts.md
"Receipts"): audit results and reports; the HR analyst's full view is unchanged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import FULL_HIRING_PARAMS, auth, done_audit

from ai_work_audit.ledger import add_evidence, list_evidence, verify_receipts
from ai_work_audit.ledger._witness import parse_receipt

REP = ("acme", "worker_rep")
HR = ("acme", "hr_analyst")


@pytest.fixture
def audit(client: TestClient, app: Any, keys: dict[Any, str], hiring_csv: Path) -> str:
    add_evidence(organisation="acme", indicator="1.2", level=50)
    return done_audit(client, app, keys[HR], hiring_csv, FULL_HIRING_PARAMS)


def test_a_representatives_result_carries_a_receipt(client: TestClient, keys: dict[Any, str],
                                                    audit: str) -> None:
    view = client.get(f"/v1/audits/{audit}", headers=auth(keys[REP])).json()["result"]
    receipt = parse_receipt(view["disclosure"]["receipt"])
    assert receipt.organisation == "acme" and receipt.tree_size == len(list_evidence()) >= 1
    assert verify_receipts([("kept", receipt)]) == {"kept": []}
    full = client.get(f"/v1/audits/{audit}", headers=auth(keys[HR])).json()["result"]
    assert "disclosure" not in full
    # a later rewrite of the log fails against the receipt the representative kept
    from ai_work_audit.ledger import evidence_dir

    path = evidence_dir() / "log.jsonl"
    path.write_bytes(path.read_bytes().replace(b'"level":50', b'"level":75'))
    assert verify_receipts([("kept", receipt)])["kept"]


@pytest.mark.parametrize(("fmt", "lang", "words"), [("md", "en", "Evidence receipt"),
                                                     ("html", "fr", "Reçu de preuve")])
def test_a_representatives_report_shows_its_receipt(client: TestClient, keys: dict[Any, str],
                                                    audit: str, fmt: str, lang: str,
                                                    words: str) -> None:
    text = client.get(f"/v1/audits/{audit}/report?format={fmt}&lang={lang}",
                      headers=auth(keys[REP])).text
    assert words in text
    full = client.get(f"/v1/audits/{audit}/report?format={fmt}&lang={lang}",
                      headers=auth(keys[HR])).text
    assert words not in full


def test_self_assessments_and_consolidated_reports_carry_a_receipt(
        client: TestClient, keys: dict[Any, str]) -> None:
    add_evidence(organisation="acme", indicator="1.2", level=50)
    document = client.get("/v1/self-assessments/2026",
                          headers=auth(keys[("acme", "compliance_officer")])).json()
    receipt = parse_receipt(document["disclosure"]["receipt"])
    assert receipt.organisation == "acme" and receipt.tree_size == 1
    document = client.get("/v1/consolidated/2026",
                          headers=auth(keys[("acme", "admin")])).json()
    assert parse_receipt(document["disclosure"]["receipt"]).organisation is None


def test_the_service_database_is_created_private(tmp_path: Path) -> None:
    import stat

    from ai_work_audit.api._db import make_engine

    path = tmp_path / "new" / "service.db"
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect():
        pass
    engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
