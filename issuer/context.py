"""Everything the issuer's routes use, built once at start-up and closed at shutdown."""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from eth_account.signers.local import LocalAccount

from issuer.anchoring import Anchorer
from issuer.settings import IssuerSettings
from issuer.status_list import StatusLists
from node.chain import Accreditation, Scope
from node.credentials import IssuerProfile, SigningKey
from node.documents import OutcomeCatalog, QualificationFramework
from node.errors import ChainUnavailableError
from node.ledger import Ledger
from node.tokens import TokenStore

if TYPE_CHECKING:
    from issuer.direct import DirectIssue, Offered
    from issuer.signpool import SigningPool
    from node.coalesce import Coalescer
    from node.errors import CreditBankError

__all__ = ["IssuerContext", "PublishedRefs"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PublishedRefs:
    """Where the framework and catalog this issuer certifies against are published."""

    framework_uri: str
    catalog_uri: str


@dataclass
class IssuerContext:
    """The issuer's keys, documents, ledger and background anchoring."""

    settings: IssuerSettings
    ledger: Ledger
    account: LocalAccount
    key: SigningKey
    profile: IssuerProfile
    framework: QualificationFramework
    catalog: OutcomeCatalog
    refs: PublishedRefs
    anchorer: Anchorer
    signing_slots: asyncio.Semaphore
    #: challenges, offer codes and nonces: shared by every worker through the database
    tokens: TokenStore
    #: status list indexes and the list credentials built from the chain
    status_lists: StatusLists
    _accreditation: tuple[float, Accreditation] | None = field(default=None, repr=False)
    #: direct issuances (``POST /issuance``) committed in groups; set by ``open_context``
    direct: Coalescer[DirectIssue, Offered | CreditBankError] = field(init=False, repr=False)
    #: the bulk-import signing pool, started by the first large import (``issuer.signpool``)
    signing_pool: SigningPool | None = field(default=None, init=False, repr=False)

    async def accreditation(self) -> Accreditation:
        """The issuer's current accreditation, cached briefly (the chain is the authority).

        While no chain node answers, the last one read stands: issuance goes on and its
        credentials wait for anchoring, where the registry checks the accreditation again.
        """
        now = time.monotonic()
        ttl = self.settings.accreditation_cache_seconds
        if self._accreditation is None or now - self._accreditation[0] >= ttl:
            try:
                current = await self.ledger.registry.current_accreditation(self.account.address)
            except ChainUnavailableError:
                if self._accreditation is None:
                    raise
                logger.warning("chain unavailable: issuing under the accreditation last read")
                current = self._accreditation[1]  # asked again after ``ttl``, not every row
            self._accreditation = (now, current)
        return self._accreditation[1]

    async def covers(self, scope: Scope) -> bool:
        """Whether the issuer is accredited, now, for ``scope``."""
        return (await self.accreditation()).covers(scope, int(time.time()))
