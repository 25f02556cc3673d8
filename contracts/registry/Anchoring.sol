// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {Accreditation} from "./Accreditation.sol";

/**
 * @title Anchoring
 * @dev An accredited issuer anchors the Merkle root of a batch of credential hashes in one
 * transaction (Blockcerts-style batching), so the cost per credential falls as batches grow.
 */
abstract contract Anchoring is Accreditation {
    mapping(bytes32 root => Batch) private _batches;

    /**
     * @dev Anchors a batch while the caller is accredited for the batch's scope. The batch is
     * recorded under `boundRoot(treeRoot, msg.sender)`: the tree root paired with a leaf naming
     * the sender, one level above the tree. Whoever copies a pending tree root anchors another
     * root of its own, so a front-run can neither take over nor block the issuer's batch. A
     * credential's receipt carries the bound root and its path ends with the sender's leaf.
     * @param treeRoot The Merkle root (OpenZeppelin sorted-pair tree over leafOf(credentialHash)).
     * @param count How many credentials the batch holds.
     * @param scope The union of the credentials' fields, outcome types and levels.
     */
    function anchorBatch(bytes32 treeRoot, uint32 count, Scope calldata scope) external {
        if (count == 0) revert RegistryEmptyBatch();
        bytes32 root = boundRoot(treeRoot, msg.sender);
        if (_batches[root].issuer != address(0)) revert RegistryBatchAlreadyAnchored(root);
        if (!_inside(scope, _requireActive(msg.sender))) revert RegistryOutOfScope(msg.sender);
        _batches[root] = Batch(msg.sender, uint40(block.timestamp), uint48(block.number));
        emit BatchAnchored(root, msg.sender, count, scope, treeRoot);
    }

    /// @dev The root a tree is anchored under by an issuer: the tree root hashed (sorted pair)
    /// with the issuer's leaf, leafOf(bytes32(uint256(uint160(issuer)))).
    /// @param treeRoot The credentials' tree root.
    /// @param issuer The anchoring account.
    /// @return The bound root.
    function boundRoot(bytes32 treeRoot, address issuer) public pure returns (bytes32) {
        return Hashes.commutativeKeccak256(treeRoot, leafOf(bytes32(uint256(uint160(issuer)))));
    }

    /// @dev The tree's leaf node for a credential hash (OpenZeppelin StandardMerkleTree, bytes32).
    /// @param credentialHash The credential hash.
    /// @return The leaf node.
    function leafOf(bytes32 credentialHash) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(credentialHash))));
    }

    /// @dev Who anchored a root, when and in which block (issuer zero if unknown).
    /// @param root The bound root (as receipts carry it).
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
