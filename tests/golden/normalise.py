"""Volatile values of the golden outputs, replaced by placeholders before recording or comparing.

Source: issue 9, item 1 ("ids, timestamps and digests of volatile inputs aside"). Found by
recording twice (a few seconds apart, and with the clock in mind) and diffing; everything else
is deterministic (fixed inputs, fixed pseudonymisation secret, relative paths, one process):

- ``audit_id`` of every audit document → ``{{AUDIT_ID}}`` (wherever the id appears: documents,
  "Audit <id>" and "Audit id" lines of the Markdown, evidence);
- MLflow run ids (``ledger.mlflow_run_id``, ``mlflow-run:<id>`` evidence URIs, the
  "MLflow run" line) → ``{{RUN_ID}}``;
- any other 32-digit hex id, a UUID4 today (the audit of a ``--format md`` run is a run of its
  own, whose id no JSON document shows) → ``{{ID}}``;
- evidence entries of the ledger workspace (``evidence list --format json``): ``entry_id`` (in
  ``urn:ai-work-audit:evidence:<id>``) → ``{{ENTRY_ID}}``, ``entry_hash``/``prev_hash`` →
  ``{{ENTRY_HASH}}``, and the SHA-256 of a recorded audit document (``file_sha256`` of an
  ``audit_run`` entry, the ``sha256`` of its evidence item; it digests the audit id and
  timestamp) → ``{{DOCUMENT_SHA256}}``; each of these also by its 12-character prefix, which the
  Markdown shows;
- dates and times of "now" (``created_at``, ``collected_at``, ``expires_at`` = now + cadence,
  ``as_of`` and the "Audit date", "collected …", "Assessed as of", "12 months before …" texts),
  in ISO-8601 or as the reports write them in English and French → ``{{DATE}}``: every date
  from 3 days before to 800 days after the recording; dates of the data (2025) and of legal
  texts fall outside that window and are kept;
- dates of legal texts that the packs carry (``dates``, ``applies_from``; e.g. 2 December 2027)
  are kept even inside that window (``law_dates``), while ``parameters.laws_as_of`` (the audit
  date, today by default) is a date of "now" by its key;
- ``tool_version`` and "ai-work-audit <version>" → ``{{TOOL_VERSION}}``;
- the evidence receipt a release carries (``disclosure.receipt``: root hash, key id, public key,
  signature; the report's receipt section shows the root's 12-character prefix) →
  ``{{RECEIPT}}``;
- no durations, MLflow experiment ids or tmp paths reach the documents of these cases (the
  double-run diff showed none); ``parameters`` keep the relative paths the cases pass;
- the staging folder's absolute path, should one appear → ``{{TMP}}`` (``cases._untmp``).

Not volatile, hence compared: ``input.sha256`` and per-file digests (the committed inputs),
the digest of the declared evidence file, every count, rate and finding. Not made volatile on
purpose: the self-assessment period is a fixed range (``cases.PERIOD``) rather than the
current year, so that its text never depends on the date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

PREFIX = 12
WINDOW = (timedelta(days=-3), timedelta(days=800))
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")
#: A 128-bit id in hex (today a UUID4), as audit ids, MLflow run ids and evidence entry ids are;
#: never a SHA-256 (64 digits, and ``\b`` stops a match inside one).
_UUID_HEX = re.compile(r"\b[0-9a-f]{32}\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                  r"(?:Z|[+-]\d{2}:?\d{2})?)?")
_LONG_EN = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS_EN) + r") (\d{4})"
                      r"(?:,? (?:at )?\d{2}:\d{2}(?: UTC)?)?")
_LONG_FR = re.compile(r"\b(\d{1,2})(?:er)? (" + "|".join(MONTHS_FR) + r") (\d{4})"
                      r"(?: à \d{2}[:h]\d{2}(?: UTC)?)?")


_LAW_DATES: list[frozenset[date]] = []


def law_dates() -> frozenset[date]:
    """Every date the shipped policy packs carry (``dates``, rules' ``applies_from``): dates
    of legal texts, kept as they are even when they fall in the window of "now"."""
    if not _LAW_DATES:
        from ai_work_audit.policy import load_policy_packs, policy_pack_paths

        packs = load_policy_packs(policy_pack_paths())
        _LAW_DATES.append(frozenset(
            {d.date for p in packs for _, d in p.dates}
            | {r.applies_from.date for p in packs for r in p.rules if r.applies_from}))
    return _LAW_DATES[0]


@dataclass
class Volatile:
    """What varies from one recording to the next: harvested tokens, the day, the version."""

    today: date = field(default_factory=lambda: datetime.now(UTC).date())
    version: str = ""
    tokens: dict[str, str] = field(default_factory=dict)

    def add(self, value: Any, placeholder: str) -> None:
        """Register one volatile string (and its 12-character prefix); a constant such as the
        chain's all-zero genesis hash is not volatile."""
        if isinstance(value, str) and len(value) >= PREFIX and len(set(value)) > 2:
            self.tokens.setdefault(value, placeholder)
            self.tokens.setdefault(value[:PREFIX], placeholder)

    def harvest_document(self, document: Any) -> None:
        """Audit ids and MLflow run ids of one document (any depth)."""
        for key, value in _items(document):
            if key == "audit_id":
                self.add(value, "{{AUDIT_ID}}")
            elif key in ("mlflow_run_id", "run_id"):
                self.add(value, "{{RUN_ID}}")
            elif key == "receipt" and isinstance(value, Mapping):  # signed over volatile entries
                for part in ("root_hash", "key_id", "public_key", "signature"):
                    self.add(value.get(part), "{{RECEIPT}}")

    def harvest_evidence(self, entries: Iterable[Mapping[str, Any]]) -> None:
        """Entry ids and hashes of the evidence log; digests of recorded audit documents."""
        for entry in entries:
            self.add(entry.get("entry_id"), "{{ENTRY_ID}}")
            self.add(entry.get("entry_hash"), "{{ENTRY_HASH}}")
            self.add(entry.get("prev_hash"), "{{ENTRY_HASH}}")
            uri = entry.get("uri")
            if entry.get("kind") == "audit_run":
                self.add(entry.get("file_sha256"), "{{DOCUMENT_SHA256}}")
                if isinstance(uri, str) and uri.startswith("mlflow-run:"):
                    self.add(uri.removeprefix("mlflow-run:"), "{{RUN_ID}}")

    # --- replacing -------------------------------------------------------------------------

    def _now(self, year: str, month: int, day: str, bare: bool = False) -> bool:
        try:
            when = date(int(year), month, int(day))
        except ValueError:
            return False
        if bare and when in law_dates():  # a date of the law (a pack's data), not of "now"
            return False
        return self.today + WINDOW[0] <= when <= self.today + WINDOW[1]

    def text(self, value: str) -> str:
        """One string with every volatile part replaced."""
        if self.tokens:
            pattern = re.compile("|".join(re.escape(t) for t in
                                          sorted(self.tokens, key=len, reverse=True)))
            value = pattern.sub(lambda m: self.tokens[m.group(0)], value)
        value = _UUID_HEX.sub("{{ID}}", value)
        value = _ISO.sub(lambda m: "{{DATE}}" if self._now(m[1], int(m[2]), m[3],
                                                          bare=len(m[0]) == 10)
                         else m.group(0), value)
        value = _LONG_EN.sub(lambda m: "{{DATE}}" if self._now(
            m[3], MONTHS_EN.index(m[2]) + 1, m[1]) else m.group(0), value)
        value = _LONG_FR.sub(lambda m: "{{DATE}}" if self._now(
            m[3], MONTHS_FR.index(m[2]) + 1, m[1]) else m.group(0), value)
        if self.version:
            value = value.replace(f"ai-work-audit {self.version}",
                                  "ai-work-audit {{TOOL_VERSION}}")
        return value

    def document(self, value: Any, key: str = "") -> Any:
        """A JSON value with every volatile string replaced (``tool_version`` by key)."""
        if key == "tool_version" and isinstance(value, str):
            return "{{TOOL_VERSION}}"
        if key == "laws_as_of" and isinstance(value, str) and self._now(
                value[:4], int(value[5:7]), value[8:10]):  # today, even on a law's date
            return "{{DATE}}"
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.document(v) for v in value]
        if isinstance(value, Mapping):
            return {k: self.document(v, k) for k, v in value.items()}
        return value


def _items(value: Any) -> Iterable[tuple[str, Any]]:
    """Every (key, value) pair of a JSON value, depth first."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield key, item
            yield from _items(item)
    elif isinstance(value, list):
        for item in value:
            yield from _items(item)


__all__ = ["Volatile"]
