"""Self-assessment reports: Markdown, HTML (en/fr), PDF, OSCAL and the consolidated report."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.indicators import AuditFacts, EvidenceItem, load_framework, score_self_assessment
from ai_work_audit.reports import (
    OSCAL_NS,
    render_consolidated,
    render_oscal,
    render_self_assessment,
    to_oscal,
)

SHA = "ab" * 32
RUN_SHA = "cd" * 32


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    when = datetime(2026, 2, 1, tzinfo=UTC)
    evidence = [
        EvidenceItem(indicator="2.1", collected_at=when, value=0.7, sha256=SHA,
                     uri="https://intranet.example/training?x=<b>", method="examine",
                     expires_at=datetime(2026, 12, 31, tzinfo=UTC)),
        EvidenceItem(indicator="1.2", collected_at=when, level=50,
                     uri="javascript:alert(1)", method="interview"),
        EvidenceItem(indicator="6.3", collected_at=when, not_applicable="<script>x</script>"),
        EvidenceItem(indicator="5.5", collected_at=when, value=1.0, sha256=SHA,
                     expires_at=datetime(2026, 3, 1, tzinfo=UTC)),
    ]
    audit = AuditFacts(kind="hiring", system="screener", run_uri="mlflow-run:r1",
                       sha256=RUN_SHA, created_at=when, people=500,
                       metrics={"hiring.min_impact_ratio_over_2pct": 0.8,
                                "hiring.min_representativeness": 0.9})
    assessment = score_self_assessment(load_framework(), organisation="=acme", period="2026",
                                       evidence=evidence, audit_facts=[audit],
                                       as_of=datetime(2026, 6, 30, tzinfo=UTC))
    return assessment.to_dict()


def test_markdown_shows_every_indicator_state_evidence_and_hints(document: dict) -> None:
    text = render_self_assessment(document, "md")
    for c in range(1, 7):
        assert f"## Commitment {c} —" in text
    assert "### 4.1 " in text and "inconclusive" in text and "not applicable" in text
    assert "`mlflow-run:r1`" in text and f"`{RUN_SHA[:12]}`" in text
    assert "What is missing to raise this score" in text
    assert "Renew the expired evidence." in text
    assert "Attach the supporting document" in text  # level 50 without attachment
    assert "Next level (75)" in text
    assert "'=acme" in text  # formula neutralised
    assert "<script>" not in text


def test_html_is_escaped_and_links_only_web_uris(document: dict) -> None:
    html = render_self_assessment(document, "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://intranet.example/training?x=&lt;b&gt;"' in html
    assert html.count('class="commitment"') == 6
    assert "state-inconclusive" in html and RUN_SHA[:12] in html


def test_french_report(document: dict) -> None:
    html = render_self_assessment(document, "html", "fr")
    assert 'lang="fr"' in html and "Auto-évaluation" in html and "non concluant" in html
    assert "Ce qui manque pour améliorer ce score" in html
    text = render_self_assessment(document, "md", "fr")
    assert "Engagement 4" in text and "sans objet" in text


def test_bad_format_and_document() -> None:
    with pytest.raises(ConfigError, match="fmt"):
        render_self_assessment({"schema": "ai-work-audit/self-assessment/v1"}, "txt")  # type: ignore[call-overload]
    with pytest.raises(ConfigError, match="self-assessment/v1"):
        render_self_assessment({"schema": "x"}, "md")


def test_oscal_round_trips_through_trestle(document: dict) -> None:
    from trestle.oscal.assessment_results import Model

    data = to_oscal(document)
    model = Model.model_validate(data)
    again = json.loads(model.model_dump_json(by_alias=True, exclude_none=True))
    assert again == data
    Model.model_validate_json(render_oscal(document))
    result = model.assessment_results.results[0]
    assert len(result.findings or []) == 30  # 29 indicators of indicators.md and 4.6 (issue 16)
    finding = next(f for f in result.findings or [] if f.target.target_id == "pledge.4.1")
    props = {p.name: p.value for p in finding.props or []}
    assert props["state"] == "scored" and float(props["score"]) == pytest.approx(70.0)
    assert all(str(p.ns) == OSCAL_NS for p in finding.props or [])
    assert finding.target.status is not None
    assert finding.target.status.state.value == "not-satisfied"
    observations = {o.uuid: o for o in result.observations or []}
    related = observations[(finding.related_observations or [])[0].observation_uuid]
    assert [m.value if hasattr(m, "value") else m for m in related.methods] == ["TEST"]
    evidence = (related.relevant_evidence or [])[0]
    assert evidence.href == "mlflow-run:r1"
    assert {p.name: p.value for p in evidence.props or []}["sha256"] == RUN_SHA
    training = next(o for o in observations.values()
                    if (o.relevant_evidence or [])[0].href
                    == "https://intranet.example/training?x=<b>")
    assert training.expires is not None and training.collected.year == 2026
    methods = {str(getattr(m, "value", m)) for o in observations.values() for m in o.methods}
    assert methods == {"TEST", "EXAMINE", "INTERVIEW"}
    na = next(f for f in result.findings or [] if f.target.target_id == "pledge.6.3")
    assert na.target.status is not None and na.target.status.state.value == "satisfied"
    assert to_oscal(document) == data  # deterministic ids


def test_consolidated_report_says_what_is_suppressed(document: dict) -> None:
    from ai_work_audit.indicators import consolidate

    docs = [{**document, "organisation": f"org-{n}"} for n in range(3)]
    small = consolidate(docs, period="2026")
    html = render_consolidated(small, "html")
    assert "suppressed" in html and 'class="num suppressed"' in html
    big = consolidate(docs, period="2026", min_organisations=3)
    text = render_consolidated(big, "md", "fr")
    row = next(line for line in text.splitlines() if line.startswith("| 2.1 |"))
    assert "masqué" not in row and "| 3 |" in row


@pytest.mark.slow
def test_pdf_has_a_page_per_commitment(document: dict) -> None:
    import pypdf

    pdf = render_self_assessment(document, "pdf")
    assert pdf.startswith(b"%PDF")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 7
