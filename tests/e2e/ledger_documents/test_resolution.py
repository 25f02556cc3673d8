"""Which framework version is in force at a moment, read from the registry alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from devnet import IpfsDaemon
from node.chain import DocumentKind
from node.documents import (
    DocumentDigestMismatchError,
    DocumentInvalidError,
    DocumentVersionNotFoundError,
    IpfsClient,
    canonical_json,
    digest,
    publish,
    series_id,
)
from node.documents.publisher import effective_timestamp
from node.ledger import GOVERNOR_KEY, Ledger
from node.verification.documents import LedgerDocuments
from tests.e2e.ledger_documents import acme
from tests.e2e.ledger_documents.conftest import chain_time, move_chain_clock


async def test_the_version_in_force_is_published_and_effective_by_then(
    bare_ledger: Ledger, ipfs_daemon: IpfsDaemon
) -> None:
    ledger, governor = bare_ledger, bare_ledger.account(GOVERNOR_KEY)
    async with IpfsClient(ipfs_daemon.api_url, fetch_timeout=2.0) as ipfs:
        documents = LedgerDocuments(ledger.registry, ipfs)
        with pytest.raises(DocumentVersionNotFoundError, match="no qualification framework"):
            await documents.framework_at()
        before = await chain_time(ledger)
        await move_chain_clock(ledger, 60)

        # v1 took effect in 2025, but was published only now: earlier moments had none
        await publish(acme.framework(1), ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
        assert (await documents.framework_at()).version == 1
        with pytest.raises(DocumentVersionNotFoundError):
            await documents.framework_at(before)

        # another series published later is read only when asked for by name
        other = acme.framework(1).model_copy(update={"id": "other:qf"})
        await publish(other, ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
        assert (await documents.framework_at()).id == acme.FRAMEWORK_ID
        assert (await documents.framework_at(series=series_id("other:qf"))).id == "other:qf"

        # v2 takes effect in ten days: v1 until then, v2 from then on
        now = await chain_time(ledger)
        later = datetime.fromtimestamp(now, UTC).date() + timedelta(days=10)
        v2 = acme.framework(2, effective_from=later)
        await publish(v2, ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
        assert (await documents.framework_at()).version == 1
        assert (await documents.framework_at(effective_timestamp(later))).version == 2

        # an entry must carry its own version: v1's bytes anchored as v3 are refused
        v1 = acme.framework(1)
        cid = await ipfs.add(canonical_json(v1))
        await ledger.registry.publish_document(
            governor, DocumentKind.FRAMEWORK, series_id(acme.FRAMEWORK_ID), 3, digest(v1), cid,
            effective_timestamp(later + timedelta(days=1)),
        )  # fmt: skip
        with pytest.raises(DocumentInvalidError, match="anchored as v3"):
            await documents.framework_at(effective_timestamp(later + timedelta(days=2)))

        # content that does not hash to the anchored digest is refused, with the stable code
        forged = v2.model_copy(update={"version": 4, "name": "Forged"})
        forged_cid = await ipfs.add(canonical_json(forged))
        honest = v2.model_copy(update={"version": 4})
        await ledger.registry.publish_document(
            governor, DocumentKind.FRAMEWORK, series_id(acme.FRAMEWORK_ID), 4, digest(honest),
            forged_cid, effective_timestamp(later + timedelta(days=3)),
        )  # fmt: skip
        with pytest.raises(DocumentDigestMismatchError) as refused:
            await documents.framework_at(effective_timestamp(later + timedelta(days=4)))
        assert refused.value.code == "DOCUMENT_DIGEST_MISMATCH"
        assert refused.value.extra["expected"] == "0x" + bytes(digest(honest)).hex()

    # what was read is kept by digest: with the IPFS client closed, it is still answered
    assert (await documents.framework_at(effective_timestamp(later))).version == 2
    assert (await documents.framework_at(now)).version == 1
    assert date(2025, 1, 1) == (await documents.framework_at(now)).effective_from


async def test_entries_are_read_in_bounded_block_steps(
    bare_ledger: Ledger, ipfs_daemon: IpfsDaemon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scan in steps of one block finds exactly what a scan in the default steps finds."""
    ledger, governor = bare_ledger, bare_ledger.account(GOVERNOR_KEY)
    async with IpfsClient(ipfs_daemon.api_url, fetch_timeout=2.0) as ipfs:
        for version in (1, 2):
            framework = acme.framework(version, effective_from=date(2025, 1, version))
            await publish(framework, ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
        whole = LedgerDocuments(ledger.registry, ipfs)
        expected = await whole.framework_entry_at()

        monkeypatch.setattr("node.verification.documents.LOG_BLOCK_STEP", 1)
        calls = 0
        real_call = ledger.registry.client.call

        async def counted(op):  # type: ignore[no-untyped-def]
            nonlocal calls
            calls += 1
            return await real_call(op)

        monkeypatch.setattr(ledger.registry.client, "call", counted)
        stepped = LedgerDocuments(ledger.registry, ipfs)
        found = await stepped.framework_entry_at()
        head = await real_call(lambda w3: w3.eth.block_number)
        assert (found.version, found.block, found.series) == (
            expected.version,
            expected.block,
            expected.series,
        )
        assert found.version == 2
        assert calls >= head  # one log query per block, plus the head and record reads
        assert (await stepped.framework_at()).version == 2
