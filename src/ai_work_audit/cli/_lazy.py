"""Commands built only when they are used, listed meanwhile by their one-line help.

``LazyGroup`` lists the audit commands from the registry's summaries and builds one only when
it runs (or shows its own help), so ``ai-work-audit --help`` imports neither pydantic nor an
audit.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

#: name → (one-line help, "module:function" returning the click command)
LAZY_COMMANDS: dict[str, tuple[str, str]] = {}
#: command → {sub-command name → "module:function"}: a command that takes an INPUT argument
#: and also has sub-commands (``hiring INPUT`` and ``hiring verify-summary FILE``).
LAZY_SUBCOMMANDS: dict[str, dict[str, str]] = {}


def lazy_command(name: str, summary: str, loader: str) -> None:
    """Register a command that is built by ``loader`` when it is first resolved."""
    LAZY_COMMANDS[name] = (summary, loader)


def lazy_subcommand(parent: str, name: str, loader: str) -> None:
    """Register ``parent name ...``: when the word after ``parent`` is ``name``, the command
    built by ``loader`` runs instead of ``parent`` (whose first argument is an input file)."""
    LAZY_SUBCOMMANDS.setdefault(parent, {})[name] = loader


def _load(loader: str) -> Any:
    module, _, attribute = loader.partition(":")
    return getattr(importlib.import_module(module), attribute)()


class _Placeholder(typer.core.TyperCommand):
    """What the root help lists for a lazy command: its name and one-line help."""

    def __init__(self, name: str, summary: str, loader: str) -> None:
        super().__init__(name=name, help=summary, short_help=summary)
        self.loader = loader

    def load(self) -> Any:
        return _load(self.loader)


class LazyGroup(TyperGroup):
    """A Typer group whose lazy commands (``lazy_command``) come first and load on use."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        eager = dict(self.commands)
        self.commands.clear()
        for name, (summary, loader) in LAZY_COMMANDS.items():
            self.commands[name] = _Placeholder(name, summary, loader)
        self.commands.update(eager)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        cmd = super().get_command(ctx, cmd_name)
        if isinstance(cmd, _Placeholder) and not ctx.resilient_parsing and \
                self._resolving:
            cmd = self.commands[cmd_name] = cmd.load()
        return cmd

    _resolving = False

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        subs = LAZY_SUBCOMMANDS.get(args[0], {}) if args else {}
        if len(args) >= 2 and args[1] in subs:
            return f"{args[0]} {args[1]}", _load(subs[args[1]]), args[2:]
        self._resolving = True
        try:
            return super().resolve_command(ctx, args)
        finally:
            self._resolving = False
