"""The verifier service served over the session chain, and a learner holding two credentials."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import pytest

from tests.e2e.conftest import RunningIssuer
from tests.e2e.learners import PASSPHRASE, issue_offer
from wallet import CredentialChecker, Wallet, WalletStore, parse_offer


@dataclass
class Learner:
    wallet: Wallet
    credential_ids: list[str]


@pytest.fixture
async def learner(
    store: WalletStore,
    checker: CredentialChecker,
    http: httpx.AsyncClient,
    running_issuer: RunningIssuer,
) -> Learner:
    """A wallet holding a 1+X web front-end certificate (6 CB) and a Python course (4 credits)."""
    wallet = await Wallet.create(store, "candidate", PASSPHRASE)
    ids = []
    for standard, extra in (("1X-WFED", {"grade": "intermediate"}), ("CRS-PYTHON", {})):
        offer = await issue_offer(http, running_issuer, wallet.did, standard, **extra)
        received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
        assert [c.label for c in received.kept] == ["valid"], received
        ids.append(offer["issued"]["credential_id"])
    return Learner(wallet, ids)


async def challenge_of(http: httpx.AsyncClient, verifier_url: str) -> dict[str, str]:
    """A fresh challenge from the verifier."""
    answer = await http.post(f"{verifier_url}/challenges")
    assert answer.status_code == 201, answer.text
    issued: dict[str, str] = answer.json()
    return issued
