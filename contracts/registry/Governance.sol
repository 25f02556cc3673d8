// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ICreditBankRegistry} from "../interfaces/ICreditBankRegistry.sol";

/**
 * @title Governance
 * @dev A set of governors acting by quorum: an action (calldata of a governance-only function of
 * this contract) runs once enough governors approved it. No single key rules the bank.
 */
abstract contract Governance is ICreditBankRegistry, AccessControl {
    /// @dev Role of the governors (credit-bank centre, regulator, industry bodies).
    bytes32 public constant GOVERNOR_ROLE = keccak256("GOVERNOR_ROLE");
    /// @dev How long a proposal gathers approvals before it lapses.
    uint40 public constant PROPOSAL_LIFETIME = 14 days;

    uint256 private _quorum;
    uint256 private _governorCount;
    uint256 private _proposalCount;
    uint256 private _governorEpoch;
    mapping(uint256 proposalId => uint256) private _proposalEpoch;
    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => bytes) private _actions;
    mapping(uint256 proposalId => mapping(address governor => bool)) private _approved;
    mapping(uint256 proposalId => mapping(address governor => bool)) private _rejected;
    mapping(uint256 proposalId => uint32) private _rejections;

    /// @dev Governance-only functions run only from an executed proposal.
    modifier onlyThroughProposal() {
        if (msg.sender != address(this)) revert RegistryOnlyThroughProposal(msg.sender);
        _;
    }

    /**
     * @dev Seats the first governors. Nobody holds the admin role, so roles change only here.
     * @param governors The first governors.
     * @param quorum_ Approvals an action needs (1 for a one-member development chain).
     */
    constructor(address[] memory governors, uint256 quorum_) {
        for (uint256 i = 0; i < governors.length; ++i) {
            _addGovernor(governors[i]);
        }
        _setQuorum(quorum_);
    }

    /**
     * @dev Proposes an action; the proposer's approval counts, and it runs at once if that
     * meets the quorum.
     * @param action ABI-encoded call of a governance-only function of this contract.
     * @return proposalId The new proposal's id (from 1).
     */
    function propose(bytes calldata action) external onlyRole(GOVERNOR_ROLE) returns (uint256 proposalId) {
        proposalId = ++_proposalCount;
        _proposals[proposalId] = Proposal(
            keccak256(action),
            msg.sender,
            0,
            false,
            uint40(block.timestamp) + PROPOSAL_LIFETIME
        );
        _actions[proposalId] = action;
        _proposalEpoch[proposalId] = _governorEpoch;
        emit ProposalCreated(proposalId, msg.sender, keccak256(action));
        _approve(proposalId);
    }

    /**
     * @dev Approves a proposal; the approval that meets the quorum runs the action.
     * @param proposalId The proposal.
     */
    function approve(uint256 proposalId) external onlyRole(GOVERNOR_ROLE) {
        _approve(proposalId);
    }

    /**
     * @dev Rejects a proposal: a governor's recorded "no". Once so many governors rejected it
     * that the rest can no longer reach the quorum, the proposal is defeated and can never run.
     * A governor decides once: an approval cannot become a rejection, nor the other way.
     * @param proposalId The proposal.
     */
    function reject(uint256 proposalId) external onlyRole(GOVERNOR_ROLE) {
        _open(proposalId);
        if (_approved[proposalId][msg.sender]) revert RegistryProposalAlreadyApproved(proposalId, msg.sender);
        if (_rejected[proposalId][msg.sender]) revert RegistryProposalAlreadyRejected(proposalId, msg.sender);
        _rejected[proposalId][msg.sender] = true;
        uint32 count = ++_rejections[proposalId];
        emit ProposalRejected(proposalId, msg.sender, count);
        if (_governorCount - count < _quorum) emit ProposalDefeated(proposalId);
    }

    /**
     * @dev Adds a governor.
     * @param account The new governor.
     */
    function addGovernor(address account) external onlyThroughProposal {
        _addGovernor(account);
    }

    /**
     * @dev Removes a governor; refused if fewer governors than the quorum would remain.
     * @param account The governor to remove.
     */
    function removeGovernor(address account) external onlyThroughProposal {
        if (!hasRole(GOVERNOR_ROLE, account)) revert RegistryNotAGovernor(account);
        if (_governorCount - 1 < _quorum) revert RegistryInvalidQuorum(_quorum, _governorCount - 1);
        _revokeRole(GOVERNOR_ROLE, account);
        --_governorCount;
        ++_governorEpoch;
        emit GovernorRemoved(account);
    }

    /**
     * @dev Changes the quorum; proposals still pending become stale.
     * @param quorum_ The new quorum, between 1 and the number of governors.
     */
    function setQuorum(uint256 quorum_) external onlyThroughProposal {
        _setQuorum(quorum_);
    }

    /**
     * @dev A governor may step down only while enough governors for the quorum remain.
     * @param role The role renounced.
     * @param callerConfirmation The caller, as a confirmation.
     */
    function renounceRole(bytes32 role, address callerConfirmation) public override {
        if (role == GOVERNOR_ROLE && hasRole(role, callerConfirmation)) {
            if (_governorCount - 1 < _quorum) revert RegistryInvalidQuorum(_quorum, _governorCount - 1);
            --_governorCount;
            ++_governorEpoch;
            emit GovernorRemoved(callerConfirmation);
        }
        super.renounceRole(role, callerConfirmation);
    }

    /// @dev Approvals a governance action needs.
    /// @return The quorum.
    function quorum() external view returns (uint256) {
        return _quorum;
    }

    /// @dev How many governors there are.
    /// @return The count.
    function governorCount() external view returns (uint256) {
        return _governorCount;
    }

    /// @dev Whether an account is a governor.
    /// @param account The account.
    /// @return True for a governor.
    function isGovernor(address account) public view returns (bool) {
        return hasRole(GOVERNOR_ROLE, account);
    }

    /// @dev How many proposals were made.
    /// @return The count (also the latest id).
    function proposalCount() external view returns (uint256) {
        return _proposalCount;
    }

    /// @dev One proposal's state.
    /// @param proposalId The proposal.
    /// @return The proposal.
    function proposal(uint256 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @dev One proposal's action calldata.
    /// @param proposalId The proposal.
    /// @return The calldata.
    function proposalAction(uint256 proposalId) external view returns (bytes memory) {
        return _actions[proposalId];
    }

    /// @dev Whether a governor approved a proposal.
    /// @param proposalId The proposal.
    /// @param governor The governor.
    /// @return True if approved.
    function hasApproved(uint256 proposalId, address governor) external view returns (bool) {
        return _approved[proposalId][governor];
    }

    /// @dev Whether a governor rejected a proposal.
    /// @param proposalId The proposal.
    /// @param governor The governor.
    /// @return True if rejected.
    function hasRejected(uint256 proposalId, address governor) external view returns (bool) {
        return _rejected[proposalId][governor];
    }

    /// @dev How many governors rejected a proposal.
    /// @param proposalId The proposal.
    /// @return The count.
    function rejections(uint256 proposalId) external view returns (uint32) {
        return _rejections[proposalId];
    }

    /// @dev A proposal that may still be decided: known, not run, not lapsed, not stale, not defeated.
    function _open(uint256 proposalId) private view returns (Proposal storage p) {
        if (proposalId == 0 || proposalId > _proposalCount) revert RegistryUnknownProposal(proposalId);
        p = _proposals[proposalId];
        if (p.executed) revert RegistryProposalAlreadyExecuted(proposalId);
        if (block.timestamp > p.expiresAt) revert RegistryProposalExpired(proposalId, p.expiresAt);
        if (_proposalEpoch[proposalId] != _governorEpoch) revert RegistryProposalStale(proposalId);
        if (_governorCount - _rejections[proposalId] < _quorum) revert RegistryProposalDefeated(proposalId);
    }

    function _approve(uint256 proposalId) private {
        Proposal storage p = _open(proposalId);
        if (_approved[proposalId][msg.sender]) revert RegistryProposalAlreadyApproved(proposalId, msg.sender);
        if (_rejected[proposalId][msg.sender]) revert RegistryProposalAlreadyRejected(proposalId, msg.sender);
        _approved[proposalId][msg.sender] = true;
        uint32 approvals = ++p.approvals;
        emit ProposalApproved(proposalId, msg.sender, approvals);
        if (approvals >= _quorum) {
            p.executed = true;
            (bool ok, bytes memory returned) = address(this).call(_actions[proposalId]);
            if (!ok) {
                assembly ("memory-safe") {
                    revert(add(returned, 0x20), mload(returned))
                }
            }
            emit ProposalExecuted(proposalId);
        }
    }

    function _addGovernor(address account) private {
        if (account == address(0)) revert RegistryZeroAddress();
        if (!_grantRole(GOVERNOR_ROLE, account)) revert RegistryGovernorExists(account);
        ++_governorCount;
        emit GovernorAdded(account);
    }

    function _setQuorum(uint256 quorum_) private {
        if (quorum_ == 0 || quorum_ > _governorCount) revert RegistryInvalidQuorum(quorum_, _governorCount);
        uint256 previous = _quorum;
        _quorum = quorum_;
        ++_governorEpoch; // approvals gathered under another quorum no longer count
        emit QuorumChanged(previous, quorum_);
    }
}
