"""Errors of the issuer service, each with a stable code."""

from __future__ import annotations

from node.errors import ConflictError, ForbiddenError, InputError, NotFoundError

__all__ = [
    "ApplicationDecidedError",
    "CredentialNotFoundError",
    "OfferInvalidError",
    "OfferRedeemedError",
    "OutOfAccreditationScopeError",
    "UnknownStandardError",
]


class UnknownStandardError(InputError):
    """The outcome standard is not in this issuer's published catalog."""

    code = "UNKNOWN_STANDARD"
    title = "Unknown outcome standard"


class OutOfAccreditationScopeError(ForbiddenError):
    """The issuer is not accredited, now, for this field, outcome type or level."""

    code = "OUT_OF_ACCREDITATION_SCOPE"
    title = "Outside the issuer's accreditation"


class CredentialNotFoundError(NotFoundError):
    """No credential with this id was issued here."""

    code = "CREDENTIAL_NOT_FOUND"
    title = "Credential not found"


class ApplicationDecidedError(ConflictError):
    """The application was approved or rejected already."""

    code = "APPLICATION_ALREADY_DECIDED"
    title = "Application already decided"


class OfferInvalidError(InputError):
    """The offer code or access token is unknown or expired."""

    code = "OFFER_INVALID"
    http_status = 400
    title = "Invalid or expired offer"


class OfferRedeemedError(ConflictError):
    """A one-time offer code was used already."""

    code = "OFFER_ALREADY_REDEEMED"
    title = "Offer already redeemed"


class ProgrammeVersionExistsError(ConflictError):
    """A programme version is published once; a change is a new version."""

    code = "PROGRAMME_VERSION_EXISTS"
    title = "Programme version published already"


class ProgrammeNotFoundError(NotFoundError):
    """This institution published no such programme."""

    code = "PROGRAMME_NOT_FOUND"
    title = "Programme not found"


class ConversionRefusedError(InputError):
    """Presented credentials that cannot be converted: invalid, foreign or not the learner's."""

    code = "CONVERSION_REFUSED"
    title = "Conversion refused"


class AlreadyConvertedError(ConflictError):
    """A source credential was converted into this programme before."""

    code = "ALREADY_CONVERTED"
    title = "Already converted"
