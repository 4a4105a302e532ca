"""Dependencies of the routes, as ``Annotated`` aliases: settings, session, caller and roles."""

from __future__ import annotations

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
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "an API key is required: send 'Authorization: Bearer <key>'.")
    cache: LRU[str, Caller] = request.app.state.key_cache
    key = credentials.credentials
    caller = cache.get(key)
    if caller is None:
        caller = await run_in_threadpool(_lookup, factory, key)
        if caller is None:
            raise ApiError(401, "the API key is unknown or revoked.")
        cache.put(key, caller)
    request.state.caller = caller
    return caller


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
