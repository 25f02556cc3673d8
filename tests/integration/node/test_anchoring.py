"""Anchoring, inclusion proofs and revocation, from the Python side against a real node."""

import time

import pytest

from node.chain import AnchoredTree, CredentialStatus, Scope, bound_root
from node.chain.reverts import (
    RegistryAccreditationExpired,
    RegistryAccreditationNotYetValid,
    RegistryBatchAlreadyAnchored,
    RegistryCredentialAlreadyRevoked,
    RegistryCredentialNotSuspended,
    RegistryEmptyBatch,
    RegistryInvalidProof,
    RegistryNotAccredited,
    RegistryNotBatchIssuer,
    RegistryOutOfScope,
)
from node.ledger import Ledger
from node.merkle import MerkleTree
from tests.helpers import WIDE_SCOPE, accredited_issuer, funded_account, random_hash

BATCH_SCOPE = Scope.of(fields=[1], outcome_types=[0], max_level=4)


@pytest.mark.parametrize("size", [1, 2, 3, 7, 16, 33])
async def test_python_proofs_verify_inside_the_contract(ledger: Ledger, size: int) -> None:
    hashes = [random_hash() for _ in range(size)]
    tree = AnchoredTree(hashes, "0x" + "5a" * 20)  # a bound tree is one sorted-pair level more
    for h in hashes:
        proof = tree.proof(h)
        assert await ledger.registry.verify_inclusion(tree.root, h, proof.path)
    assert not await ledger.registry.verify_inclusion(
        tree.root, random_hash(), tree.proof(hashes[0]).path
    )


