"""OpenID4VCI and OAuth 2.0 errors, answered as the specs name them rather than as problems.

Wallets read ``error`` from a JSON body (RFC 6749 section 5.2, OpenID4VCI 1.0 section 8.3.1.2)
and ``WWW-Authenticate`` on a 401 (RFC 6750); a problem document would hide both. The route
class below turns an ``OAuthError`` into that answer for the protocol routes only.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

__all__ = [
    "NO_STORE",
    "InvalidGrantError",
    "InvalidNonceError",
    "InvalidProofError",
    "InvalidTokenError",
    "OAuthError",
    "OAuthRoute",
]

#: Token, nonce and credential responses are never cached (RFC 6749 section 5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class OAuthError(Exception):
    """An error with the spec's ``error`` code; ``description`` is ours, never library text."""

    status = 400

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description

    def response(self) -> JSONResponse:
        """The JSON body and headers the spec prescribes."""
        return JSONResponse(
            {"error": self.error, "error_description": self.description},
            status_code=self.status,
            headers=dict(NO_STORE),
        )


class InvalidGrantError(OAuthError):
    """Unknown, used or expired pre-authorised code, or a wrong ``tx_code``."""

    def __init__(self, description: str) -> None:
        super().__init__("invalid_grant", description)


class InvalidProofError(OAuthError):
    """The key proof does not hold."""

    def __init__(self, description: str) -> None:
        super().__init__("invalid_proof", description)


class InvalidNonceError(OAuthError):
    """The key proof carries no live ``c_nonce``: the wallet asks the nonce endpoint again."""

    def __init__(self, description: str) -> None:
        super().__init__("invalid_nonce", description)


class InvalidTokenError(OAuthError):
    """Missing, unknown or expired access token (RFC 6750 section 3.1)."""

    status = 401

    def __init__(self, description: str) -> None:
        super().__init__("invalid_token", description)

    def response(self) -> JSONResponse:
        """401 with the Bearer challenge a client reads."""
        answer = super().response()
        answer.headers["WWW-Authenticate"] = (
            f'Bearer error="invalid_token", error_description="{self.description}"'
        )
        return answer


class OAuthRoute(APIRoute):
    """A route whose ``OAuthError``s are answered in the OAuth shape; other errors pass on."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap FastAPI's handler (FastAPI's documented custom-route-class hook)."""
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except OAuthError as exc:
                return exc.response()

        return answer
