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
) -> None:
    """Generate synthetic data with planted problems, audit it and write every report."""
    from ai_work_audit.demo import run_demo

    run_demo(folder, rows=rows, lang=lang_code(lang))
