"""Column-role suggestions and the options form of each kind (the options model's fields)."""

from __future__ import annotations

import pytest

from ai_work_audit.web._forms import form_fields, params_from_form, suggest_roles


def test_suggestions_follow_the_column_names() -> None:
    columns = ["candidate_ref", "sex", "race_ethnicity", "age_band", "screening_score",
               "screened_in", "qualified", "applied_on", "job_opening", "stage"]
    assert suggest_roles(columns) == ["ignore", "group", "group", "group", "ignore",
                                      "outcome", "label", "period", "ignore", "stage"]
    assert suggest_roles(["score", "sex"]) == ["score", "group"]
    assert suggest_roles(["hired", "passed"]) == ["outcome", "ignore"]


@pytest.mark.parametrize("kind", ["hiring", "monitoring"])
def test_the_form_has_the_options_model_fields_but_no_server_paths(kind: str) -> None:
    names = {f.name for f in form_fields(kind)}
    assert names and not names & {"roster", "company_policy", "organisation", "audience", "k"}


def test_the_posted_form_becomes_api_params() -> None:
    form = {"opt_exclude_under": "0,02", "opt_unknown": "NA, n/a", "system": "tool",
            "opt_by": "quarter"}  # intersectional unchecked
    params = params_from_form("hiring", form, {"outcome": ["screened_in"],
                                               "group": ["sex", "race"]})
    assert params == {"exclude_under": 0.02, "unknown": ["NA", "n/a"], "by": "quarter",
                      "intersectional": False, "outcome": "screened_in",
                      "group": ["sex", "race"], "system": "tool"}
