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


def _option_ids() -> set[str]:
    """The catalogue ids the form can look up: label, help, a kind's own help, choices."""
    from ai_work_audit.web._forms import visible_options

    ids: set[str] = set()
    for kind in ("hiring", "monitoring"):
        for field in visible_options(kind):
            ids |= {f"option.{field.name}", f"option.{field.name}.help",
                    f"option.{kind}.{field.name}.help"}
            ids |= {f"option.{field.name}.{c}" for c in field.choices or ()}
    return ids


@pytest.mark.parametrize("kind", ["hiring", "monitoring"])
def test_every_option_is_told_in_the_pages_language(kind: str) -> None:
    """Labels, help and choices come from the message catalogue in both languages (the
    options model's English help is not shown on a French page)."""
    from ai_work_audit.kinds import kind_spec
    from ai_work_audit.options import option_fields

    english = {f.name: f for f in option_fields(kind_spec(kind).options)}
    en, fr = form_fields(kind, "en"), form_fields(kind, "fr")
    assert [f.name for f in en] == [f.name for f in fr]
    for e, f in zip(en, fr, strict=True):
        assert e.label and f.label and e.help and f.help, e.name
        assert f.help != english[e.name].help and f.help != e.help, e.name
        assert f.label != e.label, e.name
        assert [v for v, _ in e.choices] == [v for v, _ in f.choices]
        assert all(label for _, label in f.choices)
    assert next(f for f in fr if f.name == "as_of").help.startswith("AAAA-MM-JJ")


def test_the_catalogue_has_no_option_text_the_form_cannot_show() -> None:
    from ai_work_audit.vocab._messages import catalogue

    for lang in ("en", "fr"):
        stale = {i for i in catalogue(lang) if i.startswith("option.")} - _option_ids()
        assert stale == set(), f"{lang}: texts of options no form shows: {sorted(stale)}"
