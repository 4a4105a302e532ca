"""Keyed pseudonyms of worker ids."""

from __future__ import annotations

import pandas as pd
import pytest

from ai_work_audit.privacy._pseudonym import pseudonym, pseudonymise


def test_pseudonyms_are_stable_keyed_and_hide_the_id() -> None:
    ids = ["ACM2278", "BDX0001", "ACM2278", None, "BDX0001"]
    first = pseudonymise(ids, b"secret-one")
    again = pseudonymise(pd.Series(ids), b"secret-one")
    other = pseudonymise(ids, b"secret-two")
    assert list(first) == list(again)
    assert first[0] == first[2] and first[1] == first[4] and first[0] != first[1]
    assert first[3] is None
    assert all(a != b for a, b in zip(first[:3], other[:3], strict=True))
    for value in first[[0, 1]]:
        assert value.startswith("w_") and len(value) == 18
        assert "ACM" not in value and "2278" not in value
    assert first[0] == pseudonym("ACM2278", b"secret-one")
    with pytest.raises(ValueError, match="secret"):
        pseudonymise(ids, b"")
