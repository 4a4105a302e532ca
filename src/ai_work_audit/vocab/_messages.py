"""The message catalogue: every fixed text of the reports and findings, in English and French.

The texts live in ``vocab/messages/{en,fr}.yaml`` (section → message id → text, ``{name}``
placeholders filled by ``str.format``). Sections only group the ids; the id alone is looked up,
so an id is unique across sections. French typography (non-breaking spaces) is the reports'
concern (``reports._i18n.Lang``); :func:`message` returns the text as written.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab._yaml import load_yaml_with_lines, plain

LANGUAGES: Final[tuple[str, ...]] = ("en", "fr")
#: The section of the shipped policy packs' texts: ``<pack>.title``, ``<rule id>.<text>``.
FINDINGS_SECTION: Final = "findings"
CATALOGUE_DIR: Final = Path(__file__).parent / "messages"

ERR_SHAPE: Final = (
    "the message catalogue {file} must map each section to a mapping of message id → text; "
    "got {got} instead. Fix the file's structure."
)
ERR_DUPLICATE: Final = (
    "message id {msg_id!r} must appear in one section of {file}; got it in {count} instead. "
    "Keep one."
)
ERR_UNKNOWN: Final = (
    "message id {msg_id!r} must be in the message catalogue; got an unknown id instead. "
    "Add it to vocab/messages/en.yaml and fr.yaml."
)
ERR_LANG: Final = "the language must be one of {allowed}; got {got!r} instead."

def _read(lang: str) -> dict[str, dict[str, str]]:
    """One language file as section → id → text, its shape checked."""
    path = CATALOGUE_DIR / f"{lang}.yaml"
    data: Any = plain(load_yaml_with_lines(path.read_text(encoding="utf-8"), cached=True)[0])
    if not isinstance(data, dict):
        raise ConfigError(ERR_SHAPE.format(file=path.name, got=type(data).__name__))
    for section, entries in data.items():
        if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()
        ):
            raise ConfigError(ERR_SHAPE.format(file=path.name,
                                               got=f"a malformed section {section!r}"))
    return data


@cache
def catalogue_sections(lang: str) -> dict[str, dict[str, str]]:
    """Section → message id → text of ``lang``, in file order."""
    if lang not in LANGUAGES:
        raise ConfigError(ERR_LANG.format(allowed=", ".join(LANGUAGES), got=lang))
    return _read(lang)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Message id → text of ``lang`` (sections flattened; an id in two sections is an error)."""
    flat: dict[str, str] = {}
    sections = catalogue_sections(lang)
    for entries in sections.values():
        for msg_id, text in entries.items():
            if msg_id in flat:
                count = sum(msg_id in e for e in sections.values())
                raise ConfigError(ERR_DUPLICATE.format(msg_id=msg_id, file=f"{lang}.yaml",
                                                       count=count))
            flat[msg_id] = text
    return flat


def finding_text(msg_id: str, lang: str) -> str | None:
    """The text of a shipped pack (``findings`` section) in ``lang``; None when absent."""
    return catalogue_sections(lang).get(FINDINGS_SECTION, {}).get(msg_id)


def all_messages() -> dict[str, dict[str, str]]:
    """Message id → ``{"en": …, "fr": …}``; an id missing in a language is left out there."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        for msg_id, text in catalogue(lang).items():
            out.setdefault(msg_id, {})[lang] = text
    return out


def placeholders(text: str) -> set[str]:
    """The ``{name}`` fields of a ``str.format`` template (a pack's may be dotted fact ids)."""
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def message(msg_id: str, lang: str, /, **values: object) -> str:
    """The text of ``msg_id`` in ``lang``, with its ``{name}`` fields filled from ``values``."""
    try:
        text = catalogue(lang)[msg_id]
    except KeyError:
        raise ConfigError(ERR_UNKNOWN.format(msg_id=msg_id)) from None
    return text.format(**values) if values else text


def in_every_language(msg_id: str, /, **values: object) -> dict[str, str]:
    """``{"en": …, "fr": …}``: ``msg_id`` filled with the same ``values`` in every language
    (a document field that a report of any language can show, e.g. ``warning_messages``)."""
    return {lang: message(msg_id, lang, **values) for lang in LANGUAGES}


def _fill(msg_id: str, lang: str, values: Mapping[str, object]) -> str:
    """``msg_id`` in ``lang``; a value that is itself a :class:`Message` is told in ``lang``."""
    return message(msg_id, lang, **{name: value.text(lang) if isinstance(value, Message) else value
                                    for name, value in values.items()})


class Message(str):
    """A catalogue text that reads as its English text (a ``str``: logs, ``warnings`` lists and
    comparisons see English, as before) and keeps its id and values, so that it can be told in
    every language (``text(lang)``, ``texts()``). A value may itself be a ``Message`` (e.g. a
    list of files ending "and 3 more"), told in the same language."""

    msg_id: str
    values: Mapping[str, object]

    def __new__(cls, msg_id: str, /, **values: object) -> Message:
        self = super().__new__(cls, _fill(msg_id, "en", values))
        self.msg_id = msg_id
        self.values = values
        return self

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, object]]:  # pickle, copy
        return (self.msg_id,), dict(self.values)

    def text(self, lang: str) -> str:
        """The text in ``lang``."""
        return _fill(self.msg_id, lang, self.values)

    def texts(self) -> dict[str, str]:
        """``{"en": …, "fr": …}``."""
        return {lang: self.text(lang) for lang in LANGUAGES}


def told_in(texts: Iterable[str], lang: str) -> list[str]:
    """Each text in ``lang``: a :class:`Message` is translated, a plain ``str`` kept as it is."""
    return [t.text(lang) if isinstance(t, Message) else str(t) for t in texts]


def in_every_language_each(texts: Iterable[str]) -> list[dict[str, str]]:
    """``[{"en": …, "fr": …}, …]``, one per text (a plain ``str`` reads the same in every
    language): a document's ``warning_messages`` beside its ``warnings``."""
    return [t.texts() if isinstance(t, Message) else dict.fromkeys(LANGUAGES, str(t))
            for t in texts]
