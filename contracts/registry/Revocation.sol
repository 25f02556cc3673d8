// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Anchoring} from "./Anchoring.sol";

/**
 * @title Revocation
 * @dev Legacy per-hash status, for credentials issued without a status list index: the issuer
 * that anchored a credential revokes or suspends it, proving with a Merkle inclusion proof that
 * it belongs to one of its batches. Revocation is final; suspension can be lifted. Credentials
 * with an index are revoked through their bit instead (StatusLists), with no proof.
 */
abstract contract Revocation is Anchoring {
    /// @dev Keyed by (issuer account, credential hash): an issuer acts only on credentials of its
    /// own batches, and its word holds under every root it anchors the hash in, so re-anchoring a
    /// revoked credential never makes it active. Another account that anchors the same hash
    /// writes only its own states, and cannot pass for the issuer: one account per DID, and a
    /// verifier reads the state of the account the credential's DID is bound to.
    mapping(bytes32 issuerAndHash => CredentialState) private _states;

    /**
     * @dev Revokes one credential for good.
     * @param root Its batch root.
     * @param credentialHash The credential hash.
     * @param proof Its Merkle inclusion proof.
     * @param reason Reason code.
     */
    function revoke(bytes32 root, bytes32 credentialHash, bytes32[] calldata proof, uint8 reason) external {
        _checkIssuerAndProof(root, credentialHash, proof);
        _revoke(root, credentialHash, reason);
    }

    /**
     * @dev Revokes several credentials of one batch in one transaction.
     * @param root Their batch root.
     * @param credentialHashes The credential hashes.
     * @param proofs One inclusion proof per credential hash.
     * @param reason Reason code for all of them.
     */
    function revokeMany(
        bytes32 root,
        bytes32[] calldata credentialHashes,
        bytes32[][] calldata proofs,
        uint8 reason
    ) external {
        if (credentialHashes.length != proofs.length) revert RegistryLengthMismatch();
        for (uint256 i = 0; i < credentialHashes.length; ++i) {
            _checkIssuerAndProof(root, credentialHashes[i], proofs[i]);
            _revoke(root, credentialHashes[i], reason);
        }
    }

    /**
     * @dev Suspends one credential until the suspension is lifted.
     * @param root Its batch root.
     * @param credentialHash The credential hash.
     * @param proof Its Merkle inclusion proof.
     * @param reason Reason code.
     */
    function suspend(bytes32 root, bytes32 credentialHash, bytes32[] calldata proof, uint8 reason) external {
        _checkIssuerAndProof(root, credentialHash, proof);
        bytes32 key = _stateKey(msg.sender, credentialHash);
        CredentialState storage state = _states[key];
        if (state.status == CredentialStatus.Revoked) revert RegistryCredentialAlreadyRevoked(credentialHash);
        if (state.status == CredentialStatus.Suspended) revert RegistryCredentialAlreadySuspended(credentialHash);
        _states[key] = CredentialState(
            CredentialStatus.Suspended,
            reason,
            uint40(block.timestamp),
            msg.sender,
            root
        );
        emit CredentialSuspended(credentialHash, root, msg.sender, reason);
    }

    /**
     * @dev Lifts a suspension the caller imposed.
     * @param credentialHash The credential hash.
     */
    function liftSuspension(bytes32 credentialHash) external {
        CredentialState storage state = _states[_stateKey(msg.sender, credentialHash)];
        if (state.status != CredentialStatus.Suspended) revert RegistryCredentialNotSuspended(credentialHash);
        state.status = CredentialStatus.Active;
        state.changedAt = uint40(block.timestamp);
        emit CredentialSuspensionLifted(credentialHash, msg.sender);
    }

    /// @dev Active, suspended or revoked by an issuer, with reason, time and the batch used.
    /// @param issuer The issuer account (the anchoring account of the credential's batch).
    /// @param credentialHash The credential hash.
    /// @return The state (Active with zeros if never touched).
    function credentialState(address issuer, bytes32 credentialHash) public view returns (CredentialState memory) {
        return _states[_stateKey(issuer, credentialHash)];
    }

    /// @dev Whether a proof leads from a credential hash to a root.
    /// @param root The Merkle root.
    /// @param credentialHash The credential hash.
    /// @param proof The inclusion proof.
    /// @return True if it does.
    function verifyInclusion(bytes32 root, bytes32 credentialHash, bytes32[] calldata proof) public pure returns (bool) {
        return MerkleProof.verifyCalldata(proof, root, leafOf(credentialHash));
    }

    /// @dev Called after a credential is revoked; conversions built on it are flagged.
    function _afterRevoked(address issuer, bytes32 credentialHash) internal virtual;

    /// @dev The storage key of a credential's state kept by one issuer account.
    function _stateKey(address issuer, bytes32 credentialHash) internal pure returns (bytes32) {
        return keccak256(abi.encode(issuer, credentialHash));
    }

    function _checkIssuerAndProof(bytes32 root, bytes32 credentialHash, bytes32[] calldata proof) private view {
        if (_batchIssuer(root) != msg.sender) revert RegistryNotBatchIssuer(root, msg.sender);
        if (!verifyInclusion(root, credentialHash, proof)) revert RegistryInvalidProof(root, credentialHash);
    }

    function _revoke(bytes32 root, bytes32 credentialHash, uint8 reason) private {
        bytes32 key = _stateKey(msg.sender, credentialHash);
        if (_states[key].status == CredentialStatus.Revoked) {
            revert RegistryCredentialAlreadyRevoked(credentialHash);
        }
        _states[key] = CredentialState(
            CredentialStatus.Revoked,
            reason,
            uint40(block.timestamp),
            msg.sender,
            root
        );
        emit CredentialRevoked(credentialHash, root, msg.sender, reason);
        _afterRevoked(msg.sender, credentialHash);
    }
}
