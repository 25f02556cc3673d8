// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * @title ICreditBankRegistry
 * @dev Types, custom errors and events of the credit bank's ledger: governance, accreditation,
 * batch anchors, revocation, conversion records and public documents. No personal data:
 * only hashes, commitments, accounts, scopes and counts.
 */
interface ICreditBankRegistry {
    /**
     * @dev What an accreditation covers. `fields` and `outcomeTypes` are bitmasks (bit i = id i
     * in the published qualification framework), `maxLevel` is the highest framework level and
     * `canConvert` the right to record credit conversions.
     */
    struct Scope {
        uint256 fields;
        uint32 outcomeTypes;
        uint8 maxLevel;
        bool canConvert;
    }

    /// @dev Where an accreditation entry stands. Withdrawn is final until a new accreditation.
    enum AccreditationStatus {
        None,
        Active,
        Suspended,
        Withdrawn
    }

    /// @dev One entry of an account's append-only accreditation history.
    struct Accreditation {
        bytes32 didHash;
        Scope scope;
        uint40 validFrom;
        uint40 validUntil;
        uint40 recordedAt;
        AccreditationStatus status;
        bool isBranch;
        address accreditor;
    }

    /// @dev A governance action waiting for, or past, its quorum; approvals count until
    /// `expiresAt` (inclusive) and only while the governors and the quorum stay as they were.
    struct Proposal {
        bytes32 actionHash;
        address proposer;
        uint32 approvals;
        bool executed;
        uint40 expiresAt;
    }

    /// @dev An anchored Merkle root; one storage slot.
    struct Batch {
        address issuer;
        uint40 anchoredAt;
        uint48 blockNumber;
    }

    /// @dev The ledger's word on one credential hash.
    enum CredentialStatus {
        Active,
        Suspended,
        Revoked
    }

    /// @dev The two bitstring status lists each issuer account owns.
    enum StatusPurpose {
        Revocation,
        Suspension
    }

    /// @dev Revocation or suspension of one credential hash.
    struct CredentialState {
        CredentialStatus status;
        uint8 reason;
        uint40 changedAt;
        address issuer;
        bytes32 root;
    }

    /// @dev A recorded credit conversion; `credits` in hundredths (CREDIT_DECIMALS = 2).
    /// `evidenceDigest` is SHA-256 of the evidence kept off chain by the institution.
    struct Conversion {
        bytes32 learnerCommitment;
        bytes32 programmeId;
        bytes32 ruleSetDigest;
        bytes32 evidenceDigest;
        address institution;
        uint64 credits;
        uint40 recordedAt;
        bool flagged;
        bytes32[] sources;
    }

    /**
     * @dev One source credential of a conversion, as the institution proves it.
     * `outcomeId` names the certified outcome, not the hash: SHA-256 of the credential's `id`,
     * so re-signing or re-anchoring the same credential cannot convert it twice. `statusIndex`
     * is its status list index, or NO_STATUS_INDEX for a credential issued without one.
     */
    struct ConversionSource {
        bytes32 root;
        bytes32 credentialHash;
        bytes32 outcomeId;
        uint256 statusIndex;
        bytes32[] proof;
    }

    /// @dev Kinds of public, versioned documents anchored by digest.
    enum DocumentKind {
        Framework,
        Catalog,
        RuleSet,
        Programme,
        IssuerProfile
    }

    /// @dev One published version of a document.
    struct Document {
        bytes32 digest;
        uint40 effectiveFrom;
        uint40 publishedAt;
        string cid;
    }

