"""Sign and verify credentials and presentations: proof sets, purposes, key ownership.

Every proof of a document must hold. A proof we have no suite for makes the result
"unsupported", never "verified". Nothing here raises on bad input while verifying: each problem
becomes a reason in the result.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from node.proofs.canon import canonical_nquads
from node.proofs.contexts import ContextSet, pinned_contexts
from node.proofs.dids import Resolver, VerificationMethod, resolve_did_key
from node.proofs.errors import (
    CredentialError,
    SigningError,
    UnsupportedCredentialError,
)
from node.proofs.keys import KeyPair
from node.proofs.rdf import check_shape
from node.proofs.shared import SharedDatasets
from node.proofs.suites import Cryptosuite, decode_proof_value, suite_for
from node.proofs.suites.base import document_hash as hash_document
from node.proofs.template import TemplateCache

__all__ = [
    "ASSERTION",
    "AUTHENTICATION",
    "ProofResult",
    "add_proof",
    "proofs_of",
    "verify_proofs",
]

logger = logging.getLogger(__name__)

ASSERTION = "assertionMethod"
AUTHENTICATION = "authentication"
Status = Literal["verified", "failed", "unsupported"]


@dataclass(frozen=True, slots=True)
class ProofResult:
    """The verdict on a document's proofs: ``verified`` only when every proof holds."""

    status: Status
    reasons: tuple[str, ...] = ()
    suites: tuple[str, ...] = field(default=())

    @property
    def verified(self) -> bool:
        """Whether every proof held."""
        return self.status == "verified"


def proofs_of(document: dict[str, Any]) -> list[Any]:
    """The ``proof`` member as a list (absent is empty)."""
    proof = document.get("proof")
    if proof is None:
        return []
    return proof if isinstance(proof, list) else [proof]


def _contexts(document: dict[str, Any]) -> list[Any]:
    contexts = document.get("@context")
    if isinstance(contexts, str | dict):
        contexts = [contexts]
    if not isinstance(contexts, list) or not contexts:
        raise CredentialError("@context must be a non-empty list")
    return contexts


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_proof(
    document: dict[str, Any],
    key: KeyPair,
    suite: Cryptosuite,
    *,
    purpose: str = ASSERTION,
    created: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    as_list: bool = False,
    contexts: ContextSet | None = None,
    templates: TemplateCache | None = None,
) -> dict[str, Any]:
    """A copy of the document with one more proof by ``key`` (a proof set when one exists).

    Raises ``UndefinedTermError`` naming a term no context defines, and ``CredentialError`` for
    documents that cannot be canonicalized; the input is not modified. ``templates`` (issuance
    only) canonicalizes through the template path when it can carry the document.
    """
    contexts = contexts or pinned_contexts()
    # a template fills only a shape that passed check_shape (TemplateCache), so a document it
    # carries needs no second walk; anything else, proof sets included, is checked here
    canonical = (
        templates.canonical(document)
        if templates is not None and isinstance(document, dict) and "proof" not in document
        else None
    )
    if canonical is None:
        check_shape(document)
    problem = suite.context_problem(_contexts(document))
    if problem:
        raise SigningError(problem)
    existing = proofs_of(document)
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    proof: dict[str, Any] = {
        **suite.proof_options(),
        "created": created or _now(),
        "verificationMethod": key.verification_method,
        "proofPurpose": purpose,
    }
    if challenge is not None:
        proof["challenge"] = challenge
    if domain is not None:
        proof["domain"] = domain
    if canonical is None and templates is not None and existing:
        canonical = templates.canonical(unsigned)
    proof["proofValue"] = suite.sign(suite.hash_data(proof, unsigned, contexts, canonical), key)
    proofs = [*existing, proof]
    signed = dict(unsigned)
    signed["proof"] = proofs if as_list or len(proofs) > 1 else proof
    return signed


@dataclass(frozen=True, slots=True)
class _Expect:
    purpose: str
    controller: str | None
    challenge: str | None
    domain: str | None


