"""Derived figures of a representative view, made consistent with its hidden cells.

- Hiring: in a table (or a trend period, or a funnel stage) with a hidden category, impact ratios
  are re-based on the highest selection rate among the categories shown (29 CFR 1607.4(D) asks
  for the highest rate; the highest *visible* one is said so in ``disclosure``), so that no ratio
  is published against a hidden reference; the four-fifths flags follow, exactly (fractions);
  p-values and z, computed against hidden categories, are withheld. The table's lowest ratio and
  adverse count, the audit's facts and the findings' figures are recomputed from what is shown.
  A finding keeps its outcome (it was judged on every category) and says its figures were
  recomputed.
- Monitoring: an event type hidden in ``by_event_type`` is hidden in every other section
  (content vs metadata, retention, the company policy's findings), and facts and findings naming
  it are nulled by the walk; a per-worker quantile is released only when at least k workers lie
  above it and k below (Hundepool et al. 2012, §4.2.2 dominance and threshold rules: the p95
  of fewer than 20·k workers is close to one worker's own figure); intensity ratios are re-based
  on the least-watched group shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Final

FOUR_FIFTHS: Final = Fraction(4, 5)
MIN_CATEGORY_SHARE: Final = 0.02
#: Facts that do not depend on any category's counts: released as they are.
COUNT_FREE_FACTS: Final = frozenset({
    "hiring.required_tables_missing", "hiring.unknown_reported", "hiring.excluded_categories",
    "hiring.exclusion_justified", "hiring.people", "hiring.categories", "hiring.unknown",
    "hiring.known"})
RECOMPUTED_NOTE: Final = {
    "en": "Figures recomputed over the categories shown to representatives (impact ratios "
          "against the highest visible rate); the outcome was judged on every category.",
    "fr": "Chiffres recalculés sur les catégories montrées aux représentants (rapports d'impact "
          "au taux visible le plus élevé) ; le résultat a été établi sur toutes les catégories.",
}


def _visible(rows: Any) -> list[dict[str, Any]]:
    return [r for r in rows or () if isinstance(r, dict) and not r.get("suppressed")
            and isinstance(r.get("applicants"), int) and isinstance(r.get("selected"), int)]


def _hidden(rows: Any) -> bool:
    return any(isinstance(r, Mapping) and r.get("suppressed") for r in rows or ())


def _rebase(rows: list[dict[str, Any]], with_tests: bool) -> list[dict[str, Any]]:
    """Re-base the visible rows' impact ratios on the highest visible rate (in place)."""
    shown = [r for r in _visible(rows) if r["applicants"] > 0 and not r.get("excluded")]
    if not shown:
        return []
    best = max(shown, key=lambda r: Fraction(r["selected"], r["applicants"]))
    ref = Fraction(best["selected"], best["applicants"])
    for row in _visible(rows):
        if row["applicants"] <= 0 or ref == 0:
            ratio = None
        else:
            ratio = Fraction(row["selected"], row["applicants"]) / ref
        if "impact_ratio" in row:
            row["impact_ratio"] = None if ratio is None else float(ratio)
        if "adverse_impact" in row:
            row["adverse_impact"] = None if ratio is None else (
                not row.get("excluded") and ratio < FOUR_FIFTHS)
        if "is_reference" in row:
            row["is_reference"] = row is best
        if with_tests:
            for key in ("p_value", "p_value_holm", "z"):
                if key in row:
                    row[key] = None
            # bounds under the unknowns are computed against every category, hidden ones too
            if row.get("bounds") is not None:
                row["bounds"] = None
    return shown


def _lowest(rows: list[dict[str, Any]], share: bool = False) -> float | None:
    ratios = [r["impact_ratio"] for r in rows if isinstance(r.get("impact_ratio"), float | int)
              and not r.get("excluded") and (not share or (r.get("share") or 0)
                                             >= MIN_CATEGORY_SHARE)]
    return min(ratios) if ratios else None


