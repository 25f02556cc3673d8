"""Turn request bodies (any JSON value) into engine calls and report JSON."""

from __future__ import annotations

from typing import Any

from node.credentials.packages import PACKAGE_TYPE
from node.errors import TooManyItemsError
from node.verification import Check, PresentationReport
from node.verification.presentation_checks import embedded_credentials
from verifier.context import VerifierContext

__all__ = [
    "verify_credential_body",
    "verify_package",
    "verify_presentation_body",
]


def _object(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _receipts(value: object) -> list[object]:
    return value if isinstance(value, list) else []


async def verify_credential_body(ctx: VerifierContext, body: object) -> dict[str, Any]:
    """VC-API ``/credentials/verify``: one credential and its receipt."""
    request = _object(body)
    report = await ctx.verifier.verify_credential(
        request.get("verifiableCredential"), request.get("receipt")
    )
    return {"verdict": "valid" if report.valid else "invalid", **report.to_json()}


async def verify_presentation_body(ctx: VerifierContext, body: object) -> dict[str, Any]:
    """VC-API ``/presentations/verify``: the challenge comes from ``options``."""
    request = _object(body)
    challenge = _text(_object(request.get("options")).get("challenge"))
    return (await _presentation(ctx, request, challenge)).to_json()


async def _presentation(
    ctx: VerifierContext, request: dict[str, Any], challenge: str
) -> PresentationReport:
    """The presentation and receipts of a request, checked against our one-time challenge."""
    presented = embedded_credentials(_object(request.get("verifiablePresentation")))
    limit = ctx.settings.max_presented_credentials
    if len(presented) > limit:
        raise TooManyItemsError(
            f"the presentation carries {len(presented)} credentials; "
            f"at most {limit} are verified at once",
            limit=limit,
        )
    return await ctx.verifier.verify_presentation(
        request.get("verifiablePresentation"),
        _receipts(request.get("receipts")),
        challenge=challenge,
        domain=ctx.settings.domain,
        challenge_valid=ctx.challenges.consume,
    )


def _package_check(package: object) -> Check:
    if isinstance(package, dict) and package.get("type") == PACKAGE_TYPE:
        return Check.passed("package", "a Credit Bank presentation package")
    return Check.failed("package", f"not a {PACKAGE_TYPE} package")


async def verify_package(ctx: VerifierContext, package: object) -> PresentationReport:
    """A wallet's shared package: presentation, receipts, and the challenge it answers."""
    request = _object(package)
    report = await _presentation(ctx, request, _text(request.get("challenge")))
    report.checks.insert(0, _package_check(package))
    return report
