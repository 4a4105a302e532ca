"""schemathesis over the OpenAPI document, in-process: no server error, no undocumented status
code, every response matching its documented schema and content type."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
from schemathesis import checks  # noqa: E402

from ai_work_audit.api._db import session_scope  # noqa: E402
from ai_work_audit.api._keys import create_key  # noqa: E402

CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance,
          checks.response_headers_conformance]


def _role_for(method: str, path: str) -> str:
    """A role allowed on the operation, so that the handler itself gets exercised."""
    if path.startswith(("/v1/keys", "/v1/consolidated")):
        return "admin"
    if path.startswith(("/v1/evidence", "/v1/self-assessments", "/v1/access-log")):
        return "compliance_officer"
    if path == "/v1/report-requests" and method == "POST":
        return "worker_rep"
    return "hr_analyst"


@pytest.fixture
def api_schema(app: Any, database_url: str) -> Any:
    if database_url.startswith("postgres"):
        pytest.skip("the contract does not depend on the database; run on SQLite only")
    app.state.keys = {}
    with session_scope(app.state.sessions) as session:
        for role in ("admin", "compliance_officer", "worker_rep", "hr_analyst"):
            app.state.keys[role] = create_key(session, "acme", role)[1]
    return schemathesis.openapi.from_asgi("/v1/openapi.json", app)


def _runner(operation: Any, headers: dict[str, str], calls: list[int]) -> Any:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        calls.append(1)
        case.call_and_validate(headers={**(case.headers or {}), **headers}, checks=CHECKS)

    return run


@pytest.mark.slow
def test_api_contract(api_schema: Any, app: Any) -> None:
    """Every operation, up to 25 generated requests each (schemathesis' pytest plugin does not
    support this pytest version, so operations are driven with hypothesis directly)."""
    failures: list[str] = []
    calls: list[int] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 17
    for operation in operations:
        role = _role_for(operation.method.upper(), operation.path)
        run = _runner(operation, {"Authorization": f"Bearer {app.state.keys[role]}"}, calls)
        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:2000])
    assert not failures, "\n\n".join(failures)
    assert len(calls) > 10 * len(operations)
