"""Evidence entries for the audit's pure checks, built on the demo college's rules."""

from __future__ import annotations

from datetime import date
from typing import Any

from node.audit import EvidenceEntry, evidence_digest
from node.chain.types import Conversion
from node.conversion import decide, load_demo_programme, load_demo_rule_set, outcome_of
from node.credentials import credential_hash
from node.documents import series_id
from node.types import Bytes32

PROGRAMME = load_demo_programme()
RULES = load_demo_rule_set()
RULES_DIGEST = "0x" + "ab" * 32
LEARNER = "did:key:z6MkAuditedLearner"
INSTITUTION = "0x" + "11" * 20


def credential(code: str, grade: str | None, *, n: int = 0, credits: int = 6) -> dict[str, Any]:
    """A skill certificate as the conversion rules read it (unsigned: the checks re-run rules)."""
    achievement: dict[str, Any] = {
        "humanCode": code,
        "fieldOfStudyCode": "information-technology",
        "outcomeType": "skill_certificate",
        "qualificationLevel": 4,
        "creditSystem": "CB",
    }
    if grade:
        achievement["skillGrade"] = grade
    return {
        "id": f"urn:uuid:{code}-{n}",
        "issuanceDate": "2025-06-01T00:00:00Z",
        "credentialSubject": {"id": LEARNER, "creditsEarned": credits, "achievement": achievement},
        "proof": {"type": "DataIntegrityProof", "proofValue": f"z{code}{n}"},
    }


def entry(
    credentials: list[dict[str, Any]], *, n: int = 1, officer: str = "officer-li", **changes: Any
) -> EvidenceEntry:
    """The evidence the desk would keep for these credentials, with ``changes`` to the decision."""
    decision = decide(
        PROGRAMME, RULES, [outcome_of(vc) for vc in credentials], date(2026, 11, 24)
    ).to_json()
    decision.update(changes)
    return EvidenceEntry.model_validate(
        {
            "conversionId": "0x" + f"{n:064x}",
            "programme": {"id": PROGRAMME.id, "version": PROGRAMME.version},
            "ruleSetDigest": RULES_DIGEST,
            "presentation": {
                "verifiablePresentation": {"holder": LEARNER, "verifiableCredential": credentials},
                "receipts": [],
            },
            "decision": decision,
            "officer": officer,
        }
    )


def record(item: EvidenceEntry, *, credits: int | None = None, flagged: bool = False) -> Conversion:
    """The on-chain record of an entry, its credits as decided unless ``credits`` says."""
    total = sum(int(float(g["credits"]) * 100) for g in item.decision["grants"])
    creds = item.presentation["verifiablePresentation"]["verifiableCredential"]
    return Conversion(
        Bytes32(b"\x01" * 32),
        series_id(item.programme.id),
        Bytes32(bytes.fromhex(RULES_DIGEST[2:])),
        evidence_digest(item),
        INSTITUTION,
        total if credits is None else credits,
        0,
        flagged,
        tuple(Bytes32(credential_hash(vc)) for vc in creds),
    )
