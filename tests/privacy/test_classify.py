"""HR exports classified as a data-protection officer would (issue 11, item 5): realistic
exports in English and French, the real recognizers, NER and roster."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from ai_work_audit.monitoring._columns import classify_columns, table_facts
from ai_work_audit.privacy import Roster, column_name_types, name_shaped


@pytest.mark.parametrize(("name", "expected"), [
    ("full_name", {"PERSON"}), ("Nom", {"PERSON"}), ("Prénom", {"PERSON"}),
    ("nom_de_famille", {"PERSON"}), ("employeeName", {"PERSON"}), ("LastName", {"PERSON"}),
    ("courriel", {"EMAIL_ADDRESS"}), ("Adresse e-mail", {"EMAIL_ADDRESS"}),
    ("adresse_postale", {"LOCATION"}), ("code_postal", {"LOCATION"}),
    ("Téléphone portable", {"PHONE_NUMBER"}), ("date_de_naissance", {"DATE_TIME"}),
    ("numero_securite_sociale", {"FR_NIR"}), ("RQTH", {"HEALTH"}),
    ("appartenance_syndicale", {"TRADE_UNION"}),
    ("file_name", set()), ("team_name", set()), ("nom_du_site", set()), ("username", set()),
    ("employee", set()), ("department", set()), ("hire_date", set()),
])
def test_column_name_vocabulary(name: str, expected: set[str]) -> None:
    assert column_name_types(name) == expected


def test_name_shaped_cells() -> None:
    assert name_shaped("DUPONT Jean") and name_shaped("Marie-Claire d'Arcy")
    assert not name_shaped("E0042") and not name_shaped("jean.dupont@example.org")
    assert not name_shaped("a b c d e")


def _columns(frame: pd.DataFrame, language: str, roster: Roster | None = None
             ) -> dict[str, dict[str, Any]]:
    return {c["column"]: c for c in classify_columns(frame, language=language, roster=roster)}


def test_french_hr_export() -> None:
    rows = 24
    first = ["Jean", "Marie", "Karim", "Élodie", "Thomas", "Fatou"]
    last = ["DUPONT", "LEFÈVRE", "BENALI", "MOREAU", "NGUYEN", "DIALLO"]
    frame = pd.DataFrame({
        "matricule": [f"M{i:05d}" for i in range(rows)],
        "Nom": [last[i % 6] for i in range(rows)],
        "Prénom": [first[i % 6] for i in range(rows)],
        "courriel": [f"{first[i % 6].lower()}.{i}@northwind.local" for i in range(rows)],
        "adresse": [f"{i + 1} rue des Lilas, 69003 Lyon" for i in range(rows)],
        "motif_absence": [("congés payés", "arrêt maladie", "RQTH", "formation",
                           "salarié séropositif, aménagement de poste", "RTT")[i % 6]
                          for i in range(rows)],
        "site": ["Lyon Gerland", "Villeurbanne"] * (rows // 2),
        "service": ["logistique", "paie", "RH"] * (rows // 3),
    })
    columns = _columns(frame, "fr")
    for name in ("Nom", "Prénom"):
        assert columns[name]["direct_identifier"] is True
        assert columns[name]["detected"].get("PERSON") == 1.0
    assert columns["courriel"]["detected"] == {"EMAIL_ADDRESS": 1.0}
    assert columns["courriel"]["direct_identifier"] is True
    assert columns["adresse"]["detected"].get("LOCATION") == 1.0
    assert columns["adresse"]["direct_identifier"] is True
    absence = columns["motif_absence"]
    assert absence["special_category"] is True
    assert absence["detected"]["HEALTH"] == pytest.approx(0.5)  # maladie, RQTH, séropositif
    for name in ("matricule", "service"):
        assert not columns[name]["direct_identifier"] and not columns[name]["special_category"]
    assert table_facts(frame, list(columns.values()))["privacy.direct_identifier_records"] == rows


def test_english_hr_export_with_roster() -> None:
    names = ["Maria Gonzalez", "James O'Brien", "Aisha Khan", "Peter Novak"]
    emails = ["maria.gonzalez@northwind.com", "james.obrien@northwind.com",
              "aisha.khan@northwind.com", "peter.novak@northwind.com"]
    roster = Roster(names=names, emails=emails)
    frame = pd.DataFrame({
        "employee_id": ["u001", "u002", "u003", "u004"] * 5,
        "full_name": names * 5,
        "email": emails * 5,
        "manager": ["Maria Gonzalez", "Maria Gonzalez", "James O'Brien", "James O'Brien"] * 5,
        "travel_note": ["flight to Roma for the offsite", "train to Lyon", "hotel in Berlin",
                        "flight to Roma, client visit"] * 5,
        "leave_type": ["annual", "sick leave", "annual", "parental"] * 5,
        "team": ["ops", "sales"] * 10,
    })
    columns = _columns(frame, "en", roster)
    assert columns["full_name"]["detected"].get("PERSON") == 1.0
    assert columns["full_name"]["direct_identifier"] is True
    assert columns["manager"]["direct_identifier"] is True  # roster names, no vocabulary
    assert columns["email"]["detected"] == {"EMAIL_ADDRESS": 1.0}  # not URL
    assert "ETHNIC_ORIGIN" not in columns["travel_note"]["detected"]
    assert columns["travel_note"]["special_category"] is False
    assert columns["leave_type"]["special_category"] is True
    assert columns["team"]["detected"] == {}
