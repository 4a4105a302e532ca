"""``ai-work-audit demo``: the whole product on synthetic data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_work_audit.cli._common import LangOpt, Language, app, lang_code


@app.command()
def demo(
    folder: Annotated[Path, typer.Option(help="Where to write the demo data and reports.")] =
    Path("demo-output"),
    rows: Annotated[int, typer.Option(help="Synthetic candidates.")] = 40_000,
    lang: LangOpt = Language.en,
    serve: Annotated[bool, typer.Option("--serve", help="Then serve the web front (until "
                                        "Ctrl-C) for the demo accounts.")] = False,
) -> None:
    """Audit synthetic data with planted problems, write every report, print the web accounts.

    The web front's address and one account per role are printed last."""
    from ai_work_audit.api import Settings
    from ai_work_audit.demo import run_demo
    from ai_work_audit.web._demo import DEMO_ORG, demo_accounts

    run_demo(folder, rows=rows, lang=lang_code(lang))
    settings = Settings()
    accounts = demo_accounts(folder, settings)
    address = f"http://{settings.host}:{settings.port}/"
    typer.echo(f"Web front: {address}  (start it with `ai-work-audit serve`, or "
               "`ai-work-audit demo --serve`)")
    typer.echo(f"Demo accounts of {DEMO_ORG} (one-time passwords; the first login asks for a "
               "new one):")
    for role, name, password in accounts:
        typer.echo(f"  {role:<19} {name:<24} {password}")
    if serve:
        import uvicorn

        from ai_work_audit.web import create_app

        uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                    log_level="info", access_log=False)