def _label(table: Mapping[str, Any]) -> str:
    label = " × ".join(str(a) for a in table.get("attributes") or ())
    return f"{label} @ {table['stage']}" if table.get("stage") else label


def hiring(view: dict[str, Any], raw: Mapping[str, Any], withheld: list[str]
           ) -> dict[str, Any]:
    """Re-base and recompute a hiring view in place; what was done, for ``disclosure``."""
    rebased: list[str] = []
    scopes: dict[str, dict[str, Any]] = {}
    for section in ("tables", "funnel"):
        for t, table in enumerate(view.get(section) or ()):
            if not isinstance(table, dict) or not _hidden(table.get("rows")):
                continue
            _rebase(table["rows"], with_tests=True)
            shown = _visible(table["rows"])
            rebased.append(_label(table))
            table["min_impact_ratio"] = _lowest(shown)
            table["adverse_impact_categories"] = sum(1 for r in shown if r.get("adverse_impact"))
            for key in ("min_impact_ratio", "adverse_impact_categories"):
                path = f"$.{section}[{t}].{key}"
                if path in withheld:
                    withheld.remove(path)
            scopes[_label(table)] = {
                "hiring.adverse_impact_categories": table["adverse_impact_categories"],
                "hiring.min_impact_ratio": table["min_impact_ratio"],
                "hiring.significant_adverse_categories": None,
                "hiring.small_sample_adverse_categories": sum(
                    1 for r in shown if r.get("adverse_impact") and r.get("small_sample")),
                "hiring.max_abs_z": None,
            }
    trends = view.get("trends") or []
    periods: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for row, source in zip(trends, raw.get("trends") or (), strict=False):
        if isinstance(row, dict) and isinstance(source, Mapping):
            periods.setdefault((source.get("period"), source.get("attribute")), []).append(row)
    for pair, rows in periods.items():
        if _hidden(rows):
            _rebase(rows, with_tests=False)
            rebased.append(f"{pair[1]} @ {pair[0]}")
    recomputed: list[str] = []
    if _hidden_anywhere(view):
        # per-stratum tables add up to the pooled ones: with any cell hidden, subtracting the
        # visible strata (or pooling them) would give it back, so the section goes whole
        if view.get("strata"):
            view["strata"] = None
            withheld.append("$.strata")
        recomputed = _facts(view)
        _findings(view, scopes)
    return {"rebased_tables": rebased, "recomputed_facts": recomputed}


def _hidden_anywhere(view: Mapping[str, Any]) -> bool:
    for section in ("tables", "funnel"):
        if any(_hidden(t.get("rows")) for t in view.get(section) or () if isinstance(t, dict)):
            return True
    if _hidden(view.get("trends")):
        return True
    for section in view.get("strata") or ():
        if isinstance(section, dict) and any(
                _hidden(t.get("rows")) for t in section.get("tables") or ()
                if isinstance(t, dict)):
            return True
    return any(_hidden(m.get("by_group")) for m in view.get("model_metrics") or ()
               if isinstance(m, dict))


def _facts(view: dict[str, Any]) -> list[str]:
    facts = view.get("facts")
    if not isinstance(facts, dict):
        return []
    rows = [r for t in view.get("tables") or () if isinstance(t, dict)
            for r in _visible(t.get("rows"))]
    values: dict[str, Any] = {
        "hiring.min_impact_ratio": _lowest(rows),
        "hiring.min_impact_ratio_over_2pct": _lowest(rows, share=True),
        "hiring.adverse_impact_categories": sum(1 for r in rows if r.get("adverse_impact")),
        "hiring.min_representativeness": _representativeness(view),
    }
    gaps = [m.get("metrics", {}).get("tpr_gap") for m in view.get("model_metrics") or ()
            if isinstance(m, dict) and isinstance(m.get("metrics"), dict)]
    values["hiring.max_tpr_gap"] = max((g for g in gaps if isinstance(g, float | int)),
                                       default=None)
    changed = []
    for name in list(facts):
        new = values[name] if name in values else (
            facts[name] if name in COUNT_FREE_FACTS else None)
        if new != facts[name]:
            changed.append(name)
        facts[name] = new
    return changed


