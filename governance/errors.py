"""Refusals of the governance desk, each said in words before any transaction is sent.

CreditBankError
├── ForbiddenError
│   ├── NotGoverningError        the member's key is neither a governor nor a branch centre
│   └── ScopeOutsideOwnError     a branch centre asked for more than its own scope or window
├── InputError
│   └── ProposalInputError       an action that cannot work as asked (dates, quorum, status)
├── NotFoundError
│   └── ProposalNotFoundError    no proposal with this id
├── ConflictError
│   └── ProposalClosedError      executed, expired, stale, or decided by this member already
└── ChainError
└── ValidatorVoteError       the chain node did not take a validator vote
"""

from __future__ import annotations

from node.errors import ChainError, ConflictError, ForbiddenError, InputError, NotFoundError

__all__ = [
    "NotGoverningError",
    "ProposalClosedError",
    "ProposalInputError",
    "ProposalNotFoundError",
    "ScopeOutsideOwnError",
    "ValidatorVoteError",
]


class NotGoverningError(ForbiddenError):
    """This member's key may not do this on the ledger."""

    code = "NOT_GOVERNING"
    title = "This member may not do this"


class ScopeOutsideOwnError(ForbiddenError):
    """A branch centre may accredit only inside its own scope and validity window."""

    code = "SCOPE_OUTSIDE_OWN"
    title = "The scope is outside the proposer's own"


class ProposalInputError(InputError):
    """The action cannot work as asked."""

    code = "GOVERNANCE_INVALID_ACTION"
    title = "The governance action cannot work as asked"


class ProposalNotFoundError(NotFoundError):
    """No proposal has this id."""

    code = "PROPOSAL_NOT_FOUND"
    title = "No such proposal"


class ProposalClosedError(ConflictError):
    """The proposal no longer takes this member's decision."""

    code = "PROPOSAL_CLOSED"
    title = "The proposal is not open to this decision"


class ValidatorVoteError(ChainError):
    """The member's chain node did not take the validator vote."""

    code = "VALIDATOR_VOTE_FAILED"
    title = "The chain node did not take the validator vote"
