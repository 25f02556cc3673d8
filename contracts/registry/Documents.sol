// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Conversions} from "./Conversions.sol";

/**
 * @title Documents
 * @dev Digests and IPFS CIDs of public, versioned documents: the qualification framework
 * (governors), outcome catalogs, conversion rule sets, programmes and issuer profiles
 * (accredited accounts). Anyone can fetch a document and check it against its digest.
 */
abstract contract Documents is Conversions {
    mapping(bytes32 key => mapping(uint32 version => Document)) private _documents;
    mapping(bytes32 key => uint32) private _latest;

    /**
     * @dev Publishes a new version of a document series.
     * @param kind The document kind; Framework only by a governor.
     * @param seriesId The series (e.g. hash of the document id).
     * @param version Strictly greater than the latest version of the series.
     * @param digest SHA-256 of the canonical document.
     * @param cid Its IPFS CID.
     * @param effectiveFrom When it takes effect.
     */
    function publishDocument(
        DocumentKind kind,
        bytes32 seriesId,
        uint32 version,
        bytes32 digest,
        string calldata cid,
        uint40 effectiveFrom
    ) external {
        if (!isGovernor(msg.sender)) {
            if (kind == DocumentKind.Framework) revert RegistryNotPublisher(msg.sender);
            Accreditation memory a = _current(msg.sender);
            if (
                a.status != AccreditationStatus.Active ||
                block.timestamp < a.validFrom ||
                block.timestamp > a.validUntil
            ) {
                revert RegistryNotPublisher(msg.sender);
            }
        }
        if (digest == bytes32(0)) revert RegistryEmptyDigest();
        bytes32 key = _key(msg.sender, kind, seriesId);
        uint32 latest = _latest[key];
        if (version <= latest) revert RegistryDocumentVersionNotNewer(seriesId, version, latest);
        _latest[key] = version;
        _documents[key][version] = Document(digest, effectiveFrom, uint40(block.timestamp), cid);
        emit DocumentPublished(msg.sender, kind, seriesId, version, digest, cid, effectiveFrom);
    }

    /// @dev One published version.
    /// @param publisher The publisher.
    /// @param kind The kind.
    /// @param seriesId The series.
    /// @param version The version.
    /// @return The document (empty digest if unknown).
    function document(
        address publisher,
        DocumentKind kind,
        bytes32 seriesId,
        uint32 version
    ) external view returns (Document memory) {
        return _documents[_key(publisher, kind, seriesId)][version];
    }

    /// @dev The newest version of a series (0 if none).
    /// @param publisher The publisher.
    /// @param kind The kind.
    /// @param seriesId The series.
    /// @return The version.
    function latestDocumentVersion(address publisher, DocumentKind kind, bytes32 seriesId) external view returns (uint32) {
        return _latest[_key(publisher, kind, seriesId)];
    }

    function _key(address publisher, DocumentKind kind, bytes32 seriesId) private pure returns (bytes32) {
        return keccak256(abi.encode(publisher, kind, seriesId));
    }
}
