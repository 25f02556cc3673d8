"""One member's writes: every action is checked, and dry-run, before a transaction is sent.

Governors act through proposals (quorum); a branch centre accredits, suspends and withdraws
issuers itself, inside its own scope. Refusals come back in words, and a refused action never
reaches the chain.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from eth_account.signers.local import LocalAccount
from eth_utils.address import is_address, to_checksum_address

from governance.board import Board
from governance.chainreads import LogWindow, dry_run, view
from governance.errors import (
    NotGoverningError,
    ProposalClosedError,
    ProposalInputError,
    ScopeOutsideOwnError,
)
from governance.rejections import Rejections
from governance.words import action_words, day, revert_words, scope_words
from node.chain import AccreditationStatus, RegistryClient, Scope, did_hash
from node.documents import QualificationFramework
from node.errors import ContractRevertError

__all__ = ["Accreditation", "Desk", "Outcome", "StatusChange"]

logger = logging.getLogger(__name__)

StatusChange = Literal["suspend", "reinstate", "withdraw"]
_GOVERNANCE_FN = {
    "suspend": "suspendAccreditation",
    "reinstate": "reinstateAccreditation",
    "withdraw": "withdrawAccreditation",
}
_ALLOWED_FROM = {
    "suspend": {AccreditationStatus.ACTIVE},
    "reinstate": {AccreditationStatus.SUSPENDED},
    "withdraw": {AccreditationStatus.ACTIVE, AccreditationStatus.SUSPENDED},
}


@dataclass(frozen=True)
class Accreditation:
    """What a member asks for: who, which DID, what scope, which window, branch or issuer."""

    account: str
    did: str
    scope: Scope
    valid_from: int
    valid_until: int
    branch: bool = False


@dataclass(frozen=True)
class Outcome:
    """What a write did, in words: a proposal (and whether it ran) or a direct change."""

    words: str
    proposal_id: int | None = None
    executed: bool = False
    transaction: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The outcome as JSON."""
        return {
            "words": self.words,
            "proposal_id": self.proposal_id,
            "executed": self.executed,
            "transaction": self.transaction,
        }


@contextmanager
def in_words() -> Iterator[None]:
    """A refusal from the ledger leaves as the same error, its detail a sentence."""
    try:
        yield
    except ContractRevertError as exc:
        raise type(exc)(revert_words(exc), args=exc.revert_args) from exc


def _address(value: str, what: str) -> str:
    if not is_address(value) or int(value, 16) == 0:
        raise ProposalInputError(f"{what} {value!r} is not an Ethereum account address")
    return to_checksum_address(value)