def _representativeness(view: Mapping[str, Any]) -> float | None:
    """Indicator 4.4 over the categories shown: share among selected ÷ among applicants."""
    out = []
    for table in view.get("tables") or ():
        if not isinstance(table, Mapping):
            continue
        rows = [r for r in _visible(table.get("rows")) if not r.get("excluded")
                and r["applicants"] > 0]
        applicants = sum(r["applicants"] for r in rows)
        selected = sum(r["selected"] for r in rows)
        if rows and selected:
            out.append(min((r["selected"] / selected) / (r["applicants"] / applicants)
                           for r in rows))
    return min(out) if out else None


def _findings(view: dict[str, Any], scopes: Mapping[str, Mapping[str, Any]]) -> None:
    facts = view.get("facts") if isinstance(view.get("facts"), dict) else {}
    for finding in view.get("findings") or ():
        if not isinstance(finding, dict) or not isinstance(finding.get("metrics"), dict):
            continue
        source = scopes.get(str(finding.get("scope"))) if finding.get("scope") != "audit" \
            else facts
        if finding.get("scope") not in scopes and finding.get("scope") != "audit":
            continue
        metrics = finding["metrics"]
        new = {name: (source.get(name) if source and name in source else
                      (value if name in COUNT_FREE_FACTS else None))
               for name, value in metrics.items()}
        if new == metrics:
            continue
        finding["metrics"] = new
        note = RECOMPUTED_NOTE["en"]
        finding["message"] = note
        if isinstance(finding.get("messages"), dict):
            finding["messages"] = {lang: RECOMPUTED_NOTE.get(lang, note)
                                   for lang in finding["messages"]}
        finding["recomputed"] = True


def monitoring(view: dict[str, Any], hidden_names: set[str], k: int, withheld: list[str]
               ) -> dict[str, Any]:
    """Hide hidden event types in every section, withhold thin quantiles, re-base intensity."""
    surveillance = view.get("surveillance")
    quantiles = 0
    if isinstance(surveillance, dict):
        split = surveillance.get("content_vs_metadata")
        if isinstance(split, dict):
            for name in list(split):
                if name in hidden_names:
                    split[name] = {"group": name, "suppressed": True}
        retention = surveillance.get("retention")
        if isinstance(retention, dict) and isinstance(retention.get("by_event_type"), dict):
            for name in retention["by_event_type"]:
                if name in hidden_names:
                    retention["by_event_type"][name] = None
        for name, cell in (surveillance.get("by_event_type") or {}).items():
            if isinstance(cell, dict) and isinstance(cell.get("events_per_worker_day"), dict):
                quantiles += _quantiles(cell["events_per_worker_day"], cell.get("workers"), k,
                                        f"$.surveillance.by_event_type.{name}"
                                        ".events_per_worker_day", withheld)
        workers = (view.get("input") or {}).get("workers")
        if isinstance(surveillance.get("modalities_per_worker"), dict):
            quantiles += _quantiles(surveillance["modalities_per_worker"], workers, k,
                                    "$.surveillance.modalities_per_worker", withheld)
        for table in (surveillance.get("intensity_by_group") or {}).values():
            if isinstance(table, dict) and _hidden(table.get("groups")):
                _rebase_intensity(table)
        for key in _passive_capture(surveillance.get("passive_capture"), hidden_names):
            _withhold_facts(view, (f"surveillance.passive_{key}_events",
                                   f"surveillance.passive_{key}_types"), k)
        disconnect = surveillance.get("right_to_disconnect")
        if isinstance(disconnect, dict) and isinstance(
                disconnect.get("off_hours_share_per_worker"), dict):
            quantiles += _quantiles(disconnect["off_hours_share_per_worker"],
                                    disconnect.get("workers_active"), k,
                                    "$.surveillance.right_to_disconnect"
                                    ".off_hours_share_per_worker", withheld)
    declared = ((view.get("parameters") or {}).get("company_policy_declared") or {})
    found = declared.get("disallowed_event_types_found") if isinstance(declared, dict) else None
    if isinstance(found, dict):
        for name in found:
            if name in hidden_names:
                found[name] = None
    return {"hidden_event_types": sorted(hidden_names), "quantiles_withheld": quantiles}


