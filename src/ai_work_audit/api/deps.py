"""Dependencies of the routes, as ``Annotated`` aliases: settings, session, caller and roles."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session, sessionmaker

from ai_work_audit.api._cache import LRU
from ai_work_audit.api._db import session_scope
from ai_work_audit.api._errors import ApiError
from ai_work_audit.api._keys import Role, find_key
from ai_work_audit.api._settings import Settings

KEY_CACHE_TTL_S = 5.0
log = logging.getLogger("ai_work_audit.api.auth")
THROTTLED_MSG = ("too many failed authentications from this client; retry in {seconds} s.")


class AuthThrottle:
    """Failed authentications per client (address), in a sliding window: past ``limit``
    failures within ``window_s`` seconds, the client is refused (429) until the oldest ages
    out. Thread-safe; memory bounded by ``max_clients``."""

    def __init__(self, limit: int = 20, window_s: float = 60.0, max_clients: int = 10_000
                 ) -> None:
        self.limit, self.window_s, self.max_clients = limit, window_s, max_clients
        self.failures: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self.failures.get(client, deque())
        while times and now - times[0] > self.window_s:
            times.popleft()
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again, or None when it is not refused."""
        now = time.monotonic()
        with self.lock:
            times = self._recent(client, now)
            if len(times) < self.limit:
                return None
            return max(1, math.ceil(self.window_s - (now - times[0])))

    def fail(self, client: str) -> int:
        """Record a failure of ``client``; return its failures within the window."""
        now = time.monotonic()
        with self.lock:
            times = self._recent(client, now)
            times.append(now)
            self.failures[client] = times
            if len(self.failures) > self.max_clients:
                self.failures.pop(next(iter(self.failures)))
            return len(times)
_bearer = HTTPBearer(auto_error=False, description="An API key: `Authorization: Bearer <key>` "
                     "(`ai-work-audit keys create --org ORG --role ROLE`).")


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_sessions(request: Request) -> sessionmaker[Session]:
    factory: sessionmaker[Session] = request.app.state.sessions
    return factory


def get_session(factory: Annotated[sessionmaker[Session], Depends(get_sessions)]
                ) -> Iterator[Session]:
    with session_scope(factory) as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionsDep = Annotated[sessionmaker[Session], Depends(get_sessions)]
SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class Caller:
    """Who is calling: the key's id (never the key), organisation and role."""

    key_id: str
    organisation: str
    role: Role


def _lookup(factory: sessionmaker[Session], key: str) -> Caller | None:
    with factory() as session:
        row = find_key(session, key)
    if row is None:
        return None
    return Caller(key_id=row.id, organisation=row.organisation, role=Role(row.role))


async def get_caller(
    request: Request,
    factory: SessionsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
) -> Caller:
    """The key's caller; known keys are cached for KEY_CACHE_TTL_S (a revocation through this
    process takes effect at once, through another replica within that time)."""
    throttle: AuthThrottle = request.app.state.auth_throttle
    client = request.client.host if request.client else "unknown"
    wait = throttle.retry_after(client)
    if wait is not None:
        raise ApiError(429, THROTTLED_MSG.format(seconds=wait),
                       headers={"Retry-After": str(wait)})
    if credentials is None or credentials.scheme.lower() != "bearer":
        if request.headers.get("authorization"):
            _failed(throttle, client, "not a Bearer credential")
        raise ApiError(401, "an API key is required: send 'Authorization: Bearer <key>'.")
    cache: LRU[str, Caller] = request.app.state.key_cache
    key = credentials.credentials
    caller = cache.get(key)
    if caller is None:
        caller = await run_in_threadpool(_lookup, factory, key)
        if caller is None:
            _failed(throttle, client, "unknown or revoked key")
            raise ApiError(401, "the API key is unknown or revoked.")
        cache.put(key, caller)
    request.state.caller = caller
    return caller


def _failed(throttle: AuthThrottle, client: str, reason: str) -> None:
    """Count and log a failed authentication: the client's address and the reason, never
    any part of the key."""
    count = throttle.fail(client)
    log.warning("authentication failed from %s: %s (%d in the last %.0f s)", client, reason,
                count, throttle.window_s)


CallerDep = Annotated[Caller, Depends(get_caller)]


def allow(*roles: Role) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that admits only ``roles`` (403 for the others)."""
    allowed = frozenset(roles)

    async def check(caller: CallerDep) -> Caller:
        if caller.role not in allowed:
            raise ApiError(403, f"the role {caller.role.value} may not do this; allowed: "
                           f"{', '.join(sorted(r.value for r in allowed))}.")
        return caller

    return check


R = Role
RunAudits = Annotated[Caller, Depends(allow(R.hr_analyst))]
ReadAudits = Annotated[Caller, Depends(allow(R.hr_analyst, R.worker_rep, R.compliance_officer))]
RequestReports = Annotated[Caller, Depends(allow(R.worker_rep))]
ReadRequests = Annotated[Caller, Depends(allow(R.worker_rep, R.hr_analyst,
                                               R.compliance_officer))]
FulfilRequests = Annotated[Caller, Depends(allow(R.hr_analyst))]
Compliance = Annotated[Caller, Depends(allow(R.compliance_officer))]
Admin = Annotated[Caller, Depends(allow(R.admin, R.global_admin))]
