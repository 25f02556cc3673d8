"""Quorum governance and accreditation history, from the Python side."""

import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount

from node.chain import AccreditationStatus, RegistryClient, Scope, deploy_registry
from node.chain.reverts import (
    AccessControlUnauthorizedAccount,
    RegistryDidTaken,
    RegistryInvalidQuorum,
    RegistryNotAccreditor,
    RegistryNotBranch,
    RegistryOnlyThroughProposal,
    RegistryProposalAlreadyApproved,
    RegistryProposalStale,
    RegistryScopeExceedsBranch,
    RegistryWithdrawnByGovernance,
)
from node.ledger import GOVERNOR_KEY, Ledger
from tests.helpers import WIDE_SCOPE, accredited_issuer, funded_account, random_hash


@pytest.fixture
async def council(
    ledger: Ledger, tmp_path: Path
) -> AsyncIterator[tuple[RegistryClient, list[LocalAccount]]]:
    """A second registry on the same chain with three governors and a quorum of two."""
    governors = [await funded_account(ledger) for _ in range(3)]
    deployment = await deploy_registry(
        ledger.client, ledger.txm, governors[0], [g.address for g in governors], 2, tmp_path
    )
    yield RegistryClient(ledger.client, ledger.txm, deployment.address), governors


async def test_actions_wait_for_the_quorum(
    council: tuple[RegistryClient, list[LocalAccount]], ledger: Ledger
) -> None:
    registry, governors = council
    assert await registry.quorum() == 2 and await registry.governor_count() == 3
    issuer = await funded_account(ledger)
    now = int(time.time())
    action = registry.action_accredit(
        issuer.address, random_hash(), WIDE_SCOPE, now - 10, now + 86400
    )
    proposal_id, executed = await registry.propose(governors[0], action)
    assert not executed
    assert (await registry.current_accreditation(issuer.address)).status is AccreditationStatus.NONE
    with pytest.raises(RegistryProposalAlreadyApproved):
        await registry.approve(governors[0], proposal_id)
    assert await registry.approve(governors[1], proposal_id)
    current = await registry.current_accreditation(issuer.address)
    assert current.status is AccreditationStatus.ACTIVE and current.scope == WIDE_SCOPE
    assert (await registry.proposal(proposal_id)).executed


async def test_governors_change_only_through_the_quorum(
    council: tuple[RegistryClient, list[LocalAccount]], ledger: Ledger
) -> None:
    registry, governors = council
    newcomer = await funded_account(ledger)
    with pytest.raises(RegistryOnlyThroughProposal):
        await ledger.txm.send(
            governors[0], registry.contract().functions.addGovernor(newcomer.address)
        )
    await registry.govern(governors[:2], registry.encode_action("addGovernor", newcomer.address))
    assert await registry.is_governor(newcomer.address)
    with pytest.raises(RegistryInvalidQuorum):
        await registry.govern(governors[:2], registry.encode_action("setQuorum", 9))
    await registry.govern(governors[:2], registry.encode_action("removeGovernor", newcomer.address))
    assert not await registry.is_governor(newcomer.address)


async def test_strangers_cannot_propose(ledger: Ledger) -> None:
    stranger = await funded_account(ledger)
    action = ledger.registry.action_accredit(stranger.address, random_hash(), WIDE_SCOPE, 0, 2**39)
    with pytest.raises(AccessControlUnauthorizedAccount) as info:
        await ledger.registry.propose(stranger, action)
    assert info.value.code == "ROLE_REQUIRED" and info.value.http_status == 403


