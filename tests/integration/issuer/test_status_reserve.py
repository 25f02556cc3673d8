"""Status list indexes come from each worker's reserve: unique across workers, one commit for
many credentials. Two ``StatusLists`` (two workers) share one real database, on both backends."""

from typing import Any, cast

from sqlalchemy import select

from issuer.models import StatusListCounter
from issuer.status_list import RESERVE, StatusLists
from node.storage import Database

ACCOUNT = "0x" + "ab" * 20


def worker(db: Database) -> StatusLists:
    """Only the database matters to ``allocate``; the chain and key are never touched."""
    return StatusLists(db, cast(Any, None), ACCOUNT, cast(Any, None), "http://127.0.0.1:1")


async def counter(db: Database) -> int:
    async with db.session() as session:
        found = await session.scalar(
            select(StatusListCounter.next_index).where(StatusListCounter.account == ACCOUNT)
        )
    return int(found or 0)


async def test_two_workers_hand_out_disjoint_indexes_from_their_reserves(
    database_url: str,
) -> None:
    db = Database(database_url)
    await db.create()
    try:
        first, second = worker(db), worker(db)
        taken: list[range] = []
        for count in (1, 3, 1, 7, 1):
            for lists in (first, second):
                start = await lists.allocate(count)
                taken.append(range(start, start + count))
        # each worker reserved one block from the shared counter, and no more
        assert await counter(db) == 2 * RESERVE
        every = [i for block in taken for i in block]
        assert len(every) == len(set(every)) == 2 * 13
        # a request larger than what is left takes a fresh block of its own size
        big = await first.allocate(RESERVE)
        assert big >= 2 * RESERVE
        assert await counter(db) == 3 * RESERVE
        assert not set(range(big, big + RESERVE)) & set(every)
    finally:
        await db.close()
