"""Registry custom errors as Python exceptions: selector → ABI error name → stable code.

web3 hands us only the raw revert data (selector and ABI-encoded arguments); this module
turns it into the exception class named after the Solidity error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eth_abi.abi import decode as abi_decode
from eth_hash.auto import keccak
from eth_utils.abi import abi_to_signature, get_abi_input_names, get_abi_input_types

from node.errors import ContractRevertError

__all__ = ["REVERT_CLASSES", "RevertDecoder"]


class _Forbidden(ContractRevertError):
    http_status = 403


class _NotFound(ContractRevertError):
    http_status = 404


class _Invalid(ContractRevertError):
    http_status = 422


# Governance
class RegistryInvalidQuorum(_Invalid):
    """A quorum outside 1..governors."""

    code = "INVALID_QUORUM"


class RegistryUnknownProposal(_NotFound):
    """No proposal with this id."""

    code = "UNKNOWN_PROPOSAL"


class RegistryProposalAlreadyApproved(ContractRevertError):
    """This governor approved the proposal already."""

    code = "PROPOSAL_ALREADY_APPROVED"


class RegistryProposalAlreadyRejected(ContractRevertError):
    """This governor rejected the proposal already; a governor decides once."""

    code = "PROPOSAL_ALREADY_REJECTED"


class RegistryProposalDefeated(ContractRevertError):
    """So many governors rejected the proposal that its quorum can no longer be reached."""

    code = "PROPOSAL_DEFEATED"


class RegistryProposalStale(ContractRevertError):
    """The governors or the quorum changed since the proposal was made; propose it again."""

    code = "PROPOSAL_STALE"


class RegistryProposalExpired(ContractRevertError):
    """The proposal was not carried out in time; propose it again."""

    code = "PROPOSAL_EXPIRED"


class RegistryProposalAlreadyExecuted(ContractRevertError):
    """The proposal was carried out already."""

    code = "PROPOSAL_ALREADY_EXECUTED"


class RegistryOnlyThroughProposal(_Forbidden):
    """A governance action called directly instead of through a proposal."""

    code = "ONLY_THROUGH_PROPOSAL"


class RegistryGovernorExists(ContractRevertError):
    """The account is a governor already."""

    code = "GOVERNOR_EXISTS"


class RegistryNotAGovernor(_NotFound):
    """The account is not a governor."""

    code = "NOT_A_GOVERNOR"


class RegistryInvalidValidity(_Invalid):
    """validFrom after validUntil."""

    code = "INVALID_VALIDITY"


class RegistryZeroAddress(_Invalid):
    """The zero address where an account is needed."""

    code = "ZERO_ADDRESS"


class RegistryInvalidStatusChange(ContractRevertError):
    """An accreditation status change that its current status does not allow."""

    code = "INVALID_STATUS_CHANGE"


# Accreditation
class RegistryNotBranch(_Forbidden):
    """The caller is not an active branch centre."""

    code = "NOT_BRANCH"


class RegistryScopeExceedsBranch(_Forbidden):
    """A branch centre tried to accredit beyond its own scope or validity."""

    code = "SCOPE_EXCEEDS_BRANCH"


class RegistryNotAccreditor(_Forbidden):
    """A branch centre acted on an issuer it did not accredit."""

    code = "NOT_ACCREDITOR"


class RegistryWithdrawnByGovernance(_Forbidden):
    """Governance withdrew the account; only governance may accredit it again."""

    code = "WITHDRAWN_BY_GOVERNANCE"


class RegistryDidTaken(ContractRevertError):
    """The DID is bound to another account: one account per DID."""

    code = "DID_TAKEN"


# Anchoring
class RegistryEmptyBatch(_Invalid):
    """A batch of zero credentials."""

    code = "EMPTY_BATCH"


class RegistryBatchAlreadyAnchored(ContractRevertError):
    """The Merkle root was anchored before."""

    code = "BATCH_ALREADY_ANCHORED"


class RegistryNotAccredited(_Forbidden):
    """The account has no accreditation in force."""

    code = "NOT_ACCREDITED"


class RegistryAccreditationSuspended(_Forbidden):
    """The account's accreditation is suspended."""

    code = "ACCREDITATION_SUSPENDED"


class RegistryAccreditationNotYetValid(_Forbidden):
    """The account's accreditation has not started."""

    code = "ACCREDITATION_NOT_YET_VALID"


class RegistryAccreditationExpired(_Forbidden):
    """The account's accreditation has ended."""

    code = "ACCREDITATION_EXPIRED"


class RegistryOutOfScope(_Forbidden):
    """The batch's scope is wider than the account's accreditation."""

    code = "OUT_OF_SCOPE"


# Revocation
class RegistryUnknownBatch(_NotFound):
    """No batch was anchored with this root."""

    code = "UNKNOWN_BATCH"


class RegistryNotBatchIssuer(_Forbidden):
    """Only the issuer that anchored a batch may revoke or suspend in it."""

    code = "NOT_BATCH_ISSUER"


class RegistryInvalidProof(_Invalid):
    """The Merkle proof does not lead to the root."""

    code = "INVALID_PROOF"


