"""Checks of the presentation itself: shape, holder binding, challenge and domain."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from node.credentials import holder_matches_subjects
from node.verification.local_checks import listed
from node.verification.report import Check

__all__ = [
    "check_challenge",
    "check_domain",
    "check_holder_binding",
    "check_presentation_structure",
    "embedded_credentials",
    "receipt_at",
]

NOT_AN_OBJECT = "not checked: the presentation is not a JSON object"


def embedded_credentials(vp: object) -> list[object]:
    """The credentials a presentation carries (one or many)."""
    return listed(vp.get("verifiableCredential")) if isinstance(vp, dict) else []


def check_presentation_structure(vp: object, receipts: object) -> Check:
    """A signed VC 1.1 presentation by a holder, with one receipt per credential, in order."""
    name = "structure"
    if not isinstance(vp, dict):
        return Check.failed(name, "a presentation is a JSON object")
    problems: list[str] = []
    if not listed(vp.get("@context")):
        problems.append("@context is missing")
    if "VerifiablePresentation" not in listed(vp.get("type")):
        problems.append("type must include VerifiablePresentation")
    if not isinstance(vp.get("holder"), str):
        problems.append("holder is missing")
    credentials = embedded_credentials(vp)
    if not credentials:
        problems.append("it carries no credential")
    proofs = listed(vp.get("proof"))
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        problems.append("proof is missing: the presentation is not signed")
    if not isinstance(receipts, list | tuple):
        problems.append("receipts must be a list")
    elif len(receipts) != len(credentials):
        problems.append(
            f"{len(receipts)} receipts for {len(credentials)} credentials "
            "(receipts go in the order of the credentials)"
        )
    if problems:
        return Check.failed(name, "; ".join(problems))
    return Check.passed(
        name, f"a signed presentation of {len(credentials)} credentials with their receipts"
    )


def check_holder_binding(vp: dict[str, Any] | None) -> Check:
    """The holder signed, and is the subject of every credential presented."""
    name = "holder-binding"
    if vp is None:
        return Check.could_not(name, NOT_AN_OBJECT)
    if holder_matches_subjects(vp):
        return Check.passed(name, f"{vp['holder']} signed and is the subject of every credential")
    return Check.failed(
        name,
        "the presentation was not signed by the subject of every credential in it "
        "(holder, proof key and credentialSubject.id must be the same did:key)",
    )


def _proof_values(vp: dict[str, Any], member: str) -> list[object]:
    return [p.get(member) if isinstance(p, dict) else None for p in listed(vp.get("proof"))]


async def check_challenge(
    vp: dict[str, Any] | None,
    challenge: str,
    challenge_valid: Callable[[str], Awaitable[bool]] | None,
) -> Check:
    """The proof answers the given challenge, which this verifier issued and nobody used."""
    name = "challenge"
    if not isinstance(challenge, str) or not challenge:
        return Check.failed(name, "no challenge was given")
    if challenge_valid is None:
        return Check.could_not(name, "this verifier keeps no record of the challenges it issued")
    fresh = await challenge_valid(challenge)
    if vp is None:
        return Check.could_not(name, NOT_AN_OBJECT)
    answered = _proof_values(vp, "challenge")
    if not answered or any(value != challenge for value in answered):
        return Check.failed(name, "the presentation answers another challenge")
    if not fresh:
        return Check.failed(
            name, "the challenge is unknown, expired or already used (a replayed presentation)"
        )
    return Check.passed(name, "issued by this verifier, unexpired, and used only now")


def check_domain(vp: dict[str, Any] | None, domain: str) -> Check:
    """The proof is bound to this verifier's domain, not to another one."""
    name = "domain"
    if vp is None:
        return Check.could_not(name, NOT_AN_OBJECT)
    bound = _proof_values(vp, "domain")
    if not bound:
        return Check.failed(name, "the presentation has no proof")
    foreign = [value for value in bound if value != domain]
    if foreign:
        return Check.failed(
            name, f"the presentation is bound to {foreign[0]!r}, not to this verifier ({domain!r})"
        )
    return Check.passed(name, f"bound to {domain!r}")


def receipt_at(receipts: Sequence[object] | object, index: int) -> object | None:
    """The receipt that travels with the credential at ``index``, if any."""
    if isinstance(receipts, list | tuple) and index < len(receipts):
        receipt: object = receipts[index]
        return receipt
    return None
