import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from node.merkle import MerkleTree, hash_pair, leaf_node, verify_inclusion

hashes = st.lists(st.binary(min_size=32, max_size=32), min_size=1, max_size=70, unique=True)


@given(hashes)
def test_every_proof_verifies_and_root_ignores_order(values: list[bytes]) -> None:
    tree = MerkleTree(values)
    assert MerkleTree(list(reversed(values))).root == tree.root
    for value in values:
        proof = tree.proof(value)
        assert proof.root == tree.root
        assert proof.verify()


@given(hashes, st.binary(min_size=32, max_size=32))
def test_a_hash_outside_the_batch_does_not_verify(values: list[bytes], other: bytes) -> None:
    tree = MerkleTree(values)
    if other in values:
        return
    assert not verify_inclusion(tree.root, other, tree.proof(values[0]).path)


def test_tampered_path_fails() -> None:
    values = [os.urandom(32) for _ in range(9)]
    tree = MerkleTree(values)
    proof = tree.proof(values[3])
    bad = (bytes(32),) + proof.path[1:]
    assert not verify_inclusion(tree.root, values[3], bad)


def test_leaf_is_double_keccak_and_pairs_are_sorted() -> None:
    a, b = os.urandom(32), os.urandom(32)
    assert hash_pair(a, b) == hash_pair(b, a)
    assert leaf_node(a) != a
    single = MerkleTree([a])
    assert single.root == leaf_node(a)
    assert single.proof(a).path == ()


def test_bad_batches_are_refused() -> None:
    with pytest.raises(ValueError):
        MerkleTree([])
    value = os.urandom(32)
    with pytest.raises(ValueError):
        MerkleTree([value, value])
    with pytest.raises(ValueError):
        leaf_node(b"short")
    with pytest.raises(KeyError):
        MerkleTree([value]).proof(os.urandom(32))
