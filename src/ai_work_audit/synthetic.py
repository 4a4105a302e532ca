"""Deterministic synthetic HR data with known, injected problems, for the demo and tests.

Nothing here describes a real person: categories follow the EEO-1 component 1 lists used by
NYC DCWP impact-ratio tables; every value is drawn from a seeded generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

SEXES = ("Female", "Male", "Non-binary")
SEX_WEIGHTS = (0.47, 0.50, 0.03)
RACES = (
    "Hispanic or Latino",
    "White",
    "Black or African American",
    "Native Hawaiian or Pacific Islander",
    "Asian",
    "Native American or Alaska Native",
    "Two or More Races",
)
RACE_WEIGHTS = (0.18, 0.42, 0.16, 0.01, 0.15, 0.01, 0.07)
AGE_BANDS = ("Under 40", "40 and over")
STAGES = ("application", "screening", "interview", "offer")
#: Job openings the candidates applied to (the ``--stratum`` of the demo).
OPENINGS = ("data-analyst", "software-engineer", "customer-support")
OPENING_WEIGHTS = (0.3, 0.3, 0.4)
#: The planted problem: this intersectional group scores lower for the same qualification.
PLANTED_GROUP = {"sex": "Female", "race_ethnicity": "Black or African American"}
PLANTED_PENALTY = 0.9


@dataclass(frozen=True)
class HiringDataset:
    """Row-level candidates and a long-format funnel (one row per candidate and stage)."""

    candidates: pd.DataFrame
    funnel: pd.DataFrame


def make_hiring_data(n: int = 40_000, *, seed: int = 2025) -> HiringDataset:
    """Candidates with sex, race/ethnicity, age band, a screening score, the tool's decision,
    a ground-truth ``qualified`` label, an application date and the job opening; and the
    funnel of the same candidates."""
    rng = np.random.default_rng(seed)
    sex = rng.choice(len(SEXES), size=n, p=SEX_WEIGHTS)
    race = rng.choice(len(RACES), size=n, p=RACE_WEIGHTS)
    age = rng.choice(len(AGE_BANDS), size=n, p=(0.7, 0.3))
    ability = rng.normal(0.0, 1.0, size=n)
    qualified = (ability + rng.normal(0, 0.5, size=n)) > 0.3
    score = 60 + 12 * ability + rng.normal(0, 6, size=n)
    planted = (sex == SEXES.index(PLANTED_GROUP["sex"])) & (
        race == RACES.index(PLANTED_GROUP["race_ethnicity"]))
    score = score - np.where(planted, 12 * PLANTED_PENALTY, 0.0)
    score = score - np.where(age == 1, 2.0, 0.0)
    score = np.asarray(np.round(np.clip(score, 0, 100), 1), dtype=np.float64)
    selected = score > np.quantile(score, 0.6)
    sex_labels = np.array(SEXES, dtype=object)[sex]
    unknown = rng.random(n) < 0.02
    sex_labels[unknown] = np.where(rng.random(unknown.sum()) < 0.5, "", "Prefer not to say")
    race_labels = np.array(RACES, dtype=object)[race]
    race_unknown = rng.random(n) < 0.015
    race_labels[race_unknown] = "Unknown"
    days = rng.integers(0, 365, size=n)
    applied = pd.Timestamp("2025-01-01") + pd.to_timedelta(days, unit="D")
    candidates = pd.DataFrame({
        "candidate_ref": [f"C{i:07d}" for i in range(n)],
        "sex": sex_labels,
        "race_ethnicity": race_labels,
        "age_band": np.array(AGE_BANDS, dtype=object)[age],
        "screening_score": score,
        "screened_in": np.where(selected, "yes", "no"),
        "qualified": qualified.astype(int),
        "applied_on": applied.strftime("%Y-%m-%d"),
        # drawn from its own generator: the other columns stay those of earlier versions
        "job_opening": np.array(OPENINGS, dtype=object)[
            np.random.default_rng(seed + 1).choice(len(OPENINGS), size=n, p=OPENING_WEIGHTS)],
    })
    return HiringDataset(candidates=candidates, funnel=_funnel(candidates, score, rng))


def _funnel(candidates: pd.DataFrame, score: np.ndarray, rng: np.random.Generator
            ) -> pd.DataFrame:
    """Long format: application → screening → interview → offer, each row passed or not."""
    parts = []
    reached = np.ones(len(candidates), dtype=bool)
    cutoffs = {"application": 0.05, "screening": 0.55, "interview": 0.6, "offer": 0.5}
    for stage in STAGES:
        at = np.flatnonzero(reached)
        rank = (score[at] + rng.normal(0, 4, size=at.size)).argsort().argsort() / max(at.size, 1)
        passed = rank >= cutoffs[stage]
        parts.append(pd.DataFrame({
            "candidate_ref": candidates["candidate_ref"].to_numpy()[at],
            "sex": candidates["sex"].to_numpy()[at],
            "race_ethnicity": candidates["race_ethnicity"].to_numpy()[at],
            "stage": stage,
            "passed": passed.astype(int),
        }))
        next_reached = np.zeros_like(reached)
        next_reached[at[passed]] = True
        reached = next_reached
    return pd.concat(parts, ignore_index=True)


def write_hiring_data(folder: Path, n: int = 40_000, *, seed: int = 2025) -> dict[str, Path]:
    """Write ``candidates.csv`` and ``funnel.csv`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    data = make_hiring_data(n, seed=seed)
    paths = {"candidates": folder / "candidates.csv", "funnel": folder / "funnel.csv"}
    data.candidates.to_csv(paths["candidates"], index=False)
    data.funnel.to_csv(paths["funnel"], index=False)
    return paths
