"""Checksum validators (INSEE NIR key, SIREN/SIRET Luhn, French phone shapes)."""

from __future__ import annotations

import pytest

from ai_work_audit.privacy._validators import (
    luhn_ok,
    validate_fr_nir,
    validate_fr_phone,
    validate_fr_siren,
    validate_fr_siret,
    validate_phone_digits,
)

CASES = [
    (validate_fr_nir, "185057800608491", True),
    (validate_fr_nir, "1 85 05 78 006 084 91", True),
    (validate_fr_nir, "2 69 02 99 341 732 85", True),
    (validate_fr_nir, "1 85 05 2A 006 084 35", True),  # Corse-du-Sud: 2A → 19
    (validate_fr_nir, "1 85 05 2B 006 084 62", True),  # Haute-Corse: 2B → 18
    (validate_fr_nir, "1 85 05 2a 006 084 35", True),
    (validate_fr_nir, "1 85 05 2A 006 084 62", False),
    (validate_fr_nir, "185057800608492", False),
    (validate_fr_nir, "18505780060849", False),
    (validate_fr_siren, "732 829 320", True),
    (validate_fr_siren, "443061841", True),
    (validate_fr_siren, "443061842", False),
    (validate_fr_siret, "732 829 320 00017", True),
    (validate_fr_siret, "73282932000018", False),
    (validate_fr_siret, "35600000000056", True),  # La Poste: digit sum divisible by 5
    (validate_fr_phone, "06 12 34 56 78", True),
    (validate_fr_phone, "+33 6 12 34 56 78", True),
    (validate_fr_phone, "+33 (0)6 12 34 56 78", True),
    (validate_fr_phone, "0033 1 45 67 89 10", True),
    (validate_fr_phone, "00 12 34 56 78", False),
    (validate_fr_phone, "6 12 34 56 78", False),
    (validate_phone_digits, "723 813 266", True),
    (validate_phone_digits, "111 111 111", False),
    (validate_phone_digits, "12 34", False),
]


@pytest.mark.parametrize(("validator", "text", "expected"), CASES,
                         ids=[f"{v.__name__}-{t}" for v, t, _ in CASES])
def test_validator(validator, text, expected) -> None:
    assert validator(text) is expected


def test_luhn() -> None:
    assert luhn_ok("4111111111111111")
    assert not luhn_ok("4111111111111112")
    assert not luhn_ok("41a1")
