"""The issuer's status list: an index per credential, and the list credential other verifiers read.

Each new credential carries a ``BitstringStatusListEntry`` (revocation) whose index is the bit
of this issuer account's lists on chain, so the signature and the Merkle leaf cover it. The
registry's bits are the source of truth, and our verifier reads them from the chain. Verifiers
outside the consortium (Digital Bazaar's, DCC's) read the same bits from the
``BitstringStatusListCredential`` this module builds from the chain and signs.

Indexes are handed out in order from a counter row per issuer account; a bulk import takes a
block of them in one transaction, so workers sharing the database never hand out one twice.
One list grows with the indexes handed out (by 131,072 bits, the minimum the specification
asks for group privacy), so a credential's ``statusListIndex`` is its on-chain index for life.
Suspension is reversible and the specification's ``revocation`` purpose is not, so only the
revocation list is named in credentials; the suspension list is served too, and our verifier
reads both from the chain.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError

from issuer.models import StatusListCounter
from node.chain import RegistryClient
from node.chain.status import WORD_BITS
from node.chain.types import StatusPurpose
from node.credentials import SigningKey, sign_credential
from node.errors import NotFoundError, StorageError
from node.storage import Database

__all__ = ["LIST_GRANULE", "StatusLists", "encode_bits"]

#: Bits a list grows by; the specification's minimum length, for group privacy.
LIST_GRANULE = 131_072
#: A list credential is rebuilt when the chain has moved on since it was built, at most this
#: often; and at least every ``REFRESH_SECONDS`` whatever the chain does.
MIN_REBUILD_SECONDS = 1.0
REFRESH_SECONDS = 60.0
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
PURPOSES = {"revocation": StatusPurpose.REVOCATION, "suspension": StatusPurpose.SUSPENSION}
#: Status list indexes a worker reserves from the shared counter at a time (``allocate``).
RESERVE = 256


def encode_bits(words: dict[int, int], length: int) -> str:
    """Multibase base64url (``u``) of the GZIP of the bitstring; index 0 is the first byte's MSB.

    ``words`` maps a word index to its on-chain value, in which bit ``i`` is index
    ``256 × word + i``.
    """
    data = bytearray(length // 8)
    for word_index, word in words.items():
        base = word_index * WORD_BITS
        while word:
            low = word & -word
            index = base + low.bit_length() - 1
            if index < length:
                data[index // 8] |= 0x80 >> (index % 8)
            word ^= low
    packed = gzip.compress(bytes(data), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


@dataclass
class _Served:
    credential: dict[str, Any]
    built_at: float
    block: int


class StatusLists:
    """Hands out indexes, and builds and signs the list credentials from the chain."""

    def __init__(
        self,
        db: Database,
        registry: RegistryClient,
        account: str,
        key: SigningKey,
        base_url: str,
        *,
        clock: Any = time.monotonic,
    ) -> None:
        self.db = db
        self.registry = registry
        self.account = account
        self.key = key
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self._served: dict[str, _Served] = {}
        self._building = asyncio.Lock()
        #: indexes this worker reserved and has not handed out yet: [next, end)
        self._reserve = (0, 0)
        self._reserving = asyncio.Lock()

    def list_url(self, purpose: str = "revocation") -> str:
        """Where the list credential of ``purpose`` is served."""
        return f"{self.base_url}/status/{purpose}"

    async def allocate(self, count: int) -> int:
        """The first of ``count`` consecutive fresh indexes, from this worker's reserve.

        The reserve is taken from the shared counter ``RESERVE`` indexes at a time (one commit
        for many credentials, where each ``POST /issuance`` batch paid an fsync). What a worker
        reserved and never handed out before it stopped is simply never used: a bit nobody
        holds, which costs only list length.
        """
        async with self._reserving:
            start, end = self._reserve
            if end - start < count:
                taken = max(count, RESERVE)
                start = await self._take(taken)
                end = start + taken
            self._reserve = (start + count, end)
            return start

    async def _take(self, count: int) -> int:
        """The first of ``count`` consecutive indexes from the counter all workers share."""
        for attempt in range(2):
            try:
                async with self.db.session() as session:
                    row = await session.get(StatusListCounter, self.account, with_for_update=True)
                    if row is None:
                        row = StatusListCounter(account=self.account, next_index=0)
                        session.add(row)
                    first = row.next_index
                    row.next_index = first + count
                return first
            except StorageError as exc:  # another worker made the row first: take it again
                if attempt or not isinstance(exc.__cause__, IntegrityError):
                    raise
        raise AssertionError("unreachable")

    async def allocated(self) -> int:
        """How many indexes the workers have taken (handed out or in a reserve)."""
        async with self.db.session() as session:
            row = await session.get(StatusListCounter, self.account)
        return row.next_index if row is not None else 0

    async def credential(self, purpose: str) -> dict[str, Any]:
        """The signed list credential of ``purpose``, rebuilt from the chain when stale."""
        if purpose not in PURPOSES:
            raise NotFoundError(f"no status list {purpose!r}; lists: {', '.join(PURPOSES)}")
        async with self._building:
            served = self._served.get(purpose)
            if served is None or await self._stale(served):
                served = await self._build(purpose)
                self._served[purpose] = served
        return served.credential

    async def _stale(self, served: _Served) -> bool:
        """Old, or built before the chain's newest block (a revocation may be in it)."""
        age = self.clock() - served.built_at
        if age >= REFRESH_SECONDS:
            return True
        return age >= MIN_REBUILD_SECONDS and await self._head() != served.block

    async def _head(self) -> int:
        return int(await self.registry.client.call(lambda w3: w3.eth.block_number))

    async def _build(self, purpose: str) -> _Served:
        block = await self._head()
        handed_out = await self.allocated()
        length = max(LIST_GRANULE, -(-handed_out // LIST_GRANULE) * LIST_GRANULE)
        word_count = -(-handed_out // WORD_BITS)
        values = await asyncio.gather(
            *(
                self.registry.status_word(self.account, PURPOSES[purpose], i)
                for i in range(word_count)
            )
        )
        words = {i: v for i, v in enumerate(values) if v}
        now = datetime.now(UTC).replace(microsecond=0)
        url = self.list_url(purpose)
        unsigned = {
            "@context": [VC_V2_CONTEXT],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": self.key.did,
            "validFrom": now.isoformat().replace("+00:00", "Z"),
            "validUntil": (now + timedelta(seconds=REFRESH_SECONDS * 10))
            .isoformat()
            .replace("+00:00", "Z"),
            "credentialSubject": {
                "id": f"{url}#list",
                "type": "BitstringStatusList",
                "statusPurpose": purpose,
                "encodedList": encode_bits(words, length),
            },
        }
        signed = await sign_credential(unsigned, self.key)
        return _Served(signed, self.clock(), block)
