"""Status reads batched per loop turn give the verdicts single reads give, and fail closed.

The status is read afresh on every verification either way: a credential revoked between two
verifications by the same verifier is revoked in the second.
"""

from __future__ import annotations

import asyncio
from typing import Any

from node.chain import ChainClient, RegistryReader
from node.credentials import SigningKey
from node.ledger import Ledger
from node.types import to_bytes32
from node.verification import CheckStatus, Verifier
from node.verification.anchor_checks import check_status
from node.verification.chainview import ChainView
from tests.conftest import free_port
from tests.integration.verification.anchoring import FRAMEWORK, OwnIssuer
from tests.integration.verification.test_presentations import credentials, one_time, present
from tests.integration.verification.test_status_bits import anchored, with_index


class CountingReader(RegistryReader):
    """A real reader that notes the size of each batch it sends."""

    batches: list[int]

    async def read_many(self, calls: Any) -> list[Any]:
        self.batches.append(len(calls))
        return await super().read_many(calls)


def counting(ledger: Ledger) -> CountingReader:
    reader = CountingReader(ledger.registry.client, ledger.registry.address)
    reader.batches = []
    return reader


async def _change(ledger: Ledger, issuer: OwnIssuer, receipt: dict[str, Any], action: str) -> None:
    root, leaf = to_bytes32(receipt["root"]), to_bytes32(receipt["credentialHash"])
    path = [to_bytes32(p) for p in receipt["path"]]
    await getattr(ledger.registry, action)(issuer.account, root, leaf, path, 3)


async def test_a_batched_presentation_has_the_verdicts_of_single_reads(
    ledger: Ledger, issuer: OwnIssuer, learner: SigningKey
) -> None:
    vcs, receipts = await credentials(ledger, issuer, learner, 4)
    await _change(ledger, issuer, receipts[1], "revoke")
    await _change(ledger, issuer, receipts[2], "suspend")
    reader = counting(ledger)
    batched = Verifier(reader, framework=FRAMEWORK)
    single = Verifier(ledger.registry, framework=FRAMEWORK, batch_reads=False)
    assert batched.view.fresh is not None and single.view.fresh is None
    reports = []
    for n, verifier in enumerate((batched, single)):
        vp = await present(learner, vcs, f"b-{n}")
        reports.append(
            await verifier.verify_presentation(
                vp,
                receipts,
                challenge=f"b-{n}",
                domain="https://employer.example",
                challenge_valid=one_time(f"b-{n}"),
            )  # fmt: skip
        )
    assert reports[0].to_json() == reports[1].to_json()
    assert reports[0].verdict == "invalid"
    statuses = [r.status for r in reports[0].credentials]
    assert statuses == ["active", "revoked", "suspended", "active"]
    assert [r.valid for r in reports[0].credentials] == [True, False, False, True]
    assert 4 in reader.batches  # the four status reads went to the node together

    # nothing of the status is kept: revoked now, the next verification says so
    await _change(ledger, issuer, receipts[0], "revoke")
    vp = await present(learner, vcs, "b-2")
    again = await batched.verify_presentation(
        vp, receipts, challenge="b-2", domain="https://employer.example",
        challenge_valid=one_time("b-2"),
    )  # fmt: skip
    assert [r.status for r in again.credentials] == ["revoked", "revoked", "suspended", "active"]


async def test_status_list_bits_read_in_one_batch_match_single_reads(
    ledger: Ledger, issuer: OwnIssuer
) -> None:
    vcs = [with_index(str(i)) for i in (11, 12, 13)]
    anchors = [await anchored(ledger, issuer, vc) for vc in vcs]
    await ledger.registry.revoke_indexes(issuer.account, [12], 2)
    reader = counting(ledger)
    batched, single = ChainView(reader), ChainView(ledger.registry, batch_reads=False)
    results = []
    for view in (batched, single):
        checks = (check_status(view, a, vc) for a, vc in zip(anchors, vcs, strict=True))
        results.append(await asyncio.gather(*checks))
    assert results[0] == results[1]
    assert [name for _, name in results[0]] == ["active", "revoked", "active"]
    assert reader.batches == [6]  # three credentials, two reads each, one request


async def test_a_node_that_is_down_makes_every_batched_status_could_not_check(
    ledger: Ledger, issuer: OwnIssuer
) -> None:
    vcs = [with_index(str(i)) for i in (21, 22)]
    anchors = [await anchored(ledger, issuer, vc) for vc in vcs]
    dead_url = f"http://127.0.0.1:{free_port()}"
    client = ChainClient([dead_url], ledger.client.chain_id, retries=1, backoff=0.01)
    try:
        view = ChainView(RegistryReader(client, ledger.registry.address))
        checks = (check_status(view, a, vc) for a, vc in zip(anchors, vcs, strict=True))
        results = await asyncio.gather(*checks)
    finally:
        await client.close()
    for check, name in results:
        assert check.status is CheckStatus.COULD_NOT_CHECK and name == "unknown"
        assert dead_url in check.reason
