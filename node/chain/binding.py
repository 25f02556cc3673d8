"""Roots bound to their sender: the registry records a tree under ``boundRoot(tree, account)``.

The contract pairs the tree root with a leaf naming the anchoring account (one sorted-pair level
above the tree), so a front-runner that copies a pending tree root anchors a root of its own and
can neither take over nor block the issuer's batch. Receipts carry the bound root, and their
paths end with the sender's leaf: any OpenZeppelin-style verifier checks them unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from node.errors import ChainError
from node.merkle import InclusionProof, MerkleTree, hash_pair, leaf_node
from node.types import Bytes32

__all__ = ["AnchoredTree", "BatchRootTakenError", "bound_root", "sender_leaf"]


class BatchRootTakenError(ChainError):
    """Another account holds the batch's root; re-sending would never anchor it."""

    code = "BATCH_ROOT_TAKEN"
    http_status = 409
    title = "Batch root anchored by another account"


def sender_leaf(account: str) -> Bytes32:
    """The leaf naming an account: ``leafOf(bytes32(uint256(uint160(account))))``."""
    raw = bytes.fromhex(account.removeprefix("0x"))
    if len(raw) != 20:
        raise ValueError("an account address is 20 bytes")
    return leaf_node(bytes(12) + raw)


def bound_root(tree_root: bytes, account: str) -> Bytes32:
    """The root ``account`` anchors a tree under (the contract's ``boundRoot``)."""
    return hash_pair(tree_root, sender_leaf(account))


class AnchoredTree:
    """A Merkle batch as one account anchors it: the bound root, and paths that reach it."""

    def __init__(self, credential_hashes: Sequence[bytes], account: str) -> None:
        self.tree = MerkleTree(credential_hashes)
        self.account = account
        self._leaf = sender_leaf(account)
        self.root = hash_pair(self.tree.root, self._leaf)

    @property
    def tree_root(self) -> Bytes32:
        """What ``anchorBatch`` takes: the root of the credentials' tree alone."""
        return self.tree.root

    def __len__(self) -> int:
        return len(self.tree)

    def __contains__(self, credential_hash: object) -> bool:
        return credential_hash in self.tree

    def proof(self, credential_hash: bytes) -> InclusionProof:
        """The receipt's proof: the tree path, then the sender's leaf."""
        inner = self.tree.proof(credential_hash)
        return InclusionProof(self.root, inner.credential_hash, (*inner.path, self._leaf))
