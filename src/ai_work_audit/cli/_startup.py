"""Start-up of the command line (issue 9 item 9): what loading the command costs, kept small.

Loading numpy, pyarrow, pydantic and the audit modules allocates a few hundred thousand
long-lived objects, and CPython's cyclic collector scans them again and again while they load
(about a tenth of a small audit's CPU time). ``main`` pauses the collector; the root callback,
which every sub-command passes through before it runs, freezes what is loaded by then
(``gc.freeze``: the collector no longer scans it) and resumes collection, so that a command runs
with the collector on. When ``main`` returns, the frozen objects are handed back to the
collector (``gc.unfreeze``), so that a process calling ``main`` many times (the tests) does not
keep their garbage.

Pydantic plugins are not looked for either (``PYDANTIC_DISABLE_PLUGINS=__all__`` while ``main``
runs, unless the variable is set): finding them scans the entry points of every installed
distribution (about 10 ms) and the tool declares none. Set ``PYDANTIC_DISABLE_PLUGINS=``
(empty) to load them.
"""

from __future__ import annotations

import gc
import os

PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"

_state = {"paused": False, "frozen": False, "plugins": False}


def begin_start_up() -> None:
    """Pause the cyclic collector while the command line loads (when it is on) and leave
    pydantic plugins out (unless ``PYDANTIC_DISABLE_PLUGINS`` is set)."""
    if PLUGINS_ENV not in os.environ:
        os.environ[PLUGINS_ENV] = "__all__"
        _state["plugins"] = True
    if gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume_collection() -> None:
    """Freeze the objects loaded so far and resume the collector that ``begin_start_up``
    paused (nothing when it did not pause it)."""
    if _state["paused"]:
        _state["paused"] = False
        gc.freeze()
        _state["frozen"] = True
        gc.enable()


def end_start_up() -> None:
    """Leave the process as ``main`` found it: the collector on when it was on, nothing frozen
    by us, ``PYDANTIC_DISABLE_PLUGINS`` as it was."""
    if _state["paused"]:
        _state["paused"] = False
        gc.enable()
    if _state["frozen"]:
        _state["frozen"] = False
        gc.unfreeze()
    if _state["plugins"]:
        _state["plugins"] = False
        os.environ.pop(PLUGINS_ENV, None)
