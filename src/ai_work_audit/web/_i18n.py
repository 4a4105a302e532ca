"""The web front's texts in English and French (``messages/{en,fr}.yaml``, one YAML loader)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

from ai_work_audit.vocab._yaml import load_yaml_with_lines

LANGS: Final = ("en", "fr")
MESSAGES_DIR: Final = Path(__file__).with_name("messages")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """Every text of ``lang``, by key."""
    data, _ = load_yaml_with_lines((MESSAGES_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in dict(data).items()}


def text(key: str, lang: str, /, **values: Any) -> str:
    """The text ``key`` in ``lang`` (English when the language is unknown), filled in."""
    template = catalogue(lang if lang in LANGS else "en")[key]
    return template.format(**values) if values else template