    // ---------------------------------------------------------------- governance errors
    /// @dev The quorum must be between 1 and the number of governors.
    /// @param quorum The quorum asked for.
    /// @param governorCount The number of governors it would apply to.
    error RegistryInvalidQuorum(uint256 quorum, uint256 governorCount);
    /// @dev No proposal has this id.
    /// @param proposalId The unknown id.
    error RegistryUnknownProposal(uint256 proposalId);
    /// @dev This governor approved the proposal already.
    /// @param proposalId The proposal.
    /// @param governor The governor approving twice.
    error RegistryProposalAlreadyApproved(uint256 proposalId, address governor);
    /// @dev This governor rejected the proposal already; a governor decides once.
    /// @param proposalId The proposal.
    /// @param governor The governor deciding again.
    error RegistryProposalAlreadyRejected(uint256 proposalId, address governor);
    /// @dev So many governors rejected the proposal that the quorum can no longer be reached.
    /// @param proposalId The proposal.
    error RegistryProposalDefeated(uint256 proposalId);
    /// @dev The governors or the quorum changed since the proposal was made; its approvals no
    /// longer count.
    /// @param proposalId The proposal.
    error RegistryProposalStale(uint256 proposalId);
    /// @dev The proposal was not carried out in time; propose it again.
    /// @param proposalId The proposal.
    /// @param expiredAt Its last second.
    error RegistryProposalExpired(uint256 proposalId, uint40 expiredAt);
    /// @dev The proposal was carried out already.
    /// @param proposalId The proposal.
    error RegistryProposalAlreadyExecuted(uint256 proposalId);
    /// @dev A governance-only function was called directly instead of through a proposal.
    /// @param caller The direct caller.
    error RegistryOnlyThroughProposal(address caller);
    /// @dev The account is a governor already.
    /// @param account The account.
    error RegistryGovernorExists(address account);
    /// @dev The account is not a governor.
    /// @param account The account.
    error RegistryNotAGovernor(address account);
    /// @dev validFrom must not be after validUntil.
    /// @param validFrom Start of the window.
    /// @param validUntil End of the window.
    error RegistryInvalidValidity(uint40 validFrom, uint40 validUntil);
    /// @dev The zero address was given where an account is needed.
    error RegistryZeroAddress();
    /// @dev The accreditation's current status does not allow this change.
    /// @param account The accredited account.
    /// @param current Its current status.
    error RegistryInvalidStatusChange(address account, AccreditationStatus current);

    // ------------------------------------------------------------- accreditation errors
    /// @dev The caller is not an active branch centre.
    /// @param account The caller.
    error RegistryNotBranch(address account);
    /// @dev A branch centre tried to accredit beyond its own scope or validity window.
    /// @param branch The branch centre.
    error RegistryScopeExceedsBranch(address branch);
    /// @dev A branch centre acted on an account it did not accredit.
    /// @param account The accredited account.
    /// @param caller The branch centre.
    error RegistryNotAccreditor(address account, address caller);
    /// @dev Governance withdrew the account; only governance may accredit it again.
    /// @param account The withdrawn account.
    error RegistryWithdrawnByGovernance(address account);
    /// @dev The DID hash is bound to another account: one account per DID.
    /// @param didHash The DID hash.
    /// @param account The account it is bound to.
    error RegistryDidTaken(bytes32 didHash, address account);

    // ---------------------------------------------------------------- anchoring errors
    /// @dev A batch must hold at least one credential.
    error RegistryEmptyBatch();
    /// @dev The issuer anchored this tree root before.
    /// @param root The bound root.
    error RegistryBatchAlreadyAnchored(bytes32 root);
    /// @dev The account has no accreditation in force (never accredited or withdrawn).
    /// @param account The account.
    error RegistryNotAccredited(address account);
    /// @dev The account's accreditation is suspended.
    /// @param account The account.
    error RegistryAccreditationSuspended(address account);
    /// @dev The account's accreditation has not started.
    /// @param account The account.
    /// @param validFrom When it starts.
    error RegistryAccreditationNotYetValid(address account, uint40 validFrom);
    /// @dev The account's accreditation has ended.
    /// @param account The account.
    /// @param validUntil When it ended.
    error RegistryAccreditationExpired(address account, uint40 validUntil);
    /// @dev The requested scope is wider than the account's accreditation.
    /// @param account The account.
    error RegistryOutOfScope(address account);

    // --------------------------------------------------------------- revocation errors
    /// @dev No batch was anchored with this root.
    /// @param root The root.
    error RegistryUnknownBatch(bytes32 root);
    /// @dev Only the issuer that anchored a batch may revoke or suspend in it.
    /// @param root The batch root.
    /// @param caller The caller.
    error RegistryNotBatchIssuer(bytes32 root, address caller);
    /// @dev The Merkle proof does not lead from the credential hash to the root.
    /// @param root The batch root.
    /// @param credentialHash The credential hash.
    error RegistryInvalidProof(bytes32 root, bytes32 credentialHash);
    /// @dev Revocation is final.
    /// @param credentialHash The credential hash.
    error RegistryCredentialAlreadyRevoked(bytes32 credentialHash);
    /// @dev The credential is suspended already.
    /// @param credentialHash The credential hash.
    error RegistryCredentialAlreadySuspended(bytes32 credentialHash);
    /// @dev Only a suspended credential can have its suspension lifted.
    /// @param credentialHash The credential hash.
    error RegistryCredentialNotSuspended(bytes32 credentialHash);
    /// @dev Arrays that must pair up differ in length.
    error RegistryLengthMismatch();

