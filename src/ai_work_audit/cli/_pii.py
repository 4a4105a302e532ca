"""``ai-work-audit pii detect``: personal data in free text, one output line per record."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from ai_work_audit.cli._common import OutputOpt, app
from ai_work_audit.errors import InputError

pii_app = typer.Typer(help="Detect personal data in free text.", no_args_is_help=True)
app.add_typer(pii_app, name="pii")


class DetectLanguage(StrEnum):
    en = "en"
    fr = "fr"
    auto = "auto"


def _records(path: Path) -> list[dict[str, Any]]:
    """A JSON array or JSON Lines of objects; every bad line or item is reported by number."""
    if not path.exists() or path.is_dir():
        raise InputError(f"file {str(path)!r} does not exist or is a folder. Check the path.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    stripped = text.lstrip()
    problems: list[str] = []
    records: list[Any] = []
    if stripped.startswith("["):
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"the JSON array is malformed at line {exc.lineno}. Fix the file.",
                             source=str(path)) from None
        bad = [i for i, r in enumerate(records) if not isinstance(r, dict)]
        if bad:
            problems.append(f"items must be JSON objects; got {len(bad)} others (items "
                            f"{', '.join(map(str, bad[:10]))}).")
    else:
        bad_lines = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError:
                bad_lines.append(number)
                continue
            if not isinstance(value, dict):
                bad_lines.append(number)
                continue
            records.append(value)
        if bad_lines:
            problems.append(f"each line must be one JSON object; {len(bad_lines)} line(s) are "
                            f"not (lines {', '.join(map(str, bad_lines[:10]))}).")
    if problems:
        raise InputError(problems, source=str(path))
    return records


#: Records analysed (and written) at a time.
PART_TEXTS = 4_096


@pii_app.command("detect")
def detect(
    input: Annotated[Path, typer.Argument(help="A JSON array or JSON Lines of objects.")],
    text_field: Annotated[str, typer.Option(help="Field holding the text.")] = "text",
    id_field: Annotated[str | None, typer.Option(
        help="Field holding the record id (default: the record's position, from 0).")] = None,
    language: Annotated[DetectLanguage, typer.Option(help="Text language.")] =
    DetectLanguage.en,
    profile: Annotated[str, typer.Option(
        help="Detection profile: text (free text: dates, US licences) or logs (as the "
        "monitoring audit: no timestamps as dates).")] = "text",
    output: OutputOpt = None,
    jobs: Annotated[int | None, typer.Option(
        min=1, help="Processes running Presidio (default: every usable core, for large "
        "inputs).")] = None,
) -> None:
    """Detect personal data: offsets, types and scores per record — never the text itself."""
    from ai_work_audit.errors import ConfigError
    from ai_work_audit.privacy import PROFILES, AnalysisPool, check_jobs

    if profile not in PROFILES:
        raise ConfigError(f"--profile must be one of {', '.join(sorted(PROFILES))}; got "
                          f"{profile!r} instead.")
    records = _records(input)
    missing = [i for i, r in enumerate(records) if not isinstance(r.get(text_field), str)]
    no_id = [i for i, r in enumerate(records) if id_field is not None and id_field not in r]
    problems = []
    if missing:
        problems.append(f"field {text_field!r} must hold a string in every record; "
                        f"{len(missing)} record(s) lack it (records "
                        f"{', '.join(map(str, missing[:10]))}). Use --text-field.")
    if no_id:
        problems.append(f"field {id_field!r} is missing in {len(no_id)} record(s) (records "
                        f"{', '.join(map(str, no_id[:10]))}). Use --id-field.")
    if problems:
        raise InputError(problems, source=str(input))

    texts = [r[text_field] for r in records]
    ids = [r[id_field] if id_field else i for i, r in enumerate(records)]

    pool = AnalysisPool(check_jobs(jobs), config=PROFILES[profile])

    def lines() -> Iterator[str]:
        for start in range(0, len(texts), PART_TEXTS):
            detected = pool.detect(texts[start:start + PART_TEXTS],
                                   language=language.value)  # type: ignore[arg-type]
            for record_id, entities in zip(ids[start:start + PART_TEXTS], detected,
                                           strict=True):
                yield json.dumps({"id": record_id,
                                  "entities": [_entity(e) for e in entities]},
                                 ensure_ascii=False) + "\n"

    with pool:
        if output is None:
            for line in lines():
                sys.stdout.write(line)
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            with output.open("w", encoding="utf-8") as handle:
                handle.writelines(lines())
            typer.echo(f"wrote {output}", err=True)


def _entity(entity: Any) -> dict[str, Any]:
    return {"type": entity.type, "start": entity.start, "end": entity.end,
            "score": round(float(entity.score), 4)}
