"""What a crash or an outage must not break, read from the issuer's database and the chain.

Every credential the database holds is anchored, in exactly one batch; every batch is on chain
once, under this issuer's account, and was journalled at most once; and the chain holds no
anchor of this account that the database does not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

import issuer.models  # noqa: F401 - registers the issuer's tables
from issuer.models import AnchorBatch, IssuedCredential
from issuer.settings import IssuerSettings
from node.indexer import EventIndexer, History
from node.ledger import Ledger
from node.storage import Database, TxRecord
from node.types import to_bytes32


@dataclass(frozen=True)
class Audit:
    """The issuer's credentials and what the chain says of their anchoring."""

    credentials: list[IssuedCredential]
    batches: list[AnchorBatch]
    #: (root, count) of each BatchAnchored event of the issuer's account, in chain order
    anchors: list[tuple[str, int]]
    conversions: list[str]


async def audit(settings: IssuerSettings, work_dir: Path) -> Audit:
    """Read the issuer's database, index the chain into a database of its own, and check.

    The invariants of exactly-once anchoring are asserted here; callers assert what they
    expect to find (how many credentials, which conversions).
    """
    db = Database(settings.effective_database_url)
    try:
        async with db.session() as session:
            credentials = list((await session.scalars(select(IssuedCredential))).all())
            batches = list((await session.scalars(select(AnchorBatch))).all())
            journal = list(
                (await session.scalars(select(TxRecord).where(TxRecord.key.like("anchor:%")))).all()
            )
    finally:
        await db.close()
    index_settings = settings.model_copy(
        update={"database_url": f"sqlite+aiosqlite:///{work_dir / 'index.db'}"}
    )
    ledger = await Ledger.open(index_settings, fast_kdf=True)
    try:
        account = ledger.account(settings.issuer_key_name).address
        registry = ledger.registry
        indexer = EventIndexer(
            ledger.client, ledger.db, ledger.deployment.address, registry.artifact.abi,
            start_block=ledger.deployment.block_number,
        )  # fmt: skip
        await indexer.sync()
        history = History(ledger.db)
        anchors = [
            (str(e.args["root"]).lower(), int(e.args["count"]))
            for e in await history.anchors_of(account)
        ]
        conversions = [
            str(e.args["conversionId"]).lower()
            for e in await history.by_key(f"account:{account}", names={"ConversionRecorded"})
        ]
        for batch in batches:
            on_chain = await registry.batch(to_bytes32(batch.root))
            assert on_chain.issuer == account, batch.root
    finally:
        await ledger.close()

    assert {c.status for c in credentials} <= {"anchored"}, "a credential is not anchored"
    by_root: dict[str, int] = {}
    for credential in credentials:
        assert credential.batch_root is not None
        by_root[credential.batch_root] = by_root.get(credential.batch_root, 0) + 1
    assert {b.root: b.count for b in batches} == by_root, "batches and their members disagree"
    assert {b.status for b in batches} <= {"anchored"}
    # At most one journalled transaction per batch, and it was mined. A batch may have none:
    # when a re-sent transaction finds its batch anchored already, the anchorer takes the
    # chain's record (and the transaction manager renames a journal entry whose re-broadcast
    # met "nonce too low" to ``dropped:``, even when that entry itself was mined).
    sent = [j.key for j in journal]
    assert len(sent) == len(set(sent)) and set(sent) <= {f"anchor:{b.root}" for b in batches}
    assert {j.status for j in journal} <= {"mined"}
    roots = [root for root, _ in anchors]
    assert len(roots) == len(set(roots)), "a root anchored twice"
    assert len(anchors) == len(batches), "the chain and the database count other batches"
    assert sum(count for _, count in anchors) == len(credentials)
    assert len({c.credential_hash for c in credentials}) == len(credentials)
    return Audit(credentials, batches, anchors, conversions)
