"""Deterministic synthetic data for the equal-access and supply-chain audits (issue 16): training
records, promotions with censored time to promotion, and data-enrichment vendor statements, each
with known, planted problems. Nothing here describes a real person or vendor; every value comes
from a seeded generator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SEXES = ("F", "M")
AGE_BANDS = ("<30", "30-49", "50+")
CSPS = ("ouvriers", "employes", "techniciens_am", "ingenieurs_cadres")
#: Planted: part-time workers get into training at about half the full-time rate.
PART_TIME_TRAINING_FACTOR = 0.5
#: Planted: women are promoted at a lower rate among engineers and managers.
WOMEN_CADRES_PROMOTION_FACTOR = 0.6


def write_training_data(folder: Path, workers: int = 600, seed: int = 16) -> Path:
    """Training records: one row per worker — sex, age band, part time, trained (the
    process's outcome), AI-literacy training (1/0), training hours, affected by AI (1/0)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sex = rng.choice(SEXES, size=workers)
    age = rng.choice(AGE_BANDS, size=workers, p=(0.25, 0.5, 0.25))
    part_time = rng.choice(("full-time", "part-time"), size=workers, p=(0.8, 0.2))
    base = np.where(part_time == "part-time", 0.7 * PART_TIME_TRAINING_FACTOR, 0.7)
    trained = rng.random(workers) < base
    affected = rng.random(workers) < 0.6
    literacy = trained & (rng.random(workers) < 0.85)
    hours = np.where(trained, np.round(rng.gamma(4.0, 4.0, size=workers), 1), 0.0)
    path = folder / "training.csv"
    pd.DataFrame({"sex": sex, "age_band": age, "part_time": part_time,
                  "trained": trained.astype(int), "ai_literacy": literacy.astype(int),
                  "hours": hours, "affected": affected.astype(int)}).to_csv(path, index=False)
    return path


def write_promotion_data(folder: Path, workers: int = 800, seed: int = 17) -> Path:
    """Promotions over 48 months: one row per worker — sex, age band, part time, CSP, promoted
    (1/0) and months to promotion, or months observed so far when not promoted (censored)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    sex = rng.choice(SEXES, size=workers)
    csp = rng.choice(CSPS, size=workers, p=(0.2, 0.35, 0.25, 0.2))
    age = rng.choice(AGE_BANDS, size=workers, p=(0.25, 0.5, 0.25))
    part_time = rng.choice(("full-time", "part-time"), size=workers, p=(0.85, 0.15))
    hazard = np.full(workers, 1 / 30)
    hazard = np.where((sex == "F") & (csp == "ingenieurs_cadres"),
                      hazard * WOMEN_CADRES_PROMOTION_FACTOR, hazard)
    time_to = rng.exponential(1 / hazard)
    observed = rng.uniform(6, 48, size=workers)
    promoted = time_to <= observed
    months = np.round(np.where(promoted, time_to, observed), 1)
    path = folder / "promotion.csv"
    pd.DataFrame({"sex": sex, "age_band": age, "part_time": part_time, "csp": csp,
                  "promoted": promoted.astype(int), "months": months}).to_csv(path, index=False)
    return path


#: (vendor, country, region, currency, hourly pay in that currency, workers per line)
VENDOR_SITES = (
    ("Annotate Ltd", "KE", "Nairobi", "KES", 260.0, 12),
    ("Annotate Ltd", "UG", "", "UGX", 3900.0, 10),
    ("ModerateCo", "PH", "Metro Manila", "PHP", 150.0, 15),
    ("ModerateCo", "IN", "", "INR", 20.0, 11),
    ("TagWorks", "VE", "", "USD", 2.5, 10),
)


def write_supply_chain_data(folder: Path, seed: int = 18) -> Path:
    """Vendor statements for three months: hours, gross pay, currency, due and paid dates;
    planted: one site under the living wage, one under the minimum, piece-rate lines, late
    payments and a country without a benchmark."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for month in ("2026-01", "2026-02", "2026-03"):
        for vendor, country, region, currency, hourly, workers in VENDOR_SITES:
            hours = float(workers * 160)
            piece = vendor == "ModerateCo" and country == "IN" and month == "2026-03"
            late = vendor == "TagWorks" and month != "2026-01"
            rows.append({
                "vendor": vendor, "country": country, "region": region,
                "task_type": "moderation" if vendor == "ModerateCo" else "labelling",
                "hours": "" if piece else hours,
                "pay": round(hourly * hours * float(rng.uniform(0.98, 1.02)), 2),
                "currency": currency, "period": month, "workers": workers,
                "units": int(hours * 60 / 3) if piece else "",
                "minutes_per_unit": 3 if piece else "",
                "due": f"{month}-25", "paid": f"{month}-{'28' if late else '24'}"})
    path = folder / "statements.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path
