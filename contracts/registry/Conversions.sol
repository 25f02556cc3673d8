// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StatusLists} from "./StatusLists.sol";

/**
 * @title Conversions
 * @dev Records credit conversions ("exemption from study and examination"). A source
 * credential converts into a given programme once: the bank cannot pay out twice. Revoking a
 * source flags every conversion built on it.
 */
abstract contract Conversions is StatusLists {
    /// @dev Credits are fixed-point with this many decimals (150 = 1.50 credits).
    uint8 public constant CREDIT_DECIMALS = 2;

    mapping(bytes32 conversionId => Conversion) private _conversions;
    mapping(bytes32 credentialHash => mapping(bytes32 programmeId => bytes32 conversionId)) private _conversionOf;
    mapping(bytes32 issuerAndHash => bytes32[]) private _conversionsOfSource;

    /**
     * @dev Records a conversion by an institution accredited with the conversion right.
     * @param conversionId A fresh id.
     * @param learnerCommitment Salted hash of the learner; never an identity.
     * @param sources Source credential hashes; none revoked, suspended or already converted here.
     * @param sourceRoots The anchored batch root of each source (from its receipt).
     * @param programmeId The target programme.
     * @param credits Credits granted, in hundredths.
     * @param ruleSetDigest Digest of the rule set applied.
     */
    function recordConversion(
        bytes32 conversionId,
        bytes32 learnerCommitment,
        bytes32[] calldata sources,
        bytes32[] calldata sourceRoots,
        bytes32 programmeId,
        uint64 credits,
        bytes32 ruleSetDigest
    ) external {
        if (!_converterNow(msg.sender)) revert RegistryNotConverter(msg.sender);
        if (conversionId == bytes32(0)) revert RegistryEmptyConversionId();
        if (sources.length == 0) revert RegistryNoSources();
        if (sources.length != sourceRoots.length) revert RegistryLengthMismatch();
        Conversion storage record = _conversions[conversionId];
        if (record.institution != address(0)) revert RegistryConversionExists(conversionId);
        for (uint256 i = 0; i < sources.length; ++i) {
            bytes32 source = sources[i];
            address issuer = _batchIssuer(sourceRoots[i]); // the source's batch must be anchored
            CredentialStatus status = credentialState(issuer, source).status;
            if (status == CredentialStatus.Revoked) revert RegistrySourceRevoked(source);
            if (status == CredentialStatus.Suspended) revert RegistrySourceSuspended(source);
            bytes32 existing = _conversionOf[source][programmeId];
            if (existing != bytes32(0)) revert RegistryAlreadyConverted(source, programmeId, existing);
            _conversionOf[source][programmeId] = conversionId;
            _conversionsOfSource[_stateKey(issuer, source)].push(conversionId);
        }
        record.learnerCommitment = learnerCommitment;
        record.programmeId = programmeId;
        record.ruleSetDigest = ruleSetDigest;
        record.institution = msg.sender;
        record.credits = credits;
        record.recordedAt = uint40(block.timestamp);
        record.sources = sources;
        emit ConversionRecorded(conversionId, msg.sender, programmeId, learnerCommitment, sources, credits, ruleSetDigest);
    }

    /// @dev One conversion record (institution zero if unknown).
    /// @param conversionId The id.
    /// @return The record.
    function conversion(bytes32 conversionId) external view returns (Conversion memory) {
        return _conversions[conversionId];
    }

    /// @dev The conversion that used a source for a programme, or zero.
    /// @param credentialHash The source.
    /// @param programmeId The programme.
    /// @return The conversion id.
    function conversionOf(bytes32 credentialHash, bytes32 programmeId) external view returns (bytes32) {
        return _conversionOf[credentialHash][programmeId];
    }

    /// @dev Every conversion built on a source anchored by an issuer.
    /// @param issuer The issuer account that anchored the source.
    /// @param credentialHash The source.
    /// @return The conversion ids.
    function conversionsOfSource(address issuer, bytes32 credentialHash) external view returns (bytes32[] memory) {
        return _conversionsOfSource[_stateKey(issuer, credentialHash)];
    }

    function _afterRevoked(address issuer, bytes32 credentialHash) internal override {
        bytes32[] storage ids = _conversionsOfSource[_stateKey(issuer, credentialHash)];
        for (uint256 i = 0; i < ids.length; ++i) {
            _conversions[ids[i]].flagged = true;
            emit ConversionFlagged(ids[i], credentialHash);
        }
    }

    function _converterNow(address account) private view returns (bool) {
        Accreditation memory a = _current(account);
        return
            a.status == AccreditationStatus.Active &&
            a.scope.canConvert &&
            a.validFrom <= block.timestamp &&
            block.timestamp <= a.validUntil;
    }
}
