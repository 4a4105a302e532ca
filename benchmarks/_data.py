"""Synthetic decisions for benchmarks: sex (3), race/ethnicity (7), age band (2)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

SEXES = ["Female", "Male", "Non-binary"]
RACES = ["Hispanic or Latino", "White", "Black or African American",
         "Native Hawaiian or Pacific Islander", "Asian", "Native American or Alaska Native",
         "Two or More Races"]
AGES = ["Under 40", "40 and over"]


def decisions_table(rows: int, seed: int = 7) -> pa.Table:
    """Columns sex, race_ethnicity, age_band (dictionary-encoded strings) and selected (0/1)."""
    rng = np.random.default_rng(seed)
    sex = rng.integers(0, len(SEXES), rows, dtype=np.int8)
    race = rng.integers(0, len(RACES), rows, dtype=np.int8)
    age = rng.integers(0, len(AGES), rows, dtype=np.int8)
    p = 0.30 + 0.05 * (sex == 1) - 0.08 * ((sex == 0) & (race == 2))
    selected = (rng.random(rows) < p).astype(np.int8)
    return pa.table({
        "sex": pa.DictionaryArray.from_arrays(pa.array(sex), pa.array(SEXES)),
        "race_ethnicity": pa.DictionaryArray.from_arrays(pa.array(race), pa.array(RACES)),
        "age_band": pa.DictionaryArray.from_arrays(pa.array(age), pa.array(AGES)),
        "selected": pa.array(selected),
    })


def write_decisions(path: Path, rows: int, seed: int = 7) -> Path:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(decisions_table(rows, seed), path)
    return path
