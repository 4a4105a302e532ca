"""Accounts and sessions: one-time password, forced change, lock-out, CSRF, session fixation,
cookie flags, the ``users add`` command."""

from __future__ import annotations

from typing import Any

from tests.web.conftest import PASSWORD, csrf_of, login

from ai_work_audit.web import LOCKOUT_AFTER


def test_first_login_forces_a_password_change(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    name, once = accounts[("acme", "worker_rep")]
    page = client.get("/login")
    assert 'name="username"' in page.text and 'name="password"' in page.text
    response = client.post("/login", data={"username": name, "password": once,
                                           "csrf": csrf_of(page.text)})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=strict" in cookie
    assert client.get("/rep").headers["location"] == "/password"
    form = client.get("/password")
    changed = client.post("/password", data={"current": once, "new": PASSWORD,
                                             "confirm": PASSWORD, "csrf": csrf_of(form.text)})
    assert changed.status_code == 303
    assert client.get("/").headers["location"] == "/rep"
    assert client.get("/rep").status_code == 200
    # the one-time password is spent
    other = browser_client()
    assert login(other, name, once, new=None).status_code == 401


def test_wrong_passwords_lock_the_account(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    name, once = accounts[("acme", "hr_analyst")]
    for _ in range(LOCKOUT_AFTER):
        assert login(client, name, "wrong password!", new=None).status_code == 401
    # locked: even the right password is refused, with the same answer
    response = login(client, name, once, new=None)
    assert response.status_code == 401
    assert "locked" in response.text


def test_posts_without_the_csrf_token_fail(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    name, once = accounts[("acme", "worker_rep")]
    login(client, name, once)
    for data in ({}, {"csrf": "forged"}):
        response = client.post("/rep/requests", data={
            "system": "x", "period": "2026", "audit_kind": "hiring", "question": "q", **data})
        assert response.status_code == 403
        assert "expired or did not come from this site" in response.text
    # the login form too
    assert client.post("/login", data={"username": name, "password": PASSWORD}
                       ).status_code == 403


def test_a_planted_session_cookie_is_never_promoted(browser_client: Any, accounts: Any
                                                    ) -> None:
    client = browser_client()
    name, once = accounts[("acme", "worker_rep")]
    client.cookies.set("awa_session", "attacker-chosen-value")
    login(client, name, once)
    issued = {c.value for c in client.cookies.jar if c.name == "awa_session"}
    assert len(issued - {"attacker-chosen-value"}) == 1  # a token of the server's own
    attacker = browser_client()
    attacker.cookies.set("awa_session", "attacker-chosen-value")
    assert attacker.get("/rep").headers["location"] == "/login"
    # and a session token seen before login is replaced at login
    before = browser_client()
    second = browser_client()
    login(before, name, PASSWORD, new=None)
    token = before.cookies.get("awa_session")
    login(second, name, PASSWORD, new=None)
    assert second.cookies.get("awa_session") != token


def test_logout_ends_the_session(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    name, once = accounts[("acme", "admin")]
    login(client, name, once)
    token = client.cookies.get("awa_session")
    page = client.get("/admin")
    assert client.post("/logout", data={"csrf": csrf_of(page.text)}).status_code == 303
    replay = browser_client()
    replay.cookies.set("awa_session", token)
    assert replay.get("/admin").headers["location"] == "/login"


def test_users_add_prints_the_password_last(cli: Any) -> None:
    result = cli("users", "add", "--org", "acme", "--role", "worker_rep", "--name", "rep1")
    assert result.code == 0, result
    password = result.stdout.split()[-1]
    assert len(password) >= 16
    bad = cli("users", "add", "--org", "acme", "--role", "global_admin", "--name", "x1y")
    assert bad.code == 2
    assert password not in bad.stderr
