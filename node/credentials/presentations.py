"""Verifiable Presentations a wallet sends: building them and checking holder binding."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from node.credentials.contexts import ED25519_2020_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT
from node.credentials.dids import did_of, is_did_key
from node.credentials.formats import CredentialFormat, credential_format

__all__ = ["build_presentation", "holder_matches_subjects"]


def build_presentation(
    credentials: Sequence[dict[str, Any]],
    holder: str,
    *,
    version: CredentialFormat | None = None,
) -> dict[str, Any]:
    """An unsigned presentation of signed credentials by their holder (VC 2.0 by default)."""
    version = version or credential_format()
    contexts = (
        [VC_V2_CONTEXT]
        if version is CredentialFormat.VC20
        else [VC_V1_CONTEXT, ED25519_2020_CONTEXT]
    )
    return {
        "@context": contexts,
        "type": ["VerifiablePresentation"],
        "holder": holder,
        "verifiableCredential": list(credentials),
    }


def _subject_ids(credential: object) -> list[object]:
    """The ``credentialSubject.id`` of each subject of a credential."""
    if not isinstance(credential, dict):
        return [None]
    subjects = credential.get("credentialSubject")
    subjects = subjects if isinstance(subjects, list) else [subjects]
    return [s.get("id") if isinstance(s, dict) else None for s in subjects]


def holder_matches_subjects(vp: dict[str, Any]) -> bool:
    """Whether the holder signed the presentation and is the subject of every credential in it.

    The proof layer proves the proof's key is controlled by ``holder``; this checks that every
    proof names a method of ``holder`` and that ``holder`` is each ``credentialSubject.id``, so
    nobody can present a credential issued to someone else. Fails closed on any odd shape.
    """
    if not isinstance(vp, dict):
        return False
    holder = vp.get("holder")
    if not is_did_key(holder):
        return False
    proofs = vp.get("proof")
    proofs = proofs if isinstance(proofs, list) else [proofs]
    for proof in proofs:
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        if not isinstance(method, str) or did_of(method) != holder:
            return False
    credentials = vp.get("verifiableCredential")
    credentials = credentials if isinstance(credentials, list) else [credentials]
    if not credentials:
        return False
    return all(subject_id == holder for vc in credentials for subject_id in _subject_ids(vc))
