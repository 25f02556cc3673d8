"""A conversion's evidence, its digest, and the institution's signed export of all of them.

The evidence is what the rules ran on (the verified presentation) and what they and the officer
decided. It holds personal data, so it stays with the institution; only its SHA-256 over the
RFC 8785 (JCS) canonical form goes on chain. An auditor given the export recomputes each digest.
The export is signed with the institution's account key (EIP-191), so an auditor can tell it
from an export someone else put together in its name.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from node.audit.errors import EvidenceExportInvalidError, EvidenceExportSignerError
from node.errors import JsonTooDeepError
from node.jsonlimits import check_depth
from node.types import Bytes32

__all__ = [
    "EvidenceEntry",
    "EvidenceExport",
    "canonical",
    "evidence_digest",
    "parse_export",
    "read_export",
    "sign_export",
]

_HEX32 = r"^0x[0-9a-fA-F]{64}$"
_ADDRESS = r"^0x[0-9a-fA-F]{40}$"


class ProgrammeRef(BaseModel):
    """The programme version converted into, as the institution published it."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=200)
    version: int = Field(ge=1)


class EvidenceEntry(BaseModel):
    """One conversion's evidence: presentation, decision, rule set, programme and officer."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    conversion_id: str = Field(alias="conversionId", pattern=_HEX32)
    programme: ProgrammeRef
    rule_set_digest: str = Field(alias="ruleSetDigest", pattern=_HEX32)
    presentation: dict[str, Any]
    decision: dict[str, Any]
    officer: str = Field(min_length=1, max_length=200)

    def as_json(self) -> dict[str, Any]:
        """The entry as it is hashed and exported (camelCase keys)."""
        return self.model_dump(mode="json", by_alias=True)


class EvidenceExport(BaseModel):
    """An institution's signed export: its account, its entries, its signature over both."""

    model_config = ConfigDict(extra="forbid")
    institution: str = Field(pattern=_ADDRESS)
    entries: list[EvidenceEntry]
    signature: str = Field(pattern=r"^0x[0-9a-fA-F]{130}$")


def canonical(value: Any) -> bytes:
    """RFC 8785 bytes of a JSON value: one form whoever serialises it."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError, RecursionError) as exc:
        raise EvidenceExportInvalidError("the evidence is not plain JSON") from exc


def evidence_digest(entry: EvidenceEntry) -> Bytes32:
    """SHA-256 of the entry's canonical form: what the registry keeps of it."""
    return Bytes32(hashlib.sha256(canonical(entry.as_json())).digest())


def _message(entries: list[dict[str, Any]]) -> bytes:
    """What the institution signs: the entries' digest. Its account is the one that signs."""
    return b"creditbank evidence export\n" + hashlib.sha256(canonical(entries)).hexdigest().encode()


def sign_export(account: LocalAccount, entries: list[EvidenceEntry]) -> dict[str, Any]:
    """The export envelope, signed by the institution's account."""
    plain = [e.as_json() for e in entries]
    signed = account.sign_message(encode_defunct(_message(plain)))
    return {
        "institution": account.address,
        "entries": plain,
        "signature": "0x" + bytes(signed.signature).hex(),
    }


def parse_export(raw: Any) -> EvidenceExport:
    """A well-formed export signed by the account it names; refused by name otherwise."""
    try:
        export = EvidenceExport.model_validate(raw)
    except ValidationError as exc:
        where = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'export'}: {e['msg']}"
            for e in exc.errors()[:5]
        )
        raise EvidenceExportInvalidError(f"the evidence export is malformed: {where}") from exc
    ids = [e.conversion_id.lower() for e in export.entries]
    if len(set(ids)) != len(ids):
        raise EvidenceExportInvalidError("the evidence export names a conversion twice")
    message = encode_defunct(_message([e.as_json() for e in export.entries]))
    try:
        signer = str(Account.recover_message(message, signature=export.signature))
    except Exception as exc:  # noqa: BLE001 - any failure to recover is a bad signature
        raise EvidenceExportInvalidError("the export's signature cannot be read") from exc
    if signer.lower() != export.institution.lower():
        raise EvidenceExportSignerError(
            f"the export names institution {export.institution} but is signed by {signer}",
            institution=export.institution,
            signer=signer,
        )
    return export


def read_export(data: bytes) -> EvidenceExport:
    """An export from its bytes: depth-checked JSON, then ``parse_export``."""
    try:
        check_depth(data)
        raw = json.loads(data)
    except (JsonTooDeepError, ValueError, RecursionError) as exc:
        raise EvidenceExportInvalidError("the evidence export is not JSON we can read") from exc
    return parse_export(raw)
