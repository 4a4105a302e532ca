"""The ``ai-work-audit`` command line: a thin Typer layer over the library (contracts.md).

Exit codes: 0 ran (whatever it found); 1 a ``--fail-on`` gate tripped; 2 bad input, spec or
usage — one line on stderr starting with ``error:``, never a traceback. Each sub-command group
lives in its own module; importing them registers them on ``app``.
"""

from __future__ import annotations

import os
import sys

import typer
from typer.exceptions import TyperException

from ai_work_audit.cli import (  # noqa: F401  (registers)
    _access,
    _assessment,
    _demo,
    _evidence,
    _hiring,
    _monitoring,
    _pii,
    _policies,
    _serve,
    _ui,
    _users,
)
from ai_work_audit.cli._common import app
from ai_work_audit.cli._startup import begin_start_up, end_start_up
from ai_work_audit.errors import AuditError

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> None:
    """Console entry point: map every error to the exit codes of contracts.md."""
    begin_start_up()  # while the command's modules load (cli._startup)
    try:
        result = app(args=argv, standalone_mode=False, prog_name="ai-work-audit")
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        _fail("aborted", 130)
    except TyperException as exc:
        _fail(exc.format_message() or "a command or argument is missing; see --help.", 2)
    except AuditError as exc:
        _fail(str(exc), 2)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except Exception as exc:  # last resort: no traceback, no data in the message
        if os.environ.get("AI_WORK_AUDIT_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}); rerun with AI_WORK_AUDIT_DEBUG=1 for "
              "details and report it", 3)
    finally:
        end_start_up()
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> None:
    line = " ".join(message.split())
    sys.stderr.write(f"error: {line}\n")
    sys.exit(code)
