"""Impact-ratio bounds under the assignments of unknown-category applicants (issue 12)."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ai_work_audit.hiring._bounds import impact_ratio_bounds


def test_hand_checked_two_categories() -> None:
    """F 30/100, M 50/100, 20 unknown of whom 10 selected.

    Observed F ratio 0.6. Selected unknowns to F and the others to M: F 40/110, M 50/110,
    ratio exactly 0.8 (not adverse); the reverse: F 30/110, M 60/110, ratio 0.5.
    """
    f, m = impact_ratio_bounds([100, 100], [30, 50], [True, True], 20, 10) or []
    assert f.impact_ratio_min == pytest.approx(0.5)
    assert f.impact_ratio_max == pytest.approx(0.8)
    assert f.verdict_stable is False
    assert (m.impact_ratio_min, m.impact_ratio_max, m.verdict_stable) == (1.0, 1.0, True)


def test_no_unknowns_no_bounds() -> None:
    assert impact_ratio_bounds([10, 10], [5, 2], [True, True], 0, 0) is None


def test_a_verdict_far_from_the_threshold_is_stable() -> None:
    f, _ = impact_ratio_bounds([1000, 1000], [100, 500], [True, True], 10, 5) or []
    assert f.verdict_stable is True
    assert f.impact_ratio_max is not None and f.impact_ratio_max < 0.8


def test_excluded_categories_get_no_bounds() -> None:
    rows = impact_ratio_bounds([100, 100, 2], [30, 50, 0], [True, True, False], 5, 1) or []
    assert rows[2].impact_ratio_min is None and rows[2].verdict_stable is True


def test_unknown_outcomes_take_both_extremes() -> None:
    known = impact_ratio_bounds([100, 100], [30, 50], [True, True], 20, 10) or []
    unknown = impact_ratio_bounds([100, 100], [30, 50], [True, True], 20, None) or []
    assert unknown[0].impact_ratio_min is not None and known[0].impact_ratio_min is not None
    assert unknown[0].impact_ratio_min <= known[0].impact_ratio_min
    assert unknown[0].impact_ratio_max >= known[0].impact_ratio_max  # type: ignore[operator]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 40), st.integers(0, 40)), min_size=2, max_size=4),
       st.integers(1, 5), st.data())
def test_bounds_contain_every_split_of_the_unknowns(cells: list[tuple[int, int]], unknown: int,
                                                   data: st.DataObject) -> None:
    """Brute force: every way of spreading the unknowns lies within the bounds, and both
    bounds are reached by some way (they are exact, not merely safe)."""
    applicants = [n for n, _ in cells]
    selected = [min(s, n) for n, s in cells]
    chosen = data.draw(st.integers(0, unknown))
    bounds = impact_ratio_bounds(applicants, selected, [True] * len(cells), unknown, chosen)
    assert bounds is not None
    k = len(cells)
    seen: dict[int, set[float]] = {}
    for sel_to in itertools.product(range(k), repeat=chosen):
        for rej_to in itertools.product(range(k), repeat=unknown - chosen):
            n, s = list(applicants), list(selected)
            for c in sel_to:
                n[c] += 1
                s[c] += 1
            for c in rej_to:
                n[c] += 1
            rates = [Fraction(a, b) for a, b in zip(s, n, strict=True)]
            top = max(rates)
            if top == 0:
                continue
            for i, r in enumerate(rates):
                lo, hi = bounds[i].impact_ratio_min, bounds[i].impact_ratio_max
                assert lo is not None and hi is not None
                assert lo - 1e-12 <= float(r / top) <= hi + 1e-12
                seen.setdefault(i, set()).add(float(r / top))
    for i, values in seen.items():
        assert bounds[i].impact_ratio_min == pytest.approx(min(values))
        assert bounds[i].impact_ratio_max == pytest.approx(max(values))


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(0, 12)), min_size=2, max_size=3),
       st.integers(1, 4), st.data())
@settings(max_examples=40, deadline=None)
def test_bounds_against_a_fixed_reference_contain_every_assignment(
        cells: list[tuple[int, int]], unknown: int, data: st.DataObject) -> None:
    """--reference: every way of placing each unknown person (selected or not) in a category
    gives ratios (category rate ÷ reference rate) within the row's bounds."""
    from ai_work_audit.hiring import compute_rate_table
    from ai_work_audit.sources import DEFAULT_UNKNOWN

    applicants = [n for n, _ in cells]
    selected = [min(s, n) for n, s in cells]
    chosen = data.draw(st.integers(0, unknown))
    names = [f"c{i}" for i in range(len(cells))]
    counts = {"g": [*names, "Unknown"], "applicants": [*applicants, unknown],
              "selected": [*selected, chosen]}
    table = compute_rate_table(counts, ["g"], unknown=DEFAULT_UNKNOWN, reference=["c0"])
    rows = {r.group["g"]: r for r in table.rows}
    if not rows["c0"].is_reference:  # the reference selected nobody: no ratios
        return
    people = [1] * chosen + [0] * (unknown - chosen)
    for places in itertools.product(range(len(cells)), repeat=unknown):
        n = list(applicants)
        s = list(selected)
        for place, picked in zip(places, people, strict=True):
            n[place] += 1
            s[place] += picked
        for i in range(1, len(cells)):
            bounds = rows[names[i]].bounds
            assert bounds is not None and bounds.impact_ratio_min is not None
            ratio = Fraction(s[i], n[i]) / Fraction(s[0], n[0])
            assert bounds.impact_ratio_min - 1e-12 <= ratio <= bounds.impact_ratio_max + 1e-12
