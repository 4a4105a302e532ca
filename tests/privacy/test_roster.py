"""Worker-roster matching: folding, word boundaries, offsets into the original text."""

from __future__ import annotations

import pytest

from ai_work_audit.errors import InputError
from ai_work_audit.privacy import Roster, detect_pii
from ai_work_audit.privacy._roster import fold_with_map

ROSTER = Roster(
    names=["Émilie Dupont-Moreau", "Jürgen Straße", "Li Wei", "Al"],
    emails=["e.dupont@acme.fr", "j.strasse@acme.de"],
)

CASES = [
    ("rdv avec émilie dupont-moreau demain", [("PERSON", "émilie dupont-moreau")]),
    ("EMILIE DUPONT MOREAU a écrit", [("PERSON", "EMILIE DUPONT MOREAU")]),
    ("Dupont-Moreau Émilie (RH)", [("PERSON", "Dupont-Moreau Émilie")]),
    ("Émilie\n  Dupont-Moreau", [("PERSON", "Émilie\n  Dupont-Moreau")]),
    ("mail E.Dupont@ACME.FR now", [("EMAIL_ADDRESS", "E.Dupont@ACME.FR")]),
    ("JÜRGEN STRASSE called", [("PERSON", "JÜRGEN STRASSE")]),
    ("ﬁle by Jürgen Straße.", [("PERSON", "Jürgen Straße")]),  # ligature before changes length
    ("Straße Jürgen; Li Wei", [("PERSON", "Straße Jürgen"), ("PERSON", "Li Wei")]),
    ("xémilie dupont-moreau", []),
    ("émilie dupont-moreaux", []),
    ("Li Weilong", []),
    ("Al is here", []),  # too short to be a roster name
    ("ee.dupont@acme.fr", []),
    ("e.dupont@acme.fr.evil", [("EMAIL_ADDRESS", "e.dupont@acme.fr")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_roster_find(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.type, text[m.start:m.end]) for m in ROSTER.find(text)] == expected


def test_fold_map_points_into_original() -> None:
    folded, index = fold_with_map("Straße ﬁ É")
    assert folded == "strasse fi e"
    assert len(index) == len(folded)
    assert index[folded.index("ss")] == index[folded.index("ss") + 1] == 4


def test_roster_in_detect_pii() -> None:
    text = "Note: Émilie Dupont-Moreau (e.dupont@acme.fr) est en arrêt maladie"
    (found,) = detect_pii([text], language="fr", roster=ROSTER)
    got = {(e.type, text[e.start:e.end], e.recognizer) for e in found}
    assert ("PERSON", "Émilie Dupont-Moreau", "WorkerRosterRecognizer") in got
    assert ("EMAIL_ADDRESS", "e.dupont@acme.fr", "WorkerRosterRecognizer") in got
    assert ("HEALTH", "arrêt maladie", "HealthTermsRecognizer") in got
    assert len([e for e in found if e.type == "EMAIL_ADDRESS"]) == 1


def test_from_records() -> None:
    roster = Roster.from_records([{"name": "Ana Silva", "email": "ana@x.org"}, {"name": None}])
    assert len(roster) == 3  # name, reversed name, e-mail
    with pytest.raises(InputError, match="roster"):
        Roster.from_records([{"employee": "Ana"}])
    assert Roster().find("anything") == []
