"""Start-up of the command line: no garbage collection while the modules load (issue 9 item 9).

Loading numpy, pyarrow, pydantic and the audit modules allocates a few hundred thousand
long-lived objects, and CPython's cyclic collector scans them again and again while they load
(about a tenth of a small audit's CPU time). ``main`` pauses the collector; the root callback,
which every sub-command passes through before it runs, freezes what is loaded by then
(``gc.freeze``: the collector no longer scans it) and resumes collection, so that a command runs
with the collector on. When ``main`` returns, the frozen objects are handed back to the
collector (``gc.unfreeze``), so that a process calling ``main`` many times (the tests) does not
keep their garbage.
"""

from __future__ import annotations

import gc

_state = {"paused": False, "frozen": False}


def pause_collection() -> None:
    """Pause the cyclic collector while the command line loads (when it is on)."""
    if gc.isenabled():
        gc.disable()
        _state["paused"] = True


def resume_collection() -> None:
    """Freeze the objects loaded so far and resume the collector that ``pause_collection``
    paused (nothing when it did not pause it)."""
    if _state["paused"]:
        _state["paused"] = False
        gc.freeze()
        _state["frozen"] = True
        gc.enable()


def end_start_up() -> None:
    """Leave the collector as ``main`` found it: on when it was on, nothing frozen by us."""
    if _state["paused"]:
        _state["paused"] = False
        gc.enable()
    if _state["frozen"]:
        _state["frozen"] = False
        gc.unfreeze()
