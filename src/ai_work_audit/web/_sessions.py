"""Browser sessions: a random token in an HttpOnly, Secure, SameSite=Strict cookie; the
database keeps only its SHA-256, the user and the session's CSRF token (OWASP Session
Management and CSRF Prevention Cheat Sheets: synchronizer token pattern).

A new token is issued at every login (a token planted before login is never promoted: session
fixation), and the session ends at logout, at a password change and after ``SESSION_S``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from sqlalchemy.orm import Session

from ai_work_audit.api._db import UserRow, WebSessionRow, utcnow

COOKIE: Final = "awa_session"
SESSION_S: Final = 8 * 3600


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class WebUser:
    """The logged-in person as pages see it (never the password hash)."""

    id: str
    name: str
    organisation: str
    role: str
    lang: str
    must_change: bool
    csrf: str
    token_hash: str


def start_session(session: Session, user: UserRow) -> str:
    """A new session of ``user``; returns the cookie's token (shown to the browser only)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(WebSessionRow(token_hash=_hash(token), user_id=user.id,
                              csrf=secrets.token_urlsafe(32), created_at=now,
                              expires_at=now + timedelta(seconds=SESSION_S)))
    session.flush()
    return token


def find_session(session: Session, token: str | None) -> WebUser | None:
    """The session's user, or None when the token is unknown, expired or its user disabled."""
    if not token or len(token) > 100:
        return None
    row = session.get(WebSessionRow, _hash(token))
    if row is None:
        return None
    if row.expires_at <= utcnow():
        session.delete(row)
        return None
    user = session.get(UserRow, row.user_id)
    if user is None or user.disabled_at is not None:
        return None
    return WebUser(id=user.id, name=user.name, organisation=user.organisation, role=user.role,
                   lang=user.lang, must_change=user.must_change, csrf=row.csrf,
                   token_hash=row.token_hash)


def end_session(session: Session, token_hash: str) -> None:
    session.query(WebSessionRow).filter(WebSessionRow.token_hash == token_hash).delete()


def csrf_ok(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the form's CSRF token with the session's."""
    return bool(given) and hmac.compare_digest(expected.encode(), str(given).encode())