async def test_history_answers_for_any_past_moment(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    governor = ledger.account(GOVERNOR_KEY)
    first = await ledger.registry.current_accreditation(issuer.address)
    await ledger.registry.govern(
        [governor], ledger.registry.encode_action("suspendAccreditation", issuer.address)
    )
    await ledger.registry.govern(
        [governor], ledger.registry.encode_action("reinstateAccreditation", issuer.address)
    )
    await ledger.registry.govern(
        [governor], ledger.registry.encode_action("withdrawAccreditation", issuer.address)
    )
    history = await ledger.registry.accreditation_history(issuer.address)
    assert [h.status for h in history] == [
        AccreditationStatus.ACTIVE,
        AccreditationStatus.SUSPENDED,
        AccreditationStatus.ACTIVE,
        AccreditationStatus.WITHDRAWN,
    ]
    assert all(h.did_hash == first.did_hash for h in history)
    before = await ledger.registry.accreditation_at(issuer.address, first.recorded_at - 1)
    assert before.status is AccreditationStatus.NONE
    at_first = await ledger.registry.accreditation_at(issuer.address, first.recorded_at)
    # the entry in force then is the last one recorded in that second: the chain may have put
    # one, two or all of the changes above in the same second as the accreditation
    [*_, in_force] = [h for h in history if h.recorded_at <= first.recorded_at]
    assert at_first.status is in_force.status
    scope = Scope.of(fields=[1], max_level=2)
    now = history[-1].recorded_at
    assert not await ledger.registry.is_accredited_at(issuer.address, scope, now)


async def test_branch_centres_accredit_only_inside_their_scope(ledger: Ledger) -> None:
    branch_scope = Scope.of(fields=[2], outcome_types=[1], max_level=4)
    branch = await accredited_issuer(ledger, branch_scope, is_branch=True)
    issuer = await funded_account(ledger)
    now = int(time.time())
    await ledger.registry.accredit_by_branch(
        branch,
        issuer.address,
        random_hash(),
        Scope.of(fields=[2], outcome_types=[1], max_level=3),
        now - 10,
        now + 3600,
    )
    current = await ledger.registry.current_accreditation(issuer.address)
    assert current.accreditor == branch.address and not current.is_branch
    with pytest.raises(RegistryScopeExceedsBranch):
        await ledger.registry.accredit_by_branch(
            branch,
            (await funded_account(ledger)).address,
            random_hash(),
            Scope.of(fields=[2, 3], max_level=3),
            now,
            now + 10,
        )
    plain_issuer = await accredited_issuer(ledger)
    with pytest.raises(RegistryNotBranch):
        await ledger.registry.accredit_by_branch(
            plain_issuer, issuer.address, random_hash(), Scope.of(fields=[1]), now, now + 10
        )
    other_branch = await accredited_issuer(ledger, branch_scope, is_branch=True)
    with pytest.raises(RegistryNotAccreditor):
        await ledger.registry.branch_action(other_branch, "suspend", issuer.address)
    await ledger.registry.branch_action(branch, "suspend", issuer.address)
    assert (
        await ledger.registry.current_accreditation(issuer.address)
    ).status is AccreditationStatus.SUSPENDED


async def test_a_did_binds_one_account(ledger: Ledger) -> None:
    """Issue 12: a second account cannot be accredited under a DID another account holds."""
    first = await accredited_issuer(ledger)
    did = (await ledger.registry.current_accreditation(first.address)).did_hash
    assert await ledger.registry.account_of_did(did) == first.address
    second = await funded_account(ledger)
    now = int(time.time())
    action = ledger.registry.action_accredit(second.address, did, WIDE_SCOPE, now, now + 86400)
    with pytest.raises(RegistryDidTaken) as caught:
        await ledger.registry.govern([ledger.account(GOVERNOR_KEY)], action)
    assert caught.value.code == "DID_TAKEN"


async def test_a_quorum_change_makes_pending_proposals_stale(
    council: tuple[RegistryClient, list[LocalAccount]], ledger: Ledger
) -> None:
    """Issue 12: approvals gathered under one quorum do not count under another."""
    registry, governors = council
    newcomer = await funded_account(ledger)
    pending, executed = await registry.propose(
        governors[0], registry.encode_action("addGovernor", newcomer.address)
    )
    assert not executed
    proposal = await registry.proposal(pending)
    latest = await ledger.client.call(lambda w3: w3.eth.get_block("latest"))
    assert proposal.expires_at == int(latest["timestamp"]) + 14 * 86400
    await registry.govern(governors[:2], registry.encode_action("setQuorum", 3))
    with pytest.raises(RegistryProposalStale) as caught:
        await registry.approve(governors[1], pending)
    assert caught.value.code == "PROPOSAL_STALE"
    assert not await registry.is_governor(newcomer.address)


async def test_a_branch_cannot_undo_a_withdrawal_by_governance(ledger: Ledger) -> None:
    """Issue 12: only governance re-accredits an account that governance withdrew."""
    branch_scope = Scope.of(fields=[2], outcome_types=[1], max_level=4)
    branch = await accredited_issuer(ledger, branch_scope, is_branch=True)
    issuer = await funded_account(ledger)
    did, now = random_hash(), int(time.time())
    narrow = Scope.of(fields=[2], outcome_types=[1], max_level=3)
    await ledger.registry.accredit_by_branch(branch, issuer.address, did, narrow, now, now + 3600)
    await ledger.registry.govern(
        [ledger.account(GOVERNOR_KEY)],
        ledger.registry.encode_action("withdrawAccreditation", issuer.address),
    )
    with pytest.raises(RegistryWithdrawnByGovernance) as caught:
        await ledger.registry.accredit_by_branch(
            branch, issuer.address, did, narrow, now, now + 3600
        )
    assert caught.value.code == "WITHDRAWN_BY_GOVERNANCE"
    current = await ledger.registry.current_accreditation(issuer.address)
    assert current.status is AccreditationStatus.WITHDRAWN
