"""Status bits keyed by (issuer account, word), from the Python side against a real node."""

import pytest

from node.chain import CredentialStatus, StatusPurpose
from node.chain.reverts import (
    RegistryIndexAlreadyRevoked,
    RegistryIndexAlreadySuspended,
    RegistryIndexNotSuspended,
)
from node.ledger import Ledger
from tests.helpers import accredited_issuer, funded_account


async def test_revoke_one_and_many_set_bits_of_the_issuers_own_list(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    other = await funded_account(ledger)
    registry = ledger.registry
    await registry.revoke_indexes(issuer, [513], 3)
    receipt = await registry.revoke_indexes(issuer, [2, 1, 700], 3)
    assert [e["wordIndex"] for e in registry.events(receipt, "IndexesRevoked")] == [0, 2]
    for index in (1, 2, 513, 700):
        assert await registry.index_status(issuer.address, index) is CredentialStatus.REVOKED
    assert await registry.index_status(issuer.address, 3) is CredentialStatus.ACTIVE
    assert await registry.index_status(other.address, 513) is CredentialStatus.ACTIVE
    assert await registry.status_word(issuer.address, StatusPurpose.REVOCATION, 0) == 0b110
    word = await registry.status_word(issuer.address, StatusPurpose.REVOCATION, 2)
    assert word == (1 << 1) | (1 << 188)  # 513 and 700
    with pytest.raises(RegistryIndexAlreadyRevoked) as caught:
        await registry.revoke_indexes(issuer, [4, 513], 3)
    assert caught.value.code == "INDEX_ALREADY_REVOKED"
    assert caught.value.revert_args["index"] == 513


async def test_suspension_is_lifted_and_revocation_wins(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    registry = ledger.registry
    await registry.suspend_indexes(issuer, [10, 11], 5)
    assert await registry.index_status(issuer.address, 10) is CredentialStatus.SUSPENDED
    with pytest.raises(RegistryIndexAlreadySuspended):
        await registry.suspend_indexes(issuer, [10], 5)
    await registry.lift_index_suspensions(issuer, [10])
    assert await registry.index_status(issuer.address, 10) is CredentialStatus.ACTIVE
    with pytest.raises(RegistryIndexNotSuspended):
        await registry.lift_index_suspensions(issuer, [10])
    await registry.revoke_indexes(issuer, [11], 1)
    assert await registry.index_status(issuer.address, 11) is CredentialStatus.REVOKED
    with pytest.raises(RegistryIndexAlreadyRevoked):
        await registry.suspend_indexes(issuer, [11], 5)
