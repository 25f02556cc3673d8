"""A conversion credential's claim against its on-chain conversion record."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from node.conversion.credential import claim_of
from node.errors import ChainError
from node.types import to_bytes32
from node.verification.anchor_checks import Anchor
from node.verification.chainview import ChainView
from node.verification.report import Check

__all__ = ["check_conversion"]

NAME = "conversion"


async def check_conversion(
    view: ChainView, anchor: Anchor | None, vc: dict[str, Any] | None
) -> Check:
    """The record exists, was made by the same institution, matches the claim, is not flagged."""
    claim = claim_of(vc)
    if claim is None:
        if vc is not None and "conversionId" in (vc.get("credentialSubject") or {}):
            return Check.failed(NAME, "the conversion claim is malformed")
        return Check.passed(NAME, "makes no conversion claim")
    if anchor is None:
        return Check.could_not(NAME, "not checked: the anchor receipt did not hold")
    try:
        conversion_id = to_bytes32(claim.conversion_id)
    except ValueError:
        return Check.failed(NAME, "the conversion id is not 32 bytes of hex")
    try:
        record = await view.registry.conversion(conversion_id)
    except ChainError as exc:
        return Check.could_not(NAME, f"chain node {view.node} could not be read: {exc.detail}")
    if not record.exists:
        return Check.failed(NAME, f"conversion {claim.conversion_id} is not on chain")
    problems = []
    if record.institution.lower() != anchor.batch.issuer.lower():
        problems.append("was recorded by another institution than the one that anchored this")
    if "0x" + bytes(record.rule_set_digest).hex() != claim.rule_set_digest.lower():
        problems.append("names another rule set digest")
    if Decimal(record.credits) / 100 != claim.credits:
        problems.append(f"records {Decimal(record.credits) / 100} credits, not {claim.credits}")
    if claim.commitment() != bytes(record.learner_commitment):
        problems.append("is for another learner (the salted commitment does not match)")
    recorded = sorted("0x" + bytes(s).hex() for s in record.sources)
    if recorded != sorted(s.lower() for s in claim.sources):
        problems.append("records other source credentials")
    if problems:
        return Check.failed(
            NAME, f"the on-chain record {claim.conversion_id} " + "; ".join(problems)
        )
    if record.flagged:
        return Check.failed(
            NAME, "a source credential was revoked: the conversion is flagged on chain"
        )
    return Check.passed(
        NAME, f"recorded on chain: {claim.credits} credits of {claim.programme} from "
        f"{len(claim.sources)} source credential(s), not flagged",
    )  # fmt: skip
