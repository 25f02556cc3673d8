// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Documents} from "./registry/Documents.sol";
import {Governance} from "./registry/Governance.sol";

/**
 * @title CreditBankRegistry
 * @dev The credit bank's ledger: governance by quorum, append-only accreditation history,
 * Merkle batch anchors, revocation with inclusion proofs, once-only conversion records and
 * public document digests. Built from OpenZeppelin AccessControl and MerkleProof.
 */
contract CreditBankRegistry is Documents {
    /**
     * @dev Seats the first governors and the quorum.
     * @param governors The first governors.
     * @param quorum_ Approvals a governance action needs.
     */
    constructor(address[] memory governors, uint256 quorum_) Governance(governors, quorum_) {}
}