async def test_anchor_records_issuer_block_and_time(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    tree = AnchoredTree([random_hash() for _ in range(10)], issuer.address)
    receipt = await ledger.registry.anchor_batch(issuer, tree.tree_root, len(tree), BATCH_SCOPE)
    batch = await ledger.registry.batch(tree.root)
    assert batch.exists and batch.issuer == issuer.address
    assert batch.block_number == receipt["blockNumber"]
    assert abs(batch.anchored_at - time.time()) < 120
    [event] = ledger.registry.events(receipt, "BatchAnchored")
    assert event["count"] == 10 and event["treeRoot"] == tree.tree_root
    assert event["root"] == tree.root == bound_root(tree.tree_root, issuer.address)


async def test_repeated_root_reverts_and_a_repeated_call_anchors_once(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    root = MerkleTree([random_hash()]).root
    first = await ledger.registry.anchor_batch(issuer, root, 1, BATCH_SCOPE)
    again = await ledger.registry.anchor_batch(issuer, root, 1, BATCH_SCOPE)
    assert again["transactionHash"] == first["transactionHash"]
    with pytest.raises(RegistryBatchAlreadyAnchored) as info:
        await ledger.txm.send(
            issuer,
            ledger.registry.contract().functions.anchorBatch(root, 1, BATCH_SCOPE.to_abi()),
        )
    assert info.value.code == "BATCH_ALREADY_ANCHORED"
    assert info.value.revert_args["root"] == "0x" + bound_root(root, issuer.address).hex()


async def test_unaccredited_out_of_scope_and_expired_issuers_cannot_anchor(ledger: Ledger) -> None:
    stranger = await funded_account(ledger)
    with pytest.raises(RegistryNotAccredited):
        await ledger.registry.anchor_batch(stranger, random_hash(), 1, BATCH_SCOPE)

    narrow = await accredited_issuer(ledger, Scope.of(fields=[1], outcome_types=[0], max_level=3))
    with pytest.raises(RegistryOutOfScope):
        await ledger.registry.anchor_batch(narrow, random_hash(), 1, BATCH_SCOPE)
    with pytest.raises(RegistryOutOfScope):
        await ledger.registry.anchor_batch(
            narrow, random_hash(), 1, Scope.of(fields=[2], outcome_types=[0], max_level=1)
        )

    now = int(time.time())
    expired = await accredited_issuer(ledger, valid_from=now - 7200, valid_until=now - 3600)
    with pytest.raises(RegistryAccreditationExpired) as info:
        await ledger.registry.anchor_batch(expired, random_hash(), 1, BATCH_SCOPE)
    assert info.value.http_status == 403

    future = await accredited_issuer(ledger, valid_from=now + 86400, valid_until=now + 2 * 86400)
    with pytest.raises(RegistryAccreditationNotYetValid):
        await ledger.registry.anchor_batch(future, random_hash(), 1, BATCH_SCOPE)

    issuer = await accredited_issuer(ledger)
    with pytest.raises(RegistryEmptyBatch):
        await ledger.registry.anchor_batch(issuer, random_hash(), 0, BATCH_SCOPE)


async def test_revocation_needs_the_anchoring_issuer_and_a_valid_proof(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    other = await accredited_issuer(ledger)
    hashes = [random_hash() for _ in range(5)]
    tree = AnchoredTree(hashes, issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 5, BATCH_SCOPE)
    target = hashes[2]
    path = tree.proof(target).path

    with pytest.raises(RegistryNotBatchIssuer):
        await ledger.registry.revoke(other, tree.root, target, path, 1)
    with pytest.raises(RegistryInvalidProof):
        await ledger.registry.revoke(issuer, tree.root, target, tree.proof(hashes[0]).path, 1)
    assert (
        await ledger.registry.credential_state(issuer.address, target)
    ).status is CredentialStatus.ACTIVE

    await ledger.registry.suspend(issuer, tree.root, target, path, 3)
    state = await ledger.registry.credential_state(issuer.address, target)
    assert state.status is CredentialStatus.SUSPENDED and state.reason == 3
    await ledger.registry.lift_suspension(issuer, target)
    assert (
        await ledger.registry.credential_state(issuer.address, target)
    ).status is CredentialStatus.ACTIVE
    with pytest.raises(RegistryCredentialNotSuspended):
        await ledger.registry.lift_suspension(issuer, target)

    await ledger.registry.revoke(issuer, tree.root, target, path, 2)
    state = await ledger.registry.credential_state(issuer.address, target)
    assert state.status is CredentialStatus.REVOKED and state.issuer == issuer.address
    assert state.root == tree.root
    with pytest.raises(RegistryCredentialAlreadyRevoked):
        await ledger.txm.send(
            issuer,
            ledger.registry.contract().functions.revoke(tree.root, target, list(path), 2),
        )


async def test_batched_revocation(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    hashes = [random_hash() for _ in range(12)]
    tree = AnchoredTree(hashes, issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 12, WIDE_SCOPE)
    chosen = hashes[:4]
    receipt = await ledger.registry.revoke_many(
        issuer, tree.root, [(h, tree.proof(h).path) for h in chosen], 5
    )
    assert len(ledger.registry.events(receipt, "CredentialRevoked")) == 4
    for h in chosen:
        assert (
            await ledger.registry.credential_state(issuer.address, h)
        ).status is CredentialStatus.REVOKED
    assert (
        await ledger.registry.credential_state(issuer.address, hashes[5])
    ).status is CredentialStatus.ACTIVE


async def test_another_issuer_cannot_revoke_through_its_own_batch(ledger: Ledger) -> None:
    """The intruder writes only its own word on the hash; the owner's stays active."""
    owner, intruder = await accredited_issuer(ledger), await accredited_issuer(ledger)
    victim = random_hash()
    own = AnchoredTree([victim, random_hash()], owner.address)
    await ledger.registry.anchor_batch(owner, own.tree_root, 2, BATCH_SCOPE)
    forged = AnchoredTree([victim, random_hash(), random_hash()], intruder.address)
    await ledger.registry.anchor_batch(intruder, forged.tree_root, 3, BATCH_SCOPE)
    await ledger.registry.revoke(intruder, forged.root, victim, forged.proof(victim).path, 9)
    assert (
        await ledger.registry.credential_state(owner.address, victim)
    ).status is CredentialStatus.ACTIVE
    assert (
        await ledger.registry.credential_state(intruder.address, victim)
    ).status is CredentialStatus.REVOKED


async def test_a_revoked_hash_stays_revoked_under_every_root_of_its_issuer(ledger: Ledger) -> None:
    """Issue 12: re-anchoring a revoked credential under a new root does not revive it."""
    issuer = await accredited_issuer(ledger)
    target = random_hash()
    first = AnchoredTree([target, random_hash()], issuer.address)
    await ledger.registry.anchor_batch(issuer, first.tree_root, 2, BATCH_SCOPE)
    await ledger.registry.revoke(issuer, first.root, target, first.proof(target).path, 4)
    again = AnchoredTree([target, random_hash(), random_hash()], issuer.address)
    await ledger.registry.anchor_batch(issuer, again.tree_root, 3, BATCH_SCOPE)
    state = await ledger.registry.credential_state(issuer.address, target)
    assert state.status is CredentialStatus.REVOKED and state.root == first.root
    with pytest.raises(RegistryCredentialAlreadyRevoked):  # sent past the journal's key
        await ledger.txm.send(
            issuer,
            ledger.registry.contract().functions.revoke(
                again.root, target, list(again.proof(target).path), 4
            ),
        )


async def test_a_front_run_tree_root_is_anchored_by_each_under_its_own_bound_root(
    ledger: Ledger,
) -> None:
    """Issue 12: copying a pending tree root anchors the copier's root, not the issuer's."""
    issuer, front_runner = await accredited_issuer(ledger), await accredited_issuer(ledger)
    tree = AnchoredTree([random_hash() for _ in range(4)], issuer.address)
    await ledger.registry.anchor_batch(front_runner, tree.tree_root, 4, BATCH_SCOPE)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 4, BATCH_SCOPE)
    assert (await ledger.registry.batch(tree.root)).issuer == issuer.address
    copied = bound_root(tree.tree_root, front_runner.address)
    assert (await ledger.registry.batch(copied)).issuer == front_runner.address
