"""Checksum validators that recognizer YAML files reference by name (``validator: luhn``).

Each validator takes the matched text and answers whether it is a well-formed identifier; a
recognizer drops a match its validator rejects. Sources: INSEE (NIR key = 97 − (NIR mod 97), with
2A → 19 and 2B → 18 for Corsica); INSEE SIRENE (SIREN/SIRET: Luhn, La Poste SIRET: digit sum
divisible by 5).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Validator = Callable[[str], bool]

_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_LA_POSTE_SIREN = "356000000"


def _compact(text: str) -> str:
    return _NON_ALNUM.sub("", text).upper()


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn (mod 10) check."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def validate_fr_nir(text: str) -> bool:
    """French social-security number (NIR): 13 characters + a 2-digit key, 97 − (n mod 97)."""
    compact = _compact(text)
    if len(compact) != 15:
        return False
    body, key = compact[:13], compact[13:]
    department = body[5:7]
    if department == "2A":
        body = body[:5] + "19" + body[7:]
    elif department == "2B":
        body = body[:5] + "18" + body[7:]
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - (int(body) % 97) == int(key)


def validate_fr_siren(text: str) -> bool:
    """SIREN (9 digits, Luhn)."""
    digits = _compact(text)
    return len(digits) == 9 and luhn_ok(digits)


def validate_fr_siret(text: str) -> bool:
    """SIRET (14 digits, Luhn; La Poste establishments: digit sum divisible by 5)."""
    digits = _compact(text)
    if len(digits) != 14 or not digits.isdigit():
        return False
    if digits.startswith(_LA_POSTE_SIREN):
        return sum(int(c) for c in digits) % 5 == 0
    return luhn_ok(digits)


def validate_fr_phone(text: str) -> bool:
    """French phone number: +33 / 0033 / 0 followed by 9 digits, the first 1–9."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0033"):
        national = digits[4:]
    elif digits.startswith("33") and text.lstrip().startswith("+"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return False
    national = national.removeprefix("0")  # "+33 (0)6 …"
    return len(national) == 9 and national[0] != "0"


def validate_phone_digits(text: str) -> bool:
    """A phone number written without country-specific format: 7–15 digits, not one repeated."""
    digits = re.sub(r"\D", "", text)
    return 7 <= len(digits) <= 15 and len(set(digits)) > 1


VALIDATORS: dict[str, Validator] = {
    "luhn": lambda text: luhn_ok(_compact(text)),
    "fr_nir": validate_fr_nir,
    "fr_siren": validate_fr_siren,
    "fr_siret": validate_fr_siret,
    "fr_phone": validate_fr_phone,
    "phone_digits": validate_phone_digits,
}
