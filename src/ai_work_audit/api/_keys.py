"""API keys: generated once, stored as a SHA-256 hash (the key itself is never stored)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ai_work_audit.api._db import ApiKeyRow, utcnow
from ai_work_audit.errors import ConfigError

KEY_PREFIX = "awa_"
ORG_MSG = ("'organisation' must be a non-empty name of at most 200 printable characters; "
           "got another value instead.")
ROLE_MSG = "'role' must be one of {roles}; got another value instead."


class Role(StrEnum):
    hr_analyst = "hr_analyst"
    worker_rep = "worker_rep"
    compliance_officer = "compliance_officer"
    admin = "admin"
    #: Administers every organisation's keys; a separate, explicit role (never implied by
    #: ``admin``), whose actions are written to each affected organisation's access log.
    global_admin = "global_admin"


def hash_key(key: str) -> str:
    """SHA-256 of the key (keys carry 256 random bits, so a fast hash is enough)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_organisation(organisation: object) -> str:
    if (not isinstance(organisation, str) or not organisation.strip() or len(organisation) > 200
            or not organisation.isprintable()):
        raise ConfigError(ORG_MSG)
    return organisation


def create_key(session: Session, organisation: str, role: str) -> tuple[ApiKeyRow, str]:
    """Store a new key for ``organisation`` and ``role``; return the row and the key (once)."""
    check_organisation(organisation)
    if role not in Role.__members__:
        raise ConfigError(ROLE_MSG.format(roles=", ".join(Role.__members__)))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(id=uuid.uuid4().hex, prefix=key[: len(KEY_PREFIX) + 6],
                    key_hash=hash_key(key), organisation=organisation, role=role,
                    created_at=utcnow())
    session.add(row)
    session.flush()
    return row, key


def find_key(session: Session, key: str) -> ApiKeyRow | None:
    """The active key row matching ``key``, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    row = session.scalar(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key)))
    if row is None or row.revoked_at is not None:
        return None
    return row
