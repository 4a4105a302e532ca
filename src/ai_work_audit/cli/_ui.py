"""``ai-work-audit ui``: open the MLflow UI on the workspace's store."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from ai_work_audit.cli._common import app
from ai_work_audit.errors import ConfigError


@app.command()
def ui(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 5000,
) -> None:
    """Open the MLflow UI on this workspace's runs (`make ui` installs the full mlflow)."""
    from ai_work_audit.ledger import mlflow_ui_command

    command = [*mlflow_ui_command(), "--host", host, "--port", str(port)]
    typer.echo(f"MLflow UI on http://{host}:{port} (Ctrl-C to stop)", err=True)
    try:
        os.execvp(command[0], command)
    except OSError:
        raise ConfigError("the mlflow command could not be started; run `make ui`, which "
                          "installs the full mlflow package beside the tool.") from None
