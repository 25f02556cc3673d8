"""Small builders the integration tests share."""

from __future__ import annotations

import os
import time
import unicodedata

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_hash.auto import keccak

from node.chain import Scope
from node.ledger import GOVERNOR_KEY, Ledger, fund_dev_account
from node.types import Bytes32

#: Strings that break naive signing or canonicalization: control characters, DEL, line and
#: paragraph separators, an NFC/NFD pair, blank-node look-alikes, quotes and backslashes, an
#: IRI look-alike and a character beyond the BMP. Property tests draw from these.
TRICKY_STRINGS = [
    "\x00\x01\x08\t\n\x0b\x0c\r\x1f",
    "\x7f",
    "\u2028\u2029",
    unicodedata.normalize("NFC", "é Ångström"),
    unicodedata.normalize("NFD", "é Ångström"),
    "_:b0",
    "_:c14n0",
    '"quoted" \\back\\slash',
    "<http://not.an/iri>",
    "\U0001f393 emoji",
]

WIDE_SCOPE = Scope.of(fields=[1, 2, 3], outcome_types=[0, 1, 2], max_level=6, can_convert=True)


def random_hash() -> Bytes32:
    """A fresh 32-byte value."""
    return Bytes32(keccak(os.urandom(32)))


async def funded_account(ledger: Ledger) -> LocalAccount:
    """A new throwaway account with gas money."""
    account: LocalAccount = Account.create()
    await fund_dev_account(ledger.client, account.address)
    return account


async def accredited_issuer(
    ledger: Ledger,
    scope: Scope = WIDE_SCOPE,
    *,
    valid_from: int | None = None,
    valid_until: int | None = None,
    is_branch: bool = False,
) -> LocalAccount:
    """A funded account accredited by the governor (quorum 1 on the test chain)."""
    issuer = await funded_account(ledger)
    now = int(time.time())
    action = ledger.registry.action_accredit(
        issuer.address,
        random_hash(),
        scope,
        valid_from if valid_from is not None else now - 3600,
        valid_until if valid_until is not None else now + 365 * 86400,
        is_branch=is_branch,
    )
    await ledger.registry.govern([ledger.account(GOVERNOR_KEY)], action)
    return issuer


class ManualClock:
    """Time that moves only when the test says (``clock.now += 60``)."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
