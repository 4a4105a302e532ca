"""People's accounts of the web front: argon2id password hashes, one-time passwords, lock-out.

Passwords are hashed with argon2id (RFC 9106; ``argon2-cffi``'s defaults, OWASP Password
Storage Cheat Sheet) and never stored, logged or shown again; a new account's password is
one-time (the first login must change it). After ``LOCKOUT_AFTER`` failed logins in a row the
account is locked for ``LOCKOUT_S`` seconds (OWASP Authentication Cheat Sheet, "Account
lockout"); a locked account answers exactly as a wrong password does.
"""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import datetime, timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ai_work_audit.api._db import UserRow, WebSessionRow, utcnow
from ai_work_audit.api._keys import Role, check_organisation
from ai_work_audit.errors import ConfigError

LOCKOUT_AFTER: Final = 5
LOCKOUT_S: Final = 15 * 60
MIN_PASSWORD: Final = 12
#: Roles a person may have (``global_admin`` stays an API-key role).
USER_ROLES: Final = (Role.hr_analyst, Role.worker_rep, Role.compliance_officer, Role.admin)
NAME_MSG = ("'name' must be 3 to 100 characters: letters, digits, '.', '_', '-' or '@'; got "
            "another value instead.")
ROLE_MSG = "'role' must be one of {roles}; got another value instead."
TAKEN_MSG = "'name' must be a new user name; got one that already exists instead."
WEAK_MSG = (f"the new password must have at least {MIN_PASSWORD} characters and differ from "
            "the user name; got a shorter or equal one instead.")
_NAME = re.compile(r"^[A-Za-z0-9._@-]{3,100}$")
_hasher = PasswordHasher()


def one_time_password() -> str:
    """A random password of 20 URL-safe characters (about 120 bits)."""
    return secrets.token_urlsafe(15)


def create_user(session: Session, organisation: str, role: str, name: str) -> tuple[UserRow, str]:
    """Store a new account; return it and its one-time password (shown once)."""
    check_organisation(organisation)
    if role not in {r.value for r in USER_ROLES}:
        raise ConfigError(ROLE_MSG.format(roles=", ".join(r.value for r in USER_ROLES)))
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(NAME_MSG)
    if session.scalar(select(func.count()).select_from(UserRow).where(
            UserRow.name == name)):
        raise ConfigError(TAKEN_MSG)
    password = one_time_password()
    row = UserRow(id=uuid.uuid4().hex[:30], name=name, organisation=organisation, role=role,
                  password_hash=_hasher.hash(password), must_change=True, lang="en",
                  failed_logins=0, created_at=utcnow())
    session.add(row)
    session.flush()
    return row, password


def _verify(hash_: str, password: str) -> bool:
    try:
        return _hasher.verify(hash_, password)
    except (VerificationError, InvalidHashError):
        return False


#: Verified against when the name is unknown, so that both cases take the same time.
_DUMMY_HASH: Final = _hasher.hash(secrets.token_urlsafe(16))


def authenticate(session: Session, name: str, password: str,
                 now: datetime | None = None) -> UserRow | None:
    """The account when ``password`` is right and the account is neither locked nor disabled;
    None otherwise (a failure counts towards the lock-out)."""
    now = now or utcnow()
    row = session.scalar(select(UserRow).where(UserRow.name == name[:100]))
    if row is None or row.disabled_at is not None:
        _verify(_DUMMY_HASH, password)
        return None
    if row.locked_until is not None and row.locked_until > now:
        return None
    if not _verify(row.password_hash, password):
        row.failed_logins += 1
        if row.failed_logins >= LOCKOUT_AFTER:
            row.locked_until = now + timedelta(seconds=LOCKOUT_S)
            row.failed_logins = 0
        session.flush()
        return None
    row.failed_logins, row.locked_until = 0, None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    session.flush()
    return row


def change_password(session: Session, user: UserRow, current: str, new: str) -> bool:
    """Set a new password when ``current`` is right (ConfigError when ``new`` is too weak);
    every other session of the account ends."""
    if not _verify(user.password_hash, current):
        return False
    if len(new) < MIN_PASSWORD or new == user.name or new == current:
        raise ConfigError(WEAK_MSG)
    user.password_hash = _hasher.hash(new)
    user.must_change = False
    session.query(WebSessionRow).filter(WebSessionRow.user_id == user.id).delete()
    session.flush()
    return True
