"""Read the credential of a VC-API issue request: refuse malformed ones, keep what it asks for.

VC-API clients send an unsigned credential and expect it back signed as given. What one may
ask for is kept or refused with a reason, never replaced: the ``id``, the validity period
(``validFrom``/``validUntil`` in VC 2.0, ``issuanceDate``/``expirationDate`` in VC 1.1) and
the issuer, which must be absent or this issuer's own DID (a string, or an object with it as
``id``). The credential's own ``@context`` says its data model, and so its proof suite.

Wrong shapes are ``MalformedCredentialError`` (400, as the VC-API conformance suites expect);
a well-formed request that cannot be honoured is a 422 with its own code.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from node.credentials.contexts import STATUS_LIST_2021_CONTEXT, VC_V1_CONTEXT, VC_V2_CONTEXT
from node.credentials.errors import (
    CredentialError,
    CredentialIdError,
    IssuerNotAllowedError,
    MalformedCredentialError,
    ValidityPeriodError,
)
from node.credentials.formats import CredentialFormat
from node.credentials.status_entries import status_entry

__all__ = [
    "MAX_CREDENTIAL_ID",
    "MAX_SUBJECT_ID",
    "RequestedCredential",
    "check_issuer",
    "check_status_option",
    "read_issue_request",
    "read_requested",
    "unsigned_generic",
]

#: Stored ids are at most this long (the issuer's credential table).
MAX_CREDENTIAL_ID = 80
#: Stored subject ids are at most this long.
MAX_SUBJECT_ID = 200
#: VC-API issue options we understand; any other is refused rather than ignored.
_KNOWN_OPTIONS = frozenset({"credentialStatus", "mandatoryPointers"})
_ABSOLUTE_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
_DATES = {
    CredentialFormat.VC20: ("validFrom", "validUntil"),
    CredentialFormat.VC11: ("issuanceDate", "expirationDate"),
}


@dataclass(frozen=True, slots=True)
class RequestedCredential:
    """A shape-checked credential to issue and what it asks for."""

    credential: dict[str, Any]
    version: CredentialFormat
    credential_id: str | None
    valid_from: datetime | None
    valid_until: datetime | None
    #: ``achievement.humanCode``: the catalog outcome the credential claims, if any
    outcome_code: str | None
    subject_id: str | None

    @property
    def vc2(self) -> bool:
        """Whether the credential is VC Data Model 2.0."""
        return self.version is CredentialFormat.VC20

    @property
    def date_names(self) -> tuple[str, str]:
        """The names of the start and end of validity in this data model."""
        return _DATES[self.version]


def read_issue_request(body: object) -> tuple[dict[str, Any], dict[str, Any]]:
    """``credential`` and ``options`` of a ``POST /credentials/issue`` body, or 400."""
    if not isinstance(body, dict):
        raise MalformedCredentialError("the request body must be a JSON object")
    unknown = sorted(set(body) - {"credential", "options"})
    if unknown:
        raise MalformedCredentialError(
            f"unknown request members {unknown}; a VC-API issue request has credential and options",
            members=unknown,
        )
    credential = body.get("credential")
    if not isinstance(credential, dict):
        raise MalformedCredentialError("credential must be a JSON object")
    options = body.get("options", {})
    if not isinstance(options, dict):
        raise MalformedCredentialError("options must be a JSON object")
    unknown = sorted(set(options) - _KNOWN_OPTIONS)
    if unknown:
        raise MalformedCredentialError(
            f"unsupported options {unknown}; supported: {sorted(_KNOWN_OPTIONS)}",
            options=unknown,
        )
    if options.get("mandatoryPointers"):
        raise CredentialError("selective disclosure (mandatoryPointers) is not offered here")
    return credential, options


def read_requested(
    credential: dict[str, Any], issuer_did: str, now: datetime
) -> RequestedCredential:
    """Check the credential's shape and what it asks for; nothing is stored or allocated."""
    version = _version(credential)
    _check_types(credential)
    subjects = _subjects(credential)
    if "proof" in credential:
        raise MalformedCredentialError("the credential to issue must not carry a proof")
    if "credentialStatus" in credential:
        raise CredentialError(
            "credentialStatus is assigned by this issuer (its revocation list on chain)"
        )
    check_issuer(credential, issuer_did)
    valid_from, valid_until = _validity(credential, version, now)
    subject_id = subjects[0].get("id")
    if subject_id is not None and (not isinstance(subject_id, str) or not subject_id):
        raise MalformedCredentialError("credentialSubject.id must be a non-empty string")
    if subject_id is not None and len(subject_id) > MAX_SUBJECT_ID:
        raise CredentialError(f"credentialSubject.id is longer than {MAX_SUBJECT_ID} characters")
    achievement = subjects[0].get("achievement")
    code = achievement.get("humanCode") if isinstance(achievement, dict) else None
    return RequestedCredential(
        credential=credential,
        version=version,
        credential_id=_credential_id(credential),
        valid_from=valid_from,
        valid_until=valid_until,
        outcome_code=code if isinstance(code, str) else None,
        subject_id=subject_id,
    )


def check_issuer(credential: dict[str, Any], issuer_did: str) -> None:
    """The issuer must be absent or ours: we never sign in another's name."""
    if "issuer" not in credential:
        return
    issuer = credential["issuer"]
    named = issuer.get("id") if isinstance(issuer, dict) else issuer
    if named == issuer_did:
        return
    if isinstance(issuer, dict) and "id" not in issuer:
        why = "the issuer object has no id"
    elif isinstance(named, str):
        why = f"the credential names issuer {named!r}"
    else:
        why = "issuer must be this issuer's DID or an object with it as id"
    raise IssuerNotAllowedError(
        f"{why}; this issuer signs only as {issuer_did} (or leave issuer out)",
        issuer=issuer_did,
    )


