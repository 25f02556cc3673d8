"""The catalog in force, read by digest from IPFS and the chain, judges a credential's credits."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest

from devnet import IpfsDaemon
from node.chain import Batch, DocumentKind
from node.credentials import SigningKey
from node.documents import IpfsClient, OutcomeCatalog, load_demo_catalog, publish
from node.ledger import Ledger
from node.verification import CatalogReader, achievement_facts
from node.verification.anchor_checks import Anchor
from tests.integration.verification.anchoring import accredit


@pytest.fixture
async def ipfs(ipfs_daemon: IpfsDaemon) -> AsyncIterator[IpfsClient]:
    """A client of the session's daemon; a CID it does not hold fails within a second."""
    async with IpfsClient(ipfs_daemon.api_url, fetch_timeout=1.0) as client:
        yield client


def _credential(cid: str, earned: float = 6) -> dict[str, Any]:
    """A 1+X web front-end intermediate credential aligned to the catalog at ``cid``."""
    return {
        "credentialSubject": {
            "creditsEarned": earned,
            "achievement": {
                "humanCode": "1X-WFED",
                "skillGrade": "intermediate",
                "fieldOfStudyCode": "information-technology",
                "outcomeType": "skill_certificate",
                "qualificationLevel": 4,
                "creditSystem": "CB",
                "creditsAvailable": 6,
                "alignment": [
                    {"targetType": "ext:OutcomeStandard", "targetUrl": f"ipfs://{cid}#1X-WFED"}
                ],
            },
        }
    }


def _anchor(account: str, at: int) -> Anchor:
    """What the reader needs of an anchor: who anchored the batch and when."""
    return Anchor(receipt=cast(Any, None), batch=Batch(cast(Any, account), at, 1))


def _at(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, 12, tzinfo=UTC).timestamp())


async def test_credits_are_judged_by_the_catalog_in_force_at_anchoring(
    ledger: Ledger, ipfs: IpfsClient
) -> None:
    issuer = await accredit(ledger, await SigningKey.create())
    series = f"test:catalog-{uuid.uuid4()}"
    first: OutcomeCatalog = load_demo_catalog().model_copy(
        update={"id": series, "version": 1, "effective_from": date(2024, 9, 1)}
    )
    v1 = await publish(first, ipfs, ledger.registry, issuer.account, DocumentKind.CATALOG)
    reader = CatalogReader(ledger.registry, ipfs)
    vc = _credential(v1.cid)
    now = int(time.time())
    mine = issuer.account.address

    agrees = await reader.verdict(vc, achievement_facts(vc), _anchor(mine, now))
    assert agrees.state == "agrees", agrees
    assert agrees.reason == f"{series} v1 gives 6.00 CB for 1X-WFED (intermediate)"

    inflated = _credential(v1.cid, earned=9)
    verdict = await reader.verdict(inflated, achievement_facts(inflated), _anchor(mine, now))
    assert verdict.state == "disagrees" and "creditsEarned 9 exceeds" in verdict.reason

    stranger = await reader.verdict(vc, achievement_facts(vc), _anchor("0x" + "12" * 20, now))
    assert (
        stranger.state == "unknown" and "is not anchored by the issuer account" in stranger.reason
    )

    early = await reader.verdict(vc, achievement_facts(vc), _anchor(mine, _at(date(2024, 1, 2))))
    assert early.state == "disagrees" and "took effect only on 2024-09-01" in early.reason

    second = first.model_copy(update={"version": 2, "effective_from": date(2025, 9, 1)})
    await publish(second, ipfs, ledger.registry, issuer.account, DocumentKind.CATALOG)
    superseded = await reader.verdict(vc, achievement_facts(vc), _anchor(mine, now))
    assert superseded.state == "disagrees" and "superseded on 2025-09-01" in superseded.reason
    before = await reader.verdict(vc, achievement_facts(vc), _anchor(mine, _at(date(2025, 1, 2))))
    assert before.state == "agrees", before

    missing = _credential("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy")
    unread = await reader.verdict(missing, achievement_facts(missing), _anchor(mine, now))
    assert unread.state == "unknown" and "could not be read" in unread.reason

    plain = {"credentialSubject": {"achievement": {"humanCode": "1X-WFED"}}}
    nothing = await reader.verdict(plain, achievement_facts(plain), _anchor(mine, now))
    assert nothing.state == "unchecked"
