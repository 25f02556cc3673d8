// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Governance} from "./Governance.sol";

/**
 * @title Accreditation
 * @dev Append-only accreditation history per account: "was this account accredited for this
 * scope at time T" has an answer for any past T. Governors accredit by quorum; branch centres
 * accredit issuers inside their own scope and validity window.
 */
abstract contract Accreditation is Governance {
    /// @dev Storage form of an entry, packed so the anchoring hot path reads two slots.
    struct Entry {
        bytes32 didHash; // slot 0
        uint256 fields; // slot 1
        uint32 outcomeTypes; // slot 2 ...
        uint8 maxLevel;
        bool canConvert;
        uint40 validFrom;
        uint40 validUntil;
        uint40 recordedAt;
        AccreditationStatus status;
        bool isBranch; // ... slot 2
        address accreditor; // slot 3
    }

    mapping(address account => Entry[]) private _history;
    /// @dev The one account a DID hash is bound to, from its first accreditation on: a verifier
    /// that finds the DID on chain finds exactly one account, and one history.
    mapping(bytes32 didHash => address account) private _accountOfDid;

    /**
     * @dev Accredits an issuer or a branch centre (governance only).
     * @param account The account.
     * @param didHash Hash of its DID.
     * @param scope What it may certify.
     * @param validFrom Start of validity.
     * @param validUntil End of validity.
     * @param isBranch Whether it is a branch centre that may accredit issuers.
     */
    function accredit(
        address account,
        bytes32 didHash,
        Scope calldata scope,
        uint40 validFrom,
        uint40 validUntil,
        bool isBranch
    ) external onlyThroughProposal {
        _accredit(account, didHash, scope, validFrom, validUntil, isBranch, address(this));
    }

    /// @dev Suspends an accreditation (governance only).
    /// @param account The accredited account.
    function suspendAccreditation(address account) external onlyThroughProposal {
        _changeStatus(account, AccreditationStatus.Suspended);
    }

    /// @dev Lifts a suspension (governance only).
    /// @param account The accredited account.
    function reinstateAccreditation(address account) external onlyThroughProposal {
        _changeStatus(account, AccreditationStatus.Active);
    }

    /// @dev Withdraws an accreditation for good (governance only).
    /// @param account The accredited account.
    function withdrawAccreditation(address account) external onlyThroughProposal {
        _changeStatus(account, AccreditationStatus.Withdrawn);
    }

    /**
     * @dev A branch centre accredits an issuer inside its own scope and validity window: a new
     * account, one it accredited itself, or one a branch withdrew. An account whose last entry
     * is a withdrawal by governance needs governance to be accredited again.
     * @param issuer The issuer account.
     * @param didHash Hash of the issuer's DID.
     * @param scope What it may certify; inside the branch's scope.
     * @param validFrom Start of validity; not before the branch's.
     * @param validUntil End of validity; not after the branch's.
     */
    function accreditByBranch(
        address issuer,
        bytes32 didHash,
        Scope calldata scope,
        uint40 validFrom,
        uint40 validUntil
    ) external {
        Entry storage branch = _activeBranch(msg.sender);
        if (
            !_inside(scope, branch) || validFrom < branch.validFrom || validUntil > branch.validUntil
        ) revert RegistryScopeExceedsBranch(msg.sender);
        Entry[] storage history = _history[issuer];
        if (history.length > 0) {
            Entry storage last = history[history.length - 1];
            if (last.status == AccreditationStatus.Withdrawn) {
                // governance's withdrawal is undone only by governance
                if (last.accreditor == address(this)) revert RegistryWithdrawnByGovernance(issuer);
            } else if (last.accreditor != msg.sender) {
                revert RegistryNotAccreditor(issuer, msg.sender);
            }
        }
        _accredit(issuer, didHash, scope, validFrom, validUntil, false, msg.sender);
    }

    /// @dev A branch centre suspends an issuer it accredited.
    /// @param issuer The issuer.
    function suspendByBranch(address issuer) external {
        _branchChange(issuer, AccreditationStatus.Suspended);
    }

    /// @dev A branch centre lifts a suspension it may lift.
    /// @param issuer The issuer.
    function reinstateByBranch(address issuer) external {
        _branchChange(issuer, AccreditationStatus.Active);
    }

    /// @dev A branch centre withdraws an issuer it accredited.
    /// @param issuer The issuer.
    function withdrawByBranch(address issuer) external {
        _branchChange(issuer, AccreditationStatus.Withdrawn);
    }

    /// @dev The account a DID hash is bound to (zero if never accredited).
    /// @param didHash Hash of the DID.
    /// @return The account.
    function accountOfDid(bytes32 didHash) external view returns (address) {
        return _accountOfDid[didHash];
    }

    /// @dev How many history entries an account has.
    /// @param account The account.
    /// @return The count.
    function accreditationCount(address account) external view returns (uint256) {
        return _history[account].length;
    }

    /// @dev One entry of an account's history.
    /// @param account The account.
    /// @param index The entry, oldest first.
    /// @return The entry.
    function accreditationEntry(address account, uint256 index) external view returns (Accreditation memory) {
        return _toView(_history[account][index]);
    }

    /// @dev The latest entry (status None and zeros if the account was never accredited).
    /// @param account The account.
    /// @return The entry.
    function currentAccreditation(address account) external view returns (Accreditation memory) {
        return _current(account);
    }

    /// @dev The entry in force at a moment: the last one recorded at or before it.
    /// @param account The account.
    /// @param timestamp The moment.
    /// @return The entry (status None if there was none yet).
    function accreditationAt(address account, uint40 timestamp) public view returns (Accreditation memory) {
        Entry[] storage history = _history[account];
        uint256 low = 0;
        uint256 high = history.length;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (history[mid].recordedAt <= timestamp) low = mid + 1;
            else high = mid;
        }
        Accreditation memory none;
        return low == 0 ? none : _toView(history[low - 1]);
    }

    /// @dev Whether an account was accredited for a scope at a moment.
    /// @param account The account.
    /// @param required The scope asked about.
    /// @param timestamp The moment.
    /// @return True if the entry then in force was active, valid and wide enough.
    function isAccreditedAt(address account, Scope calldata required, uint40 timestamp) external view returns (bool) {
        Accreditation memory a = accreditationAt(account, timestamp);
        return
            a.status == AccreditationStatus.Active &&
            a.validFrom <= timestamp &&
            timestamp <= a.validUntil &&
            (required.fields & ~a.scope.fields) == 0 &&
            (required.outcomeTypes & ~a.scope.outcomeTypes) == 0 &&
            required.maxLevel <= a.scope.maxLevel &&
            (!required.canConvert || a.scope.canConvert);
    }

    /// @dev The caller's entry if it is active and valid now, else the matching custom error.
    function _requireActive(address account) internal view returns (Entry storage entry) {
        Entry[] storage history = _history[account];
        if (history.length == 0) revert RegistryNotAccredited(account);
        entry = history[history.length - 1];
        AccreditationStatus status = entry.status;
        if (status == AccreditationStatus.Suspended) revert RegistryAccreditationSuspended(account);
        if (status != AccreditationStatus.Active) revert RegistryNotAccredited(account);
        if (block.timestamp < entry.validFrom) revert RegistryAccreditationNotYetValid(account, entry.validFrom);
        if (block.timestamp > entry.validUntil) revert RegistryAccreditationExpired(account, entry.validUntil);
    }

    /// @dev The latest entry as a view (status None if never accredited).
    function _current(address account) internal view returns (Accreditation memory) {
        Entry[] storage history = _history[account];
        Accreditation memory none;
        return history.length == 0 ? none : _toView(history[history.length - 1]);
    }

    /// @dev Whether a scope lies inside an entry's scope.
    function _inside(Scope calldata scope, Entry storage entry) internal view returns (bool) {
        return
            (scope.fields & ~entry.fields) == 0 &&
            (scope.outcomeTypes & ~entry.outcomeTypes) == 0 &&
            scope.maxLevel <= entry.maxLevel &&
            (!scope.canConvert || entry.canConvert);
    }

    function _activeBranch(address account) private view returns (Entry storage entry) {
        Entry[] storage history = _history[account];
        if (history.length == 0) revert RegistryNotBranch(account);
        entry = history[history.length - 1];
        if (
            !entry.isBranch ||
            entry.status != AccreditationStatus.Active ||
            block.timestamp < entry.validFrom ||
            block.timestamp > entry.validUntil
        ) revert RegistryNotBranch(account);
    }

    function _branchChange(address issuer, AccreditationStatus status) private {
        _activeBranch(msg.sender);
        Entry[] storage history = _history[issuer];
        if (history.length == 0 || history[history.length - 1].accreditor != msg.sender) {
            revert RegistryNotAccreditor(issuer, msg.sender);
        }
        _changeStatus(issuer, status);
    }

    function _accredit(
        address account,
        bytes32 didHash,
        Scope calldata scope,
        uint40 validFrom,
        uint40 validUntil,
        bool isBranch,
        address accreditor
    ) private {
        if (account == address(0)) revert RegistryZeroAddress();
        if (validFrom > validUntil) revert RegistryInvalidValidity(validFrom, validUntil);
        address owner = _accountOfDid[didHash];
        if (owner == address(0)) _accountOfDid[didHash] = account;
        else if (owner != account) revert RegistryDidTaken(didHash, owner);
        _history[account].push(
            Entry({
                didHash: didHash,
                fields: scope.fields,
                outcomeTypes: scope.outcomeTypes,
                maxLevel: scope.maxLevel,
                canConvert: scope.canConvert,
                validFrom: validFrom,
                validUntil: validUntil,
                recordedAt: uint40(block.timestamp),
                status: AccreditationStatus.Active,
                isBranch: isBranch,
                accreditor: accreditor
            })
        );
        _emitRecorded(account);
    }

    function _changeStatus(address account, AccreditationStatus status) private {
        Entry[] storage history = _history[account];
        AccreditationStatus current = history.length == 0
            ? AccreditationStatus.None
            : history[history.length - 1].status;
        bool allowed = (status == AccreditationStatus.Suspended && current == AccreditationStatus.Active) ||
            (status == AccreditationStatus.Active && current == AccreditationStatus.Suspended) ||
            (status == AccreditationStatus.Withdrawn &&
                (current == AccreditationStatus.Active || current == AccreditationStatus.Suspended));
        if (!allowed) revert RegistryInvalidStatusChange(account, current);
        Entry memory next = history[history.length - 1];
        next.status = status;
        next.recordedAt = uint40(block.timestamp);
        if (msg.sender == address(this)) next.accreditor = address(this); // governance takes over
        history.push(next);
        _emitRecorded(account);
    }

    function _emitRecorded(address account) private {
        Entry[] storage history = _history[account];
        Entry storage e = history[history.length - 1];
        emit AccreditationRecorded(
            account,
            e.accreditor,
            history.length - 1,
            e.status,
            e.didHash,
            e.isBranch,
            e.validFrom,
            e.validUntil,
            Scope(e.fields, e.outcomeTypes, e.maxLevel, e.canConvert)
        );
    }

    function _toView(Entry storage e) private view returns (Accreditation memory) {
        return
            Accreditation({
                didHash: e.didHash,
                scope: Scope(e.fields, e.outcomeTypes, e.maxLevel, e.canConvert),
                validFrom: e.validFrom,
                validUntil: e.validUntil,
                recordedAt: e.recordedAt,
                status: e.status,
                isBranch: e.isBranch,
                accreditor: e.accreditor
            });
    }
}
