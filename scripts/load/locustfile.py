"""A load run against the whole stack: learners get credentials, present them, employers verify.

Each simulated learner has a wallet of its own on the wallet service. It repeatedly
- is certified by the issuer (``POST /issuance``), gets a one-time offer and redeems it;
- answers a verifier's fresh challenge with a presentation of one anchored credential
  (``POST /presentations`` on the wallet, which shares it with the verifier), and the employer
  opens the short link, whose page the verifier builds by verifying the package afresh.
A verdict other than ``valid``, or any unexpected status, counts as a failure.

Only HTTP: nothing of the credit bank is imported, so locust can live in a venv of its own.
The services' addresses and the issuer's admin key come from the environment; see
docs/deployment.md ("Load run") for the command that starts the stack and runs this.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from typing import Any

from locust import HttpUser, constant_throughput, task

ISSUER = os.environ.get("ISSUER_URL", "http://127.0.0.1:8001")
VERIFIER = os.environ.get("VERIFIER_URL", "http://127.0.0.1:8002")
WALLET = os.environ.get("WALLET_URL", "http://127.0.0.1:8003")
ADMIN_KEY = os.environ.get("ISSUER_ADMIN_KEY", "")
#: Tasks per second of each learner. Every simulated client comes from one address, and the
#: verifier allows one address 60 challenges and 30 kept shares a minute: with 6 learners at
#: 0.1/s the presentations stay under both (see docs/deployment.md, "Load run").
TASKS_PER_SECOND = float(os.environ.get("LEARNER_TASKS_PER_SECOND", "0.1"))
#: a failed check on the verifier's page, for the failure report
FAILED_CHECK = re.compile(
    r'<tr class="check (?!passed)[^"]*" data-check="([^"]+)">.*?<td>([^<]*)</td></tr>'
)


class Learner(HttpUser):
    """One learner with a wallet; the employer's verifier checks what it presents."""

    host = ISSUER
    wait_time = constant_throughput(TASKS_PER_SECOND)

    def on_start(self) -> None:
        """A wallet of this learner's own, unlocked, with one credential to begin with."""
        name = f"load-{uuid.uuid4().hex[:12]}"
        made = self.client.post(
            f"{WALLET}/wallet",
            json={"name": name, "passphrase": f"load-run-passphrase-{name}"},
            name="wallet POST /wallet",
        )
        made.raise_for_status()
        body = made.json()
        self.did: str = body["did"]
        self.wallet = {"Authorization": f"Bearer {body['token']}"}
        self.certify()

    @task(2)
    def certify(self) -> None:
        """Issue a credential to this learner, offer it, redeem it into the wallet."""
        issued = self.client.post(
            f"{ISSUER}/issuance",
            json={"learner_did": self.did, "standard_code": "1X-WFED", "grade": "intermediate"},
            headers={"X-API-Key": ADMIN_KEY},
            name="issuer POST /issuance",
        )
        if issued.status_code != 201:
            return
        credential_id = issued.json()["issued"]["credential_id"]
        offer = self.client.post(
            f"{ISSUER}/credentials/{credential_id}/offer",
            json={},
            headers={"X-API-Key": ADMIN_KEY},
            name="issuer POST /credentials/{id}/offer",
        )
        if offer.status_code != 201:
            return
        self.client.post(
            f"{WALLET}/offers/redeem",
            json={"offer": offer.json()["link"]},
            headers=self.wallet,
            name="wallet POST /offers/redeem",
        )

    @task(3)
    def present(self) -> None:
        """Answer a fresh challenge with one anchored credential; the verifier must say valid."""
        account = self.client.get(
            f"{WALLET}/account", headers=self.wallet, name="wallet GET /account"
        )
        if account.status_code != 200:
            return
        ready = [c["id"] for c in account.json()["credentials"] if c["has_receipt"]]
        if not ready:
            return  # nothing anchored yet: the issuer's batch is still on its way
        asked = self.client.post(f"{VERIFIER}/challenges", name="verifier POST /challenges")
        if asked.status_code != 201:
            return
        challenge: dict[str, Any] = asked.json()
        made = self.client.post(
            f"{WALLET}/presentations",
            json={
                "credential_ids": [random.choice(ready)],  # noqa: S311 - not security
                "challenge": challenge["challenge"],
                "domain": challenge["domain"],
                "verifier_url": VERIFIER,
            },
            headers=self.wallet,
            name="wallet POST /presentations",
        )
        if made.status_code != 201:
            return
        # the wallet shared the package with the verifier (its challenge is settled by that
        # share); the employer opens the short link, and the verifier verifies it afresh
        with self.client.get(
            made.json()["link"], name="verifier GET /p/{id}", catch_response=True
        ) as opened:
            if 'class="verdict valid"' not in opened.text:
                found = FAILED_CHECK.findall(opened.text)
                reasons = sorted({f"{n}: {r[:80]}" for n, r in found})[:3]
                opened.failure(f"not valid (HTTP {opened.status_code}): {reasons}")
