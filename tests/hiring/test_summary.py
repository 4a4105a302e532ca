"""The published LL144 summary (6 RCNY § 5-303) and its consistency checker (issue 12).

Clean summaries are written from the rulebook's worked examples, by the tool and by hand;
corrupted ones must be flagged, each corruption by name, and clean ones never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.helpers import run_cli

from ai_work_audit.errors import InputError
from ai_work_audit.hiring._summary import read_summary, verify_summary
from ai_work_audit.reports._ll144 import ll144_summary, ll144_summary_csv

# DCWP rule text, scoring rate ("culture fit"): male 92 people at 54.3 %, ratio 1.00; female 76
# at 44.7 %, ratio 0.82 (50 and 34 people scoring above the median).
DCWP_BY_HAND = """table,category,applicants,selected,scoring_rate,impact_ratio
sex,Male,92,50,54.3%,1.00
sex,Female,76,34,44.7%,0.82
"""
# EEOC Questions and Answers: 48 of 80 against 12 of 40, ratio 0.50; plus a category under 2 %
# left out of the ratios (§ 5-301(d)).
EEOC_BY_HAND = """table,category,applicants,selected,selection_rate,impact_ratio
race,White,80,48,0.60,1.000
race,Black,40,12,0.30,0.500
race,Other,2,1,0.50,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [DCWP_BY_HAND, EEOC_BY_HAND])
def test_hand_written_summaries_of_the_worked_examples_are_consistent(
        tmp_path: Path, text: str) -> None:
    assert verify_summary(read_summary(_write(tmp_path, "s.csv", text))) == []


def _audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    counts = _write(tmp_path, "counts.csv",
                    "sex,race,n,k\nF,W,40,12\nF,B,35,6\nM,W,50,20\nM,B,30,11\nF,,6,2\n")
    result = run_cli(capsys, "hiring", str(counts), "--applicants", "n", "--selected", "k",
                     "--group", "sex", "--group", "race", "--format", "json", "--no-ledger")
    assert result.code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_the_tools_own_summary_is_consistent_and_complete(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    document = _audit(tmp_path, capsys)
    summary = ll144_summary(document)
    assert summary["schema"] == "ai-work-audit/ll144-summary/v1"
    assert [t["table"] for t in summary["tables"]] == ["sex", "race", "sex × race"]
    assert summary["unknown"] == 0 and summary["tables"][1]["unknown"] == 6
    path = _write(tmp_path, "published.csv", ll144_summary_csv(document))
    assert verify_summary(read_summary(path)) == []


CORRUPTIONS = [
    ("rate", "race,Black,40,12,0.35,0.500", "selection_rate"),
    ("ratio", "race,Black,40,12,0.30,0.600", "impact_ratio"),
    ("ratio above 1", "race,Black,40,12,0.30,1.200", "impact_ratio"),
    ("selected above applicants", "race,Black,40,52,0.30,0.500", "selected"),
    ("unjustified exclusion", "race,Black,40,12,0.30,", "impact_ratio"),
    ("missing category", "race,,40,12,0.30,0.500", "category"),
    ("missing count", "race,Black,,12,0.30,0.500", "applicants"),
]


@pytest.mark.parametrize(("name", "line", "field"), CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def test_every_planted_corruption_is_named(tmp_path: Path, name: str, line: str,
                                           field: str) -> None:
    text = EEOC_BY_HAND.replace("race,Black,40,12,0.30,0.500", line)
    found = verify_summary(read_summary(_write(tmp_path, "s.csv", text)))
    assert [f.field for f in found] == [field], (name, found)


def test_a_top_category_below_1_is_flagged(tmp_path: Path) -> None:
    text = DCWP_BY_HAND.replace("54.3%,1.00", "54.3%,0.95")
    found = verify_summary(read_summary(_write(tmp_path, "s.csv", text)))
    assert [(f.category, f.field, f.expected) for f in found] == [("Male", "impact_ratio", "1")]


@pytest.mark.parametrize(("text", "match"), [
    ("a,b\n1,2\n", "must have the columns"),
    ("table,category,applicants,selected,selection_rate,impact_ratio\n"
     "sex,F,many,1,0.5,1\n", "row 1, column 'applicants'"),
    ("table,category,applicants,selected,selection_rate,impact_ratio\n", "at least one"),
])
def test_bad_summaries_are_input_errors(tmp_path: Path, text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        read_summary(_write(tmp_path, "s.csv", text))


def test_formula_like_category_names_are_neutralised(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    counts = _write(tmp_path, "counts.csv", "sex,n,k\n=HYPERLINK(1),40,12\nM,50,20\n")
    result = run_cli(capsys, "hiring", str(counts), "--applicants", "n", "--selected", "k",
                     "--group", "sex", "--format", "json", "--no-ledger")
    text = ll144_summary_csv(json.loads(result.stdout))
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
