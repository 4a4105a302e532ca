"""Column names of HR exports read as a data-protection officer reads them (EN/FR).

A column called ``full_name``, ``nom`` or ``prénom`` holds names whatever NER makes of its
values; ``email`` / ``courriel`` holds e-mail addresses (never web addresses); ``adresse``
holds addresses. The vocabulary follows the categories of the CNIL's register template
("Registre des activités de traitement", categories of data: état civil, identité, coordonnées,
vie professionnelle, données de santé…) and GDPR art. 4(1) / art. 9(1). Names are folded
(lower case, no accents, camelCase and punctuation split) before matching whole words.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

#: Column-name words (folded) → the entity type the column holds.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "PERSON": ("name", "names", "fullname", "full name", "first name", "firstname",
               "last name", "lastname", "surname", "given name", "family name",
               "employee name", "display name", "maiden name", "middle name", "forename",
               "nom", "noms", "prenom", "prenoms", "nom complet", "nom prenom", "prenom nom",
               "nom de famille", "nom d usage", "nom usage", "nom de naissance",
               "nom patronymique", "salarie", "collaborateur", "manager name", "supervisor"),
    "EMAIL_ADDRESS": ("email", "e mail", "mail", "emails", "courriel", "adresse mail",
                      "adresse e mail", "adresse electronique", "email address", "mel"),
    "PHONE_NUMBER": ("phone", "telephone", "tel", "mobile", "portable", "cell", "gsm",
                     "phone number", "numero de telephone", "fixe"),
    "LOCATION": ("address", "adresse", "street", "rue", "home address", "adresse postale",
                 "postcode", "post code", "zip", "zip code", "postal code", "code postal",
                 "domicile", "city of residence", "ville de residence"),
    "IBAN_CODE": ("iban", "rib", "bank account", "compte bancaire", "bic"),
    "FR_NIR": ("nir", "numero de securite sociale", "securite sociale", "secu", "insee",
               "numero ss", "num secu"),
    "US_SSN": ("ssn", "social security number"),
    "DATE_TIME": ("date of birth", "birth date", "birthdate", "dob", "date de naissance",
                  "date naissance", "naissance", "birthday"),
    "HEALTH": ("health", "sante", "medical", "medicale", "maladie", "sick", "sickness",
               "disability", "handicap", "rqth", "invalidite", "pathologie", "diagnosis",
               "diagnostic", "arret maladie", "sick leave"),
    "TRADE_UNION": ("union", "trade union", "syndicat", "syndical", "syndicale",
                    "union membership", "appartenance syndicale", "mandat syndical"),
    "RELIGION": ("religion", "religious", "confession", "culte"),
    "ETHNIC_ORIGIN": ("ethnicity", "ethnic origin", "race", "origine ethnique", "ethnie"),
    "SEXUAL_ORIENTATION": ("sexual orientation", "orientation sexuelle"),
    "POLITICAL_OPINION": ("political", "politique", "opinion politique", "party membership"),
    "BIOMETRIC": ("biometric", "biometrie", "fingerprint", "empreinte", "faceprint"),
}
#: Types whose column is a direct identifier (GDPR recital 26: identifies the person alone).
DIRECT_TYPES = frozenset({"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION", "IBAN_CODE",
                          "FR_NIR", "US_SSN"})

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
#: A value shaped like a person's name: 1–4 words of letters (hyphens, apostrophes, initials).
NAME_SHAPED = re.compile(r"[^\W\d_][^\W\d_'’.\-]*\.?(?:[ '’\-]+[^\W\d_][^\W\d_'’.\-]*\.?){0,3}")
_NAME_SHAPED_WORDS = 4


def fold_column_name(name: str) -> str:
    """``"Prénom_Salarié"`` → ``"prenom salarie"``, ``"fullName"`` → ``"full name"``."""
    spaced = _CAMEL.sub(" ", str(name))
    decomposed = unicodedata.normalize("NFKD", spaced)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub(" ", bare).strip()


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?:^| )(?:{body})(?: |$)")


_PATTERNS = {kind: _phrases(words) for kind, words in COLUMN_WORDS.items()}
#: Words that make a "name" column something else ("file name", "team name", "nom du site").
_NOT_PERSON = _phrases(("file", "fichier", "team", "equipe", "site", "company", "societe",
                        "entreprise", "project", "projet", "host", "user name", "username",
                        "device", "app", "application", "product", "produit", "service",
                        "department", "departement", "server", "serveur", "domain", "machine",
                        "poste", "job", "role", "position", "level", "organisation",
                        "organization", "business unit", "unit", "group", "groupe"))


def column_name_types(name: str) -> frozenset[str]:
    """Entity types a column's name says it holds (empty when the name says nothing)."""
    folded = fold_column_name(name)
    found = {kind for kind, pattern in _PATTERNS.items() if pattern.search(folded)}
    if "PERSON" in found and _NOT_PERSON.search(folded):
        found.discard("PERSON")
    if "EMAIL_ADDRESS" in found:
        found.discard("LOCATION")  # "adresse mail" is not a postal address
    return frozenset(found)


def name_shaped(value: str) -> bool:
    """Whether a cell looks like a person's name (letters only, 1–4 words)."""
    text = value.strip()
    return (bool(NAME_SHAPED.fullmatch(text))
            and len(text.split()) <= _NAME_SHAPED_WORDS and any(c.isalpha() for c in text))
