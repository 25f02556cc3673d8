"""What the ledger says of governance right now: members, accreditations, proposals, in words."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from governance.chainreads import LogWindow, dry_run, event_args, view
from governance.errors import ProposalNotFoundError
from governance.rejections import Rejections
from governance.words import action_words, day, revert_words, scope_words, status_words
from node.chain import Accreditation, AccreditationStatus, Proposal, RegistryClient
from node.chain.reverts import RegistryProposalAlreadyApproved, RegistryProposalAlreadyRejected
from node.documents import QualificationFramework
from node.errors import ContractRevertError

__all__ = ["AccreditationView", "Board", "ProposalView"]


@dataclass(frozen=True)
class AccreditationView:
    """An account's latest accreditation entry, with its scope and window in words."""

    account: str
    status: str
    role: str
    scope: str
    fields: int
    outcome_types: int
    max_level: int
    can_convert: bool
    valid_from: str
    valid_until: str
    accreditor: str
    did_hash: str

    def to_json(self) -> dict[str, Any]:
        """The view as JSON."""
        return asdict(self)


@dataclass(frozen=True)
class ProposalView:
    """A proposal: what it does, who approved, who rejected, what is still needed."""

    id: int
    action: str
    words: str
    proposer: str
    state: str
    approvals: int
    quorum: int
    approved_by: list[str]
    waiting_for: list[str]
    rejected_by: dict[str, dict[str, Any]]
    expires: str
    needed: str
    warnings: list[str] = field(default_factory=list)

    @property
    def pending(self) -> bool:
        """Still gathering approvals."""
        return self.state == "pending"

    def to_json(self) -> dict[str, Any]:
        """The view as JSON."""
        return asdict(self)


