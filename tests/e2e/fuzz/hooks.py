"""Schemathesis hooks for the fuzz run (loaded by the CLI through ``SCHEMATHESIS_HOOKS``).

- ``problem_documents``: every error answer is an RFC 9457 problem with a stable ``code``
  (or, from a VC-API verify route, the verification result of what did not verify).
- ``before_call``: authenticate as the test asked, keep every URL in a request on loopback
  (a wallet fetches the institution and issuer URLs it is given), and give ``/wallet/lock``
  a throwaway session so the fuzzer never locks itself out.

Settings come from the environment the test sets: ``CREDITBANK_FUZZ_HEADERS`` (JSON),
``CREDITBANK_FUZZ_LOOPBACK`` (``host:port`` every URL is pointed at) and, for a wallet,
``CREDITBANK_FUZZ_UNLOCK`` (JSON: the wallet's ``url`` and the ``body`` that unlocks it).
"""

from __future__ import annotations

import json
import os
import re
from typing import Any

import httpx
import schemathesis
from schemathesis import Case, CheckContext, HookContext, Response

#: OpenID4VCI endpoints answer errors as RFC 6749 and OpenID4VCI 1.0 say: JSON with ``error``.
OAUTH_PATHS = frozenset({"/token", "/nonce", "/credential", "/openid4vp/response"})

_URL_AUTHORITY = re.compile(r"(?i)\b(https?://)[^/?#\s\"'\\]*")


@schemathesis.check
def problem_documents(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    """An error answer is ``application/problem+json`` with a ``code`` (RFC 9457, our codes)."""
    if response.status_code < 400:
        return None
    media = (response.headers.get("content-type") or [""])[0].split(";")[0].strip()
    body = response.json() if "json" in media else None
    if media == "application/json" and isinstance(body, dict) and body.get("verified") is False:
        return None  # the VC-API's answer to what does not verify: a verification result
    if case.path in OAUTH_PATHS and media == "application/json" and isinstance(body, dict):
        if isinstance(body.get("error"), str):  # OAuth 2.0 / OpenID4VCI name their own errors
            return None
    if media != "application/problem+json":
        raise AssertionError(f"a {response.status_code} answered as {media!r}, not a problem")
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise AssertionError(f"a problem without a code: {str(body)[:300]}")
    if body.get("type") != f"urn:creditbank:error:{body['code']}":
        raise AssertionError(f"problem type {body.get('type')!r} does not name its code")
    return None


def on_loopback(value: Any, authority: str) -> Any:
    """``value`` with every http(s) URL in it pointed at ``authority``."""
    if isinstance(value, str):
        return _URL_AUTHORITY.sub(lambda m: m.group(1) + authority, value)
    if isinstance(value, list):
        return [on_loopback(v, authority) for v in value]
    if isinstance(value, dict):
        return {k: on_loopback(v, authority) for k, v in value.items()}
    return value


def _fresh_session() -> str:
    unlock = json.loads(os.environ["CREDITBANK_FUZZ_UNLOCK"])
    answer = httpx.post(f"{unlock['url']}/wallet/unlock", json=unlock["body"], timeout=60)
    answer.raise_for_status()
    return f"Bearer {answer.json()['token']}"


@schemathesis.hook
def before_call(context: HookContext, case: Case[Any], kwargs: dict[str, Any]) -> None:
    """Authenticate, keep URLs on loopback, and protect the fuzzer's own wallet session."""
    authority = os.environ["CREDITBANK_FUZZ_LOOPBACK"]
    if case.body is not None:
        case.body = on_loopback(case.body, authority)
    if case.query:
        case.query = on_loopback(case.query, authority)
    case.headers.update(json.loads(os.environ.get("CREDITBANK_FUZZ_HEADERS", "{}")))
    if case.path == "/wallet/lock" and "CREDITBANK_FUZZ_UNLOCK" in os.environ:
        case.headers["Authorization"] = _fresh_session()
