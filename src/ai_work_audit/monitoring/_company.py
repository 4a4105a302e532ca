"""The ``company-monitoring-policy`` pack in the company's own words.

A company policy (``company-policy/v1``) may word the findings of its pack itself (its
``findings`` block: title, message, pass_message, remediation per rule, in English and French);
those texts replace the message catalogue's for that audit. Source: issue 11 item 4 ("findings
of a company pack with the company's own wording").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from ai_work_audit.policy import PolicyPack, Text

COMPANY_PACK = "company-monitoring-policy"
#: Rule id of each rule the company policy may word (``findings.<key>``).
WORDED_RULE_IDS = {"allowed_event_types": "company.allowed_event_types",
                   "working_time": "company.working_time",
                   "retention": "company.retention"}


def worded_packs(packs: Sequence[PolicyPack],
                 wording: Mapping[str, Mapping[str, Mapping[str, str]]] | None
                 ) -> list[PolicyPack]:
    """``packs`` with the company pack's rule texts replaced by the company's own wording."""
    if not wording:
        return list(packs)
    by_rule = {WORDED_RULE_IDS[key]: texts for key, texts in wording.items()
               if key in WORDED_RULE_IDS}
    out = []
    for pack in packs:
        if pack.pack != COMPANY_PACK:
            out.append(pack)
            continue
        rules = []
        for rule in pack.rules:
            texts = by_rule.get(rule.id, {})
            changes: dict[str, Any] = {key: Text(en=value["en"], fr=value["fr"])
                                       for key, value in texts.items()}
            rules.append(replace(rule, **changes) if changes else rule)
        out.append(replace(pack, rules=tuple(rules)))
    return out