def _withhold_facts(view: dict[str, Any], names: tuple[str, ...], k: int) -> None:
    """Null these facts, and the message of every finding that reads them."""
    facts = view.get("facts")
    if isinstance(facts, dict):
        for name in names:
            if name in facts:
                facts[name] = None
    for finding in view.get("findings") or ():
        metrics = finding.get("metrics") if isinstance(finding, dict) else None
        if not isinstance(metrics, dict) or not any(n in metrics for n in names):
            continue
        hidden = sum(1 for n in names if metrics.get(n) is not None)
        for name in names:
            if name in metrics:
                metrics[name] = None
        if finding.get("suppressed"):
            continue  # its message already says what was hidden
        note = f"suppressed: fewer than {k} people ({max(hidden, 1)} figure(s) hidden)."
        finding["message"] = note
        if isinstance(finding.get("messages"), dict):
            finding["messages"] = {lang: note for lang in finding["messages"]}
        finding["suppressed"] = True


def _passive_capture(section: Any, hidden_names: set[str]) -> list[str]:
    """Passive capture outside hours and on leave (issue 11 item 4): an event type hidden
    elsewhere, or concerning fewer than k workers here, is hidden (its events too), and the
    section's totals go with it (they would give it back). Such a type is not hidden in the
    other sections: a handful of workers captured on leave says nothing of the rest."""
    hidden_sections: list[str] = []
    if not isinstance(section, dict):
        return hidden_sections
    for key in ("off_hours", "on_leave"):
        exposure = section.get(key)
        if not isinstance(exposure, dict) or not isinstance(exposure.get("by_event_type"), dict):
            continue
        by_type = exposure["by_event_type"]
        # hidden elsewhere, or concerning fewer than k workers here (the walk nulled the count)
        hidden = [name for name, cell in by_type.items() if name in hidden_names or (
            isinstance(cell, dict) and cell.get("workers_suppressed"))]
        for name in hidden:
            by_type[name] = {"group": name, "suppressed": True}
        if hidden:
            hidden_sections.append(key)
            for total in ("events", "workers"):
                if exposure.get(total) is not None:
                    exposure[total] = None
                    exposure[f"{total}_suppressed"] = True
    return hidden_sections


def _quantiles(dist: dict[str, Any], workers: Any, k: int, path: str, withheld: list[str]
               ) -> int:
    n = workers if isinstance(workers, int) and not isinstance(workers, bool) else 0
    out = 0
    for key, share in (("median", 0.5), ("p95", 0.05)):
        if dist.get(key) is not None and n * share < k:
            dist[key] = None
            withheld.append(f"{path}.{key}")
            out += 1
    return out


def _rebase_intensity(table: dict[str, Any]) -> None:
    shown = [g for g in table.get("groups") or () if isinstance(g, dict)
             and not g.get("suppressed") and isinstance(g.get("events_per_worker_day"),
                                                        float | int)]
    positive = [g for g in shown if g["events_per_worker_day"] > 0]
    if not positive:
        table["reference_group"] = None
        for g in shown:
            g["ratio_to_least"] = None
        return
    least = min(positive, key=lambda g: g["events_per_worker_day"])
    table["reference_group"] = least.get("group")
    for g in shown:
        g["ratio_to_least"] = g["events_per_worker_day"] / least["events_per_worker_day"]
