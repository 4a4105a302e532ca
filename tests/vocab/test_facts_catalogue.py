"""Conformance of the fact catalogue (vocab/facts.yaml) with what audits produce and what policy
packs, indicators and the source read (issue 9 item 3: "one id, one value")."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from ai_work_audit.api._requests import request_log_facts
from ai_work_audit.assessment import audit_facts_from_document
from ai_work_audit.errors import ConfigError
from ai_work_audit.hiring import HiringAudit, HiringOptions, audit_hiring_file, hiring_facts
from ai_work_audit.indicators import load_framework, score_self_assessment
from ai_work_audit.monitoring import MonitoringOptions
from ai_work_audit.pipeline import run_hiring_audit, run_monitoring_audit
from ai_work_audit.policy import (
    MONITORING_FACTS,
    load_policy_packs,
    policy_dir,
    policy_pack_paths,
)
from ai_work_audit.vocab import FactCatalogue, load_fact_catalogue, parse_fact_catalogue

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
CATALOGUE = load_fact_catalogue()
#: Modules holding fact ids as dict keys that compute nothing, with the reason.
NOT_COMPUTING = {
    # descriptions of the facts each pack may read (superseded by the catalogue)
    "ai_work_audit/policy/_facts.py",
}
#: Reads (not computations) of a fact id written as a dict key, with the reason.
READS = {
    # monitoring documents recorded before they carried ``facts``: the audit's own value of
    # surveillance.off_hours_share is copied from the document's surveillance section.
    ("ai_work_audit/assessment/_adapters.py", "surveillance.off_hours_share"),
    # a representative release's facts are recomputed from the rows it shows (issue 10: "facts
    # released to representatives are computed from what they may see"), by design a second
    # computation over another set of rows; the full document's value is the producer's.
    *(("ai_work_audit/disclosure/_derived.py", fact) for fact in (
        "hiring.adverse_impact_categories", "hiring.max_abs_z", "hiring.max_tpr_gap",
        "hiring.min_impact_ratio", "hiring.min_impact_ratio_over_2pct",
        "hiring.min_representativeness", "hiring.significant_adverse_categories",
        "hiring.small_sample_adverse_categories")),
}
_TEMPLATE_FACT = re.compile(r"\{([a-z_]+\.[A-Za-z0-9_.]+)")


def _check_produced(facts: Mapping[str, Any], producers: set[str], scope: str) -> None:
    """Every fact is catalogued, for one of ``producers``, in ``scope``."""
    assert not CATALOGUE.unknown(facts), f"facts missing from vocab/facts.yaml: " \
        f"{CATALOGUE.unknown(facts)}"
    for fact in facts:
        spec = CATALOGUE.spec(fact)
        assert producers & set(spec.producer), (fact, spec.producer, producers)
        assert scope in spec.scope, (fact, spec.scope, scope)


# --- the catalogue itself -------------------------------------------------------------------


def test_the_catalogue_loads_and_declares_each_producer_module() -> None:
    assert len(CATALOGUE.facts) >= 40
    for producer, modules in CATALOGUE.producers.items():
        assert CATALOGUE.produced_by(producer), f"producer {producer} produces nothing"
        for module in modules:
            assert (SRC / module).is_file(), f"{producer}: {module} does not exist"


@pytest.mark.parametrize(("change", "problem"), [
    ({"unit": "furlongs"}, "unit"),
    ({"disclosure": "secret"}, "disclosure"),
    ({"producer": ["nobody"]}, "producers"),
    ({"id": "Hiring.Min"}, "id"),
    ({"rulebook": ""}, "rulebook"),
])
def test_a_bad_entry_is_refused_naming_the_field(change: dict[str, Any], problem: str) -> None:
    data = CATALOGUE.model_dump(mode="json")
    data["facts"][0] = {**data["facts"][0], **change}
    with pytest.raises(ConfigError, match=problem):
        parse_fact_catalogue(data)


def test_a_repeated_id_is_refused() -> None:
    data = CATALOGUE.model_dump(mode="json")
    data["facts"].append(data["facts"][0])
    with pytest.raises(ConfigError, match="unique"):
        parse_fact_catalogue(data)


def test_a_type_placeholder_covers_entity_types_only() -> None:
    assert CATALOGUE.spec("privacy.records_with.TRADE_UNION").id == "privacy.records_with.{type}"
    assert CATALOGUE.find("privacy.records_with.lower") is None
    assert CATALOGUE.find("hiring.min_impact_ratio.sex") is None


# --- what audits produce --------------------------------------------------------------------


def _hiring_file(tmp_path: Path) -> Path:
    rows = []
    for sex, race, n, k, score in (("F", "A", 30, 12, 0.4), ("F", "B", 20, 6, 0.3),
                                   ("M", "A", 30, 18, 0.7), ("M", "B", 20, 10, 0.6),
                                   ("", "A", 4, 2, 0.5)):
        for i in range(n):
            rows.append({"sex": sex, "race": race, "decision": int(i < k),
                         "score": score + i / 1000, "qualified": int(i % 2 == 0)})
    path = tmp_path / "candidates.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def _counts_file(tmp_path: Path) -> Path:
    path = tmp_path / "counts.csv"
    pd.DataFrame({"sex": ["F", "M", "X"], "n": [60, 70, 1], "k": [20, 35, 0]}).to_csv(
        path, index=False)
    return path


HIRING_MODES = {
    "selection": dict(outcome="decision", group=("sex", "race"), label="qualified"),
    "scoring": dict(score="score", group=("sex", "race")),
    "aggregated": dict(applicants="n", selected="k", group=("sex",), exclude_under=0.02),
}


@pytest.fixture(scope="module")
def hiring_audits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HiringAudit]:
    folder = tmp_path_factory.mktemp("hiring")
    out = {}
    for mode, kwargs in HIRING_MODES.items():
        path = _counts_file(folder) if mode == "aggregated" else _hiring_file(folder)
        out[mode] = audit_hiring_file(path, HiringOptions(**kwargs))  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("mode", HIRING_MODES)
def test_hiring_audits_produce_catalogued_facts_only(hiring_audits: dict[str, HiringAudit],
                                                     mode: str) -> None:
    audit = hiring_audits[mode]
    document = audit.to_dict()
    assert document["facts"] == audit.facts
    _check_produced(document["facts"], {"hiring", "laws", "evidence"}, "audit")
    for scope in hiring_facts(audit):
        _check_produced(scope.values, {"hiring"}, scope.kind)


def test_hiring_audits_produce_every_hiring_fact(hiring_audits: dict[str, HiringAudit]) -> None:
    produced = {fact for audit in hiring_audits.values() for scope in hiring_facts(audit)
                for fact in scope.values}
    assert {s.id for s in CATALOGUE.produced_by("hiring")} == produced


@pytest.fixture(scope="module")
def monitoring_documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("monitoring")
    events = [
        {"timestamp": "2025-03-03T09:00:00+01:00", "worker_id": "u1", "event_type": "screenshot"},
        {"timestamp": "2025-03-03T22:00:00+01:00", "worker_id": "u2", "event_type": "keystroke"},
        {"timestamp": "2025-03-04T10:00:00+01:00", "worker_id": "u1", "event_type": "emotion"},
        {"timestamp": "2025-03-04T11:00:00+01:00", "worker_id": "u2", "event_type": "email",
         "content": "see the union meeting agenda"},
    ]
    log = folder / "log.jsonl"
    log.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    table = folder / "hr_export.csv"
    pd.DataFrame({"contact": ["a@example.org", "b@example.org"], "team": ["ops", "hr"]}).to_csv(
        table, index=False)
    company = policy_dir() / "company-monitoring-policy.example.yaml"
    return {
        "log": run_monitoring_audit(log, MonitoringOptions(company_policy=str(company)),
                                    record=False, jobs=1).to_dict(),
        "table": run_monitoring_audit(table, MonitoringOptions(), record=False,
                                      jobs=1).to_dict(),
    }


def test_monitoring_log_produces_catalogued_facts_only(
        monitoring_documents: dict[str, dict[str, Any]]) -> None:
    facts = monitoring_documents["log"]["facts"]
    _check_produced(facts, {"monitoring", "evidence", "laws"}, "audit")
    expected = {s.id for s in CATALOGUE.produced_by("monitoring")} | {
        s.id for s in CATALOGUE.produced_by("evidence")
        if s.id != "evidence.days_since_hiring_audit"} | {  # a hiring fact (California CA-1)
        s.id for s in CATALOGUE.produced_by("laws") if s.id in MONITORING_FACTS}
    assert {CATALOGUE.spec(f).id for f in facts} == expected


def test_monitoring_table_produces_catalogued_facts_only(
        monitoring_documents: dict[str, dict[str, Any]]) -> None:
    facts = monitoring_documents["table"]["facts"]
    _check_produced(facts, {"monitoring-table", "evidence", "laws"}, "audit")
    assert {CATALOGUE.spec(f).id for f in facts} >= {
        s.id for s in CATALOGUE.produced_by("monitoring-table")}


def test_request_log_produces_catalogued_facts_only() -> None:
    when = datetime(2026, 3, 1, tzinfo=UTC)
    facts = request_log_facts([(when, when)], "2026", datetime(2026, 6, 1, tzinfo=UTC))
    assert facts is not None
    _check_produced(facts.metrics, {"request-log"}, "audit")


# --- what packs and indicators read ---------------------------------------------------------


def _pack_reads() -> list[tuple[str, str, str]]:
    """(rule id, fact id, rule scope) of every rule metric and message field of every pack."""
    reads = []
    for pack in load_policy_packs(policy_pack_paths()):
        for rule in pack.rules:
            reads.append((rule.id, rule.metric, rule.scope))
            texts = [rule.message.en, rule.message.fr]
            if rule.pass_message is not None:
                texts += [rule.pass_message.en, rule.pass_message.fr]
            reads += [(rule.id, name, rule.scope) for text in texts
                      for name in _TEMPLATE_FACT.findall(text)]
    return reads


@pytest.mark.parametrize(("rule", "fact", "scope"), _pack_reads(),
                         ids=[f"{r}:{f}" for r, f, _ in _pack_reads()])
def test_every_pack_reads_a_produced_fact(rule: str, fact: str, scope: str) -> None:
    spec = CATALOGUE.find(fact)
    assert spec is not None, f"{rule} reads {fact}, which no producer in the catalogue produces"
    assert scope == "any" or scope in spec.scope, f"{rule} reads {fact} in scope {scope}"


def test_every_indicator_reads_a_produced_fact() -> None:
    reads = [(ind.id, fact) for ind in load_framework().indicators for fact in ind.reads]
    assert reads, "the framework reads no fact at all"
    missing = [(i, f) for i, f in reads if CATALOGUE.find(f) is None]
    assert not missing, f"indicators read facts no producer produces: {missing}"


# --- one id, computed in one place ----------------------------------------------------------


def _fact_keys(catalogue: FactCatalogue) -> dict[str, set[str]]:
    """Module (path under src/) → catalogued fact ids written there as dict keys."""
    literal = re.compile(r"""(?:["']([a-z][A-Za-z0-9_.]*)["']\s*:(?!\s*str\b)"""
                         r"""|\[\s*["']([a-z][A-Za-z0-9_.]*)["']\s*\]\s*=[^=]"""
                         r"""|setdefault\(\s*["']([a-z][A-Za-z0-9_.]*)["'])""")
    found: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = path.relative_to(SRC).as_posix()
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            name = next(g for g in match.groups() if g)
            if "." in name and catalogue.find(name) is not None:
                found.setdefault(module, set()).add(name)
    return found


def test_each_fact_is_computed_by_its_producer_only() -> None:
    found = _fact_keys(CATALOGUE)
    assert "hiring.min_impact_ratio" in found["ai_work_audit/hiring/_facts.py"]  # scan works
    wrong = []
    for module, facts in sorted(found.items()):
        if module in NOT_COMPUTING:
            continue
        for fact in sorted(facts):
            spec = CATALOGUE.spec(fact)
            allowed = {m for p in spec.producer for m in CATALOGUE.producers[p]}
            if module not in allowed and (module, fact) not in READS:
                wrong.append(f"{fact} in {module} (producer {', '.join(spec.producer)})")
    assert not wrong, "fact ids computed outside their producer:\n" + "\n".join(wrong)


# --- the bug of issue 9: one id, two values ---------------------------------------------------


@pytest.mark.parametrize(("exclude_under", "expected"), [(0.0, 0.0), (0.02, 23 / 25)])
def test_the_audit_and_indicator_4_1_read_one_minimum_impact_ratio(
        tmp_path: Path, exclude_under: float, expected: float) -> None:
    """C = 0 selected of 1 (under 2 %): two documented ids, each with one value. The audit's
    hiring.min_impact_ratio (four-fifths findings) counts C unless it is excluded; indicator 4.1
    reads hiring.min_impact_ratio_over_2pct, which leaves categories under 2 % out
    (indicators.md 4.1), and the document carries both."""
    path = tmp_path / "counts.csv"
    pd.DataFrame({"group": ["A", "B", "C"], "n": [50, 50, 1], "k": [25, 23, 0]}).to_csv(
        path, index=False)
    audit = run_hiring_audit(path, HiringOptions(group=("group",), applicants="n",
                                                 selected="k", exclude_under=exclude_under),
                             record=False)
    document = audit.to_dict()
    fact = document["facts"]["hiring.min_impact_ratio"]
    assert fact == pytest.approx(expected)
    assert document["facts"]["hiring.min_impact_ratio_over_2pct"] == pytest.approx(23 / 25)
    four_fifths = [f for f in document["findings"] if f["rule"] == "eeoc.four_fifths"]
    assert [f["outcome"] for f in four_fifths] == (["fail"] if expected < 0.8 else ["pass"])
    facts = audit_facts_from_document(document, run_uri="mlflow-run:one")
    assessment = score_self_assessment(
        load_framework(), organisation="acme", period=str(facts.created_at.year),
        evidence=[], audit_facts=[facts], as_of=facts.created_at)
    result = assessment.indicator("4.1")
    assert result.state == "scored"
    assert result.value == document["facts"]["hiring.min_impact_ratio_over_2pct"]
