"""``monitoring --engine spark`` gives the local document on a log with planted violations,
and the Presidio tier finds the same entities on the executors as in this process (issue 14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("presidio_analyzer")

from ai_work_audit.engines import EngineError, SparkAnalysisPool
from ai_work_audit.monitoring import MonitoringOptions, audit_monitoring
from ai_work_audit.privacy import Roster, detect_pii
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data

TEXTS = [
    "Call Marie Dupont on +33 6 12 34 56 78 about the union meeting",
    "mail jane.doe@example.com before the CGT strike vote",
    "nothing to see here",
    "Rendez-vous chez le médecin pour ma grossesse, Paul Martin",
    "",
    "Order 4111 1111 1111 1111 shipped to 10 Downing Street",
]


def _strip(document: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in document.items() if k not in ("audit_id", "created_at")}
    out["parameters"] = {k: v for k, v in document["parameters"].items() if k != "engine"}
    return out


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("logs")
    return folder, write_monitoring_data(folder, workers=12, days=7, seed=3)


def test_spark_monitoring_document_equals_local(spark: Any,
                                                planted: tuple[Path, dict[str, Any]]) -> None:
    folder, facts = planted
    common = {"mapping": "cert", "timezone": TIMEZONE, "roster": str(folder / "roster.csv")}
    local = audit_monitoring(folder, MonitoringOptions(**common), jobs=1).to_dict()
    remote = audit_monitoring(folder, MonitoringOptions(
        **common, engine="spark", spark_master="local[2]")).to_dict()
    assert remote["parameters"]["engine"] == "spark"
    assert _strip(remote) == _strip(local)
    # the planted violations are there, on both engines
    assert remote["input"]["events"] == facts["events"]
    assert remote["pii"]["records_with_pii"] > 0
    assert any(s["rule"] == "pwd.art7.union_activity" for s in remote["samples"])


@pytest.mark.parametrize("language", ["en", "fr", "auto"])
def test_presidio_tier_finds_the_same_entities_on_spark(spark: Any, language: str) -> None:
    roster = Roster(names=["Paul Martin"], emails=["jane.doe@example.com"])
    expected = list(detect_pii(TEXTS, language=language, roster=roster))  # type: ignore[arg-type]
    pool = SparkAnalysisPool("local[2]", roster=roster)
    found = pool.detect(TEXTS, language=language)
    assert found == expected
    assert pool.shared_calls == 1 and pool.texts_sent == len(TEXTS)
    assert any(entities for entities in found)


def test_an_executor_failure_is_one_clear_error(spark: Any) -> None:
    """An unknown language fails inside every executor: one EngineError naming its kind."""
    pool = SparkAnalysisPool("local[2]")
    with pytest.raises(EngineError) as caught:
        pool.detect(["a text"], language="de")
    message = str(caught.value)
    assert message.startswith("the spark engine failed while computing")
    assert "on an executor as ConfigError" in message
    assert "\tat " not in message and "Traceback" not in message and "a text" not in message