def verify_proofs(
    document: object,
    *,
    purpose: str,
    controller: str | None,
    challenge: str | None = None,
    domain: str | None = None,
    resolver: Resolver = resolve_did_key,
    contexts: ContextSet | None = None,
    shared: SharedDatasets | None = None,
) -> ProofResult:
    """Whether every proof of a document holds for this purpose, by a key of ``controller``.

    ``controller`` is the issuer (credentials) or holder (presentations); a key controlled by
    anyone else fails. Presentations pass ``challenge`` and ``domain``, which each proof must
    carry exactly. ``shared`` (one presentation's, over the same ``contexts``) expands each of
    its credentials once for the presentation's proof and the credential's own.
    """
    contexts = contexts or pinned_contexts()
    expect = _Expect(purpose, controller, challenge, domain)
    try:
        part = shared.checked_part(document) if shared is not None else None
        checked = part if part is not None else check_shape(document)
        if shared is not None:
            shared.shape_checked(checked)
        _contexts(checked)
    except CredentialError as exc:
        return ProofResult("failed", (exc.detail,))
    proofs = proofs_of(checked)
    if not proofs:
        return ProofResult("failed", ("the document carries no proof",))
    unsigned = {k: v for k, v in checked.items() if k != "proof"}
    failed: list[str] = []
    unsupported: list[str] = []
    suites: list[str] = []
    document_hash: list[bytes] = []  # computed once, for the first proof that gets that far
    for index, proof in enumerate(proofs):
        where = f"proof[{index}]" if len(proofs) > 1 else "proof"
        try:
            suite = _check_proof(proof, expect, resolver, checked)
            suites.append(suite.name)
            method = _method_for(proof, expect, resolver)
            if not document_hash:
                document_hash.append(_document_hash(checked, unsigned, contexts, shared))
            config = suite.config_hash(proof, unsigned.get("@context"), contexts, cached=False)
            if not suite.verify(config + document_hash[0], proof["proofValue"], method.public_key):
                raise CredentialError(f"the {suite.name} signature does not hold")
        except UnsupportedCredentialError as exc:
            unsupported.append(f"{where}: unsupported: {exc.detail}")
        except CredentialError as exc:
            failed.append(f"{where}: {exc.detail}")
        except Exception as exc:  # noqa: BLE001 - fail closed on anything unforeseen
            logger.warning("proof check raised %s", exc.__class__.__name__)
            failed.append(f"{where}: the proof could not be checked ({exc.__class__.__name__})")
    if failed:
        return ProofResult("failed", tuple(failed + unsupported), tuple(suites))
    if unsupported:
        return ProofResult("unsupported", tuple(unsupported), tuple(suites))
    return ProofResult("verified", (), tuple(suites))


def _document_hash(
    document: dict[str, Any],
    unsigned: dict[str, Any],
    contexts: ContextSet,
    shared: SharedDatasets | None,
) -> bytes:
    """SHA-256 of the canonical unsigned document, through ``shared`` when given."""
    if shared is None or shared.contexts is not contexts:
        return hash_document(unsigned, contexts)
    return hashlib.sha256(canonical_nquads(shared.of(document, unsigned))).digest()


def _check_proof(
    proof: object, expect: _Expect, resolver: Resolver, document: dict[str, Any]
) -> Cryptosuite:
    """The suite of a well-formed proof with the right purpose, binding and signer."""
    if not isinstance(proof, dict):
        raise CredentialError("a proof must be a JSON object")
    suite = suite_for(proof)
    if suite is None:
        kind = proof.get("type")
        named = f"{kind} ({proof.get('cryptosuite')})" if "cryptosuite" in proof else f"{kind}"
        raise UnsupportedCredentialError(
            f"proof suite {named} is not one we verify (eddsa-rdfc-2022, Ed25519Signature2020)"
        )
    if "previousProof" in proof:
        raise UnsupportedCredentialError("proof chains (previousProof) are not verified here")
    problem = suite.context_problem(_contexts(document))
    if problem:
        raise CredentialError(problem)
    if proof.get("proofPurpose") != expect.purpose:
        raise CredentialError(
            f"proofPurpose is {proof.get('proofPurpose')!r}, expected {expect.purpose!r}"
        )
    if expect.challenge is not None and proof.get("challenge") != expect.challenge:
        raise CredentialError("the proof does not answer the expected challenge")
    if expect.domain is not None and proof.get("domain") != expect.domain:
        raise CredentialError("the proof is bound to another domain")
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        raise CredentialError("the proof has no verificationMethod")
    decode_proof_value(proof.get("proofValue"))
    return suite


def _method_for(proof: dict[str, Any], expect: _Expect, resolver: Resolver) -> VerificationMethod:
    """The proof's key, which must be its controller's and listed for the proof's purpose."""
    method = resolver(str(proof["verificationMethod"]))
    if expect.controller is not None and method.controller != expect.controller:
        raise CredentialError(
            f"the proof's key is controlled by {method.controller}, not by {expect.controller}"
        )
    if expect.purpose not in method.relationships:
        raise CredentialError(f"the key is not listed for {expect.purpose} by its controller")
    return method
