// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {StatusLists} from "./StatusLists.sol";

/**
 * @title Conversions
 * @dev Records credit conversions ("exemption from study and examination"). A certified outcome
 * converts into a given programme of an institution once: the bank cannot pay out twice.
 * Revoking a source flags every conversion built on it.
 */
abstract contract Conversions is StatusLists {
    /// @dev Credits are fixed-point with this many decimals (150 = 1.50 credits).
    uint8 public constant CREDIT_DECIMALS = 2;
    /// @dev `statusIndex` of a source credential issued without a status list entry.
    uint256 public constant NO_STATUS_INDEX = type(uint256).max;

    /// @dev A source's bit in its issuer's lists, kept so a later revocation flags the record.
    struct StatusRef {
        address issuer;
        uint256 index;
    }

    mapping(bytes32 conversionId => Conversion) private _conversions;
    /// @dev keccak256(issuer account, outcome id) => keccak256(institution, programme id) => id.
    mapping(bytes32 outcomeKey => mapping(bytes32 programmeKey => bytes32 conversionId)) private _conversionOf;
    mapping(bytes32 issuerAndHash => bytes32[]) private _conversionsOfSource;
    mapping(bytes32 conversionId => StatusRef[]) private _statusRefs;

    /**
     * @dev Records a conversion by an institution accredited with the conversion right. Each
     * source is proved in its anchored batch, so its issuer's word on it (per hash, and its status
     * bit) is the one checked. The guard against converting twice is keyed by the outcome
     * (batch issuer account and outcome id) and the institution's own programme id, not by the
     * hash: another institution's programme ids are another namespace.
     * @param conversionId A fresh id.
     * @param learnerCommitment Salted hash of the learner; never an identity.
     * @param sources Source credentials with inclusion proofs; none revoked, suspended or already
     * converted into this programme.
     * @param programmeId The target programme, in the caller's namespace.
     * @param credits Credits granted, in hundredths.
     * @param ruleSetDigest Digest of the rule set applied.
     * @param evidenceDigest SHA-256 of the evidence the rules ran on (the verified presentation,
     * the engine's decision, the approving officer), kept off chain by the institution so that
     * an auditor given its export can check each entry and re-run the rules.
     */
    function recordConversion(
        bytes32 conversionId,
        bytes32 learnerCommitment,
        ConversionSource[] calldata sources,
        bytes32 programmeId,
        uint64 credits,
        bytes32 ruleSetDigest,
        bytes32 evidenceDigest
    ) external {
        if (!_converterNow(msg.sender)) revert RegistryNotConverter(msg.sender);
        if (conversionId == bytes32(0)) revert RegistryEmptyConversionId();
        if (sources.length == 0) revert RegistryNoSources();
        Conversion storage record = _conversions[conversionId];
        if (record.institution != address(0)) revert RegistryConversionExists(conversionId);
        bytes32 programmeKey = keccak256(abi.encode(msg.sender, programmeId));
        bytes32[] memory hashes = new bytes32[](sources.length);
        for (uint256 i = 0; i < sources.length; ++i) {
            hashes[i] = _takeSource(conversionId, sources[i], programmeId, programmeKey);
        }
        record.learnerCommitment = learnerCommitment;
        record.programmeId = programmeId;
        record.ruleSetDigest = ruleSetDigest;
        record.evidenceDigest = evidenceDigest;
        record.institution = msg.sender;
        record.credits = credits;
        record.recordedAt = uint40(block.timestamp);
        record.sources = hashes;
        emit ConversionRecorded(
            conversionId,
            msg.sender,
            programmeId,
            learnerCommitment,
            hashes,
            credits,
            ruleSetDigest,
            evidenceDigest
        );
    }

    /// @dev One conversion record (institution zero if unknown); `flagged` once a source is
    /// revoked, by its hash or by its status bit.
    /// @param conversionId The id.
    /// @return record The record.
    function conversion(bytes32 conversionId) external view returns (Conversion memory record) {
        record = _conversions[conversionId];
        StatusRef[] storage refs = _statusRefs[conversionId];
        for (uint256 i = 0; i < refs.length && !record.flagged; ++i) {
            record.flagged = indexStatus(refs[i].issuer, refs[i].index) == CredentialStatus.Revoked;
        }
    }

    /// @dev The conversion that used an outcome for an institution's programme, or zero.
    /// @param issuer The issuer account that anchored the source.
    /// @param outcomeId The source's outcome id (SHA-256 of its credential id).
    /// @param institution The converting institution.
    /// @param programmeId The institution's programme id.
    /// @return The conversion id.
    function conversionOf(
        address issuer,
        bytes32 outcomeId,
        address institution,
        bytes32 programmeId
    ) external view returns (bytes32) {
        return _conversionOf[_outcomeKey(issuer, outcomeId)][keccak256(abi.encode(institution, programmeId))];
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

    /// @dev Proves, checks and books one source; returns its hash.
    function _takeSource(
        bytes32 conversionId,
        ConversionSource calldata source,
        bytes32 programmeId,
        bytes32 programmeKey
    ) private returns (bytes32 hash) {
        hash = source.credentialHash;
        address issuer = _batchIssuer(source.root); // the source's batch must be anchored
        if (!verifyInclusion(source.root, hash, source.proof)) revert RegistryInvalidProof(source.root, hash);
        CredentialStatus status = credentialState(issuer, hash).status;
        if (source.statusIndex != NO_STATUS_INDEX && status == CredentialStatus.Active) {
            status = indexStatus(issuer, source.statusIndex);
            _statusRefs[conversionId].push(StatusRef(issuer, source.statusIndex));
        }
        if (status == CredentialStatus.Revoked) revert RegistrySourceRevoked(hash);
        if (status == CredentialStatus.Suspended) revert RegistrySourceSuspended(hash);
        mapping(bytes32 => bytes32) storage used = _conversionOf[_outcomeKey(issuer, source.outcomeId)];
        bytes32 existing = used[programmeKey];
        if (existing != bytes32(0)) revert RegistryAlreadyConverted(hash, programmeId, existing);
        used[programmeKey] = conversionId;
        _conversionsOfSource[_stateKey(issuer, hash)].push(conversionId);
    }

    function _outcomeKey(address issuer, bytes32 outcomeId) private pure returns (bytes32) {
        return keccak256(abi.encode(issuer, outcomeId));
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
