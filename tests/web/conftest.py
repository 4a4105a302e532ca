"""Fixtures of the web front's tests: the service with its pages (TestClient over https, so
that the Secure session cookie is sent), people of two organisations for every role."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ai_work_audit.api import Settings
from ai_work_audit.api._db import session_scope
from ai_work_audit.web import create_app, create_user

ORGS = ("acme", "globex")
ROLES = ("hr_analyst", "worker_rep", "compliance_officer", "admin")
PASSWORD = "correct horse battery staple"
_CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def web_settings(_isolated_workspace: Path) -> Settings:
    return Settings(home=_isolated_workspace, workers=0, record_runs=False, min_cell=10)


@pytest.fixture
def web_app(web_settings: Settings) -> Any:
    return create_app(web_settings)


@pytest.fixture
def accounts(web_app: Any) -> dict[tuple[str, str], tuple[str, str]]:
    """(org, role) → (user name, one-time password)."""
    out = {}
    with session_scope(web_app.state.sessions) as session:
        for org in ORGS:
            for role in ROLES:
                name = f"{role}.{org}"
                out[(org, role)] = (name, create_user(session, org, role, name)[1])
    return out


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def login(client: TestClient, name: str, password: str, new: str | None = PASSWORD) -> Any:
    """Log in (and, for a one-time password, choose ``new``); the last response."""
    page = client.get("/login")
    response = client.post("/login", data={"username": name, "password": password,
                                           "csrf": csrf_of(page.text)})
    if new is not None and response.headers.get("location") == "/":
        forced = client.get("/")
        if forced.headers.get("location") == "/password":
            form = client.get("/password")
            response = client.post("/password", data={
                "current": password, "new": new, "confirm": new, "csrf": csrf_of(form.text)})
    return response


@pytest.fixture
def browser_client(web_app: Any) -> Iterator[Callable[[], TestClient]]:
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(web_app, base_url="https://testserver", follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.__exit__(None, None, None)
