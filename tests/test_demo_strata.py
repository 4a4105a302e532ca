"""The demo's selection audit shows the impact-ratio bounds and a stratified table (issue 12)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ai_work_audit.demo import print_bounds_and_strata
from ai_work_audit.hiring import HiringOptions
from ai_work_audit.run import run
from ai_work_audit.synthetic import OPENINGS, write_hiring_data


def test_demo_selection_prints_bounds_and_cmh_by_job_opening(tmp_path: Path) -> None:
    data = write_hiring_data(tmp_path / "data", 4000, seed=7)
    options = HiringOptions(outcome="screened_in", group=("sex", "race_ethnicity"),
                            exclude_under=0.02, stratum="job_opening")
    result = run("hiring", data["candidates"], options, record=False)
    (first, *_) = result.audit.strata
    assert first["strata"] == sorted(OPENINGS)
    console = Console(record=True, width=120)
    print_bounds_and_strata(result.audit, console)
    text = console.export_text()
    assert "Impact-ratio bounds over the people of unknown category" in text
    assert "sex by job_opening (3 strata)" in text and "Cochran–Mantel–Haenszel" in text
    assert "Female × Black or African American" in text
