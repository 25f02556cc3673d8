"""Checks of a credential that need neither chain nor signature: shape, schema, format, dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from node.credentials import (
    VC_V2_CONTEXT,
    SchemaError,
    UnsupportedCredentialError,
    validate_ob3,
)
from node.credentials.errors import CredentialError
from node.credentials.support import check_credential
from node.verification.report import Check

__all__ = [
    "check_schema",
    "check_structure",
    "check_supported",
    "check_validity",
    "issuer_did",
    "listed",
    "parse_date",
]

NOT_AN_OBJECT = "not checked: the credential is not a JSON object"


def listed(value: object) -> list[Any]:
    """A JSON member that may be one item or many, as a list (absent is empty)."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def issuer_did(credential: dict[str, Any]) -> str | None:
    """The ``issuer`` identifier, whether given as a string or as a profile object."""
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    return issuer_id if isinstance(issuer_id, str) else None


def is_vc2(vc: dict[str, Any]) -> bool:
    """Whether the credential says it is VC Data Model 2.0 (first context credentials/v2)."""
    return listed(vc.get("@context"))[:1] == [VC_V2_CONTEXT]


def _model(vc: dict[str, Any]) -> str:
    return "VC Data Model 2.0" if is_vc2(vc) else "VC Data Model 1.1"


def _structure_problems(vc: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    contexts = vc.get("@context")
    if not listed(contexts) or not all(isinstance(c, str | dict) for c in listed(contexts)):
        problems.append("@context must be a non-empty list of IRIs or objects")
    if "VerifiableCredential" not in listed(vc.get("type")):
        problems.append("type must include VerifiableCredential")
    if issuer_did(vc) is None:
        problems.append("issuer must be an identifier or an object with an id")
    if is_vc2(vc):
        if "validFrom" in vc and not isinstance(vc.get("validFrom"), str):
            problems.append("validFrom must be a date-time string")
    elif not isinstance(vc.get("issuanceDate"), str):
        problems.append("issuanceDate (VC Data Model 1.1) is missing")
    subjects = listed(vc.get("credentialSubject"))
    if not subjects or not all(isinstance(s, dict) for s in subjects):
        problems.append("credentialSubject must be an object")
    proofs = listed(vc.get("proof"))
    if not proofs or not all(isinstance(p, dict) for p in proofs):
        problems.append("proof is missing: the credential is not signed")
    return problems


def check_structure(vc: object) -> Check:
    """A JSON object shaped as a signed VC Data Model 1.1 or 2.0 credential."""
    if not isinstance(vc, dict):
        return Check.failed("structure", f"a credential is a JSON object, not {_kind(vc)}")
    problems = _structure_problems(vc)
    if problems:
        return Check.failed("structure", "; ".join(problems))
    return Check.passed("structure", f"a signed {_model(vc)} credential")


#: Types that make a credential an Open Badge, to which 1EdTech's schema applies.
_OPEN_BADGE_TYPES = frozenset({"OpenBadgeCredential", "AchievementCredential"})


def check_schema(vc: dict[str, Any] | None) -> Check:
    """The Open Badges 3.0 AchievementCredential JSON Schema of the credential's data model.

    Only an Open Badge (typed ``OpenBadgeCredential`` or ``AchievementCredential``) is held to
    it; any other credential, such as a generic one issued through the VC-API, passes as such.

    For VC 2.0 a mismatch is only a warning (the check passes, its reason says so): 1EdTech's
    own sample fails the current schema. For VC 1.1 it fails, as it always has.
    """
    if vc is None:
        return Check.could_not("schema", NOT_AN_OBJECT)
    if not _OPEN_BADGE_TYPES & {t for t in listed(vc.get("type")) if isinstance(t, str)}:
        return Check.passed("schema", "not an Open Badge: the Open Badges schema does not apply")
    try:
        validate_ob3(vc)
    except SchemaError as exc:
        shown = exc.problems[:4]
        more = len(exc.problems) - len(shown)
        reason = "; ".join(shown) + (f" (and {more} more)" if more > 0 else "")
        if is_vc2(vc):
            return Check.passed(
                "schema", f"warning: does not conform to the OB 3.0 VC 2.0 schema: {reason}"
            )
        return Check.failed("schema", f"not an Open Badges 3.0 credential: {reason}")
    return Check.passed(
        "schema", f"conforms to the Open Badges 3.0 AchievementCredential schema ({_model(vc)})"
    )


def check_supported(vc: dict[str, Any] | None) -> Check:
    """Contexts, proof suite and DID method this verifier can process offline."""
    if vc is None:
        return Check.could_not("supported", NOT_AN_OBJECT)
    try:
        check_credential(vc, signed=True)
    except UnsupportedCredentialError as exc:
        return Check.failed("supported", f"unsupported: {exc.detail}")
    except CredentialError as exc:
        return Check.failed("supported", exc.detail)
    return Check.passed(
        "supported", f"{_model(vc)} with pinned contexts and our proof suites, by a did:key"
    )


def parse_date(value: object) -> datetime | None:
    """An ISO 8601 date-time (a missing zone is read as UTC), or None if unreadable."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_validity(vc: dict[str, Any] | None, now: datetime, skew: timedelta) -> Check:
    """Valid from no later than now (allowing clock skew) and not yet expired.

    VC 2.0 uses ``validFrom``/``validUntil``, VC 1.1 ``issuanceDate``/``expirationDate``;
    whichever of the four a credential carries must hold.
    """
    if vc is None:
        return Check.could_not("validity", NOT_AN_OBJECT)
    start = "validFrom" if is_vc2(vc) else "issuanceDate"
    if start not in vc and not is_vc2(vc):
        return Check.failed("validity", f"{start} is missing or not a date-time")
    dates: dict[str, datetime] = {}
    for member in ("issuanceDate", "validFrom", "expirationDate", "validUntil"):
        if member in vc:
            moment = parse_date(vc.get(member))
            if moment is None:
                return Check.failed("validity", f"{member} is not a date-time")
            dates[member] = moment
    for member in ("issuanceDate", "validFrom"):
        if member in dates and dates[member] > now + skew:
            what = "issued" if member == "issuanceDate" else "valid from a date"
            what += " in the future"
            return Check.failed("validity", f"{what} ({member} {dates[member].isoformat()})")
    ends = [(m, dates[m]) for m in ("validUntil", "expirationDate") if m in dates]
    for member, moment in ends:
        if moment <= now:
            return Check.failed("validity", f"expired on {moment.isoformat()} ({member})")
    word = "issued" if start == "issuanceDate" else "valid from"
    since = f"{word} {dates[start].date().isoformat()}" if start in dates else f"no {start}"
    if not ends:
        return Check.passed("validity", f"{since}, no expiry")
    return Check.passed("validity", f"{since}, valid until {ends[0][1].date().isoformat()}")


def _kind(value: object) -> str:
    """A JSON type name for a reason text."""
    names = {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    for kind, name in names.items():
        if isinstance(value, kind):
            return name
    return "a number" if isinstance(value, int | float) else type(value).__name__
