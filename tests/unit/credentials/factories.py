"""Typed inputs and did:key values for credential tests, built without didkit."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from node.credentials import (
    Award,
    EvidenceItem,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
)

BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
#: The public key of the W3C vc-di-eddsa test key pair (shared/vc-test-vectors keyPair.json).
W3C_TEST_DID = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def b58encode(raw: bytes) -> str:
    """Base58btc, as multibase ``z`` uses."""
    number = int.from_bytes(raw, "big")
    out = ""
    while number:
        number, rem = divmod(number, 58)
        out = BASE58[rem] + out
    return "1" * (len(raw) - len(raw.lstrip(b"\0"))) + out


def did_key_of(public_key: bytes) -> str:
    """The did:key of a 32-byte Ed25519 public key."""
    return "did:key:z" + b58encode(b"\xed\x01" + public_key)


ISSUER_DID = did_key_of(bytes(range(32)))
LEARNER_DID = did_key_of(bytes(range(32, 64)))


def outcome(**changes: Any) -> OutcomeStandardRef:
    """A "1+X" intermediate skill certificate worth 4.5 credits."""
    fields: dict[str, Any] = {
        "code": "1X-WEB-2",
        "name": "Web front-end development (intermediate)",
        "description": "Builds and tests responsive web front ends.",
        "criteria": "Pass the theory and practical examinations of the 1+X standard.",
        "outcome_type": OutcomeType.SKILL_CERTIFICATE,
        "skill_grade": "intermediate",
        "field_of_study": FieldOfStudy(code="0809", name="Computer science"),
        "level": 4,
        "credits_available": Decimal("4.5"),
        "credit_system": "CN-CB",
        "standard_uri": "https://catalog.creditbank.example/standards/1X-WEB-2",
        "framework_level_uri": "https://catalog.creditbank.example/framework/levels/4",
        "catalog_name": "Credit bank outcome catalog",
        "framework_name": "Qualification framework",
    }
    fields.update(changes)
    return OutcomeStandardRef(**fields)


def award(**changes: Any) -> Award:
    """A scored award with one piece of evidence."""
    fields: dict[str, Any] = {
        "learner_did": LEARNER_DID,
        "credits_earned": Decimal("4.5"),
        "result": "92",
        "result_type": "RawScore",
        "evidence": (EvidenceItem(name="Practical exam", narrative="Passed on 2024-04-20"),),
        "issued_on": datetime(2024, 5, 1, 8, 30, tzinfo=UTC),
        "valid_until": datetime(2029, 5, 1, tzinfo=UTC),
    }
    fields.update(changes)
    return Award(**fields)


def issuer(did: str = ISSUER_DID) -> IssuerProfile:
    """A certification centre."""
    return IssuerProfile(did=did, name="Vocational certification centre")


def fake_proof(did: str = ISSUER_DID) -> dict[str, str]:
    """A proof-shaped object (not a valid signature) for schema and hashing tests."""
    return {
        "type": "Ed25519Signature2020",
        "created": "2024-05-01T08:30:00Z",
        "verificationMethod": f"{did}#{did.removeprefix('did:key:')}",
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + "1" * 86,
    }
