// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Revocation} from "./Revocation.sol";

/**
 * @title StatusLists
 * @dev Every issuer account owns two bitstring status lists, revocation and suspension, kept as
 * 256-bit words keyed by (issuer account, word index). A credential's `BitstringStatusListEntry`
 * names its index; revoking or suspending sets that bit, alone or batched, with no Merkle proof,
 * since an account can only write its own lists. A verifier reads the bit of the account the
 * credential's DID is bound to, so the status holds whoever anchors the credential, under any
 * root. Revocation is final; suspension can be lifted. Reason codes travel in the events only.
 */
abstract contract StatusLists is Revocation {
    mapping(address issuer => mapping(uint256 wordIndex => uint256 bits)) private _revoked;
    mapping(address issuer => mapping(uint256 wordIndex => uint256 bits)) private _suspended;

    /**
     * @dev Revokes the credential at one index of the caller's list.
     * @param index The credential's status list index.
     * @param reason Reason code.
     */
    function revokeIndex(uint256 index, uint8 reason) external {
        uint256 wordIndex = index >> 8;
        uint256 mask = 1 << (index & 0xff);
        uint256 word = _revoked[msg.sender][wordIndex];
        if (word & mask != 0) revert RegistryIndexAlreadyRevoked(msg.sender, index);
        _revoked[msg.sender][wordIndex] = word | mask;
        emit IndexesRevoked(msg.sender, wordIndex, mask, reason);
    }

    /**
     * @dev Revokes many indexes of the caller's list in one transaction; all or nothing.
     * Sorted indexes are cheapest: each word is written once per run of indexes in it.
     * @param indexes Status list indexes, none revoked yet and none listed twice.
     * @param reason Reason code for all of them.
     */
    function revokeIndexes(uint256[] calldata indexes, uint8 reason) external {
        _apply(_revoked[msg.sender], StatusPurpose.Revocation, indexes, reason, true);
    }

    /**
     * @dev Suspends indexes of the caller's list until the suspension is lifted.
     * @param indexes Status list indexes, neither suspended nor revoked.
     * @param reason Reason code for all of them.
     */
    function suspendIndexes(uint256[] calldata indexes, uint8 reason) external {
        _apply(_suspended[msg.sender], StatusPurpose.Suspension, indexes, reason, true);
    }

    /**
     * @dev Lifts suspensions of the caller's list (a revoked index stays revoked).
     * @param indexes Suspended status list indexes.
     */
    function liftIndexSuspensions(uint256[] calldata indexes) external {
        _apply(_suspended[msg.sender], StatusPurpose.Suspension, indexes, 0, false);
    }

    /// @dev One word of an issuer's list: bit i is index 256 * wordIndex + i.
    /// @param issuer The issuer account.
    /// @param purpose Revocation or suspension.
    /// @param wordIndex The word (index / 256).
    /// @return The bits.
    function statusWord(address issuer, StatusPurpose purpose, uint256 wordIndex) external view returns (uint256) {
        return (purpose == StatusPurpose.Revocation ? _revoked : _suspended)[issuer][wordIndex];
    }

    /// @dev What an issuer's lists say of one index: revoked wins over suspended.
    /// @param issuer The issuer account.
    /// @param index The status list index.
    /// @return Active, Suspended or Revoked.
    function indexStatus(address issuer, uint256 index) public view returns (CredentialStatus) {
        uint256 mask = 1 << (index & 0xff);
        if (_revoked[issuer][index >> 8] & mask != 0) return CredentialStatus.Revoked;
        if (_suspended[issuer][index >> 8] & mask != 0) return CredentialStatus.Suspended;
        return CredentialStatus.Active;
    }

    /// @dev Sets (or clears) the bits of `indexes`, one storage write per run of indexes in the
    /// same word.
    function _apply(
        mapping(uint256 => uint256) storage words,
        StatusPurpose purpose,
        uint256[] calldata indexes,
        uint8 reason,
        bool set
    ) private {
        uint256 n = indexes.length;
        if (n == 0) revert RegistryNoIndexes();
        uint256 wordIndex = indexes[0] >> 8;
        uint256 mask = 0;
        for (uint256 i = 0; i < n; ++i) {
            uint256 index = indexes[i];
            if (index >> 8 != wordIndex) {
                _flush(words, purpose, wordIndex, mask, reason, set);
                wordIndex = index >> 8;
                mask = 0;
            }
            uint256 bit = 1 << (index & 0xff);
            if (mask & bit != 0) revert RegistryIndexListedTwice(index);
            mask |= bit;
        }
        _flush(words, purpose, wordIndex, mask, reason, set);
    }

    function _flush(
        mapping(uint256 => uint256) storage words,
        StatusPurpose purpose,
        uint256 wordIndex,
        uint256 mask,
        uint8 reason,
        bool set
    ) private {
        uint256 word = words[wordIndex];
        if (!set) {
            uint256 missing = mask & ~word;
            if (missing != 0) revert RegistryIndexNotSuspended(msg.sender, _first(wordIndex, missing));
            words[wordIndex] = word & ~mask;
            emit IndexSuspensionsLifted(msg.sender, wordIndex, mask);
            return;
        }
        if (purpose == StatusPurpose.Suspension) {
            uint256 revoked = _revoked[msg.sender][wordIndex] & mask;
            if (revoked != 0) revert RegistryIndexAlreadyRevoked(msg.sender, _first(wordIndex, revoked));
            if (word & mask != 0) revert RegistryIndexAlreadySuspended(msg.sender, _first(wordIndex, word & mask));
        } else if (word & mask != 0) {
            revert RegistryIndexAlreadyRevoked(msg.sender, _first(wordIndex, word & mask));
        }
        words[wordIndex] = word | mask;
        if (purpose == StatusPurpose.Revocation) emit IndexesRevoked(msg.sender, wordIndex, mask, reason);
        else emit IndexesSuspended(msg.sender, wordIndex, mask, reason);
    }

    /// @dev The lowest index whose bit is set in `bits` of a word (for error reports only).
    function _first(uint256 wordIndex, uint256 bits) private pure returns (uint256 index) {
        index = wordIndex << 8;
        while (bits & 1 == 0) {
            bits >>= 1;
            ++index;
        }
    }
}
