"""The proxy test (``hiring … --proxy COL``): how strongly a candidate feature predicts a
protected category, and how much of the adverse impact it carries.

For each proxy column and each ``--group`` attribute:

- Cramér's V of the proxy × attribute contingency table (``scipy.stats.contingency.association``,
  method ``cramer``; Cramér 1946): 0 = independent, 1 = the proxy determines the category;
- the share of the adverse impact the proxy carries: the category with the lowest selection
  rate against the highest-rate (reference) category, compared crude and stratified on the
  proxy (Mantel–Haenszel pooled odds ratio, ``_strata.compare_stratified``);
  ``1 − ln(OR_MH) / ln(OR_crude)``, clipped to [0, 1]: 1 when the disparity disappears once
  candidates with the same proxy value are compared, 0 when stratifying changes nothing;
- whether the proxy is one the law names: Illinois HB 3773 (775 ILCS 5/2-102(L)(1)) forbids
  "using zip codes as a proxy for protected classes"; a column is a zip code when its name says
  so (zip, postal code, code postal…) or nine in ten of its values are 5-digit US zip codes.

Source: Illinois HB 3773 (Public Act 103-0804, in force 1 January 2026); rulebook.md IL-2.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from ai_work_audit.findings import MetricValue
from ai_work_audit.hiring._options import HiringOptions
from ai_work_audit.hiring._strata import StratumCounts, compare_stratified
from ai_work_audit.sources import as_strings, parse_outcomes, parse_scores, unknown_mask

#: Column names that say "zip code" (English, French, German, Spanish exports).
NAMED_PROXY_NAMES = re.compile(
    r"(^|[_\s-])(zip|zipcode|zip_code|postal|postcode|post_code|code_postal|cp|plz|"
    r"codigo_postal)([_\s-]|$)", re.IGNORECASE)
ZIP_VALUE = re.compile(r"^\d{5}(?:-\d{4})?$")
#: Share of values that must look like zip codes for a column to be one by its values.
ZIP_SHARE = 0.9


def is_named_proxy(column: str, values: Sequence[str | None]) -> bool:
    """Whether ``column`` is a zip code, a proxy Illinois HB 3773 names (by name or values)."""
    if NAMED_PROXY_NAMES.search(column.replace(" ", "_")):
        return True
    present = [v.strip() for v in values if v is not None and v.strip()]
    if not present:
        return False
    return sum(1 for v in present if ZIP_VALUE.match(v)) >= ZIP_SHARE * len(present)


def cramers_v(rows: Sequence[str], cols: Sequence[str]) -> float | None:
    """Cramér's V of two categorical columns (None when either has one category only)."""
    from scipy.stats.contingency import association, crosstab

    if len(set(rows)) < 2 or len(set(cols)) < 2:
        return None
    table = crosstab(np.asarray(rows, dtype=object), np.asarray(cols, dtype=object)).count
    value = float(association(table, method="cramer"))
    return value if math.isfinite(value) else None


def _selected(table: pa.Table, options: HiringOptions) -> np.ndarray:
    if options.outcome is not None:
        values, _ = parse_outcomes(table.column(options.outcome), options.positive)
        return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.int64)
    assert options.score is not None
    scores, bad = parse_scores(table.column(options.score))
    median = float(np.median(scores[~bad])) if (~bad).any() else 0.0
    return (scores > median).astype(np.int64)


def _share_carried(groups: list[str], proxies: list[str], selected: np.ndarray
                   ) -> dict[str, Any]:
    """The lowest-rate category against the highest-rate one, crude and stratified."""
    rates: dict[str, tuple[int, int]] = {}
    for g, s in zip(groups, selected, strict=True):
        n, k = rates.get(g, (0, 0))
        rates[g] = (n + 1, k + int(s))
    usable = {g: nk for g, nk in rates.items() if nk[0] > 0}
    if len(usable) < 2:
        return {"category": None, "reference": None, "crude_odds_ratio": None,
                "stratified_odds_ratio": None, "adverse_share": None}
    reference = max(usable, key=lambda g: (usable[g][1] / usable[g][0], g))
    category = min(usable, key=lambda g: (usable[g][1] / usable[g][0], g))
    crude = compare_stratified([StratumCounts("all", usable[category][1], usable[category][0],
                                              usable[reference][1], usable[reference][0])])
    cells = []
    for value in sorted(set(proxies)):
        mask = [p == value for p in proxies]
        mine = [(g, s) for g, s, m in zip(groups, selected, mask, strict=True) if m]
        a = sum(1 for g, _ in mine if g == category)
        ka = sum(int(s) for g, s in mine if g == category)
        b = sum(1 for g, _ in mine if g == reference)
        kb = sum(int(s) for g, s in mine if g == reference)
        cells.append(StratumCounts(value, ka, a, kb, b))
    stratified = compare_stratified(cells)
    share = None
    c, m = crude.pooled_odds_ratio, stratified.pooled_odds_ratio
    if c is not None and 0 < c < 1 and m is not None and m > 0:
        share = min(1.0, max(0.0, 1.0 - math.log(m) / math.log(c)))
    return {"category": category, "reference": reference, "crude_odds_ratio": c,
            "stratified_odds_ratio": m, "adverse_share": share}


def proxy_tests(table: pa.Table, options: HiringOptions) -> list[dict[str, Any]]:
    """One result per (proxy column, group attribute): column names, Cramér's V, the share of
    the adverse impact the proxy carries, and whether the law names the proxy. Rows whose
    attribute is unknown (``--unknown``) or whose proxy is empty are left out."""
    if not options.proxy:
        return []
    selected = _selected(table, options)
    out: list[dict[str, Any]] = []
    for proxy in options.proxy:
        proxy_values = as_strings(table.column(proxy)).to_pylist()
        named = is_named_proxy(proxy, proxy_values)
        for attribute in options.group:
            values = as_strings(table.column(attribute)).to_pylist()
            unknown = unknown_mask(values, options.unknown)
            keep = [i for i in range(len(values)) if not unknown[i]
                    and proxy_values[i] is not None and str(proxy_values[i]).strip()]
            groups = [str(values[i]) for i in keep]
            proxies = [str(proxy_values[i]).strip() for i in keep]
            carried = _share_carried(groups, proxies, selected[keep])
            out.append({
                "proxy": proxy, "attribute": attribute, "named_proxy": named,
                "people": len(keep), "proxy_values": len(set(proxies)),
                "cramers_v": cramers_v(proxies, groups),
                # category names are column values: kept out of the document (may be rare)
                "crude_odds_ratio": carried["crude_odds_ratio"],
                "stratified_odds_ratio": carried["stratified_odds_ratio"],
                "adverse_share": carried["adverse_share"],
            })
    return out


def proxy_facts(results: Sequence[dict[str, Any]]) -> dict[str, MetricValue]:
    """Facts of the proxy test (vocab/facts.yaml, producer hiring-proxy); empty without
    ``--proxy`` (the Illinois rules then report "not available")."""
    if not results:
        return {}
    strongest = max(results, key=lambda r: (r["cramers_v"] or 0.0))
    shares = [r["adverse_share"] for r in results if r["adverse_share"] is not None]
    vs = [r["cramers_v"] for r in results if r["cramers_v"] is not None]
    return {
        "hiring.proxy_named_used": any(r["named_proxy"] for r in results),
        "hiring.proxy_max_cramers_v": max(vs) if vs else None,
        "hiring.proxy_adverse_share": strongest["adverse_share"] if strongest[
            "adverse_share"] is not None else (max(shares) if shares else None),
    }
