"""``ai-work-audit users add``: people's accounts of the web front (web/)."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_work_audit.cli._common import app

users_app = typer.Typer(help="Manage the web front's user accounts.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add(
    org: Annotated[str, typer.Option("--org", help="Organisation the person belongs to.")],
    role: Annotated[str, typer.Option("--role", help="hr_analyst, worker_rep, "
                                      "compliance_officer or admin.")],
    name: Annotated[str, typer.Option("--name", help="User name to log in with.")],
) -> None:
    """Create an account; print its one-time password as the last word (changed at first
    login; only an argon2 hash is stored)."""
    from ai_work_audit.api._db import make_engine, make_sessionmaker, session_scope
    from ai_work_audit.api._migrate import migrate
    from ai_work_audit.api._settings import Settings
    from ai_work_audit.web import create_user

    settings = Settings()
    engine = make_engine(settings.db_url)
    try:
        migrate(engine, settings.workspace)
        with session_scope(make_sessionmaker(engine)) as session:
            _, password = create_user(session, org, role, name)
    finally:
        engine.dispose()
    typer.echo(f"user {name} ({role}, {org}) created; one-time password: {password}")
