"""Keyed pseudonyms for worker ids (design.md: worker ids are pseudonymised in every output).

HMAC-SHA256 of the id under the workspace secret (``workspace.pseudonymisation_secret``),
truncated: the same id gets the same pseudonym within a workspace, ids cannot be recovered
without the secret, and a dictionary attack on known ids needs the secret too (GDPR art. 4(5),
25, 32).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

import numpy as np
import pandas as pd

PREFIX = "w_"
HEX_CHARS = 16


def pseudonym(worker_id: str, secret: bytes, *, prefix: str = PREFIX,
              length: int = HEX_CHARS) -> str:
    """The pseudonym of one id: ``prefix`` + the first ``length`` hex digits of its HMAC."""
    if not secret:
        raise ValueError("the pseudonymisation secret must not be empty; got 0 bytes instead.")
    digest = hmac.new(secret, str(worker_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return prefix + digest[:length]


def pseudonymise(ids: Iterable[object] | pd.Series | np.ndarray, secret: bytes, *,
                 prefix: str = PREFIX, length: int = HEX_CHARS) -> np.ndarray:
    """Pseudonyms of ``ids`` (an object array of str), hashing each distinct value once.

    Missing ids (None, NaN, NA) stay missing (None).
    """
    if not secret:
        raise ValueError("the pseudonymisation secret must not be empty; got 0 bytes instead.")
    if not 1 <= length <= 64:
        raise ValueError(f"length must be between 1 and 64 hex digits; got {length} instead.")
    values = ids if isinstance(ids, pd.Series | np.ndarray) else list(ids)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    hashed = np.array(
        [pseudonym(str(u), secret, prefix=prefix, length=length) for u in uniques] + [None],
        dtype=object,
    )
    return hashed[np.where(codes < 0, len(uniques), codes)]
