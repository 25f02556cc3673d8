"""What the governance routes share: the member's key and ledger, operators, documents."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from eth_account.signers.local import LocalAccount

from governance.apikeys import OperatorKeys
from governance.chainreads import LogWindow
from governance.desk import Desk
from governance.framework import FrameworkSource
from governance.rejections import Rejections
from governance.settings import GovernanceSettings
from governance.validators import ValidatorVotes
from node.documents import IpfsClient, QualificationFramework
from node.errors import CreditBankError
from node.ledger import Ledger

__all__ = ["GovernanceContext", "log_window"]

logger = logging.getLogger(__name__)


@dataclass
class GovernanceContext:
    """Built by the app's lifespan (or a CLI command), closed at shutdown."""

    settings: GovernanceSettings
    ledger: Ledger
    account: LocalAccount
    operators: OperatorKeys
    rejections: Rejections
    ipfs: IpfsClient
    frameworks: FrameworkSource
    validators: ValidatorVotes

    async def framework(self) -> QualificationFramework | None:
        """The framework in force; without one (or without IPFS) scopes are shown by bit."""
        try:
            return await self.frameworks.in_force()
        except CreditBankError as exc:
            logger.warning("framework in force not readable: %s", exc.code)
            return None

    @property
    def log_window(self) -> LogWindow:
        """Event scans start at the registry's deployment block, in the configured steps."""
        return log_window(self.settings, self.ledger)

    async def desk(self) -> Desk:
        """The member's desk over the framework in force now."""
        framework = await self.framework()
        return Desk(self.ledger.registry, self.account, self.rejections, framework, self.log_window)

    async def close(self) -> None:
        """Release IPFS and the ledger."""
        await self.ipfs.aclose()
        await self.ledger.close()


def log_window(settings: GovernanceSettings, ledger: Ledger) -> LogWindow:
    """The registry's deployment block (0 when only its address is known) and the scan step."""
    return LogWindow(ledger.deployment.block_number, settings.log_block_step)
