"""Where a rule's texts come from: inline ``{en, fr}`` in a company's pack, else the message
catalogue's ``findings`` section (``<pack>.title``, ``<rule id>.<text>``), which the shipped
packs use; a text found in neither place is a pack error naming file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from policy_helpers import VALID

from ai_work_audit.errors import PolicyError
from ai_work_audit.findings import Outcome
from ai_work_audit.policy import FactScope, evaluate_policies, load_policy_pack
from ai_work_audit.vocab._messages import catalogue

SHIPPED_RULE = "nyc.ll144.required_tables"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_inline_texts_of_a_company_pack_take_precedence(tmp_path: Path) -> None:
    pack = load_policy_pack(_write(tmp_path, VALID.read_text(encoding="utf-8")
                                   .replace("test.first", SHIPPED_RULE)))
    rule = pack.rule(SHIPPED_RULE)
    assert (rule.title.en, rule.title.fr) == ("First rule", "Première règle")
    assert rule.title.en != catalogue("en")[f"{SHIPPED_RULE}.title"]
    # Text by text: the pass message it leaves out is the catalogue's.
    assert rule.pass_message is not None
    assert rule.pass_message.fr == catalogue("fr")[f"{SHIPPED_RULE}.pass_message"]
    finding = evaluate_policies([pack], [FactScope("table", "t", {
        "hiring.adverse_impact_categories": 2})], lang="fr")[0]
    assert finding.outcome is Outcome.FAIL and finding.message == "2 mauvais"


def test_texts_left_out_are_read_from_the_catalogue_by_rule_id(tmp_path: Path) -> None:
    text = VALID.read_text(encoding="utf-8").replace("test.first", SHIPPED_RULE)
    text = "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(("title:", "message:", "remediation:")))
    pack = load_policy_pack(_write(tmp_path, text.replace("pack: test-pack", "pack: nyc-ll144")))
    rule = pack.rule(SHIPPED_RULE)
    for name in ("title", "message", "pass_message", "remediation"):
        for lang in ("en", "fr"):
            assert getattr(rule, name).get(lang) == catalogue(lang)[f"{SHIPPED_RULE}.{name}"]
    assert pack.title.fr == catalogue("fr")["nyc-ll144.title"]


def test_a_text_in_neither_place_is_a_pack_error(tmp_path: Path) -> None:
    text = "\n".join(line for line in VALID.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith("message:"))
    path = _write(tmp_path, text)
    expected = re.escape("rule 'test.first': 'message' must be present, inline as {en, fr} or "
                         "as 'test.first.message' in the message catalogue's findings section")
    with pytest.raises(PolicyError, match=rf"pack\.yaml:8: {expected}"):
        load_policy_pack(path)
