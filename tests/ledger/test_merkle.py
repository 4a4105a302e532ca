"""RFC 9162 / RFC 6962 Merkle hashing and proofs, against the Certificate Transparency
reference tree (the eight leaves and roots used by the CT implementations' test suites)."""

from __future__ import annotations

import pytest

from ai_work_audit.ledger._merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

CT_LEAVES = [bytes.fromhex(h) for h in (
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f")]
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
HASHED = [leaf_hash(x) for x in CT_LEAVES]


@pytest.mark.parametrize("size", range(9))
def test_roots_match_the_reference_tree(size: int) -> None:
    assert root_hash(HASHED[:size]).hex() == CT_ROOTS[size]


def test_empty_root_is_sha256_of_nothing() -> None:
    assert EMPTY_ROOT.hex() == CT_ROOTS[0]


def test_reference_inclusion_path_of_leaf_0_in_8() -> None:
    assert [p.hex() for p in inclusion_proof(0, HASHED)] == [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ]


MANY = [leaf_hash(bytes([i, (i * 7) % 256])) for i in range(37)]


@pytest.mark.parametrize("size", range(1, 38))
def test_every_inclusion_proof_verifies_and_a_changed_one_fails(size: int) -> None:
    leaves = MANY[:size]
    root = root_hash(leaves)
    for index in range(size):
        proof = inclusion_proof(index, leaves)
        assert verify_inclusion(leaves[index], index, size, proof, root)
        assert not verify_inclusion(leaf_hash(b"forged"), index, size, proof, root)
        if proof:
            bent = [*proof[:-1], leaf_hash(b"x")]
            assert not verify_inclusion(leaves[index], index, size, bent, root)
        if size > 1:
            assert not verify_inclusion(leaves[index], (index + 1) % size, size, proof, root)
    assert not verify_inclusion(leaves[0], size, size, [], root)


@pytest.mark.parametrize("second", range(1, 38))
def test_every_consistency_proof_verifies_and_a_rewritten_log_fails(second: int) -> None:
    leaves = MANY[:second]
    second_root = root_hash(leaves)
    for first in range(1, second + 1):
        first_root = root_hash(leaves[:first])
        proof = consistency_proof(first, leaves)
        assert verify_consistency(first, second, first_root, second_root, proof)
        # a log whose old part was rewritten: the old head no longer matches
        rewritten = [*leaves[:first - 1], leaf_hash(b"rewritten"), *leaves[first:]]
        new_root = root_hash(rewritten)
        forged = consistency_proof(first, rewritten)
        assert not verify_consistency(first, second, first_root, new_root, forged)
        if first < second:
            assert not verify_consistency(first, second, first_root, second_root, [])
            assert not verify_consistency(first, second, leaf_hash(b"x"), second_root, proof)


def test_a_truncated_log_cannot_be_consistent_with_a_larger_old_head() -> None:
    assert not verify_consistency(8, 5, root_hash(MANY[:8]), root_hash(MANY[:5]), [])
