"""Jurisdiction profiles and the audit date in the CLI, audit specifications and the API
(issue 13 items 4-5): ``--jurisdiction`` selects the packs, ``--as-of`` sets the date and is
recorded in the document."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.hiring import HiringOptions
from ai_work_audit.kinds import kind_spec
from ai_work_audit.policy import default_policy_packs
from ai_work_audit.specs import load_audit_spec, run_spec

from .conftest import DECLARATIONS_EXAMPLE


def _packs(document: dict[str, Any]) -> set[str]:
    return {f["policy"] for f in document["findings"]}


@pytest.mark.parametrize(("profiles", "expected"), [
    (("us-co",), {"eeoc-uniform-guidelines", "us-colorado-sb26-189"}),
    (("us-nyc", "us-ca"), {"eeoc-uniform-guidelines", "nyc-ll144", "us-california-ads"}),
    (("eu",), {"eu-ai-act-deployers"}),
    ((), {p.pack for p in default_policy_packs("hiring")}),
])
def test_profiles_select_the_packs_on_the_command_line(cli, candidates: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                       profiles: tuple[str, ...],
                                                       expected: set[str]) -> None:
    out = tmp_path / "out.json"
    flags = [a for p in profiles for a in ("--jurisdiction", p)]
    result = cli("hiring", str(candidates), "--group", "sex", "--outcome", "decision", *flags,
                 "--as-of", "2027-02-01", "--no-ledger", "--format", "json", "--output",
                 str(out))
    assert result.code == 0, result.stderr
    document = json.loads(out.read_text("utf-8"))
    assert _packs(document) == expected
    assert set(document["parameters"]["policy_packs"]) == expected
    assert document["parameters"]["jurisdictions"] == list(profiles)
    assert document["parameters"]["as_of"] == "2027-02-01"
    assert document["parameters"]["laws_as_of"] == "2027-02-01"


def test_the_audit_date_defaults_to_today(candidates: Path) -> None:
    from ai_work_audit.run import run

    result = run("hiring", candidates, HiringOptions(group=("sex",), outcome="decision",
                                                     jurisdictions=("us-co",)), record=False)
    today = datetime.now(UTC).date().isoformat()
    assert result.document["parameters"]["laws_as_of"] == today
    colorado = [f for f in result.findings if f.policy == "us-colorado-sb26-189"]
    expected = "not_applicable" if today < "2027-01-01" else "not_available"
    assert {f.outcome.value for f in colorado} == {expected}


def test_an_employer_checks_a_log_before_the_law_applies(cli, candidates: Path,  # type: ignore[no-untyped-def]
                                                         requests_log: Path,
                                                         tmp_path: Path) -> None:
    """The same request log, before and after Colorado's date: not applicable, then failing."""
    outcomes = {}
    for as_of in ("2026-12-31", "2027-04-01"):
        out = tmp_path / f"{as_of}.json"
        result = cli("hiring", str(candidates), "--group", "sex", "--outcome", "decision",
                     "--jurisdiction", "us-co", "--requests", str(requests_log),
                     "--declarations", str(DECLARATIONS_EXAMPLE), "--as-of", as_of,
                     "--no-ledger", "--format", "json", "--output", str(out))
        assert result.code == 0, result.stderr
        findings = json.loads(out.read_text("utf-8"))["findings"]
        outcomes[as_of] = {f["rule"]: f for f in findings}
    before = outcomes["2026-12-31"]["colorado.adverse_explanation"]
    assert before["outcome"] == "not_applicable" and before["applies_from"] == "2027-01-01"
    after = outcomes["2027-04-01"]["colorado.adverse_explanation"]
    assert after["outcome"] == "fail" and after["metrics"]["colorado.explanations_late"] == 2


def test_bad_profiles_and_dates_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="jurisdiction must be one or a list of eu, fr"):
        kind_spec("hiring").options_from_params({"group": ["sex"], "outcome": "d",
                                                 "jurisdiction": ["mars"]})
    with pytest.raises(ConfigError, match="--as-of must be a date"):
        HiringOptions(group=("sex",), outcome="d", as_of="next tuesday")


def test_a_bad_profile_on_the_command_line_is_exit_2(cli, candidates: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("hiring", str(candidates), "--group", "sex", "--outcome", "decision",
                 "--jurisdiction", "mars", "--no-ledger")
    assert result.code == 2 and "Traceback" not in result.stderr


def test_profiles_and_date_in_an_audit_specification(tmp_path: Path, candidates: Path,
                                                     requests_log: Path) -> None:
    (tmp_path / "requests.csv").write_text(requests_log.read_text("utf-8"), encoding="utf-8")
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(f"""schema: ai-work-audit/audit-spec/v1
name: colorado
audit: hiring
data: {candidates}
options:
  outcome: decision
  group: [sex]
  jurisdiction: [us-co]
  as_of: "2027-04-01"
  requests: requests.csv
organisation: spec-org
system: screening
owner: HR data team
cadence: P1Y
reports: [json]
""", encoding="utf-8")
    spec = load_audit_spec(spec_path)
    done = run_spec(spec, output_dir=tmp_path / "out", record=False)
    assert _packs(done.document) == {"eeoc-uniform-guidelines", "us-colorado-sb26-189"}
    assert done.document["parameters"]["laws_as_of"] == "2027-04-01"
    late = next(f for f in done.document["findings"] if f["rule"] == "colorado.adverse_explanation")
    assert late["outcome"] == "fail"


def test_the_self_assessment_shows_which_rules_apply_where(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("self-assessment", "--period", "2027", "--as-of", "2027-06-01",
                 "--jurisdiction", "fr", "--jurisdiction", "us-co", "--format", "json")
    assert result.code == 0, result.stderr
    laws = json.loads(result.stdout)["laws"]
    assert laws["as_of"] == "2027-06-01" and laws["jurisdictions"] == ["fr", "us-co"]
    packs = {p["pack"]: p for p in laws["packs"]}
    assert "cnil-workplace-monitoring" in packs and "gdpr-employment" in packs  # fr ⊃ eu
    assert "us-colorado-sb26-189" in packs and "nyc-ll144" not in packs
    assert packs["us-colorado-sb26-189"]["applies"] is True
    deployers = packs["eu-ai-act-deployers"]
    assert deployers["applies"] is False
    assert deployers["dates"]["applies_from"]["date"] == "2027-12-02"
    assert {r["applies"] for r in deployers["rules"]} == {False}
    md = cli("self-assessment", "--period", "2027", "--as-of", "2027-06-01",
             "--jurisdiction", "eu", "--format", "md", "--lang", "fr")
    assert "Lois applicables, par juridiction (au 2027-06-01)" in md.stdout
    assert "pas encore : à partir du 2027-12-02" in md.stdout
    plain = cli("self-assessment", "--period", "2027", "--format", "json")
    assert "laws" not in json.loads(plain.stdout)
