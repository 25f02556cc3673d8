"""Publishing documents: IPFS for the bytes, the registry for the digest."""

import json
from pathlib import Path

import pytest

from node.chain import DocumentKind
from node.documents import (
    DocumentDigestMismatchError,
    IpfsClient,
    OutcomeCatalog,
    QualificationFramework,
    canonical_json,
    digest,
    fetch_verified,
    load_demo_catalog,
    load_demo_framework,
    parse_document,
    publish,
    series_id,
)
from node.ledger import GOVERNOR_KEY, Ledger

ABI = Path(__file__).resolve().parents[3] / "node/chain/abi/CreditBankRegistry.json"


async def test_fetch_verified_returns_intact_content(ipfs: IpfsClient) -> None:
    framework = load_demo_framework()
    cid = await ipfs.add(canonical_json(framework))
    raw = await fetch_verified(cid, digest(framework), ipfs)
    assert parse_document(QualificationFramework, raw) == framework


async def test_fetch_verified_refuses_tampered_content(ipfs: IpfsClient) -> None:
    catalog = load_demo_catalog()
    anchored = digest(catalog)
    data = json.loads(canonical_json(catalog))
    data["standards"][0]["grades"][0]["credits"] = "40.00"
    tampered = parse_document(OutcomeCatalog, json.dumps(data))
    cid = await ipfs.add(canonical_json(tampered))
    with pytest.raises(DocumentDigestMismatchError) as info:
        await fetch_verified(cid, anchored, ipfs)
    assert info.value.code == "DOCUMENT_DIGEST_MISMATCH"
    assert info.value.extra["expected"] == "0x" + anchored.hex()


@pytest.mark.skipif(not ABI.is_file(), reason="awaits the compiled registry ABI")
async def test_publish_anchors_digest_and_cid(ipfs: IpfsClient, ledger: Ledger) -> None:
    governor = ledger.account(GOVERNOR_KEY)
    framework = load_demo_framework()
    published = await publish(framework, ipfs, ledger.registry, governor, DocumentKind.FRAMEWORK)
    assert published.series_id == series_id("creditbank:demo-qf")
    assert published.digest == digest(framework) and published.version == 1
    on_chain = await ledger.registry.document(
        governor.address, DocumentKind.FRAMEWORK, published.series_id, 1
    )
    assert on_chain.digest == published.digest and on_chain.cid == published.cid
    assert on_chain.effective_from == published.effective_from == 1725148800  # 2024-09-01 UTC
    raw = await fetch_verified(on_chain.cid, on_chain.digest, ipfs)
    assert parse_document(QualificationFramework, raw) == framework
