"""The app factory: settings → database (migrated) → routers, errors, access log, workers."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ai_work_audit import __version__
from ai_work_audit.api._cache import LRU, AccessLogBuffer
from ai_work_audit.api._db import (
    make_engine,
    make_sessionmaker,
    utcnow,
)
from ai_work_audit.api._errors import DESCRIPTIONS, install_handlers
from ai_work_audit.api._headers import SecurityHeadersMiddleware
from ai_work_audit.api._jobs import WorkerPool, recover_stale
from ai_work_audit.api._migrate import migrate
from ai_work_audit.api._settings import Settings
from ai_work_audit.api.deps import KEY_CACHE_TTL_S, AuthThrottle
from ai_work_audit.api.routes import (
    access_log,
    assessments,
    audits,
    evidence,
    health,
    keys,
    report_requests,
)
from ai_work_audit.workspace import HOME_ENV

API_PREFIX = "/v1"
#: How often the service reaps, requeues and replaces dead workers (seconds).
SUPERVISE_EVERY_S = 1.0
DESCRIPTION = """Audit how employers use AI at work: run hiring and monitoring audits, request
and read reports, add evidence and build pledge self-assessments.

Roles: `hr_analyst` runs audits and reads full results; `worker_rep` requests reports and reads
aggregates only (every category with fewer than k people suppressed); `compliance_officer` reads
results, adds evidence, builds self-assessments and reads the access log; `admin` manages its own
organisation's keys and reads consolidated reports; `global_admin` (a separate, explicit role)
manages every organisation's keys, each action logged in every organisation it affects. Another
organisation's resource answers 404, a forbidden action 403, no or a bad key 401 (repeated
failures from one client: 429 with Retry-After) — always with `{"error": {"code", "message"}}`."""


class AccessLogMiddleware:
    """Writes one access-log row per authenticated request: key id, route, resource, status."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            state: dict[str, Any] = scope.get("state") or {}
            caller = state.get("caller")
            if caller is not None:
                route = scope.get("route")
                template = str(getattr(route, "path", None) or scope.get("path", ""))
                if not template.startswith(API_PREFIX) and not state.get("web"):
                    template = API_PREFIX + template  # routes of included routers
                params = scope.get("path_params") or {}
                resource = params.get("id") or params.get("period") or state.get("resource_id")
                # a global admin's action is logged in every organisation it affects too
                for organisation in [caller.organisation, *state.get("affected", [])]:
                    scope["app"].state.access_log.add({
                        "at": utcnow(), "key_id": caller.key_id, "organisation": organisation,
                        "role": caller.role.value, "method": scope.get("method", "")[:8],
                        "route": template[:200], "status": status["code"],
                        "resource_id": None if resource is None else str(resource)[:200]})


def create_app(settings: Settings | None = None, *, start_workers_on_startup: bool = True
               ) -> FastAPI:
    """The service. Migrations run here; worker processes start with the app's lifespan."""
    settings = settings or Settings()
    if settings.home is not None:
        os.environ[HOME_ENV] = str(settings.home)  # the library's stores follow the service
    engine = make_engine(settings.db_url)
    migrate(engine, settings.workspace)
    sessions = make_sessionmaker(engine)
    access_log = AccessLogBuffer(sessions)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        recover_stale(sessions, settings)
        # import the audit library now, not on the event loop during the first submission
        await anyio.to_thread.run_sync(importlib.import_module, "ai_work_audit.run")
        await anyio.to_thread.run_sync(importlib.import_module("ai_work_audit.kinds")
                                       .preload_options)
        pool = WorkerPool.start(settings, sessions,
                                settings.workers if start_workers_on_startup else 0)
        app.state.workers = pool

        async def supervise_workers() -> None:
            while True:
                await anyio.sleep(SUPERVISE_EVERY_S)
                with contextlib.suppress(Exception):  # retried at the next tick
                    await anyio.to_thread.run_sync(pool.supervise)

        async def flush_access_log() -> None:
            while True:
                await anyio.sleep(access_log.interval_s)
                if access_log.pending():
                    with contextlib.suppress(Exception):  # retried at the next tick
                        await anyio.to_thread.run_sync(access_log.flush)

        try:
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(flush_access_log)
                if pool.processes:
                    tasks.start_soon(supervise_workers)
                try:
                    yield
                finally:
                    tasks.cancel_scope.cancel()
        finally:
            await anyio.to_thread.run_sync(access_log.flush)
            await anyio.to_thread.run_sync(pool.stop)
            engine.dispose()

    app = _build(lifespan)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.workers = WorkerPool(settings, sessions)  # replaced by the lifespan's
    app.state.workers.expected = 0
    app.state.access_log = access_log
    app.state.key_cache = LRU(10_000, ttl_s=KEY_CACHE_TTL_S)
    app.state.auth_throttle = AuthThrottle()
    app.state.done_audits = LRU(1024)
    app.state.views = LRU(512)
    return app


def _build(lifespan: Any = None) -> FastAPI:
    app = FastAPI(
        title="ai-work-audit", version=__version__, description=DESCRIPTION,
        openapi_url=f"{API_PREFIX}/openapi.json", docs_url=f"{API_PREFIX}/docs",
        redoc_url=None, lifespan=lifespan,
    )
    install_handlers(app)
    for module in (audits, report_requests, evidence, assessments, access_log, keys, health):
        app.include_router(module.router, prefix=API_PREFIX)
    app.add_middleware(AccessLogMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, docs_path=f"{API_PREFIX}/docs")
    _envelope_validation_errors(app)
    return app


def _envelope_validation_errors(app: FastAPI) -> None:
    """Document 422 with the error envelope (what the handlers send), not FastAPI's default."""
    from fastapi.openapi.utils import get_openapi

    def custom() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version,
                             description=app.description, routes=app.routes)
        envelope = {"$ref": "#/components/schemas/ErrorEnvelope"}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                invalid = operation.get("responses", {}).get("422")
                if invalid is not None:
                    invalid["content"] = {"application/json": {"schema": envelope}}
                    invalid["description"] = DESCRIPTIONS[422]
        components = schema.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        app.openapi_schema = schema
        return schema

    app.openapi = custom  # type: ignore[method-assign]


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document of the service (what api/openapi.json holds); needs no database."""
    document: dict[str, Any] = _build().openapi()
    return document
