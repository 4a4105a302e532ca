"""Export the JSON Schema of every typed document, disclosure annotations included, to
``schemas/<schema-name>.json`` (issue 9 item 2).

``python -m ai_work_audit.documents.schemas [DIR]`` writes them (default: ``schemas``);
``--check`` exits 1, naming the stale files, when a committed schema differs from the models.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ai_work_audit.documents._registry import DOCUMENT_MODELS

PREFIX = "ai-work-audit/"


def schema_filename(schema_id: str) -> str:
    """``ai-work-audit/hiring-audit/v1`` → ``hiring-audit-v1.json``."""
    return schema_id.removeprefix(PREFIX).replace("/", "-") + ".json"


def render_schema(schema_id: str) -> str:
    """The JSON Schema of one document model, as committed (sorted keys, final newline)."""
    model = DOCUMENT_MODELS[schema_id]
    schema = model.model_json_schema(by_alias=True, mode="serialization")
    schema["x-schema-id"] = schema_id
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_schemas() -> dict[str, str]:
    """File name → content, for every document model."""
    return {schema_filename(sid): render_schema(sid) for sid in sorted(DOCUMENT_MODELS)}


def stale_schemas(folder: Path) -> list[str]:
    """The files of ``folder`` that are missing or differ from the models."""
    return [name for name, text in render_schemas().items()
            if not (folder / name).is_file()
            or (folder / name).read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    """Write (or ``--check``) the schemas; the exit code says whether they are current."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    rest = [a for a in args if a != "--check"]
    folder = Path(rest[0] if rest else "schemas")
    if check:
        stale = stale_schemas(folder)
        for name in stale:
            print(f"stale: {folder / name}", file=sys.stderr)
        return 1 if stale else 0
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
