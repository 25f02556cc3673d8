"""The request object our verifier serves by reference, read back by our wallet's rules."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from verifier.dcql import Wanted, build_query
from verifier.openid4vp import client_metadata, unsigned_request_object
from wallet.openid4vp import Openid4vpRequestError, request_object_payload, validate_request

RESPONSE_URI = "http://127.0.0.1:8002/openid4vp/response"


def _params(**changed: Any) -> dict[str, Any]:
    params = {
        "response_type": "vp_token",
        "client_id": "redirect_uri:" + RESPONSE_URI,
        "response_uri": RESPONSE_URI,
        "response_mode": "direct_post",
        "nonce": "n-0S6_WzA2Mj",
        "state": "s-123",
        "dcql_query": build_query(Wanted(outcome="1X-WFED")),
        "client_metadata": client_metadata(),
    }
    return {**params, **changed}


def test_the_unsigned_request_object_reads_back_as_the_same_request() -> None:
    jwt = unsigned_request_object(_params())
    header = json.loads(base64.urlsafe_b64decode(jwt.split(".")[0] + "=="))
    assert header == {"alg": "none", "typ": "oauth-authz-req+jwt"} and jwt.endswith(".")
    request = validate_request(request_object_payload(jwt))
    assert request.client_id == "redirect_uri:" + RESPONSE_URI and request.nonce == "n-0S6_WzA2Mj"
    assert request.query.credentials[0].claims[0].values == ("1X-WFED",)


def test_a_signed_request_object_is_refused() -> None:
    head, body, _ = unsigned_request_object(_params()).split(".")
    signed_head = base64.urlsafe_b64encode(b'{"alg":"EdDSA"}').decode().rstrip("=")
    with pytest.raises(Openid4vpRequestError, match="signed"):
        request_object_payload(f"{signed_head}.{body}.c2ln")
    with pytest.raises(Openid4vpRequestError, match="signed"):
        request_object_payload(f"{head}.{body}.c2ln")  # alg none with a signature is no better


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        ({"client_id": "redirect_uri:https://elsewhere.example/cb"}, "client_id"),
        ({"client_id": "x509_san_dns:127.0.0.1"}, "client_id"),
        ({"response_mode": "direct_post.jwt"}, "direct_post"),
        ({"response_type": "code"}, "vp_token"),
        ({"nonce": ""}, "nonce"),
        ({"dcql_query": None}, "DCQL"),
    ],
)
def test_requests_outside_our_profile_are_refused(changed: dict[str, Any], why: str) -> None:
    with pytest.raises(Openid4vpRequestError, match=why):
        validate_request(_params(**changed))
