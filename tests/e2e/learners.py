"""Learners' side of end-to-end tests: wallet passphrase, the checker, offers from the issuer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from node.chain import RegistryClient
from tests.e2e.conftest import RunningIssuer
from tests.e2e.issuer.helpers import auth
from wallet import CredentialChecker, VerifierChecker

PASSPHRASE = "correct horse battery staple"


def checker_factory() -> Callable[[RegistryClient], CredentialChecker]:
    """The shared ``node.verification.Verifier`` behind the wallet's seam."""
    return VerifierChecker


async def issue_offer(
    http: httpx.AsyncClient,
    issuer: RunningIssuer,
    did: str,
    standard: str,
    *,
    flush: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """Certify one outcome for ``did``, anchor it, and return the issuance answer."""
    issued = await http.post(
        f"{issuer.url}/issuance",
        json={"learner_did": did, "standard_code": standard, **extra},
        headers=auth(issuer.admin_key),
    )
    assert issued.status_code == 201, issued.text
    if flush:
        flushed = await http.post(f"{issuer.url}/anchoring/flush", headers=auth(issuer.admin_key))
        assert flushed.status_code == 200
    body: dict[str, Any] = issued.json()
    return body
