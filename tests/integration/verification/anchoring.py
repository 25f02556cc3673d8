"""An issuer of our own for verification tests: a did:key, an accredited account, signing."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from eth_account.signers.local import LocalAccount

from node.chain import Scope, did_hash
from node.credentials import (
    Award,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
    SigningKey,
    issue_credential,
)
from node.documents import load_demo_framework
from node.ledger import GOVERNOR_KEY, Ledger
from tests.helpers import funded_account

FRAMEWORK = load_demo_framework()
#: Information technology and nursing; skill certificates and courses; up to level 5.
OWN_SCOPE = Scope.of(fields=[0, 2], outcome_types=[0, 1], max_level=5)


@dataclass(frozen=True)
class OwnIssuer:
    key: SigningKey
    account: LocalAccount
    scope: Scope

    @property
    def profile(self) -> IssuerProfile:
        return IssuerProfile(did=self.key.did, name="Test certification centre")


async def accredit(
    ledger: Ledger, key: SigningKey, scope: Scope = OWN_SCOPE, *, did: str | None = None
) -> OwnIssuer:
    """A funded account accredited for ``scope`` under ``did`` (the key's DID by default)."""
    account = await funded_account(ledger)
    now = int(time.time())
    action = ledger.registry.action_accredit(
        account.address, did_hash(did or key.did), scope, now - 3600, now + 365 * 86400
    )
    await ledger.registry.govern([ledger.account(GOVERNOR_KEY)], action)
    return OwnIssuer(key, account, scope)


def outcome(
    field: str = "information-technology",
    kind: OutcomeType = OutcomeType.SKILL_CERTIFICATE,
    level: int = 4,
    credits: str = "4.5",
) -> OutcomeStandardRef:
    """An outcome standard named with the demo framework's codes."""
    return OutcomeStandardRef(
        code=f"T-{field[:4].upper()}-{level}",
        name=f"Test outcome in {field}",
        description="A test outcome standard.",
        criteria="Pass the test.",
        outcome_type=kind,
        field_of_study=FieldOfStudy(code=field, name=FRAMEWORK.field(field).name),
        level=level,
        credits_available=Decimal(credits),
        credit_system="CB",
        standard_uri="https://catalog.creditbank.example/standards/test",
        framework_level_uri=f"https://catalog.creditbank.example/framework/levels/{level}",
    )


def award(learner_did: str, *, credits: str = "4.5", **changes: Any) -> Award:
    fields: dict[str, Any] = {
        "learner_did": learner_did,
        "credits_earned": Decimal(credits),
        "issued_on": datetime.now(UTC) - timedelta(days=1),
    }
    fields.update(changes)
    return Award(**fields)


async def sign(issuer: OwnIssuer, learner_did: str, **kwargs: Any) -> dict[str, Any]:
    """A credential signed by the issuer's DID."""
    award_changes = {k: kwargs.pop(k) for k in ("valid_until", "issued_on") if k in kwargs}
    credits = kwargs.pop("credits", "4.5")
    return await issue_credential(
        outcome(credits=credits, **kwargs),
        award(learner_did, credits=credits, **award_changes),
        issuer.profile,
        issuer.key,
    )
