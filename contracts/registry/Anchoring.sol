// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Accreditation} from "./Accreditation.sol";

/**
 * @title Anchoring
 * @dev An accredited issuer anchors the Merkle root of a batch of credential hashes in one
 * transaction (Blockcerts-style batching), so the cost per credential falls as batches grow.
 */
abstract contract Anchoring is Accreditation {
    mapping(bytes32 root => Batch) private _batches;

    /**
     * @dev Anchors a batch while the caller is accredited for the batch's scope.
     * @param root The Merkle root (OpenZeppelin sorted-pair tree over leafOf(credentialHash)).
     * @param count How many credentials the batch holds.
     * @param scope The union of the credentials' fields, outcome types and levels.
     */
    function anchorBatch(bytes32 root, uint32 count, Scope calldata scope) external {
        if (count == 0) revert RegistryEmptyBatch();
        if (_batches[root].issuer != address(0)) revert RegistryBatchAlreadyAnchored(root);
        if (!_inside(scope, _requireActive(msg.sender))) revert RegistryOutOfScope(msg.sender);
        _batches[root] = Batch(msg.sender, uint40(block.timestamp), uint48(block.number));
        emit BatchAnchored(root, msg.sender, count, scope);
    }

    /// @dev Who anchored a root, when and in which block (issuer zero if unknown).
    /// @param root The Merkle root.
    /// @return The batch.
    function batch(bytes32 root) external view returns (Batch memory) {
        return _batches[root];
    }

    /// @dev The issuer of an anchored batch, reverting for an unknown root.
    function _batchIssuer(bytes32 root) internal view returns (address issuer) {
        issuer = _batches[root].issuer;
        if (issuer == address(0)) revert RegistryUnknownBatch(root);
    }
}
