"""The worker-representative view of the service: the library's ``disclosure`` view.

Kept for the service's imports: ``suppress_small_cells`` is ``disclosure.representative_view``
(every category with fewer than k people replaced by ``{"group": …, "suppressed": true}``,
every unannotated or person-level field withheld) and ``mark_suppressed_for_rendering`` is
``disclosure.mark_for_rendering``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ai_work_audit.disclosure import mark_for_rendering, representative_view
from ai_work_audit.errors import ConfigError

#: Keys whose value counts the people of a category (the view before the typed documents
#: guessed them; tests still check these never show a count under k).
PEOPLE_KEYS: Final = ("applicants", "workers", "count", "people")
#: Keys of worker-level data; no view carries them.
WORKER_LEVEL_KEYS: Final = frozenset({
    "samples", "sample", "worker_id", "worker_ids", "workers_list", "per_worker", "by_worker",
    "worker", "pseudonym", "pseudonyms", "examples",
})
mark_suppressed_for_rendering = mark_for_rendering


def suppress_small_cells(document: Mapping[str, Any], k: int) -> dict[str, Any]:
    """A worker representative's view of an audit document (``disclosure.representative_view``);
    a bad ``k`` is a ValueError, as before."""
    try:
        return representative_view(document, k)
    except ConfigError as exc:
        raise ValueError(str(exc)) from None
