"""The personal learning account: credits summed by field, level, credit system, outcome type.

The one rule for credits (``node.verification.credits``) decides what counts, as it does for the
employer: certified credentials that verified and are active on chain count; conversions make
the balance per programme; generic ones and those not anchored (yet) add nothing. Suspended,
revoked, invalid and pending ones are listed with their status and add nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from node.conversion.credential import claim_of
from node.verification import (
    CREDENTIAL_CHECKS,
    CatalogVerdict,
    CreditInput,
    CreditLine,
    achievement_facts,
    classify,
)
from node.verification.catalogs import UNCHECKED
from wallet.models import HeldCredential

__all__ = ["Account", "CredentialLine", "build_account", "credit_input", "describe"]


@dataclass(frozen=True)
class CredentialLine:
    """One credential as the account lists it."""

    id: str
    name: str
    standard_code: str | None
    issuer: str | None
    field_code: str | None
    field_name: str | None
    level: int | None
    credit_system: str | None
    outcome_type: str | None
    credits: Decimal
    status: str
    reasons: list[str]
    has_receipt: bool
    credit_class: str = "generic"
    counted: bool = False
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        """JSON with credits as a string (exact decimals)."""
        return {
            "id": self.id,
            "name": self.name,
            "standard_code": self.standard_code,
            "issuer": self.issuer,
            "field": self.field_code,
            "field_name": self.field_name,
            "level": self.level,
            "credit_system": self.credit_system,
            "outcome_type": self.outcome_type,
            "credits": str(self.credits),
            "status": self.status,
            "reasons": self.reasons,
            "has_receipt": self.has_receipt,
            "class": self.credit_class,
            "counted": self.counted,
            "note": self.note,
        }


@dataclass
class Account:
    """Totals over the valid credentials, and every credential with its status."""

    did: str
    total: Decimal = Decimal(0)
    by_field: dict[str, Decimal] = field(default_factory=dict)
    by_level: dict[str, Decimal] = field(default_factory=dict)
    by_credit_system: dict[str, Decimal] = field(default_factory=dict)
    by_outcome_type: dict[str, Decimal] = field(default_factory=dict)
    credentials: list[CredentialLine] = field(default_factory=list)
    #: programme → credits converted into it (valid conversion credentials only)
    by_programme: dict[str, Decimal] = field(default_factory=dict)
    conversions: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """JSON with credits as strings (exact decimals)."""

        def plain(totals: dict[str, Decimal]) -> dict[str, str]:
            return {k: str(v) for k, v in sorted(totals.items())}

        return {
            "did": self.did,
            "total_credits": str(self.total),
            "by_field": plain(self.by_field),
            "by_level": plain(self.by_level),
            "by_credit_system": plain(self.by_credit_system),
            "by_outcome_type": plain(self.by_outcome_type),
            "credentials": [c.to_json() for c in self.credentials],
            "by_programme": plain(self.by_programme),
            "conversions": self.conversions,
        }


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _credits(value: object) -> Decimal:
    """Credits as an exact decimal; anything odd counts as zero rather than crashing."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return Decimal(0)
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return Decimal(0)
    return amount if amount.is_finite() and amount >= 0 else Decimal(0)


def describe(held: HeldCredential) -> CredentialLine:
    """Read the achievement's classification and the credits earned from a credential."""
    vc = held.credential
    subject = vc.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    subject = subject if isinstance(subject, dict) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, dict) else {}
    issuer = vc.get("issuer")
    level = achievement.get("qualificationLevel")
    outcome = achievement.get("outcomeType")
    return CredentialLine(
        id=held.id,
        name=_str(achievement.get("name")) or _str(vc.get("name")) or held.id,
        standard_code=_str(achievement.get("humanCode")),
        issuer=_str(issuer.get("name") or issuer.get("id"))
        if isinstance(issuer, dict)
        else _str(issuer),
        field_code=_str(achievement.get("fieldOfStudyCode")),
        field_name=_str(achievement.get("fieldOfStudy")),
        level=level if isinstance(level, int) and not isinstance(level, bool) else None,
        credit_system=_str(achievement.get("creditSystem")),
        outcome_type=str(outcome) if isinstance(outcome, str | int) else None,
        credits=_credits(subject.get("creditsEarned")),
        status=held.label,
        reasons=list(held.reasons),
        has_receipt=held.receipt is not None,
    )


def _checks(held: HeldCredential) -> dict[str, str]:
    """The checks as the wallet last saw them: its reasons name the ones that did not pass."""
    checks = dict.fromkeys(CREDENTIAL_CHECKS, "passed")
    failed = {reason.split(":", 1)[0] for reason in held.reasons} & set(checks)
    if held.pending or held.receipt is None:
        failed.add("receipt")
    if held.status in ("suspended", "revoked"):
        failed.add("status")
    if not held.valid and not failed:
        failed.add("signature")  # refused for a reason it did not name: fail closed
    checks.update(dict.fromkeys(failed, "failed"))
    return checks


def _catalog(held: HeldCredential) -> CatalogVerdict:
    """The catalog verdict of the last check that read one, else unchecked."""
    verdict = held.catalog
    if not isinstance(verdict, dict) or verdict.get("state") not in (
        "agrees",
        "disagrees",
        "unknown",
    ):
        return UNCHECKED
    credits = _credits(verdict.get("credits")) if verdict.get("credits") is not None else None
    return CatalogVerdict(
        verdict["state"], str(verdict.get("reason") or ""), credits, verdict.get("catalog")
    )


def credit_input(held: HeldCredential) -> CreditInput:
    """What the one rule for credits needs from a held credential."""
    receipt = held.receipt or {}
    digest = receipt.get("credentialHash")
    return CreditInput(
        credential_id=held.id,
        credential_hash=digest if isinstance(digest, str) else None,
        checks=_checks(held),
        facts=achievement_facts(held.credential),
        claim=claim_of(held.credential),
        catalog=_catalog(held),
    )


def build_account(did: str, held: Iterable[HeldCredential]) -> Account:
    """Sum what the one rule for credits counts, along each classification.

    Conversion credentials carry credits of a college programme granted for outcomes the
    account already counts: they make the balance per programme, not the totals.
    """
    account = Account(did=did)
    for credential in held:
        rule: CreditLine = classify(credit_input(credential))
        line = replace(
            describe(credential),
            credit_class=rule.credit_class,
            counted=rule.counted,
            note=rule.note,
        )
        account.credentials.append(line)
        claim = claim_of(credential.credential)
        if claim is not None:
            account.conversions.append(
                {
                    "credential_id": line.id,
                    "conversion_id": claim.conversion_id,
                    "programme": claim.programme,
                    "credits": str(claim.credits),
                    "sources": list(claim.sources),
                    "status": line.status,
                    "counted": rule.counted,
                }
            )
        if not rule.counted:
            continue
        if claim is not None:
            total = account.by_programme.get(claim.programme, Decimal(0))
            account.by_programme[claim.programme] = total + claim.credits
            continue
        account.total += line.credits
        level = str(line.level) if line.level is not None else None
        for totals, key in (
            (account.by_field, line.field_code or line.field_name),
            (account.by_level, level),
            (account.by_credit_system, line.credit_system),
            (account.by_outcome_type, line.outcome_type),
        ):
            bucket = key or "unspecified"
            totals[bucket] = totals.get(bucket, Decimal(0)) + line.credits
    return account
