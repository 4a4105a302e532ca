"""Every bad input: exit code 2, one line starting with 'error:', no traceback, no cell value."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from .helpers import run_cli

SECRET = "Zorglub-7731"  # a cell value that must never be echoed


def _csv(text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "input.csv"
        path.write_bytes(text.encode(encoding))
        return path
    return make


def _file(name: str, content: bytes) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(content)
        return path
    return make


def _nested_parquet(folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "input.parquet"
    pq.write_table(pa.table({"sex": [[SECRET], ["F"]], "d": [1, 0]}), path)
    return path


def _bad_cp1252_tail(folder: Path) -> Path:
    path = folder / "input.csv"
    body = b"sex,d\n" + b"F\xe9minin,1\n" * 120_000 + b"M\x81,0\n"  # 0x81: undefined in cp1252
    path.write_bytes(body)
    return path


CASES = {
    "nested column": (_nested_parquet, ["--group", "sex", "--outcome", "d"], "text or numbers"),
    "undecodable tail": (_bad_cp1252_tail, ["--group", "sex", "--outcome", "d"], "UTF-8"),
    "missing column": (_csv(f"sex,decision\nF,1\n{SECRET},0\n"),
                       ["--group", "gender", "--outcome", "decision"], "column 'gender'"),
    "non-binary outcome": (_csv(f"sex,decision\nF,1\nM,{SECRET}\nM,maybe\n"),
                           ["--group", "sex", "--outcome", "decision"], "rows 2, 3"),
    "non-numeric score": (_csv(f"sex,score\nF,1.5\nM,{SECRET}\n"),
                          ["--group", "sex", "--score", "score"], "column 'score'"),
    "NaN score": (_csv("sex,score\nF,1.5\nM,NaN\nM,\n"),
                  ["--group", "sex", "--score", "score"], "rows 2, 3"),
    "empty file": (_file("input.csv", b""), ["--group", "sex", "--outcome", "d"], "empty"),
    "header only": (_csv("sex,d\n"), ["--group", "sex", "--outcome", "d"], "no data rows"),
    "no known group value": (_csv("sex,d\nUnknown,1\n,0\n"),
                             ["--group", "sex", "--outcome", "d"], "no known category"),
    "ragged csv": (_csv(f"sex,d\nF,1\nM,0,{SECRET}\n"),
                   ["--group", "sex", "--outcome", "d"], "line 3"),
    "unclosed quote in the last column": (
        _csv(f'sex,d,note\nF,1,ok\nM,0,"{SECRET}\nF,1,x\nM,0,y\n'),
        ["--group", "sex", "--outcome", "d"], "data row 2 opens a quoted value in column 'note'"),
    "json array": (_file("input.jsonl", json.dumps([{"sex": SECRET, "d": 1}]).encode()),
                   ["--group", "sex", "--outcome", "d"], "JSON Lines"),
    "broken json line": (_file("input.jsonl", b'{"sex": "F", "d": 1}\n{"sex": "Zorglub-7731"\n'),
                         ["--group", "sex", "--outcome", "d"], "line 2"),
    "unknown suffix": (_file("input.xlsx", b"PK\x03\x04"), ["--group", "sex", "--outcome", "d"],
                       ".xlsx"),
    "broken parquet": (_file("input.parquet", b"PAR1" + SECRET.encode()),
                       ["--group", "sex", "--outcome", "d"], "Parquet"),
    "selected above applicants": (_csv(f"sex,n,k\nF,10,11\n{SECRET},5,2\n"),
                                  ["--group", "sex", "--applicants", "n", "--selected", "k"],
                                  "must not exceed"),
    "negative count": (_csv("sex,n,k\nF,-1,0\nM,5,2\n"),
                       ["--group", "sex", "--applicants", "n", "--selected", "k"], "whole"),
    "two modes": (_csv("sex,d,s\nF,1,2\n"),
                  ["--group", "sex", "--outcome", "d", "--score", "s"], "exactly one"),
    "no mode": (_csv("sex,d\nF,1\n"), ["--group", "sex"], "exactly one"),
    "bad exclude": (_csv("sex,d\nF,1\n"),
                    ["--group", "sex", "--outcome", "d", "--exclude-under", "2"],
                    "--exclude-under"),
    "bad label": (_csv(f"sex,d,y\nF,1,{SECRET}\nM,0,1\n"),
                  ["--group", "sex", "--outcome", "d", "--label", "y"], "column 'y'"),
    "bad period": (_csv(f"sex,d,when\nF,1,{SECRET}\nM,0,2026-01-03\n"),
                   ["--group", "sex", "--outcome", "d", "--period", "when"], "column 'when'"),
    "missing file": (lambda folder: folder / "nope.csv", ["--group", "sex", "--outcome", "d"],
                     "does not exist"),
    "unknown option": (_csv("sex,d\nF,1\n"), ["--group", "sex", "--outcome", "d", "--bogus"],
                       "--bogus"),
    "pdf to stdout": (_csv("sex,d\nF,1\nM,0\n"),
                      ["--group", "sex", "--outcome", "d", "--format", "pdf", "--no-ledger"],
                      "--output"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_exits_2_with_one_clean_line(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, args, expected = CASES[case]
    path = make(tmp_path)
    result = run_cli(capsys, "hiring", str(path), *args, "--no-ledger")
    assert result.code == 2, (case, result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert expected in lines[0]
    assert "Traceback" not in result.stderr and SECRET not in result.stderr + result.stdout


def test_all_problems_are_reported_together(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.csv"
    path.write_text("sex,d\nF,1\n")
    result = run_cli(capsys, "hiring", str(path), "--group", "gendr", "--group", "age",
                     "--outcome", "decison", "--no-ledger")
    assert result.code == 2
    assert "'gendr'" in result.stderr and "'age'" in result.stderr and "'decison'" in \
        result.stderr
    assert "did you mean 'd'" in result.stderr or "'d'" in result.stderr


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [("utf-8", ",", False), ("utf-8", ";", True), ("cp1252", ";", False),
     ("utf-8", "\t", False)],
)
def test_french_exports_are_read(tmp_path: Path, encoding: str, delimiter: str, bom: bool,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    frame = pd.DataFrame({"genre": ["Femme", "Homme", "Femme", "Homme"],
                          "région": ["Île-de-France", "Côte-d'Or", "Île-de-France", "Nièvre"],
                          "retenu": ["oui" if i % 2 else "yes" for i in range(4)]})
    frame["retenu"] = ["yes", "no", "no", "yes"]
    text = frame.to_csv(index=False, sep=delimiter)
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    result = run_cli(capsys, "hiring", str(path), "--group", "genre", "--group", "région",
                     "--outcome", "retenu", "--format", "json", "--no-ledger")
    assert result.code == 0, result.stderr
    doc = json.loads(result.stdout)
    groups = {r["group"]["région"] for r in doc["tables"][1]["rows"]}
    assert groups == {"Île-de-France", "Côte-d'Or", "Nièvre"}
