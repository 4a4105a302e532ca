"""Merkle tree hashing and proofs of RFC 9162 (Certificate Transparency v2; RFC 6962 § 2.1).

The evidence log is a sequence of leaves; its state at ``n`` leaves is the Merkle Tree Hash of
the first ``n``. An *inclusion proof* shows that a leaf is in a tree of a given size and root;
a *consistency proof* shows that the tree at size ``m`` is a prefix of the tree at size ``n``, so
that a log that was rewritten, truncated or replaced fails against any head issued before.

Hashing (RFC 9162 § 2.1.1): leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right),
the empty tree = SHA-256(""); a tree of n > 1 leaves splits at k, the largest power of two < n.
Verification follows RFC 9162 § 2.1.3.2 (inclusion) and § 2.1.4.2 (consistency).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 ‖ data) (RFC 9162 § 2.1.1)."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 ‖ left ‖ right) (RFC 9162 § 2.1.1)."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two strictly below n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """Merkle Tree Hash of the given leaf hashes (RFC 9162 § 2.1.1), iteratively.

    Hashing pairs level by level and carrying an odd last node up unchanged gives the same tree
    as the recursive definition (the left subtree is always the complete power-of-two part).
    """
    if not leaves:
        return EMPTY_ROOT
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def inclusion_proof(index: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PATH(index, D[n]) of RFC 9162 § 2.1.3.1: the audit path of leaf ``index``."""
    n = len(leaves)
    if not 0 <= index < n:
        raise ValueError(f"the leaf index must be in [0, {n}); got {index} instead.")
    if n == 1:
        return []
    k = _split(n)
    if index < k:
        return [*inclusion_proof(index, leaves[:k]), root_hash(leaves[k:])]
    return [*inclusion_proof(index - k, leaves[k:]), root_hash(leaves[:k])]


def consistency_proof(size: int, leaves: Sequence[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 9162 § 2.1.4.1: the tree at ``size`` is a prefix of ``leaves``."""
    n = len(leaves)
    if not 0 < size <= n:
        raise ValueError(f"the old tree size must be in [1, {n}]; got {size} instead.")
    return _subproof(size, leaves, True)


def _subproof(m: int, leaves: Sequence[bytes], complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root_hash(leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, leaves[:k], complete), root_hash(leaves[k:])]
    return [*_subproof(m - k, leaves[k:], False), root_hash(leaves[:k])]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes],
                     root: bytes) -> bool:
    """True when ``proof`` shows leaf hash ``leaf`` at ``index`` of the tree (size, root)
    (RFC 9162 § 2.1.3.2)."""
    if not 0 <= index < size:
        return False
    fn, sn = index, size - 1
    r = leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first_size: int, second_size: int, first_root: bytes,
                       second_root: bytes, proof: Sequence[bytes]) -> bool:
    """True when ``proof`` shows the tree (first_size, first_root) is a prefix of the tree
    (second_size, second_root) (RFC 9162 § 2.1.4.2)."""
    if first_size < 1 or first_size > second_size:
        return False
    if first_size == second_size:
        return not proof and first_root == second_root
    if not proof:
        return False
    path = list(proof)
    if first_size & (first_size - 1) == 0:  # a power of two: the old root starts the path
        path.insert(0, first_root)
    fn, sn = first_size - 1, second_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root
