"""Presidio across processes: the same entities as in one process, workers only when useful."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.privacy import (
    AnalysisPool,
    Roster,
    _parallel,
    check_jobs,
    detect_pii,
    scan_texts_fast,
)

ROSTER = Roster(names=["Camille Lefebvre"], emails=["c.lefebvre@example.org"])
TEXTS = [
    *(f"ticket {i}: call 06 12 34 56 {i % 90 + 10:02d} about the invoice" for i in range(20)),
    *(f"arrêt maladie de Camille Lefebvre, dossier {i}" for i in range(10)),
    *(f"mail from c.lefebvre@example.org re: union meeting {i}" for i in range(10)),
    *(f"build {i} finished in 42 s" for i in range(20)),
]


def test_workers_find_what_one_process_finds() -> None:
    expected = list(detect_pii(TEXTS, language="auto", roster=ROSTER))
    with AnalysisPool(3, roster=ROSTER, start_texts=10, share_texts=5) as pool:
        assert not pool.started
        assert pool.detect(TEXTS, language="auto") == expected  # here, while workers start
        assert pool.started and pool.shared_calls == 0
        assert pool.ready(timeout=300)
        assert pool.detect(TEXTS, language="auto") == expected  # three parts, one here
        assert pool.shared_calls == 1
        assert pool.detect(TEXTS[:3], language="auto") == expected[:3]  # below share_texts
        fast = scan_texts_fast(TEXTS + TEXTS, language="auto", roster=ROSTER, pool=pool)
        assert pool.shared_calls == 2
    assert not pool.started
    assert fast == expected + expected
    assert any(expected) and not all(expected)


def test_small_calls_and_one_job_stay_in_this_process() -> None:
    with AnalysisPool(2, start_texts=len(TEXTS) + 1) as pool:
        pool.detect(TEXTS, language="en")
        assert not pool.started and not pool.ready()
    with AnalysisPool(1, start_texts=1) as pool:
        pool.detect(TEXTS, language="en")
        assert not pool.started


def test_a_worker_that_cannot_start_reports_a_clear_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers inherit the environment: a missing spaCy model is the user's error to fix."""
    from ai_work_audit.privacy import ENV_SPACY_FR, clear_engine_cache

    with AnalysisPool(2, start_texts=1) as pool:
        monkeypatch.setenv(ENV_SPACY_FR, "fr_core_news_nonexistent")
        clear_engine_cache()
        try:
            with pytest.raises(ConfigError, match="fr_core_news_nonexistent"):
                pool.detect(["bonjour"], language="fr")  # fails here first
            with pytest.raises(ConfigError, match="fr_core_news_nonexistent"):
                pool.ready(timeout=300)  # and in the worker
        finally:
            monkeypatch.undo()
            clear_engine_cache()


@pytest.mark.parametrize("jobs", [0, -2, True, 1.5])
def test_jobs_must_be_a_positive_whole_number(jobs: object) -> None:
    with pytest.raises(ConfigError, match="--jobs must be a whole number"):
        check_jobs(jobs)  # type: ignore[arg-type]


def test_default_jobs_is_every_usable_core() -> None:
    assert check_jobs(None) == _parallel.usable_cores() >= 1


def test_monitoring_audit_is_the_same_with_workers(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_work_audit.monitoring import MonitoringOptions, audit_monitoring

    rows = [{"timestamp": f"2025-03-31T{8 + i % 9:02d}:{i % 60:02d}:00Z",
             "worker_id": f"w{i % 7}", "event_type": "chat", "content": text}
            for i, text in enumerate(TEXTS * 3)]
    path = tmp_path / "log.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    options = MonitoringOptions(timezone="UTC", language="en")
    alone = audit_monitoring(path, options, jobs=1, batch_rows=50).to_dict()
    monkeypatch.setattr(_parallel, "START_TEXTS", 5)
    monkeypatch.setattr(_parallel, "SHARE_TEXTS", 2)
    pools: list[AnalysisPool] = []
    start = AnalysisPool._start

    def start_and_wait(pool: AnalysisPool, language: str) -> None:  # the chunks are tiny:
        start(pool, language)  # let the workers get ready before the next one
        assert pool.ready(timeout=300)
        pools.append(pool)

    monkeypatch.setattr(AnalysisPool, "_start", start_and_wait)
    shared = audit_monitoring(path, options, jobs=2, batch_rows=50).to_dict()
    assert len(pools) == 1 and pools[0].shared_calls >= 1
    for key in ("pii", "facts", "samples", "surveillance"):
        assert shared[key] == alone[key], key
