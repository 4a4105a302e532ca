"""The typed document a renderer reads: validated once with ``documents.load_document``.

Source: issue 9 item 5 ("``reports/`` renders from the document model only"). A document of
another schema is refused with the renderer's own message; the marks that a representative
view adds and the document models do not declare (``suppressed``, ``<field>_suppressed``, the
``group`` of a suppressed keyed cell) are read with :func:`mark`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from ai_work_audit.documents import load_document

M = TypeVar("M", bound=BaseModel)


def typed_document(doc: Any, model: type[M], schema: str, error: type[Exception],
                   message: str) -> M:
    """``doc`` (a dict or a model) as ``model``; ``error(message)`` when it is of another
    schema (``message`` may use ``{got}``: the schema id given, or the type)."""
    if isinstance(doc, model):
        return doc
    if not isinstance(doc, Mapping) or doc.get("schema") != schema:
        got = (f"schema {doc.get('schema')!r}" if isinstance(doc, Mapping)
               else type(doc).__name__)
        raise error(message.format(got=got))
    loaded = load_document(doc)
    assert isinstance(loaded, model)  # the registry maps ``schema`` to ``model``
    return loaded


def mark(part: BaseModel | None, key: str) -> Any:
    """A value the model may not declare (a representative view's mark), or None; once a
    model declares the field, its value."""
    if part is None:
        return None
    if key in type(part).model_fields:
        return getattr(part, key)
    return (part.model_extra or {}).get(key)


def suppressed(part: BaseModel | None) -> bool:
    """Whether a representative view suppressed this cell (``{group, suppressed: true}``)."""
    return mark(part, "suppressed") is True
