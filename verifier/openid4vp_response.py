"""Judge an OpenID4VP 1.0 ``direct_post`` answer: each presentation, then the DCQL query.

Each presentation is verified by the shared engine with challenge = the request's nonce and
domain = our client id (OpenID4VP 1.0, Appendix B.1.2: Data Integrity presentations). The
credentials it carries must then satisfy the request's DCQL query. Only then is the request's
state consumed, once: a replay, a presentation for another nonce or one that does not satisfy
the query changes nothing, and is answered with the spec's error (``invalid_request``).

Our anchor receipts travel beside the presentations in an extra ``receipts`` parameter (a JSON
object from credential hash to receipt); OAuth lets a response carry parameters the other side
ignores. A wallet that sends none gets a report that says "not anchored", never "valid".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from node import jsonlimits
from node.credentials import credential_hash
from node.dcql import parse_query, unmet
from node.errors import CreditBankError, InputError
from node.verification import PresentationReport
from node.verification.presentation_checks import embedded_credentials
from verifier.context import VerifierContext
from verifier.openid4vp import Openid4vpRequests

__all__ = ["Oid4vpError", "accept_response"]

logger = logging.getLogger(__name__)

#: Presentation checks that must hold for an answer to be accepted at all, the most telling first.
BINDING_CHECKS = ("challenge", "domain", "signature", "holder-binding")
MAX_PRESENTATIONS = 8


@dataclass
class Oid4vpError(Exception):
    """An OAuth error response: ``{error, error_description}`` with HTTP 400."""

    error: str
    description: str

    def to_json(self) -> dict[str, str]:
        """The response body the spec's wallets read."""
        return {"error": self.error, "error_description": self.description}


def _invalid(description: str) -> Oid4vpError:
    return Oid4vpError("invalid_request", description)


def _json_member(form: Mapping[str, str], name: str, *, required: bool) -> Any:
    text = form.get(name)
    if text is None:
        if required:
            raise _invalid(f"{name} is missing")
        return None
    try:
        return jsonlimits.loads(text)
    except InputError as exc:
        raise _invalid(f"{name} is not valid JSON") from exc


def _vp_token(form: Mapping[str, str]) -> dict[str, list[dict[str, Any]]]:
    """``vp_token`` as 1.0 defines it for DCQL: query id -> non-empty array of presentations."""
    token = _json_member(form, "vp_token", required=True)
    if not isinstance(token, dict) or not token:
        raise _invalid("vp_token must be a JSON object keyed by credential query id")
    count = 0
    for query_id, presentations in token.items():
        if not isinstance(presentations, list) or not presentations:
            raise _invalid(f"vp_token[{query_id!r}] must be a non-empty array of presentations")
        if not all(isinstance(p, dict) for p in presentations):
            raise _invalid("an ldp_vc presentation is a JSON object (a VerifiablePresentation)")
        count += len(presentations)
    if count > MAX_PRESENTATIONS:
        raise _invalid(f"at most {MAX_PRESENTATIONS} presentations per response")
    return token


def _receipt_of(receipts: object, vc: object) -> object | None:
    if not isinstance(receipts, dict) or not isinstance(vc, dict):
        return None
    try:
        return receipts.get("0x" + credential_hash(vc).hex())
    except CreditBankError:
        return None


async def _verify(
    ctx: VerifierContext, vp: dict[str, Any], receipts: object, nonce: str, client_id: str
) -> PresentationReport:
    async def is_nonce(challenge: str) -> bool:
        return challenge == nonce  # used once: the state is consumed when the answer is accepted

    credentials = embedded_credentials(vp)
    return await ctx.verifier.verify_presentation(
        vp,
        [_receipt_of(receipts, vc) for vc in credentials],
        challenge=nonce,
        domain=client_id,
        challenge_valid=is_nonce,
    )


async def accept_response(
    ctx: VerifierContext, requests: Openid4vpRequests, form: Mapping[str, str]
) -> dict[str, Any]:
    """Verify and settle one response; the body to answer (``{}`` or ``{redirect_uri}``)."""
    state = form.get("state") or ""
    record = await requests.live(state) if state else None
    if record is None:
        raise _invalid(await requests.why_not_live(state) if state else "state is missing")
    if "error" in form:  # an error response (section 8.5): the wallet or learner declined
        declined = {"verdict": "declined", "error": form["error"][:64], "reports": []}
        if await requests.settle(state, declined) is None:
            raise _invalid(await requests.why_not_live(state))
        return {}
    params = record["params"]
    token = _vp_token(form)
    receipts = _json_member(form, "receipts", required=False)
    reports: list[PresentationReport] = []
    presented: dict[str, list[object]] = {}
    for query_id, presentations in token.items():
        for vp in presentations:
            report = await _verify(ctx, vp, receipts, params["nonce"], params["client_id"])
            failed = sorted(
                (c for c in report.checks if c.name in BINDING_CHECKS and not c.ok),
                key=lambda c: BINDING_CHECKS.index(c.name),
            )
            if failed:
                logger.info("refused an OpenID4VP presentation: %s", failed[0].name)
                raise _invalid(
                    f"presentation for {query_id!r} refused: {failed[0].name}: {failed[0].reason}"
                )
            reports.append(report)
            presented.setdefault(query_id, []).extend(embedded_credentials(vp))
    problems = unmet(parse_query(params["dcql_query"]), presented)
    if problems:
        raise _invalid("the presentation does not satisfy the query: " + "; ".join(problems))
    result = {
        "verdict": _verdict(reports),
        "reports": [r.to_json() for r in reports],
    }
    code = await requests.settle(state, result)
    if code is None:  # another response was accepted between our read and now
        raise _invalid(await requests.why_not_live(state))
    if not record.get("same_device"):
        return {}
    return {"redirect_uri": f"{requests.public_url}/openid4vp/answered?response_code={code}"}


def _verdict(reports: list[PresentationReport]) -> str:
    """Valid only if every presentation is: one invalid makes the answer invalid."""
    return "valid" if reports and all(r.verdict == "valid" for r in reports) else "invalid"
