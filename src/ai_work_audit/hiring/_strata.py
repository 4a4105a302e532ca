"""Stratified comparison of a category with the reference: Cochran–Mantel–Haenszel.

When an employer hires for several openings (or sites, or periods), pooling the counts can
create or hide a disparity (Simpson's paradox); courts and the EEOC then compare the categories
within each stratum and pool the evidence. Per stratum the 2×2 table is (category, reference) ×
(selected, not selected). Definitions (statsmodels ``StratifiedTable``, which computes them):

- Mantel–Haenszel pooled odds ratio, Σ aᵢdᵢ/nᵢ ÷ Σ bᵢcᵢ/nᵢ (Mantel & Haenszel 1959);
- the CMH test of a common odds ratio of 1, without continuity correction (Cochran 1954);
- the Breslow–Day test of homogeneity of the odds ratios across strata (Breslow & Day 1980).

Strata where the category or the reference has no applicants, or where nobody or everybody was
selected, carry no information on the odds ratio and are left out (and counted).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class StratumCounts:
    """One stratum's counts of a category and of the reference category."""

    stratum: str
    selected: int
    applicants: int
    reference_selected: int
    reference_applicants: int

    def informative(self) -> bool:
        chosen = self.selected + self.reference_selected
        total = self.applicants + self.reference_applicants
        return (self.applicants > 0 and self.reference_applicants > 0
                and 0 < chosen < total)

    def table(self) -> list[list[int]]:
        return [[self.selected, self.applicants - self.selected],
                [self.reference_selected, self.reference_applicants - self.reference_selected]]


@dataclass(frozen=True)
class StratifiedResult:
    """The pooled comparison of one category with the reference across strata."""

    pooled_odds_ratio: float | None
    cmh_statistic: float | None
    cmh_p_value: float | None
    homogeneity_p_value: float | None
    strata_used: int
    strata_left_out: int

    def to_dict(self) -> dict[str, Any]:
        return {"pooled_odds_ratio": self.pooled_odds_ratio,
                "cmh_statistic": self.cmh_statistic, "cmh_p_value": self.cmh_p_value,
                "homogeneity_p_value": self.homogeneity_p_value,
                "strata_used": self.strata_used, "strata_left_out": self.strata_left_out}


def _finite(value: Any) -> float | None:
    number = float(value)
    return number if math.isfinite(number) else None


def breslow_day_p_value(tables: Any, odds_ratio: float) -> float | None:
    """Breslow–Day test that every stratum shares ``odds_ratio`` (Breslow & Day 1980), as in
    statsmodels' ``test_equal_odds`` without Tarone's adjustment; solved also when the common
    odds ratio is exactly 1, where statsmodels' quadratic degenerates into a division by 0."""
    import numpy as np
    from scipy.stats import chi2

    a = tables[0, 0, :]
    row = a + tables[0, 1, :]
    col = a + tables[1, 0, :]
    rest = tables[1, 1, :] - a
    qa = 1 - odds_ratio
    qb = odds_ratio * (row + col) + rest
    qc = -odds_ratio * row * col
    # the expected first cell solves qa·e² + qb·e + qc = 0; linear when the ratio is 1
    expected = -qc / qb if qa == 0 else (-qb + np.sqrt(qb * qb - 4 * qa * qc)) / (2 * qa)
    with np.errstate(divide="ignore", invalid="ignore"):
        variance = 1 / (1 / expected + 1 / (col - expected) + 1 / (row - expected)
                        + 1 / (rest + expected))
        statistic = float(np.sum((a - expected) ** 2 / variance))
    if not math.isfinite(statistic):
        return None
    return _finite(chi2.sf(statistic, tables.shape[2] - 1))


def compare_stratified(strata: Sequence[StratumCounts]) -> StratifiedResult:
    """CMH pooled odds ratio and test, and Breslow–Day homogeneity, over informative strata."""
    used = [s for s in strata if s.informative()]
    left_out = len(strata) - len(used)
    if not used:
        return StratifiedResult(None, None, None, None, 0, left_out)
    import numpy as np
    from statsmodels.stats.contingency_tables import StratifiedTable

    tables = np.array([s.table() for s in used], dtype=np.float64).transpose(1, 2, 0)
    result = StratifiedTable(tables)
    null = result.test_null_odds(correction=False)
    pooled = _finite(result.oddsratio_pooled) if result.oddsratio_pooled != 0 else 0.0
    homogeneity = None
    if len(used) > 1 and pooled is not None and pooled > 0:
        homogeneity = breslow_day_p_value(tables, pooled)
    return StratifiedResult(
        pooled_odds_ratio=pooled,
        cmh_statistic=_finite(null.statistic),
        cmh_p_value=_finite(null.pvalue),
        homogeneity_p_value=homogeneity,
        strata_used=len(used),
        strata_left_out=left_out,
    )