def check_status_option(options: dict[str, Any], version: CredentialFormat) -> None:
    """``options.credentialStatus`` may ask only for the status entry this issuer assigns."""
    if "credentialStatus" not in options:
        return
    asked = options["credentialStatus"]
    kind = asked.get("type") if isinstance(asked, dict) else None
    ours = status_entry("", 0, vc2=version is CredentialFormat.VC20)["type"]
    if kind != ours:
        raise CredentialError(
            f"options.credentialStatus: this issuer assigns {ours} entries to "
            f"{'VC 2.0' if version is CredentialFormat.VC20 else 'VC 1.1'} credentials",
            status_type=ours,
        )


def _version(credential: dict[str, Any]) -> CredentialFormat:
    contexts = credential.get("@context")
    if not isinstance(contexts, list) or not contexts:
        raise MalformedCredentialError("@context must be a non-empty array")
    if not all(isinstance(c, str | dict) for c in contexts):
        raise MalformedCredentialError("@context items must be IRIs or context objects")
    if contexts[0] == VC_V2_CONTEXT:
        return CredentialFormat.VC20
    if contexts[0] == VC_V1_CONTEXT:
        return CredentialFormat.VC11
    raise MalformedCredentialError(
        f"the first @context must be {VC_V2_CONTEXT} (VC 2.0) or {VC_V1_CONTEXT} (VC 1.1)"
    )


def _check_types(credential: dict[str, Any]) -> None:
    kinds = credential.get("type")
    listed = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(listed, list) or not all(isinstance(k, str) for k in listed):
        raise MalformedCredentialError("type must be an array of strings")
    if "VerifiableCredential" not in listed:
        raise MalformedCredentialError("type must include VerifiableCredential")


def _subjects(credential: dict[str, Any]) -> list[dict[str, Any]]:
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    if not subjects or not all(isinstance(s, dict) and s for s in subjects):
        raise MalformedCredentialError(
            "credentialSubject must be a non-empty object (or an array of them)"
        )
    return subjects  # type: ignore[return-value]


def _credential_id(credential: dict[str, Any]) -> str | None:
    if "id" not in credential:
        return None
    value = credential["id"]
    if not isinstance(value, str):
        raise MalformedCredentialError("id must be a string (an absolute URI)")
    if not _ABSOLUTE_URI.match(value):
        raise CredentialIdError(f"id {value!r} is not an absolute URI (e.g. urn:uuid:...)")
    if len(value) > MAX_CREDENTIAL_ID:
        raise CredentialIdError(f"id is longer than the {MAX_CREDENTIAL_ID} characters kept here")
    return value


def _validity(
    credential: dict[str, Any], version: CredentialFormat, now: datetime
) -> tuple[datetime | None, datetime | None]:
    start, end = _DATES[version]
    other = _DATES[
        CredentialFormat.VC11 if version is CredentialFormat.VC20 else CredentialFormat.VC20
    ]
    for name in other:
        if name in credential:
            model = "VC 2.0" if version is CredentialFormat.VC20 else "VC 1.1"
            raise ValidityPeriodError(
                f"{name} is not a {model} term; a {model} credential uses {start} and {end}",
                term=name,
            )
    valid_from = _date(credential, start)
    valid_until = _date(credential, end)
    if valid_until is not None:
        if valid_from is not None and valid_until <= valid_from:
            raise ValidityPeriodError(
                f"{end} {credential[end]} is not after {start} {credential[start]}"
            )
        if valid_until <= now:
            raise ValidityPeriodError(
                f"{end} {credential[end]} has passed: the credential would never be valid"
            )
    return valid_from, valid_until


def _date(credential: dict[str, Any], name: str) -> datetime | None:
    """An XML Schema dateTimeStamp (with its time zone) as VC dates are written."""
    if name not in credential:
        return None
    value = credential[name]
    if not isinstance(value, str) or "T" not in value:
        raise ValidityPeriodError(f"{name} must be a date-time string such as 2026-01-01T00:00:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValidityPeriodError(f"{name} {value!r} is not a date-time") from None
    if moment.tzinfo is None:
        raise ValidityPeriodError(f"{name} {value!r} has no time zone (add Z or an offset)")
    return moment.astimezone(UTC)


def unsigned_generic(
    requested: RequestedCredential,
    issuer_did: str,
    *,
    credential_id: str | None,
    issued_at: datetime,
    status: tuple[str, int] | None,
) -> dict[str, Any]:
    """The credential to sign: as given, plus what the issuer adds and nothing replaced.

    Added only where absent: ``issuer`` (this issuer's DID), ``id`` (a ``urn:uuid``) and the
    start of validity (now). Always added: the ``credentialStatus`` naming the credential's
    revocation bit (a request carrying its own was refused).
    """
    document = dict(requested.credential)
    document.setdefault("issuer", issuer_did)
    document.setdefault("id", credential_id or f"urn:uuid:{uuid.uuid4()}")
    start = _DATES[requested.version][0]
    document.setdefault(start, issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if status is not None:
        document["credentialStatus"] = status_entry(*status, vc2=requested.vc2)
        contexts = list(document["@context"])
        if not requested.vc2 and STATUS_LIST_2021_CONTEXT not in contexts:
            document["@context"] = [*contexts, STATUS_LIST_2021_CONTEXT]
    return document
