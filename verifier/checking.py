"""Turn request bodies (any JSON value) into engine calls and report JSON."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from node.chain import did_hash
from node.credentials.packages import PACKAGE_TYPE
from node.errors import ChainError, TooManyItemsError
from node.verification import Check, PresentationReport
from node.verification.presentation_checks import embedded_credentials
from node.web.metrics import VERIFICATIONS
from verifier.context import VerifierContext
from verifier.vcapi import (
    VcApiResult,
    bank_verdict,
    issuer_binding_decides,
    requested_checks,
    vcapi_result,
)

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


async def verify_credential_body(ctx: VerifierContext, body: object) -> VcApiResult:
    """VC-API ``/credentials/verify``: one credential, its receipt, and the checks asked for."""
    request = _object(body)
    options = request.get("options")
    checks = requested_checks(options)
    vc = request.get("verifiableCredential")
    receipt = request.get("receipt")
    report = await ctx.verifier.verify_credential(vc, receipt)
    given = receipt is not None
    known = issuer_binding_decides(report, given) and await _issuer_known(ctx, report.issuer)
    verdict = bank_verdict(report, given, known)
    defaulted = not isinstance(options, dict) or "checks" not in options
    VERIFICATIONS.labels("credential", verdict).inc()
    return vcapi_result(report, checks, defaulted=defaulted, verdict=verdict)


async def _issuer_known(ctx: VerifierContext, issuer: str | None) -> bool:
    """Whether the issuer DID is bound to an account of this credit bank (not foreign)."""
    if not issuer:
        return False
    try:
        account = await ctx.registry.account_of_did(did_hash(issuer))
    except ChainError:
        return False  # unknown is not "accredited here": the verdict stays the cautious one
    return int(account, 16) != 0


async def verify_presentation_body(ctx: VerifierContext, body: object) -> VcApiResult:
    """VC-API ``/presentations/verify``: the presentation's own checks, then each credential's.

    200 when the presentation holds (signature, holder, challenge, domain) and every credential
    passes the checks asked for; 422 otherwise. The full report travels in ``report``.
    """
    request = _object(body)
    options = request.get("options")
    checks = requested_checks(options)
    defaulted = not isinstance(options, dict) or "checks" not in options
    challenge = _text(_object(options).get("challenge"))
    report = await _presentation(ctx, request, challenge)
    errors = [
        {"type": f"urn:creditbank:check:{c.name}", "check": c.name,
         "title": f"{c.name} {c.status.value}", "detail": c.reason}
        for c in report.checks if not c.ok
    ]  # fmt: skip
    credentials = [
        vcapi_result(r, checks, defaulted=defaulted, verdict=bank_verdict(r, True, True)).body
        for r in report.credentials
    ]
    for i, answer in enumerate(credentials):
        errors += [{**e, "credential": str(i)} for e in answer["errors"]]
    if not report.credentials:
        errors.append(
            {"type": "urn:creditbank:check:structure", "check": "structure",
             "title": "structure failed", "detail": "the presentation carries no credential"}
        )  # fmt: skip
    body = {
        "verified": not errors,
        "checks": ["proof", *checks] if not errors else [],
        "warnings": [w for answer in credentials for w in answer["warnings"]],
        "errors": errors,
        "verdict": report.verdict,
        "report": report.to_json(),
    }
    VERIFICATIONS.labels("presentation", report.verdict).inc()
    return VcApiResult(200 if not errors else 422, body)


async def _presentation(
    ctx: VerifierContext,
    request: dict[str, Any],
    challenge: str,
    challenge_valid: Callable[[str], Awaitable[bool]] | None = None,
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
        challenge_valid=challenge_valid or ctx.challenges.consume,
    )


def _package_check(package: object) -> Check:
    if isinstance(package, dict) and package.get("type") == PACKAGE_TYPE:
        return Check.passed("package", "a Credit Bank presentation package")
    return Check.failed("package", f"not a {PACKAGE_TYPE} package")


async def verify_package(
    ctx: VerifierContext,
    package: object,
    *,
    challenge_valid: Callable[[str], Awaitable[bool]] | None = None,
) -> PresentationReport:
    """A wallet's package: presentation, receipts, and the challenge it answers.

    The challenge is used up here unless ``challenge_valid`` says how it was settled (a kept
    share's was used up when it was shared).
    """
    request = _object(package)
    report = await _presentation(ctx, request, _text(request.get("challenge")), challenge_valid)
    report.checks.insert(0, _package_check(package))
    VERIFICATIONS.labels("package", report.verdict).inc()
    return report