class RegistryCredentialAlreadyRevoked(ContractRevertError):
    """Revocation is final."""

    code = "CREDENTIAL_ALREADY_REVOKED"


class RegistryCredentialAlreadySuspended(ContractRevertError):
    """The credential is suspended already."""

    code = "CREDENTIAL_ALREADY_SUSPENDED"


class RegistryCredentialNotSuspended(ContractRevertError):
    """Only a suspended credential can have its suspension lifted."""

    code = "CREDENTIAL_NOT_SUSPENDED"


class RegistryLengthMismatch(_Invalid):
    """Arrays that must pair up differ in length."""

    code = "LENGTH_MISMATCH"


# Status lists
class RegistryNoIndexes(_Invalid):
    """A status list call without indexes."""

    code = "NO_INDEXES"


class RegistryIndexListedTwice(_Invalid):
    """An index appears twice in one call."""

    code = "INDEX_LISTED_TWICE"


class RegistryIndexAlreadyRevoked(ContractRevertError):
    """The status list index is revoked already; revocation is final."""

    code = "INDEX_ALREADY_REVOKED"


class RegistryIndexAlreadySuspended(ContractRevertError):
    """The status list index is suspended already."""

    code = "INDEX_ALREADY_SUSPENDED"


class RegistryIndexNotSuspended(ContractRevertError):
    """Only a suspended status list index can have its suspension lifted."""

    code = "INDEX_NOT_SUSPENDED"


# Conversions
class RegistryNotConverter(_Forbidden):
    """The account may not record conversions."""

    code = "NOT_CONVERTER"


class RegistryNoSources(_Invalid):
    """A conversion without source credentials."""

    code = "NO_SOURCES"


class RegistryEmptyConversionId(_Invalid):
    """A conversion id of zero."""

    code = "EMPTY_CONVERSION_ID"


class RegistryConversionExists(ContractRevertError):
    """The conversion id is taken."""

    code = "CONVERSION_EXISTS"


class RegistrySourceRevoked(ContractRevertError):
    """A source credential is revoked."""

    code = "SOURCE_REVOKED"


class RegistrySourceSuspended(ContractRevertError):
    """A source credential is suspended."""

    code = "SOURCE_SUSPENDED"


class RegistryAlreadyConverted(ContractRevertError):
    """The source was converted into this programme before: the bank pays out once."""

    code = "ALREADY_CONVERTED"


# Documents
class RegistryNotPublisher(_Forbidden):
    """The account may not publish this kind of document."""

    code = "NOT_PUBLISHER"


class RegistryDocumentVersionNotNewer(ContractRevertError):
    """Document versions only increase."""

    code = "DOCUMENT_VERSION_NOT_NEWER"


class RegistryEmptyDigest(_Invalid):
    """A document without a digest."""

    code = "EMPTY_DIGEST"


# OpenZeppelin AccessControl
class AccessControlUnauthorizedAccount(_Forbidden):
    """The account lacks the role the function needs."""

    code = "ROLE_REQUIRED"


class AccessControlBadConfirmation(_Invalid):
    """renounceRole called for another account."""

    code = "BAD_CONFIRMATION"


#: Every known custom error, by its Solidity name.
REVERT_CLASSES: dict[str, type[ContractRevertError]] = {
    cls.__name__: cls
    for cls in list(globals().values())
    if isinstance(cls, type)
    and issubclass(cls, ContractRevertError)
    and not cls.__name__.startswith("_")
    and cls is not ContractRevertError
}
for _name, _cls in REVERT_CLASSES.items():
    _cls.error_name = _name
    _cls.title = (_cls.__doc__ or _name).strip()


class RevertDecoder:
    """Maps raw revert data to the matching exception, from the contract ABI."""

    def __init__(self, abi: Sequence[dict[str, Any]]) -> None:
        self._by_selector: dict[bytes, tuple[str, list[str], list[str]]] = {}
        for item in abi:
            if item.get("type") != "error":
                continue
            selector = keccak(abi_to_signature(item).encode())[:4]  # type: ignore[arg-type]
            types = list(get_abi_input_types(item))  # type: ignore[arg-type]
            names = [str(n) for n in get_abi_input_names(item)]  # type: ignore[arg-type]
            self._by_selector[selector] = (item["name"], types, names)

    def error_names(self) -> list[str]:
        """Names of every custom error the ABI declares."""
        return [name for name, _, _ in self._by_selector.values()]

    def decode(self, data: bytes | str | None) -> ContractRevertError:
        """The exception for raw revert data; an unknown selector stays a generic revert."""
        raw = bytes.fromhex(data.removeprefix("0x")) if isinstance(data, str) else (data or b"")
        found = self._by_selector.get(raw[:4])
        if found is None:
            return ContractRevertError(f"reverted with unknown data 0x{raw.hex()}")
        name, types, names = found
        values = abi_decode(types, raw[4:]) if types else ()
        args = {n: _jsonable(v) for n, v in zip(names, values, strict=True)}
        cls = REVERT_CLASSES.get(name)
        if cls is None:
            return ContractRevertError(f"{name} {args}", args=args)
        return cls(args=args)


def _jsonable(value: Any) -> Any:
    """Bytes as 0x-hex so the arguments can travel in a problem document."""
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return value
