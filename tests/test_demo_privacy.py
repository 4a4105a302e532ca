"""The whole demo, then a scan of everything it wrote for the personal data it was fed.

design.md, "Privacy of the tool itself": nothing personal in reports, documents, MLflow params,
tags, metrics or artifacts, the evidence store or the console.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from rich.console import Console

from ai_work_audit.demo import run_demo
from ai_work_audit.privacy import Roster, detect_pii

pytestmark = pytest.mark.slow

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+33|0)[1-9](?:[ .]?\d{2}){4}")
#: Types the detector finds with a checksum or an unambiguous shape. Phone numbers are checked
#: by value above: the phone recognizer's low-score guesses fire on tables of counts.
DIRECT = {"EMAIL_ADDRESS", "IBAN_CODE", "FR_NIR", "CREDIT_CARD", "US_SSN"}


def _text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix == ".db":
        with sqlite3.connect(path) as db:
            rows = []
            for table in ("params", "tags", "metrics", "runs", "experiments"):
                rows += [" ".join(map(str, r)) for r in db.execute(f"SELECT * FROM {table}")]
        return "\n".join(rows)
    return path.read_bytes().decode("utf-8", errors="replace")


def test_demo_outputs_carry_no_planted_personal_data(tmp_path: Path,
                                                     _isolated_workspace: Path) -> None:
    folder = tmp_path / "demo"
    console = Console(file=(tmp_path / "console.txt").open("w"), width=120)
    run_demo(folder, rows=3_000, workers=40, console=console)
    console.file.close()
    printed = (tmp_path / "console.txt").read_text(encoding="utf-8")
    assert "/hiring-selection{.json,.md,.html,.pdf}" in printed  # one line per report
    assert "/self-assessment{.json,.oscal.json,.md,.html,.pdf}" in printed
    assert "band" not in printed.split("Where things are")[0].split("self-assessment of")[-1]

    logs = folder / "monitoring"
    roster = pd.read_csv(logs / "roster.csv")
    planted: set[str] = {str(v) for v in roster["employee_name"]}
    planted |= {str(v) for v in roster["email"]} | {str(v) for v in roster["user_id"]}
    for name in ("email.csv", "http.csv", "file.csv"):
        raw = (logs / name).read_text(encoding="utf-8")
        planted |= set(EMAIL.findall(raw)) | set(PHONE.findall(raw))
    candidates = pd.read_csv(folder / "data" / "candidates.csv")
    planted |= set(candidates["candidate_ref"].astype(str).head(500))
    assert len(planted) > 100

    inputs = {folder / "data", logs, folder / "evidence"}
    outputs = [p for p in folder.rglob("*") if p.is_file()
               and not any(parent in inputs for parent in p.parents)]
    outputs += [p for p in _isolated_workspace.rglob("*") if p.is_file()
                and p.suffix in {".json", ".md", ".html", ".db", ".jsonl", ".txt"}]
    outputs.append(tmp_path / "console.txt")
    assert any(p.suffix == ".pdf" for p in outputs)
    assert any(p.name == "mlflow.db" for p in outputs)

    roster_detector = Roster(names=roster["employee_name"].astype(str),
                             emails=roster["email"].astype(str))
    for path in outputs:
        text = _text_of(path)
        leaked = sorted(v for v in planted if v in text)
        assert not leaked, f"{path.name} carries {len(leaked)} planted value(s)"
        assert not roster_detector.find(text), path.name
        found = {e.type for entities in detect_pii(text.splitlines()) for e in entities}
        assert not (found & DIRECT), f"{path.name}: {sorted(found & DIRECT)}"
