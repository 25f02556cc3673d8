"""Conversion records and documents, from the Python side."""

import time

import pytest

from node.chain import AnchoredTree, ConversionSource, DocumentKind, outcome_id
from node.chain.reverts import (
    RegistryAlreadyConverted,
    RegistryDocumentVersionNotNewer,
    RegistryInvalidProof,
    RegistryNotConverter,
    RegistrySourceRevoked,
)
from node.chain.types import Scope
from node.ledger import Ledger
from node.types import Bytes32
from tests.helpers import WIDE_SCOPE, accredited_issuer, random_hash


def proved(tree: AnchoredTree, h: Bytes32, *, outcome: Bytes32 | None = None) -> ConversionSource:
    """A source proved in its batch; its own outcome unless told otherwise."""
    return ConversionSource(
        tree.root, h, outcome or outcome_id(f"urn:uuid:{h.hex()}"), tree.proof(h).path
    )


async def test_a_source_converts_once_per_programme_and_revocation_flags_it(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    college = await accredited_issuer(ledger, WIDE_SCOPE)
    hashes = [random_hash() for _ in range(3)]
    tree = AnchoredTree(hashes, issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 3, WIDE_SCOPE)
    programme, rules = random_hash(), random_hash()
    first_id, evidence = random_hash(), random_hash()
    await ledger.registry.record_conversion(
        college,
        first_id,
        random_hash(),
        [proved(tree, h) for h in hashes[:2]],
        programme,
        450,
        rules,
        evidence,
    )
    record = await ledger.registry.conversion(first_id)
    assert record.exists and record.credits == 450 and record.sources == tuple(hashes[:2])
    assert record.evidence_digest == evidence
    recorded = await ledger.registry.conversions_recorded(college.address)
    assert [bytes(e["evidenceDigest"]) for e in recorded] == [evidence]
    first_outcome = proved(tree, hashes[0]).outcome_id
    found = await ledger.registry.conversion_of(
        issuer.address, first_outcome, college.address, programme
    )
    assert found == first_id

    with pytest.raises(RegistryAlreadyConverted) as info:
        await ledger.registry.record_conversion(
            college,
            random_hash(),
            random_hash(),
            [proved(tree, hashes[1])],
            programme,
            100,
            rules,
            random_hash(),
        )
    assert info.value.revert_args["existingConversionId"] == "0x" + first_id.hex()
    # the same source may still convert into another programme
    await ledger.registry.record_conversion(
        college,
        random_hash(),
        random_hash(),
        [proved(tree, hashes[1])],
        random_hash(),
        100,
        rules,
        random_hash(),
    )
    assert len(await ledger.registry.conversions_of_source(issuer.address, hashes[1])) == 2

    await ledger.registry.revoke(issuer, tree.root, hashes[0], tree.proof(hashes[0]).path, 1)
    assert (await ledger.registry.conversion(first_id)).flagged
    with pytest.raises(RegistrySourceRevoked):
        await ledger.registry.record_conversion(
            college,
            random_hash(),
            random_hash(),
            [proved(tree, hashes[0])],
            random_hash(),
            1,
            rules,
            random_hash(),
        )


async def test_an_outcome_converts_once_under_any_hash_and_sources_are_proved(
    ledger: Ledger,
) -> None:
    """Issue 12: the guard keys on (issuer, outcome); a source must be in the root it names."""
    issuer = await accredited_issuer(ledger)
    college = await accredited_issuer(ledger, WIDE_SCOPE)
    original, reissued = random_hash(), random_hash()
    first = AnchoredTree([original, random_hash()], issuer.address)
    second = AnchoredTree([reissued, random_hash()], issuer.address)
    for tree in (first, second):
        await ledger.registry.anchor_batch(issuer, tree.tree_root, 2, WIDE_SCOPE)
    outcome = outcome_id("urn:uuid:one-certified-outcome")
    programme, rules = random_hash(), random_hash()
    await ledger.registry.record_conversion(
        college, random_hash(), random_hash(), [proved(first, original, outcome=outcome)],
        programme, 100, rules, random_hash(),
    )  # fmt: skip
    with pytest.raises(RegistryAlreadyConverted):
        await ledger.registry.record_conversion(
            college, random_hash(), random_hash(), [proved(second, reissued, outcome=outcome)],
            programme, 100, rules, random_hash(),
        )  # fmt: skip
    outsider = ConversionSource(second.root, original, random_hash(), second.proof(reissued).path)
    with pytest.raises(RegistryInvalidProof):
        await ledger.registry.record_conversion(
            college,
            random_hash(),
            random_hash(),
            [outsider],
            random_hash(),
            100,
            rules,
            random_hash(),
        )


async def test_a_status_bit_is_checked_and_flags_the_record(ledger: Ledger) -> None:
    issuer = await accredited_issuer(ledger)
    college = await accredited_issuer(ledger, WIDE_SCOPE)
    h = random_hash()
    tree = AnchoredTree([h, random_hash()], issuer.address)
    await ledger.registry.anchor_batch(issuer, tree.tree_root, 2, WIDE_SCOPE)
    source = ConversionSource(tree.root, h, random_hash(), tree.proof(h).path, status_index=41)
    conversion = random_hash()
    await ledger.registry.record_conversion(
        college,
        conversion,
        random_hash(),
        [source],
        random_hash(),
        100,
        random_hash(),
        random_hash(),
    )
    assert not (await ledger.registry.conversion(conversion)).flagged
    await ledger.registry.revoke_indexes(issuer, [41], 1)
    assert (await ledger.registry.conversion(conversion)).flagged
    with pytest.raises(RegistrySourceRevoked):
        await ledger.registry.record_conversion(
            college,
            random_hash(),
            random_hash(),
            [source],
            random_hash(),
            100,
            random_hash(),
            random_hash(),
        )


async def test_only_institutions_with_the_conversion_right_record(ledger: Ledger) -> None:
    no_right = await accredited_issuer(ledger, Scope.of(fields=[1], max_level=3, can_convert=False))
    with pytest.raises(RegistryNotConverter):
        await ledger.registry.record_conversion(
            no_right,
            random_hash(),
            random_hash(),
            [ConversionSource(random_hash(), random_hash(), random_hash(), ())],
            random_hash(),
            1,
            random_hash(),
            random_hash(),
        )


async def test_documents_are_versioned_by_publisher_kind_and_series(ledger: Ledger) -> None:
    """A college's programme series, by an account of this test's own.

    Not the governor's frameworks: a verifier given no series reads the governor's newest
    framework of any series, so this test's placeholder CIDs would become the framework in
    force for every later test on the session's chain.
    """
    college = await accredited_issuer(ledger)
    series = random_hash()
    now = int(time.time())
    await ledger.registry.publish_document(
        college, DocumentKind.PROGRAMME, series, 1, random_hash(), "bafy-v1", now
    )
    digest = random_hash()
    await ledger.registry.publish_document(
        college, DocumentKind.PROGRAMME, series, 2, digest, "bafy-v2", now + 10
    )
    assert (
        await ledger.registry.latest_document_version(
            college.address, DocumentKind.PROGRAMME, series
        )
        == 2
    )
    doc = await ledger.registry.document(college.address, DocumentKind.PROGRAMME, series, 2)
    assert doc.digest == digest and doc.cid == "bafy-v2" and doc.effective_from == now + 10
    with pytest.raises(RegistryDocumentVersionNotNewer):
        await ledger.registry.publish_document(
            college, DocumentKind.PROGRAMME, series, 2, random_hash(), "x", now
        )
