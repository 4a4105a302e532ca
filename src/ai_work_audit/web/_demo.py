"""The demo's web side: its finished audits become the service's (so the pages show them),
and one account per role of the demo organisation, with one-time passwords."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Final

from sqlalchemy import select

from ai_work_audit.api._db import (
    AuditJobRow,
    UserRow,
    make_engine,
    make_sessionmaker,
    session_scope,
    utcnow,
)
from ai_work_audit.api._migrate import migrate
from ai_work_audit.api._settings import Settings
from ai_work_audit.web._accounts import USER_ROLES, _hasher, create_user, one_time_password

DEMO_ORG: Final = "demo-org"
#: The demo's audit documents (``demo.py`` writes them) and their kinds.
DEMO_DOCUMENTS: Final = (("hiring-selection.json", "hiring"), ("hiring-scoring.json", "hiring"),
                         ("hiring-funnel.json", "hiring"), ("monitoring.json", "monitoring"))


def demo_accounts(folder: Path, settings: Settings | None = None,
                  organisation: str = DEMO_ORG) -> list[tuple[str, str, str]]:
    """Import the demo's documents of ``folder`` as finished audits of ``organisation`` and
    (re)create one account per role; return (role, user name, one-time password)."""
    settings = settings or Settings()
    engine = make_engine(settings.db_url)
    try:
        migrate(engine, settings.workspace)
        with session_scope(make_sessionmaker(engine)) as session:
            for name, kind in DEMO_DOCUMENTS:
                path = folder / name
                if not path.is_file():
                    continue
                document = json.loads(path.read_text(encoding="utf-8"))
                audit_id = str(document.get("audit_id") or uuid.uuid4().hex)[:32]
                if session.get(AuditJobRow, audit_id) is not None:
                    continue
                now = utcnow()
                session.add(AuditJobRow(
                    id=audit_id, organisation=organisation, kind=kind, status="done",
                    system=str(document.get("system") or name.removesuffix(".json"))[:200],
                    params={"org": organisation}, lang="en", upload_path=None,
                    upload_name=name, upload_bytes=0, created_by="demo", created_at=now,
                    started_at=now, finished_at=now, attempts=1, result=document))
            accounts = []
            for role in USER_ROLES:
                user_name = f"demo-{role.value.replace('_', '-')}"
                row = session.scalar(select(UserRow).where(UserRow.name == user_name))
                if row is None:
                    _, password = create_user(session, organisation, role.value, user_name)
                else:  # a demo run again: a new one-time password
                    password = one_time_password()
                    row.password_hash, row.must_change = _hasher.hash(password), True
                    row.failed_logins, row.locked_until = 0, None
                accounts.append((role.value, user_name, password))
    finally:
        engine.dispose()
    return accounts
