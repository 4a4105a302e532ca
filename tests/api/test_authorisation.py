"""The authorisation matrix: every endpoint × role × own/other organisation → exact status.

Order of checks: no or bad key 401, then role 403, then organisation 404.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.conftest import ROLES, auth, done_audit

from ai_work_audit.api._db import ReportRequestRow, session_scope, utcnow

HR, REP, CO, ADMIN = "hr_analyst", "worker_rep", "compliance_officer", "admin"
GLOBAL = "global_admin"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {audit} / {request} / {key} are filled per organisation
    allowed: frozenset[str]
    ok: int
    owned: bool  # the path names a resource of one organisation
    body: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def E(method: str, path: str, allowed: set[str], ok: int, owned: bool = False,
      body: str = "") -> Endpoint:
    return Endpoint(method, path, frozenset(allowed), ok, owned, body)


ENDPOINTS = [
    E("POST", "/v1/audits/hiring", {HR}, 202, body="upload"),
    E("GET", "/v1/audits", {HR, REP, CO}, 200),
    E("GET", "/v1/audits/{audit}", {HR, REP, CO}, 200, owned=True),
    E("GET", "/v1/audits/{audit}/report?format=md", {HR, REP, CO}, 200, owned=True),
    E("POST", "/v1/report-requests", {REP}, 201, body="request"),
    E("GET", "/v1/report-requests", {REP, HR, CO}, 200),
    E("POST", "/v1/report-requests/{request}/fulfil", {HR}, 200, owned=True, body="fulfil"),
    E("POST", "/v1/evidence", {CO}, 201, body="evidence"),
    E("GET", "/v1/evidence", {CO}, 200),
    E("GET", "/v1/self-assessments/2026", {CO}, 200),
    E("GET", "/v1/consolidated/2026", {ADMIN, GLOBAL}, 200),
    E("GET", "/v1/access-log", {CO}, 200),
    E("POST", "/v1/keys", {ADMIN, GLOBAL}, 201, body="key"),
    E("GET", "/v1/keys", {ADMIN, GLOBAL}, 200),
    E("DELETE", "/v1/keys/{key}", {ADMIN, GLOBAL}, 200, owned=True),
]


class World:
    """Resources of both organisations: a finished audit and fresh open requests."""

    def __init__(self, client: TestClient, app: Any, keys: dict[Any, str], csv: Path) -> None:
        self.client, self.app, self.keys, self.csv = client, app, keys, csv
        self.audits = {org: done_audit(client, app, keys[(org, HR)], csv)
                       for org in ("acme", "globex")}

    def request(self, org: str) -> str:
        with session_scope(self.app.state.sessions) as session:
            row = ReportRequestRow(id=uuid.uuid4().hex, organisation=org, system="s",
                                   period="2026", audit_kind="hiring", message="",
                                   status="open", requested_by="k", requested_at=utcnow())
            session.add(row)
            return row.id

    def key(self, org: str) -> str:
        response = self.client.post("/v1/keys", headers=auth(self.keys[(org, ADMIN)]),
                                    json={"organisation": org, "role": "worker_rep"})
        key_id: str = response.json()["id"]
        return key_id

    def call(self, endpoint: Endpoint, headers: dict[str, str], org: str, caller_org: str
             ) -> Any:
        path = endpoint.path
        if "{audit}" in path:
            path = path.replace("{audit}", self.audits[org])
        if "{request}" in path:
            path = path.replace("{request}", self.request(org))
        if "{key}" in path:
            path = path.replace("{key}", self.key(org))
        kwargs: dict[str, Any] = {}
        if endpoint.body == "upload":
            kwargs = {"files": {"file": ("a.csv", self.csv.read_bytes(), "text/csv")},
                      "data": {"params": '{"outcome": "screened_in", "group": "sex"}'}}
        elif endpoint.body == "request":
            kwargs = {"json": {"system": "screening", "period": "2026", "audit_kind": "hiring",
                               "message": "please"}}
        elif endpoint.body == "fulfil":
            kwargs = {"json": {"audit_id": self.audits[caller_org]}}
        elif endpoint.body == "evidence":
            kwargs = {"json": {"indicator": "1.2", "level": 25}}
        elif endpoint.body == "key":
            kwargs = {"json": {"organisation": "acme", "role": "worker_rep"}}
        return self.client.request(endpoint.method, path, headers=headers, **kwargs)


@pytest.fixture
def world(client: TestClient, app: Any, keys: dict[Any, str], hiring_csv: Path) -> World:
    return World(client, app, keys, hiring_csv)


def expected(endpoint: Endpoint, role: str, own: bool) -> int:
    if role not in endpoint.allowed:
        return 403
    if endpoint.owned and not own and not (role == GLOBAL and "/v1/keys" in endpoint.path):
        return 404  # a global admin administers every organisation's keys
    return endpoint.ok


CASES = [(e, role, own) for e, role, own in itertools.product(ENDPOINTS, ROLES, (True, False))
         if own or e.owned]


def test_matrix(world: World) -> None:
    """Every endpoint × role × own/other organisation answers exactly as specified."""
    failures = []
    for endpoint, role, own in CASES:
        org = "acme" if own else "globex"
        response = world.call(endpoint, auth(world.keys[("acme", role)]), org, "acme")
        want = expected(endpoint, role, own)
        if response.status_code != want:
            failures.append(f"{endpoint} as {role} ({'own' if own else 'other'} org): "
                            f"{response.status_code} != {want}: {response.text[:120]}")
        elif want >= 400:
            assert set(response.json()) == {"error"}
            assert set(response.json()["error"]) == {"code", "message"}
    assert not failures, "\n".join(failures)


BAD_KEYS: list[Callable[[dict[Any, str]], dict[str, str]]] = [
    lambda keys: {},
    lambda keys: {"Authorization": "Bearer awa_not-a-key"},
    lambda keys: {"Authorization": "Basic dXNlcjpwYXNz"},
    lambda keys: {"Authorization": keys[("acme", HR)]},  # no scheme
]


def test_unauthenticated(world: World) -> None:
    """No key, an unknown key or a malformed header: 401 with the envelope, everywhere."""
    from ai_work_audit.api.deps import AuthThrottle

    world.app.state.auth_throttle = AuthThrottle(limit=10_000)  # 401 here, 429 tested apart
    for endpoint, make in itertools.product(ENDPOINTS, BAD_KEYS):
        response = world.call(endpoint, make(world.keys), "acme", "acme")
        assert response.status_code == 401, (str(endpoint), response.text)
        assert response.json()["error"]["code"] == "unauthorized"


def test_revoked_key_is_refused(world: World) -> None:
    admin = auth(world.keys[("acme", ADMIN)])
    created = world.client.post("/v1/keys", headers=admin,
                                json={"organisation": "acme", "role": "hr_analyst"}).json()
    assert world.client.get("/v1/audits", headers=auth(created["key"])).status_code == 200
    world.client.delete(f"/v1/keys/{created['id']}", headers=admin)
    assert world.client.get("/v1/audits", headers=auth(created["key"])).status_code == 401
    listed = world.client.get("/v1/keys", headers=admin).json()["items"]
    assert all("key" not in k and "key_hash" not in k for k in listed)


def test_healthz_needs_no_key(client: TestClient) -> None:
    response = client.get("/v1/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_unknown_ids_answer_404(world: World) -> None:
    headers = auth(world.keys[("acme", HR)])
    for path in ("/v1/audits/nope", "/v1/audits/nope/report", "/v1/audits/" + "x" * 300):
        assert world.client.get(path, headers=headers).status_code == 404
    response = world.client.post("/v1/report-requests/nope/fulfil", headers=headers,
                                 json={"audit_id": world.audits["acme"]})
    assert response.status_code == 404


def test_an_organisations_admin_administers_that_organisation_only(world: World) -> None:
    admin = auth(world.keys[("acme", ADMIN)])
    other = world.client.post("/v1/keys", headers=admin,
                              json={"organisation": "globex", "role": "hr_analyst"})
    assert other.status_code == 403 and "global_admin" in other.json()["error"]["message"]
    promoted = world.client.post("/v1/keys", headers=admin,
                                 json={"organisation": "acme", "role": GLOBAL})
    assert promoted.status_code == 403
    listed = world.client.get("/v1/keys", headers=admin).json()["items"]
    assert listed and {k["organisation"] for k in listed} == {"acme"}
    assert world.client.delete(f"/v1/keys/{world.key('globex')}",
                               headers=admin).status_code == 404


def test_a_global_admins_actions_appear_in_each_affected_organisations_log(
        world: World) -> None:
    root = auth(world.keys[("acme", GLOBAL)])
    created = world.client.post("/v1/keys", headers=root,
                                json={"organisation": "globex", "role": "hr_analyst"})
    assert created.status_code == 201
    listed = world.client.get("/v1/keys", headers=root).json()["items"]
    assert {k["organisation"] for k in listed} == {"acme", "globex"}
    world.app.state.access_log.flush()
    log = world.client.get("/v1/access-log", headers=auth(world.keys[("globex", CO)])).json()
    seen = [(e["method"], e["route"], e["role"]) for e in log["items"]]
    assert ("POST", "/v1/keys", GLOBAL) in seen and ("GET", "/v1/keys", GLOBAL) in seen


def test_failed_authentications_are_rate_limited_and_logged_without_the_key(
        world: World, caplog: pytest.LogCaptureFixture) -> None:
    from ai_work_audit.api.deps import AuthThrottle

    world.app.state.auth_throttle = AuthThrottle(limit=3, window_s=1.5)
    guess = "awa_guessed-key-material-0123456789"
    with caplog.at_level("WARNING", logger="ai_work_audit.api.auth"):
        codes = [world.client.get("/v1/audits", headers={"Authorization": f"Bearer {guess}"})
                 .status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    refused = world.client.get("/v1/audits", headers=auth(world.keys[("acme", HR)]))
    assert refused.status_code == 429  # the client is refused, whatever key it sends now
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(refused.headers["Retry-After"]) <= 2
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3 and all("unknown or revoked key" in m for m in messages)
    assert not any("guessed" in m or "awa_" in m for m in messages)
    import time

    time.sleep(1.6)  # the failures age out of the window
    assert world.client.get("/v1/audits", headers=auth(world.keys[("acme", HR)])
                            ).status_code == 200
