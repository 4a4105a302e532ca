"""Security headers (issue 10): every response says nosniff; HTML may not be framed or load
anything from elsewhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from tests.api.conftest import auth, done_audit

from ai_work_audit.api._headers import CONTENT_SECURITY_POLICY


def test_json_responses_say_nosniff(client: TestClient) -> None:
    response = client.get("/v1/healthz")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert "content-security-policy" not in response.headers


def test_error_responses_carry_them_too(client: TestClient) -> None:
    response = client.get("/v1/audits/nope")
    assert response.status_code == 401
    assert response.headers["x-content-type-options"] == "nosniff"


def test_html_reports_are_locked_down(client: TestClient, app: Any, keys: dict[Any, str],
                                      hiring_csv: Path) -> None:
    hr = next(v for (_, role), v in keys.items() if role == "hr_analyst")
    audit_id = done_audit(client, app, hr, hiring_csv)
    response = client.get(f"/v1/audits/{audit_id}/report?format=html", headers=auth(hr))
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
