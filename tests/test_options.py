"""Options declared once (options.py): API params and specs validated by the options model."""

from __future__ import annotations

from typing import Any

import pytest

from ai_work_audit.errors import ConfigError
from ai_work_audit.hiring import HiringOptions, hiring_options_from_params
from ai_work_audit.monitoring import MonitoringOptions, monitoring_options_from_params
from ai_work_audit.monitoring._options import DEFAULT_WORKING_HOURS
from ai_work_audit.sources import DEFAULT_UNKNOWN

BASE = {"outcome": "decision", "group": ["sex"]}


@pytest.mark.parametrize(("params", "words"), [
    ({**BASE, "colour": "red"}, "params has unknown key(s) ['colour']"),
    ({**BASE, "exclude_under": "0.02"}, "params.exclude_under must be a number; got str"),
    ({**BASE, "exclude_under": True}, "params.exclude_under must be a number; got bool"),
    ({**BASE, "intersectional": 1}, "params.intersectional must be true or false; got int"),
    ({**BASE, "group": [1]}, "params.group must be a string or a list of strings; got list"),
    ({**BASE, "outcome": 3}, "params.outcome must be a string; got int"),
    ({**BASE, "by": "week"}, "params.by must be one of month, quarter, year"),
    ({**BASE, "k": 1}, "params.k must be greater than or equal to 2"),
    ({**BASE, "audience": "public"}, "params.audience must be one of full, representative"),
    ({"group": ["sex"]}, "exactly one of --outcome, --score"),
    ({**BASE, "exclude_under": 1.5}, "--exclude-under must be a share in [0, 1)"),
    ({**BASE, "system": {"a": 1}}, "params.system must be a string; got dict"),
])
def test_bad_params_are_config_errors_naming_the_key(params: dict[str, Any], words: str) -> None:
    with pytest.raises(ConfigError) as info:
        hiring_options_from_params(params)
    assert words in str(info.value)


def test_values_never_appear_in_errors() -> None:
    with pytest.raises(ConfigError) as info:
        hiring_options_from_params({**BASE, "exclude_under": "Jane Doe"})
    assert "Jane" not in str(info.value)


def test_params_use_the_clis_long_options() -> None:
    options = hiring_options_from_params({
        "outcome": "decision", "group": "sex", "org": "acme", "system": "screener",
        "policy": "pack.yaml", "stage_order": "a, b", "unknown": [], "exclude_under": 0,
        "format": "json", "lang": "fr", "no_ledger": True, "fail_on": "high"})
    assert options == HiringOptions(group=("sex",), outcome="decision", organisation="acme",
                                    system="screener", policies=("pack.yaml",),
                                    stage_order=("a", "b"))
    assert options.unknown == DEFAULT_UNKNOWN and options.exclude_under == 0.0
    assert hiring_options_from_params({**BASE, "organisation": "x", "policies": []}) == \
        HiringOptions(group=("sex",), outcome="decision", organisation="x")


def test_direct_construction_errors_name_the_flag() -> None:
    with pytest.raises(ConfigError, match="--exclude-under must be a number; got str"):
        HiringOptions(group=("sex",), outcome="d", exclude_under="x")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="--language must be one of en, fr, auto"):
        MonitoringOptions(language="de")  # type: ignore[arg-type]


def test_recorded_params_keep_the_documents_keys() -> None:
    """The document's ``parameters`` are unchanged (issue 14 added ``engine`` and ``table``):
    presentation options, Spark settings and the SQL source are not recorded."""
    recorded = HiringOptions(group=("sex",), outcome="d").to_params()
    assert list(recorded) == ["group", "outcome", "positive", "score", "applicants", "selected",
                              "intersectional", "unknown", "exclude_under", "reference",
                              "stratum", "stage", "stage_order", "period", "date_format", "by",
                              "label", "organisation", "system", "policies", "engine", "table",
                              # added by the laws (issue 13): more keys, none renamed
                              "proxy", "jurisdictions", "as_of", "requests", "declarations",
                              "reference_rule"]
    assert recorded["group"] == ["sex"] and recorded["unknown"] == list(DEFAULT_UNKNOWN)
    assert "audience" not in MonitoringOptions().to_params()


def test_the_default_working_time_is_declared_once() -> None:
    options = monitoring_options_from_params({})
    assert options.working_hours == DEFAULT_WORKING_HOURS == "08:00-19:00"
    assert options.working_days == "mon-fri"
    with pytest.raises(ConfigError, match=r"params\.timezone must be a string"):
        monitoring_options_from_params({"timezone": 1})