    // ------------------------------------------------------------ status list errors
    /// @dev A status list call needs at least one index.
    error RegistryNoIndexes();
    /// @dev An index appears twice in one call.
    /// @param index The index.
    error RegistryIndexListedTwice(uint256 index);
    /// @dev The index is revoked already; revocation is final.
    /// @param issuer The list's issuer account.
    /// @param index The index.
    error RegistryIndexAlreadyRevoked(address issuer, uint256 index);
    /// @dev The index is suspended already.
    /// @param issuer The list's issuer account.
    /// @param index The index.
    error RegistryIndexAlreadySuspended(address issuer, uint256 index);
    /// @dev Only a suspended index can have its suspension lifted.
    /// @param issuer The list's issuer account.
    /// @param index The index.
    error RegistryIndexNotSuspended(address issuer, uint256 index);

    // -------------------------------------------------------------- conversion errors
    /// @dev The account may not record conversions.
    /// @param account The account.
    error RegistryNotConverter(address account);
    /// @dev A conversion needs at least one source credential.
    error RegistryNoSources();
    /// @dev A conversion id must not be zero (zero means "no conversion").
    error RegistryEmptyConversionId();
    /// @dev The conversion id is taken.
    /// @param conversionId The id.
    error RegistryConversionExists(bytes32 conversionId);
    /// @dev A source credential is revoked.
    /// @param credentialHash The source.
    error RegistrySourceRevoked(bytes32 credentialHash);
    /// @dev A source credential is suspended.
    /// @param credentialHash The source.
    error RegistrySourceSuspended(bytes32 credentialHash);
    /// @dev The source's outcome (issuer and outcome id) was converted into this institution's
    /// programme before: the bank pays out once.
    /// @param credentialHash The source.
    /// @param programmeId The target programme (the institution's own id).
    /// @param existingConversionId The earlier conversion.
    error RegistryAlreadyConverted(bytes32 credentialHash, bytes32 programmeId, bytes32 existingConversionId);

    // --------------------------------------------------------------- document errors
    /// @dev The account may not publish this kind of document.
    /// @param account The account.
    error RegistryNotPublisher(address account);
    /// @dev Document versions strictly increase per publisher, kind and series.
    /// @param seriesId The series.
    /// @param version The version offered.
    /// @param latest The latest published version.
    error RegistryDocumentVersionNotNewer(bytes32 seriesId, uint32 version, uint32 latest);
    /// @dev A document needs a digest.
    error RegistryEmptyDigest();

