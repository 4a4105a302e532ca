"""``monitoring --engine spark`` gives the local document on a log with planted violations,
and the Presidio tier finds the same entities on the executors as in this process (issue 14)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("presidio_analyzer")

from ai_work_audit.engines import EngineError, SparkAnalysisPool
from ai_work_audit.errors import InputError
from ai_work_audit.monitoring import MonitoringOptions, audit_monitoring
from ai_work_audit.privacy import Roster, detect_pii
from ai_work_audit.synthetic_monitoring import TIMEZONE, write_monitoring_data

GOLDEN = Path(__file__).parents[1] / "golden" / "data" / "inputs" / "monitoring"
COMPANY_POLICY = Path(__file__).parents[2] / "policies" / "company-monitoring-policy.example.yaml"

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


def test_spark_equals_local_on_the_demo_log_with_a_company_policy(spark: Any) -> None:
    """The golden case's log (six CERT files, split over two executor tasks), its roster, time
    zone, company policy, retention date."""
    common = {"mapping": "cert", "timezone": "Europe/Paris",
              "roster": str(GOLDEN / "roster.csv"), "company_policy": str(COMPANY_POLICY),
              "as_of": "2025-03-08T10:50:00+00:00"}
    local = audit_monitoring(GOLDEN, MonitoringOptions(**common), jobs=1).to_dict()
    remote = audit_monitoring(GOLDEN, MonitoringOptions(
        **common, engine="spark", spark_master="local[2]")).to_dict()
    assert len(remote["input"]["files"]) == 6
    assert _strip(remote) == _strip(local)


TYPES = ["logon", "email", "url", "screenshot", "keystroke", "idle", "chat", "webcam", "file"]
CONTENTS = ["mail jane.doe@example.com about the union meeting", "budget review",
            "Call Marie Dupont on +33 6 12 34 56 78", "https://clinic.example/appointments",
            "", None, "host.example/path/page", "strike vote with the CGT delegate"]


def _random_log(folder: Path, seed: int, n: int, files: int, formats: list[str]) -> None:
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-03-02", tz="UTC").value // 1000
    stamps = np.sort(start + rng.integers(0, 10 * 86_400, n) * 1_000_000)
    frame = pd.DataFrame({
        "timestamp": pd.to_datetime(stamps, unit="us", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "worker_id": [f"u{i:02d}" for i in rng.integers(0, 7, n)],
        "event_type": np.array(TYPES)[rng.integers(0, len(TYPES), n)],
        "content": np.array(CONTENTS, dtype=object)[rng.integers(0, len(CONTENTS), n)],
        "kind": rng.integers(0, 2, n),
        "recipients": np.array([None, "cse@corp.example", "friend@gmail.com", "a@corp.example"],
                               dtype=object)[rng.integers(0, 4, n)],
    })
    # The same free texts come under free-text event types (NER) and others (patterns only):
    # each record's result is its own, whatever chunk, cache or task it shares.
    frame = frame.drop(columns="kind")
    bounds = np.linspace(0, n, files + 1).astype(int)
    for number in range(files):
        part = frame.iloc[bounds[number]:bounds[number + 1]]
        kind = formats[number % len(formats)]
        target = folder / f"part-{number}.{kind}"
        if kind == "csv":
            part.to_csv(target, index=False)
        elif kind == "jsonl":
            target.write_text("".join(json.dumps({k: v for k, v in row.items() if v is not None})
                                      + "\n" for row in part.to_dict("records")))
        else:
            part.to_parquet(target, index=False)


@settings(max_examples=4, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(8, 400), files=st.integers(1, 4),
       formats=st.lists(st.sampled_from(["csv", "jsonl", "parquet"]), min_size=1, max_size=3),
       batch_rows=st.sampled_from([13, 200_000]),
       zone=st.sampled_from([None, "Europe/Paris"]))
def test_spark_equals_local_on_random_logs(spark: Any, tmp_path_factory: pytest.TempPathFactory,
                                           seed: int, n: int, files: int, formats: list[str],
                                           batch_rows: int, zone: str | None) -> None:
    """Random logs in several files of mixed formats (several executor tasks), chunked small
    or not: the same document on both engines."""
    folder = tmp_path_factory.mktemp("random")
    _random_log(folder, seed, n, files, formats)
    common: dict[str, Any] = {"timezone": zone, "as_of": "2026-03-20T00:00:00+00:00"}
    local = audit_monitoring(folder, MonitoringOptions(**common), jobs=1,
                             batch_rows=batch_rows).to_dict()
    remote = audit_monitoring(folder, MonitoringOptions(
        **common, engine="spark", spark_master="local[2]"), batch_rows=batch_rows).to_dict()
    assert _strip(remote) == _strip(local)


def test_input_problems_of_several_files_are_one_error_as_locally(
        spark: Any, tmp_path: Path) -> None:
    _random_log(tmp_path, 1, 60, 3, ["csv"])
    for name in ("part-0.csv", "part-2.csv"):
        lines = (tmp_path / name).read_text().splitlines()
        lines[3] = "not a time" + lines[3][lines[3].index(","):]
        (tmp_path / name).write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as local:
        audit_monitoring(tmp_path, MonitoringOptions(timezone="UTC"), jobs=1)
    with pytest.raises(InputError) as remote:
        audit_monitoring(tmp_path, MonitoringOptions(timezone="UTC", engine="spark",
                                                     spark_master="local[2]"))
    assert str(remote.value) == str(local.value)
    assert "part-0.csv" in str(local.value) and "part-2.csv" in str(local.value)


def test_an_executor_task_sends_no_content(tmp_path: Path) -> None:
    """What a task returns to the driver: counts, worker ids, hashes and redacted samples —
    no content of an event (run here, as an executor would)."""
    from ai_work_audit.monitoring._audit import SAMPLE_TYPES
    from ai_work_audit.monitoring._partitioned import FileTask
    from ai_work_audit.monitoring._working_time import WorkingTime
    from ai_work_audit.sources import plan_log

    canary = "zebra canary quartz 4417"
    frame = pd.DataFrame({"timestamp": ["2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z"],
                          "worker_id": ["u1", "u2"], "event_type": ["email", "chat"],
                          "content": [canary, "mail jane.doe@example.com please"]})
    frame.to_csv(tmp_path / "log.csv", index=False)
    task = FileTask(plan_log(tmp_path / "log.csv", None, "UTC"), "UTC", WorkingTime(), 1000,
                    False, "en", None, (), SAMPLE_TYPES, ((0, 1),))
    items = list(task(0))
    state = items[-1]
    assert isinstance(state, bytes) and canary.encode() not in state
    assert b"jane.doe@example.com" not in state
    assert pickle.loads(state)["fold"]
    records = [item for item in items if not isinstance(item, bytes)]
    assert records and set(records[0].column_names) == {"event_type", "worker_id", "utc"}
