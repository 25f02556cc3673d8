"""Console sign-in state: a session cookie and its CSRF token, both in the expiring-token store.

The cookie holds a random session value (only its SHA-256 is stored); the session's payload
names the operator and the CSRF token that every form of that session must carry. The CSRF
token is a row of its own (``issuer.csrf``) bound to the session's digest, so a form from an
earlier session, or from a page of another site, is refused. Both expire together.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

from issuer.auth import Role, admit
from issuer.context import IssuerContext
from issuer.models import Operator
from issuer.operators import Operators
from node.errors import AuthError, ForbiddenError

__all__ = [
    "COOKIE",
    "CSRF_KIND",
    "SESSION_KIND",
    "ConsoleSession",
    "SessionExpiredError",
    "SignInRequiredError",
    "StaleFormError",
    "check_form",
    "check_origin",
    "current_session",
    "end_session",
    "open_session",
]

SESSION_KIND = "issuer.session"
CSRF_KIND = "issuer.csrf"
COOKIE = "creditbank_console"
PATH = "/console"


class SignInRequiredError(AuthError):
    """No console session: the operator signs in first."""

    code = "SIGN_IN_REQUIRED"
    title = "Sign in first"


class SessionExpiredError(AuthError):
    """The session cookie names a session that expired or was ended."""

    code = "SESSION_EXPIRED"
    title = "Session expired"


class StaleFormError(ForbiddenError):
    """A form whose CSRF token is missing, unknown or from another session."""

    code = "STALE_FORM"
    title = "This form is out of date"


@dataclass(frozen=True, slots=True)
class ConsoleSession:
    """A signed-in operator, the session value and the CSRF token its forms carry."""

    operator: Operator
    value: str
    csrf: str

    def require(self, *roles: Role) -> Operator:
        """The operator, if its role is one of ``roles`` (403 otherwise)."""
        return admit(self.operator, set(roles))


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _secure(ctx: IssuerContext) -> bool:
    return urlsplit(ctx.settings.issuer_public_url).scheme == "https"


async def open_session(ctx: IssuerContext, operator: Operator, response: Response) -> None:
    """Start a session for ``operator`` and set its cookie on ``response``."""
    ttl = ctx.settings.console_session_seconds
    value = secrets.token_urlsafe(32)
    csrf = await ctx.tokens.issue(CSRF_KIND, ttl, payload={"session": _digest(value)})
    await ctx.tokens.issue(
        SESSION_KIND,
        ttl,
        value=value,
        payload={"operator_id": operator.id, "csrf": csrf.value},
        client=operator.name,
    )
    # a browser-session cookie: gone when the browser closes, and while the browser is open
    # an expired session is told apart from never having signed in
    response.set_cookie(
        COOKIE,
        value,
        path=PATH,
        httponly=True,
        samesite="strict",
        secure=_secure(ctx),
    )


async def end_session(ctx: IssuerContext, session: ConsoleSession, response: Response) -> None:
    """Sign out: both tokens are gone from the store and the cookie from the browser."""
    await ctx.tokens.revoke(SESSION_KIND, session.value)
    await ctx.tokens.revoke(CSRF_KIND, session.csrf)
    response.delete_cookie(COOKIE, path=PATH, httponly=True, samesite="strict")


async def current_session(ctx: IssuerContext, request: Request) -> ConsoleSession:
    """The live session of this request's cookie, with its active operator."""
    value = request.cookies.get(COOKIE)
    if not value:
        raise SignInRequiredError("sign in to use the console")
    token = await ctx.tokens.peek(SESSION_KIND, value)
    if token is None:
        raise SessionExpiredError("your session has expired or was ended; sign in again")
    operator = await Operators(ctx).get(int(token.payload["operator_id"]))
    if operator is None or not operator.active:
        raise SessionExpiredError("this operator is disabled; ask an administrator")
    return ConsoleSession(operator, value, str(token.payload["csrf"]))


def check_origin(ctx: IssuerContext, request: Request) -> None:
    """Refuse a form sent from a page of another origin (the Origin header, when sent)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        public = urlsplit(ctx.settings.issuer_public_url)
        sent = urlsplit(origin)
        own = {(public.scheme, public.netloc), (request.url.scheme, request.url.netloc)}
        if (sent.scheme, sent.netloc) not in own:
            raise StaleFormError(f"a form from {origin} is not accepted here")


async def check_form(ctx: IssuerContext, session: ConsoleSession, submitted: str) -> None:
    """The CSRF token of a posted form must be this session's live one."""
    token = await ctx.tokens.peek(CSRF_KIND, submitted)
    if token is None or token.payload.get("session") != _digest(session.value):
        raise StaleFormError(
            "this form was opened in an earlier session or has expired; "
            "reload the page and send it again"
        )