    // ------------------------------------------------------------------------- events
    /// @dev A governor was added.
    /// @param account The new governor.
    event GovernorAdded(address indexed account);
    /// @dev A governor was removed.
    /// @param account The former governor.
    event GovernorRemoved(address indexed account);
    /// @dev The quorum changed.
    /// @param previous The old quorum.
    /// @param current The new quorum.
    event QuorumChanged(uint256 previous, uint256 current);
    /// @dev A governance action was proposed.
    /// @param proposalId Its id.
    /// @param proposer The proposing governor.
    /// @param actionHash keccak256 of the action calldata.
    event ProposalCreated(uint256 indexed proposalId, address indexed proposer, bytes32 actionHash);
    /// @dev A governor approved a proposal.
    /// @param proposalId The proposal.
    /// @param governor The approving governor.
    /// @param approvals Approvals so far.
    event ProposalApproved(uint256 indexed proposalId, address indexed governor, uint32 approvals);
    /// @dev A governor rejected a proposal.
    /// @param proposalId The proposal.
    /// @param governor The rejecting governor.
    /// @param rejections Rejections so far.
    event ProposalRejected(uint256 indexed proposalId, address indexed governor, uint32 rejections);
    /// @dev A proposal can no longer reach its quorum: the rejection that made it so.
    /// @param proposalId The proposal.
    event ProposalDefeated(uint256 indexed proposalId);
    /// @dev A proposal reached its quorum and its action ran.
    /// @param proposalId The proposal.
    event ProposalExecuted(uint256 indexed proposalId);
    /// @dev An entry was appended to an account's accreditation history.
    /// @param account The accredited account.
    /// @param accreditor Who accredited it (this contract for governance, or a branch centre).
    /// @param index The entry's index in the history.
    /// @param status The entry's status.
    /// @param didHash Hash of the account's DID.
    /// @param isBranch Whether the account is a branch centre.
    /// @param validFrom Start of validity.
    /// @param validUntil End of validity.
    /// @param scope What the accreditation covers.
    event AccreditationRecorded(
        address indexed account,
        address indexed accreditor,
        uint256 indexed index,
        AccreditationStatus status,
        bytes32 didHash,
        bool isBranch,
        uint40 validFrom,
        uint40 validUntil,
        Scope scope
    );
    /// @dev An issuer anchored a batch of credential hashes.
    /// @param root The bound root (tree root paired with the issuer's leaf) receipts carry.
    /// @param issuer The anchoring issuer.
    /// @param count How many credentials the batch holds.
    /// @param scope The union of the credentials' scopes.
    /// @param treeRoot The credentials' tree root as sent.
    event BatchAnchored(bytes32 indexed root, address indexed issuer, uint32 count, Scope scope, bytes32 treeRoot);
    /// @dev A credential was revoked for good.
    /// @param credentialHash The credential.
    /// @param root Its batch.
    /// @param issuer The revoking issuer.
    /// @param reason Reason code.
    event CredentialRevoked(bytes32 indexed credentialHash, bytes32 indexed root, address indexed issuer, uint8 reason);
    /// @dev A credential was suspended.
    /// @param credentialHash The credential.
    /// @param root Its batch.
    /// @param issuer The suspending issuer.
    /// @param reason Reason code.
    event CredentialSuspended(bytes32 indexed credentialHash, bytes32 indexed root, address indexed issuer, uint8 reason);
    /// @dev A suspension was lifted.
    /// @param credentialHash The credential.
    /// @param issuer The issuer.
    event CredentialSuspensionLifted(bytes32 indexed credentialHash, address indexed issuer);
    /// @dev Bits of an issuer's revocation list were set.
    /// @param issuer The issuer account whose list changed.
    /// @param wordIndex The word: bit i is status list index 256 * wordIndex + i.
    /// @param bits The bits set by this call.
    /// @param reason Reason code.
    event IndexesRevoked(address indexed issuer, uint256 indexed wordIndex, uint256 bits, uint8 reason);
    /// @dev Bits of an issuer's suspension list were set.
    /// @param issuer The issuer account whose list changed.
    /// @param wordIndex The word: bit i is status list index 256 * wordIndex + i.
    /// @param bits The bits set by this call.
    /// @param reason Reason code.
    event IndexesSuspended(address indexed issuer, uint256 indexed wordIndex, uint256 bits, uint8 reason);
    /// @dev Bits of an issuer's suspension list were cleared.
    /// @param issuer The issuer account whose list changed.
    /// @param wordIndex The word: bit i is status list index 256 * wordIndex + i.
    /// @param bits The bits cleared by this call.
    event IndexSuspensionsLifted(address indexed issuer, uint256 indexed wordIndex, uint256 bits);
    /// @dev A conversion was recorded.
    /// @param conversionId Its id.
    /// @param institution The recording institution.
    /// @param programmeId The target programme.
    /// @param learnerCommitment Salted hash of the learner.
    /// @param sources Source credential hashes.
    /// @param credits Credits granted, in hundredths.
    /// @param ruleSetDigest Digest of the rule set applied.
    /// @param evidenceDigest SHA-256 of the evidence the rules ran on, kept off chain.
    event ConversionRecorded(
        bytes32 indexed conversionId,
        address indexed institution,
        bytes32 indexed programmeId,
        bytes32 learnerCommitment,
        bytes32[] sources,
        uint64 credits,
        bytes32 ruleSetDigest,
        bytes32 evidenceDigest
    );
    /// @dev A conversion's source was revoked.
    /// @param conversionId The conversion.
    /// @param credentialHash The revoked source.
    event ConversionFlagged(bytes32 indexed conversionId, bytes32 indexed credentialHash);
    /// @dev A document version was published.
    /// @param publisher The publisher.
    /// @param kind The document kind.
    /// @param seriesId The document series.
    /// @param version The version.
    /// @param digest Its digest.
    /// @param cid Its IPFS CID.
    /// @param effectiveFrom When it takes effect.
    event DocumentPublished(
        address indexed publisher,
        DocumentKind indexed kind,
        bytes32 indexed seriesId,
        uint32 version,
        bytes32 digest,
        string cid,
        uint40 effectiveFrom
    );
}
