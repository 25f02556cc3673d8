"""Merkle batches that OpenZeppelin's ``MerkleProof`` accepts.

Pairs are hashed sorted (``keccak256(min ‖ max)``) and a credential hash ``h`` enters the
tree as ``keccak256(keccak256(h))`` — OpenZeppelin's StandardMerkleTree encoding of one
``bytes32`` — so a leaf is never 64 bytes and an inner node cannot pose as a leaf.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from node.keccak import keccak256 as keccak
from node.types import Bytes32

__all__ = ["InclusionProof", "MerkleTree", "hash_pair", "leaf_node", "verify_inclusion"]


def leaf_node(credential_hash: bytes) -> Bytes32:
    """The tree node for a credential hash (the contract's ``leafOf``)."""
    if len(credential_hash) != 32:
        raise ValueError("a credential hash is 32 bytes")
    return Bytes32(keccak(keccak(credential_hash)))


def hash_pair(a: bytes, b: bytes) -> Bytes32:
    """OpenZeppelin's commutative keccak256 of two nodes."""
    return Bytes32(keccak(a + b if a < b else b + a))


@dataclass(frozen=True, slots=True)
class InclusionProof:
    """What proves one credential hash is inside a batch root."""

    root: Bytes32
    credential_hash: Bytes32
    path: tuple[Bytes32, ...]

    def verify(self) -> bool:
        """Whether the path leads from the credential hash to the root."""
        return verify_inclusion(self.root, self.credential_hash, self.path)


def verify_inclusion(root: bytes, credential_hash: bytes, path: Iterable[bytes]) -> bool:
    """Recompute the root from a credential hash and its path, as ``MerkleProof.verify``."""
    node: bytes = leaf_node(credential_hash)
    for sibling in path:
        node = hash_pair(node, sibling)
    return node == root


class MerkleTree:
    """A batch of credential hashes; leaves are sorted so the root ignores input order."""

    def __init__(self, credential_hashes: Sequence[bytes]) -> None:
        if not credential_hashes:
            raise ValueError("a batch needs at least one credential hash")
        by_leaf = {leaf_node(h): Bytes32(bytes(h)) for h in credential_hashes}
        if len(by_leaf) != len(credential_hashes):
            raise ValueError("a batch may not hold the same credential hash twice")
        leaves = sorted(by_leaf)
        self._index = {by_leaf[leaf]: i for i, leaf in enumerate(leaves)}
        self._levels: list[list[Bytes32]] = [leaves]
        level = leaves
        while len(level) > 1:
            nxt = [hash_pair(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
            if len(level) % 2:
                nxt.append(level[-1])
            self._levels.append(nxt)
            level = nxt

    @property
    def root(self) -> Bytes32:
        """The value anchored on chain."""
        return self._levels[-1][0]

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, credential_hash: object) -> bool:
        return credential_hash in self._index

    def proof(self, credential_hash: bytes) -> InclusionProof:
        """The inclusion proof of one credential hash of this batch."""
        try:
            index = self._index[Bytes32(bytes(credential_hash))]
        except KeyError:
            raise KeyError("credential hash is not in this batch") from None
        path: list[Bytes32] = []
        for level in self._levels[:-1]:
            sibling = index ^ 1
            if sibling < len(level):
                path.append(level[sibling])
            index //= 2
        return InclusionProof(self.root, Bytes32(bytes(credential_hash)), tuple(path))