class Board:
    """Reads for one member: its own address decides what "you" may still do."""

    def __init__(
        self,
        registry: RegistryClient,
        member: str,
        rejections: Rejections,
        framework: QualificationFramework | None = None,
        window: LogWindow | None = None,
    ) -> None:
        self.registry = registry
        self.member = member
        self.rejections = rejections
        self.framework = framework
        self.window = window or LogWindow()

    async def governors(self) -> list[str]:
        """The current governors, in the order they were added."""
        seen: list[str] = []
        for event in await event_args(self.registry, "GovernorAdded", self.window):
            if event["account"] not in seen:
                seen.append(event["account"])
        return [g for g in seen if await self.registry.is_governor(g)]

    async def accreditations(self) -> list[AccreditationView]:
        """Every account ever accredited, with its latest entry (history is never deleted)."""
        accounts: list[str] = []
        for event in await event_args(self.registry, "AccreditationRecorded", self.window):
            if event["account"] not in accounts:
                accounts.append(event["account"])
        return [
            self._accreditation(a, await self.registry.current_accreditation(a)) for a in accounts
        ]

    def _accreditation(self, account: str, entry: Accreditation) -> AccreditationView:
        accreditor = "governance" if entry.accreditor == self.registry.address else entry.accreditor
        return AccreditationView(
            account=account,
            status=status_words(entry.status),
            role="branch centre" if entry.is_branch else "certification centre",
            scope=scope_words(entry.scope, self.framework),
            fields=entry.scope.fields,
            outcome_types=entry.scope.outcome_types,
            max_level=entry.scope.max_level,
            can_convert=entry.scope.can_convert,
            valid_from=day(entry.valid_from),
            valid_until=day(entry.valid_until),
            accreditor=accreditor,
            did_hash="0x" + bytes(entry.did_hash).hex(),
        )

    async def proposal_count(self) -> int:
        """How many proposals were ever made (the newest id)."""
        return int(await view(self.registry, "proposalCount"))

    async def proposals(self, *, pending_only: bool = False) -> list[ProposalView]:
        """Proposals, newest first."""
        governors = await self.governors()
        quorum = await self.registry.quorum()
        found = []
        for proposal_id in range(await self.proposal_count(), 0, -1):
            shown = await self._proposal(proposal_id, governors, quorum)
            if shown.pending or not pending_only:
                found.append(shown)
        return found

    async def proposal(self, proposal_id: int) -> ProposalView:
        """One proposal, or ``ProposalNotFoundError``."""
        if not 1 <= proposal_id <= await self.proposal_count():
            raise ProposalNotFoundError(f"there is no proposal {proposal_id}")
        return await self._proposal(
            proposal_id, await self.governors(), await self.registry.quorum()
        )

    async def _proposal(self, proposal_id: int, governors: list[str], quorum: int) -> ProposalView:
        state: Proposal = await self.registry.proposal(proposal_id)
        calldata = bytes(await view(self.registry, "proposalAction", proposal_id))
        try:
            fn, decoded = self.registry.contract().decode_function_input(calldata)
            name, params = str(fn.fn_name), dict(decoded)
        except ValueError:  # any governor may propose bytes the registry has no function for
            name, params = "unknown", {"calldata": "0x" + calldata.hex()}
        approved = [
            g for g in governors if await view(self.registry, "hasApproved", proposal_id, g)
        ]
        reasons = self.rejections.of(proposal_id)  # the words stay with the member who said no
        rejected = {
            g: reasons.get(g, {})
            for g in governors
            if await self.registry.has_rejected(proposal_id, g)
        }
        waiting = [g for g in governors if g not in approved and g not in rejected]
        status, warnings = await self._state(proposal_id, state)
        missing = max(quorum - state.approvals, 0)
        if status == "pending":
            needed = f"needs {missing} more approval(s) from {', '.join(waiting) or 'nobody left'}"
            if len(waiting) < missing:
                warnings.append("too few governors are left to approve it: it will lapse")
        else:
            needed = (
                "nothing: "
                + {
                    "executed": "it was carried out",
                    "expired": "it lapsed; propose it again",
                    "stale": "the governors or the quorum changed; propose it again",
                    "defeated": "enough governors rejected it that it can never run",
                }[status]
            )
        return ProposalView(
            id=proposal_id,
            action=name,
            words=action_words(name, params, self.framework),
            proposer=state.proposer,
            state=status,
            approvals=state.approvals,
            quorum=quorum,
            approved_by=approved,
            waiting_for=waiting if status == "pending" else [],
            rejected_by=rejected,
            expires=day(state.expires_at),
            needed=needed,
            warnings=warnings,
        )

    async def _state(self, proposal_id: int, state: Proposal) -> tuple[str, list[str]]:
        """Executed, expired, stale or defeated (asking the registry as this member) or pending."""
        if state.executed:
            return "executed", []
        if int(time.time()) > state.expires_at:
            return "expired", []
        if not await self.registry.is_governor(self.member):
            return "pending", []
        refusal = await dry_run(self.registry, self.member, "approve", proposal_id)
        if refusal is None or isinstance(
            refusal, RegistryProposalAlreadyApproved | RegistryProposalAlreadyRejected
        ):
            return "pending", []
        if refusal.code == "PROPOSAL_STALE":
            return "stale", []
        if refusal.code == "PROPOSAL_DEFEATED":
            return "defeated", []
        if refusal.code == "PROPOSAL_EXPIRED":
            return "expired", []
        said = revert_words(refusal) if isinstance(refusal, ContractRevertError) else refusal.detail
        return "pending", [f"approving now would fail: {said}"]

    async def member_role(self) -> str:
        """``governor``, ``branch centre`` or ``none``: what this member's key may do."""
        if await self.registry.is_governor(self.member):
            return "governor"
        entry = await self.registry.current_accreditation(self.member)
        now = int(time.time())
        if (
            entry.is_branch
            and entry.status is AccreditationStatus.ACTIVE
            and entry.valid_from <= now <= entry.valid_until
        ):
            return "branch centre"
        return "none"
