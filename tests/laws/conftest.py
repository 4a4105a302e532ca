"""Inputs of the laws tests: a candidates table with a zip-code proxy, a request log and a
declarations file, all small and synthetic."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DECLARATIONS_EXAMPLE = REPO / "policies" / "declarations.example.yaml"
GOLDEN_INPUTS = REPO / "tests" / "golden" / "data" / "inputs"


def write_candidates(path: Path, *, proxy_strength: float = 0.85, seed: int = 3) -> Path:
    """400 candidates; race B lives mostly in zip codes with a lower selection rate."""
    rng = random.Random(seed)
    zips = {"A": ["60601", "60602"], "B": ["60621", "60628"]}
    rows = []
    for _ in range(400):
        race = rng.choice("AB")
        sex = rng.choice("FM")
        zip_code = (rng.choice(zips[race]) if rng.random() < proxy_strength
                    else rng.choice(zips["A"] + zips["B"]))
        rate = 0.5 if zip_code in zips["A"] else 0.3
        rows.append({"sex": sex, "race": race, "zip": zip_code, "area": f"area-{zip_code}",
                     "decision": int(rng.random() < rate)})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def candidates(tmp_path: Path) -> Path:
    return write_candidates(tmp_path / "candidates.csv")


REQUESTS = """request_id,received,answered,outcome,type
r1,2027-01-10,2027-01-20,explained,explanation
r2,2027-01-10,2027-03-01,explained,explanation
r3,2027-02-01,,,explanation
r4,2027-03-25,,,explanation
r5,2027-02-01,2027-02-10,upheld,review
r6,2027-02-01,2027-02-25,reversed,review
r7,2027-02-01,2027-02-05,,review
"""


@pytest.fixture
def requests_log(tmp_path: Path) -> Path:
    path = tmp_path / "requests.csv"
    path.write_text(REQUESTS, encoding="utf-8")
    return path