class Desk:
    """A member's key, its board, and the checks that keep refused actions off the chain."""

    def __init__(
        self,
        registry: RegistryClient,
        account: LocalAccount,
        rejections: Rejections,
        framework: QualificationFramework | None = None,
        window: LogWindow | None = None,
    ) -> None:
        self.registry = registry
        self.account = account
        self.rejections = rejections
        self.framework = framework
        self.board = Board(registry, account.address, rejections, framework, window)

    # -- checks -----------------------------------------------------------------------------
    async def _require_governor(self, doing: str) -> None:
        if not await self.registry.is_governor(self.account.address):
            raise NotGoverningError(
                f"{self.account.address} is not a governor, so it cannot {doing}"
            )

    def _check_scope_known(self, scope: Scope) -> None:
        """Bits the framework in force does not define would accredit for nothing nameable."""
        if self.framework is None:
            return
        fields = sum(1 << f.id for f in self.framework.fields_of_study)
        types = sum(1 << t.id for t in self.framework.outcome_types)
        if scope.fields & ~fields or scope.outcome_types & ~types:
            raise ProposalInputError(
                f"the scope names fields or outcome types framework {self.framework.id} "
                f"v{self.framework.version} does not define"
            )
        if scope.max_level > len(self.framework.levels):
            raise ProposalInputError(
                f"level {scope.max_level} is above the framework's top level "
                f"{len(self.framework.levels)}"
            )

    async def _check_accreditation(self, request: Accreditation) -> str:
        account = _address(request.account, "account")
        if not request.did.startswith("did:"):
            raise ProposalInputError(f"{request.did!r} is not a DID")
        if request.valid_from > request.valid_until:
            raise ProposalInputError(
                f"the window starts {day(request.valid_from)}, after it ends "
                f"{day(request.valid_until)}"
            )
        if request.valid_until < int(time.time()):
            raise ProposalInputError(f"the window ended already ({day(request.valid_until)})")
        if request.scope.fields == 0 or request.scope.outcome_types == 0:
            raise ProposalInputError("a scope needs at least one field and one outcome type")
        self._check_scope_known(request.scope)
        owner = await self.registry.account_of_did(did_hash(request.did))
        if int(owner, 16) != 0 and owner != account:
            raise ProposalInputError(f"{request.did} is bound to another account, {owner}")
        return account

    async def _check_inside_branch(self, request: Accreditation) -> None:
        """The contract's branch rule, applied here so an overreach never reaches the chain."""
        own = await self.registry.current_accreditation(self.account.address)
        if request.branch:
            raise ScopeOutsideOwnError("a branch centre accredits issuers, not other branches")
        if not request.scope.inside(own.scope):
            raise ScopeOutsideOwnError(
                f"asked for {scope_words(request.scope, self.framework)}, but branch centre "
                f"{self.account.address} holds only {scope_words(own.scope, self.framework)}"
            )
        if request.valid_from < own.valid_from or request.valid_until > own.valid_until:
            raise ScopeOutsideOwnError(
                f"the window {day(request.valid_from)} to {day(request.valid_until)} is outside "
                f"the branch's own, {day(own.valid_from)} to {day(own.valid_until)}"
            )

    async def _refused(self, fn: str, *args: Any) -> None:
        """Dry-run ``fn`` as this member; the ledger's refusal is raised before anything is sent."""
        refusal = await dry_run(self.registry, self.account.address, fn, *args)
        if refusal is None:
            return
        if isinstance(refusal, ContractRevertError):
            raise type(refusal)(revert_words(refusal), args=refusal.revert_args)
        raise refusal

    # -- proposals --------------------------------------------------------------------------
    async def _propose(self, action: bytes) -> Outcome:
        fn, params = self.registry.contract().decode_function_input(action)
        words = action_words(str(fn.fn_name), dict(params), self.framework)
        await self._refused("propose", action)
        with in_words():
            proposal_id, executed = await self.registry.propose(self.account, action)
        logger.info("proposal %d by %s: %s", proposal_id, self.account.address, fn.fn_name)
        done = "carried out" if executed else "waiting for approvals"
        return Outcome(f"Proposal {proposal_id}: {words} ({done})", proposal_id, executed)

    async def propose_accreditation(self, request: Accreditation) -> Outcome:
        """A governor proposes; a branch centre accredits an issuer itself, inside its scope."""
        account = await self._check_accreditation(request)
        role = await self.board.member_role()
        if role == "governor":
            return await self._propose(
                self.registry.action_accredit(
                    account,
                    did_hash(request.did),
                    request.scope,
                    request.valid_from,
                    request.valid_until,
                    is_branch=request.branch,
                )  # fmt: skip
            )
        if role != "branch centre":
            raise NotGoverningError(
                f"{self.account.address} is neither a governor nor an active branch centre"
            )
        await self._check_inside_branch(request)
        args = (account, did_hash(request.did), request.scope.to_abi(), request.valid_from,
                request.valid_until)  # fmt: skip
        await self._refused("accreditByBranch", *args)
        with in_words():
            receipt = await self.registry.accredit_by_branch(
                self.account, account, did_hash(request.did), request.scope,
                request.valid_from, request.valid_until,
            )  # fmt: skip
        return Outcome(
            f"Branch centre {self.account.address} accredited {account} for "
            f"{scope_words(request.scope, self.framework)}",
            transaction="0x" + bytes(receipt["transactionHash"]).hex(),
        )

    async def change_status(self, account: str, change: StatusChange) -> Outcome:
        """Suspend, reinstate or withdraw: by proposal for a governor, directly for a branch."""
        if change not in _GOVERNANCE_FN:
            raise ProposalInputError(f"unknown change {change!r}")
        account = _address(account, "account")
        current = await self.registry.current_accreditation(account)
        if current.status not in _ALLOWED_FROM[change]:
            raise ProposalInputError(
                f"{account} is {current.status.name.lower()}: it cannot be {change}ed"
                if change != "withdraw"
                else f"{account} is {current.status.name.lower()}: there is nothing to withdraw"
            )
        role = await self.board.member_role()
        if role == "governor":
            return await self._propose(self.registry.encode_action(_GOVERNANCE_FN[change], account))
        if role != "branch centre":
            raise NotGoverningError(
                f"{self.account.address} is neither a governor nor an active branch centre"
            )
        await self._refused(f"{change}ByBranch", account)
        with in_words():
            receipt = await self.registry.branch_action(self.account, change, account)
        return Outcome(
            f"Branch centre {self.account.address}: {change} {account}",
            transaction="0x" + bytes(receipt["transactionHash"]).hex(),
        )

    async def add_governor(self, account: str) -> Outcome:
        """Propose a new governor."""
        await self._require_governor("propose a governor")
        account = _address(account, "governor")
        if await self.registry.is_governor(account):
            raise ProposalInputError(f"{account} is a governor already")
        return await self._propose(self.registry.encode_action("addGovernor", account))

    async def remove_governor(self, account: str) -> Outcome:
        """Propose removing a governor, if enough would remain for the quorum."""
        await self._require_governor("propose removing a governor")
        account = _address(account, "governor")
        if not await self.registry.is_governor(account):
            raise ProposalInputError(f"{account} is not a governor")
        count, quorum = await self.registry.governor_count(), await self.registry.quorum()
        if count - 1 < quorum:
            raise ProposalInputError(
                f"only {count - 1} governor(s) would remain for a quorum of {quorum}: "
                "lower the quorum first"
            )
        return await self._propose(self.registry.encode_action("removeGovernor", account))

    async def set_quorum(self, quorum: int) -> Outcome:
        """Propose a new quorum, between 1 and the number of governors."""
        await self._require_governor("propose a quorum")
        count = await self.registry.governor_count()
        if not 1 <= quorum <= count:
            raise ProposalInputError(f"a quorum must be between 1 and {count} (the governors)")
        return await self._propose(self.registry.encode_action("setQuorum", quorum))

    # -- decisions --------------------------------------------------------------------------
    async def _open(self, proposal_id: int, deciding: str) -> None:
        await self._require_governor(f"{deciding} a proposal")
        shown = await self.board.proposal(proposal_id)
        if not shown.pending:
            raise ProposalClosedError(f"proposal {proposal_id} is {shown.state}: {shown.needed}")
        if self.account.address in shown.approved_by:
            raise ProposalClosedError(f"{self.account.address} approved proposal {proposal_id}")
        if self.account.address in shown.rejected_by:
            raise ProposalClosedError(f"{self.account.address} rejected proposal {proposal_id}")

    async def approve(self, proposal_id: int) -> Outcome:
        """Approve; the approval that meets the quorum carries the action out."""
        await self._open(proposal_id, "approve")
        await self._refused("approve", proposal_id)
        with in_words():
            executed = await self.registry.approve(self.account, proposal_id)
        shown = await self.board.proposal(proposal_id)
        done = "carried out" if executed else shown.needed
        return Outcome(f"Approved proposal {proposal_id}: {shown.words} ({done})", proposal_id,
                       executed)  # fmt: skip

    async def reject(self, proposal_id: int, operator: str, reason: str) -> Outcome:
        """Reject on the ledger; the rejection that leaves too few governors defeats it for good.

        The reason stays with this member's desk, beside the proposal: only the "no" is on chain.
        """
        await self._open(proposal_id, "reject")
        if not reason.strip():
            raise ProposalInputError("say why the proposal is rejected")
        await self._refused("reject", proposal_id)
        with in_words():
            defeated = await self.registry.reject(self.account, proposal_id)
        self.rejections.record(proposal_id, self.account.address, operator, reason.strip())
        shown = await self.board.proposal(proposal_id)
        done = "defeated: it can never run" if defeated else shown.needed
        return Outcome(f"Rejected proposal {proposal_id}: {shown.words} ({done})", proposal_id)

    async def proposal_count(self) -> int:
        """The newest proposal id."""
        return int(await view(self.registry, "proposalCount"))
