"""Gas, from the receipts of the bench chain: anchoring by batch size, revocation, conversion."""

from __future__ import annotations

import hashlib
import os

from node.chain import AnchoredTree, ConversionSource
from node.types import Bytes32
from scripts.benchmarks.chain import SCOPE, BenchChain
from scripts.benchmarks.figures import Figure

__all__ = ["run_gas"]

SUITE = "gas"
#: Targets of issue 6: gas per credential anchored at these batch sizes.
TARGETS = {100: 600, 1000: 100}


def _hashes(count: int) -> list[Bytes32]:
    return [Bytes32(hashlib.sha256(os.urandom(32)).digest()) for _ in range(count)]


async def run_gas(chain: BenchChain, sizes: tuple[int, ...] = (1, 10, 100, 1000)) -> list[Figure]:
    """Gas per credential anchored at each size (baseline: a batch of one), and per revocation."""
    issuer = await chain.accredited_issuer()
    registry = chain.ledger.registry
    figures: list[Figure] = []
    single: float | None = None
    batches: dict[int, tuple[AnchoredTree, list[Bytes32]]] = {}
    for size in sizes:
        hashes = _hashes(size)
        tree = AnchoredTree(hashes, issuer.account.address)
        batches[size] = (tree, hashes)
        receipt = await registry.anchor_batch(issuer.account, tree.tree_root, size, SCOPE)
        per_credential = int(receipt["gasUsed"]) / size
        single = single or per_credential
        target = TARGETS.get(size)
        figures.append(
            Figure(
                SUITE, f"anchor, per credential, batch of {size}", per_credential, "gas",
                single, "batch of 1", f"<= {target}" if target else None,
                per_credential <= target if target else None,
            )
        )  # fmt: skip
    tree, hashes = batches[max(sizes)]
    if len(hashes) >= 11:
        one = hashes[0]
        revoked = await registry.revoke(issuer.account, tree.root, one, tree.proof(one).path, 1)
        revoke_gas = float(revoked["gasUsed"])
        figures.append(Figure(SUITE, "revoke one credential", revoke_gas, "gas"))
        items = [(h, tree.proof(h).path) for h in hashes[1:11]]
        many = await registry.revoke_many(issuer.account, tree.root, items, 1)
        figures.append(
            Figure(
                SUITE, "revoke 10 in one transaction, per credential",
                float(many["gasUsed"]) / 10, "gas", revoke_gas, "revoke one",
            )
        )  # fmt: skip
        sources = [
            ConversionSource(tree.root, h, _hashes(1)[0], tree.proof(h).path, index)
            for h, index in zip(hashes[11:13], (None, 7), strict=True)
        ]
        recorded = await registry.record_conversion(
            issuer.account, _hashes(1)[0], _hashes(1)[0], sources, _hashes(1)[0], 1200,
            _hashes(1)[0], _hashes(1)[0],
        )  # fmt: skip
        figures.append(
            Figure(
                SUITE, "record a conversion of 2 proved sources (1 with a status index)",
                float(recorded["gasUsed"]), "gas",
            )
        )  # fmt: skip
    figures += await _status_bits(chain)
    return figures


async def _status_bits(chain: BenchChain) -> list[Figure]:
    """Revocation by status bit (issue 12): one in a fresh word, one in a used word, 100 at once."""
    issuer = await chain.accredited_issuer()
    registry = chain.ledger.registry
    rows = []
    first = await registry.revoke_indexes(issuer.account, [1024], 1)
    rows.append(("revoke by status bit, first bit of a word", float(first["gasUsed"]), 50_000))
    used = await registry.revoke_indexes(issuer.account, [1025], 1)
    rows.append(("revoke by status bit, a word already in use", float(used["gasUsed"]), 30_000))
    many = await registry.revoke_indexes(issuer.account, range(4096, 4196), 1)
    per = float(many["gasUsed"]) / 100
    rows.append(("revoke 100 status bits in one transaction, per credential", per, 5_000))
    return [
        Figure(SUITE, what, gas, "gas", None, None, f"<= {target:,}", gas <= target)
        for what, gas, target in rows
    ]
