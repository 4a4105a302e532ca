"""``ai-work-audit serve`` and ``ai-work-audit keys create``: the HTTP service (api/)."""

from __future__ import annotations

from typing import Annotated

import typer

from ai_work_audit.cli._common import app

keys_app = typer.Typer(help="Manage the service's API keys.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on "
                                             "(default: AI_WORK_AUDIT_HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default: AI_WORK_AUDIT_PORT or "
                                             "8000).")] = None,
    workers: Annotated[int | None, typer.Option(help="Audit worker processes (default: "
                                                "AI_WORK_AUDIT_WORKERS or 2).")] = None,
) -> None:
    """Run the HTTP service and its web pages; people log in at its address.

    The database is SQLite in the workspace unless AI_WORK_AUDIT_DATABASE_URL is set."""
    import uvicorn

    from ai_work_audit.api import Settings
    from ai_work_audit.web import create_app

    settings = Settings()
    updates = {k: v for k, v in {"host": host, "port": port, "workers": workers}.items()
               if v is not None}
    if updates:
        settings = settings.model_copy(update=updates)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level="info", access_log=False)


@keys_app.command("create")
def keys_create(
    org: Annotated[str, typer.Option("--org", help="Organisation the key belongs to.")],
    role: Annotated[str, typer.Option("--role", help="hr_analyst, worker_rep, "
                                      "compliance_officer, admin (its organisation's keys) "
                                      "or global_admin (every organisation's keys).")],
) -> None:
    """Create an API key and print it (once; only its hash is stored)."""
    from ai_work_audit.api._db import make_engine, make_sessionmaker, session_scope
    from ai_work_audit.api._keys import create_key
    from ai_work_audit.api._migrate import migrate
    from ai_work_audit.api._settings import Settings

    settings = Settings()
    engine = make_engine(settings.db_url)
    try:
        migrate(engine, settings.workspace)
        with session_scope(make_sessionmaker(engine)) as session:
            _, key = create_key(session, org, role)
    finally:
        engine.dispose()
    typer.echo(key)
