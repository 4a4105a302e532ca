"""Monitoring releases across releases (issue 10, left open in wave 2): two audits of the same
log with and without its last days, released to the same organisation's representatives, must
not give back the workers seen only in those days (a small group) as the difference of two
visible worker counts — per event type, per personal-data type, per roster group, or in all.

Real audits of generated logs; a real register in a tmp workspace. The controls play the same
attack on the views without the register (each document protected alone, as before), where it
recovers small groups exactly.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ai_work_audit.disclosure import Register, representative_view
from ai_work_audit.disclosure._linked import Release, protect
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_monitoring_audit
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data

K = 10
Doc = dict[str, Any]


def _audit(folder: Path) -> Doc:
    document: Doc = run_monitoring_audit(folder, MonitoringOptions(
        mapping="cert", timezone=TIMEZONE, roster=str(folder / "roster.csv"),
        organisation="acme"), record=False, jobs=1).to_dict()
    return document


@pytest.fixture(scope="module")
def audits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Doc]:
    """The same log whole (10 days) and without its last 3 days."""
    base = tmp_path_factory.mktemp("monitoring-releases")
    whole, cut = base / "whole", base / "cut"
    whole.mkdir()
    cut.mkdir()
    write_monitoring_data(whole, workers=30, days=10)
    for path in whole.glob("*.csv"):
        if path.name == "roster.csv":
            shutil.copy(path, cut / path.name)
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        when = pd.to_datetime(frame["date"], format="%m/%d/%Y %H:%M:%S")
        frame[when < when.min().normalize() + pd.Timedelta(days=7)].to_csv(
            cut / path.name, index=False)
    return {"whole": _audit(whole), "cut": _audit(cut)}


def _cells(document: Doc) -> dict[tuple[str, ...], int | None]:
    """What a representative reads: every worker count of a monitoring document."""
    out: dict[tuple[str, ...], int | None] = {("input",): document["input"].get("workers")}
    for name, cell in document["surveillance"]["by_event_type"].items():
        out[("event_type", name)] = cell.get("workers")
    for name, cell in (document.get("pii") or {}).get("by_type", {}).items():
        out[("pii", name)] = cell.get("workers")
    for attribute, table in document["surveillance"]["intensity_by_group"].items():
        for group in table["groups"]:
            out[("group", attribute, group["group"])] = group.get("workers")
    return out


def _differences(first: Doc, second: Doc) -> dict[tuple[str, ...], int]:
    """The small groups read off as the difference of two releases' visible counts."""
    one, two = _cells(first), _cells(second)
    return {key: a - b for key, a in one.items()
            if a is not None and (b := two.get(key)) is not None and 0 < abs(a - b) < K}


def test_the_data_has_small_groups_seen_only_in_the_last_days(audits: dict[str, Doc]) -> None:
    truth = _differences(audits["whole"], audits["cut"])
    assert truth[("input",)] > 0 and any(key[0] == "event_type" for key in truth)


@pytest.mark.parametrize("order", [("whole", "cut"), ("cut", "whole")])
def test_two_releases_of_one_log_give_no_small_group_back(audits: dict[str, Doc],
                                                          tmp_path: Path,
                                                          order: tuple[str, str]) -> None:
    truth = _differences(audits["whole"], audits["cut"])
    # control: each document protected alone (no register) gives the small groups back exactly
    alone = {name: representative_view(audits[name], K) for name in order}
    found = _differences(alone["whole"], alone["cut"])
    assert found and all(truth[key] == value for key, value in found.items())
    register = Register("acme", tmp_path)
    views = {name: representative_view(audits[name], K, register) for name in order}
    assert _differences(views["whole"], views["cut"]) == {}
    later = views[order[1]]["disclosure"]
    assert later["earlier_releases"] == 1 and later["linked_cells"] > 0
    # each release still holds within itself: no visible worker count under k
    for view in views.values():
        assert all(n is None or n == 0 or n >= K for n in _cells(view).values())
    # the same release again is the same view
    again = representative_view(audits[order[0]], K, register)
    assert json.dumps(again["surveillance"]) == json.dumps(views[order[0]]["surveillance"])
    text = " ".join(p.read_text() for p in register.folder.glob("*.json"))
    assert "IQP" not in text and "@" not in text  # counts only, no worker id


def test_the_workers_seen_in_both_of_two_logs_are_protected() -> None:
    """Inclusion–exclusion: the log of two weeks against each week's gives the workers seen in
    both weeks, n₁ + n₂ − n∪ (distinct counts are not additive; this is what is pinned)."""
    def release(key: str, n: int, span: tuple[str, str] | None) -> Release:
        return Release(key=key, idents=[("monitoring", "event_type", "webcam")],
                       applicants=[n], selected=[None], span=span)

    k = 5
    week1 = release("a", 12, ("2025-03-03", "2025-03-09"))
    week2 = release("b", 12, ("2025-03-10", "2025-03-16"))
    both = release("c", 20, ("2025-03-03", "2025-03-16"))
    assert protect(both, [week1, week2], k) == 1  # 12 + 12 − 20 = 4 < k: hidden
    assert both.hidden == {0}
    # control: the pairwise differences (8) are not small; without the periods (no union
    # known) nothing is hidden
    plain = [release(x.key, x.applicants[0], None) for x in (week1, week2, both)]
    assert protect(plain[2], plain[:2], k) == 0
    # a period that does not hold the others' is no union
    apart = release("d", 20, ("2025-03-05", "2025-03-16"))
    assert protect(apart, [week1, week2], k) == 0
    # the register keeps the period
    assert Release.from_json(json.loads(json.dumps(both.to_json()))).span == both.span
