"""Unknown page URLs and wrong methods answer an HTML page in the person's language (with the
site's landmarks and headers); the API's routes under /v1 keep their JSON error envelope
(contracts.md)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.web.conftest import csrf_of, login


@pytest.mark.parametrize("path", ["/no-such-page", "/rep/nothing/here", "/hr/upload/x/y",
                                  "/static/../etc/passwd"])
def test_an_unknown_page_is_an_html_404(browser_client: Any, path: str) -> None:
    client = browser_client()
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="en">' in response.text and "<main" in response.text
    assert "<h1>Page not found</h1>" in response.text and "Error 404" in response.text
    assert "There is no such page" in response.text
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_404_page_is_in_the_persons_language(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    # before login: the ?lang= parameter
    assert "<h1>Page introuvable</h1>" in client.get("/nowhere?lang=fr").text
    login(client, *accounts[("acme", "worker_rep")])
    page = client.get("/rep")
    client.post("/lang", data={"csrf": csrf_of(page.text), "lang": "fr"})
    response = client.get("/rep/nowhere")
    assert response.status_code == 404 and '<html lang="fr">' in response.text
    assert "Cette page ou cet enregistrement n&#39;existe pas" in response.text
    assert "worker_rep.acme" in response.text  # the signed-in header, with its menu


def test_a_wrong_method_is_an_html_405(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    login(client, *accounts[("acme", "worker_rep")])
    response = client.get("/rep/requests")  # a form's target: POST only
    assert response.status_code == 405
    assert response.headers["content-type"].startswith("text/html")
    assert "POST" in response.headers["allow"]
    assert "does not take that kind of request" in response.text


def test_a_forbidden_page_is_an_html_403(browser_client: Any, accounts: Any) -> None:
    client = browser_client()
    login(client, *accounts[("acme", "worker_rep")])
    response = client.get("/admin")
    assert response.status_code == 403 and "<h1>Not open to your role</h1>" in response.text


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/v1/no-such-route", 404), ("GET", "/v1", 404),
    ("DELETE", "/v1/audits", 405), ("PUT", "/v1/report-requests", 405)])
def test_api_routes_keep_the_json_envelope(browser_client: Any, method: str, path: str,
                                           status: int) -> None:
    response = browser_client().request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert set(error) == {"code", "message"} and error["code"] in ("not_found",
                                                                    "method_not_allowed")
