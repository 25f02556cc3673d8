"""OpenID4VP 1.0 end to end: the employer asks, a wallet answers at the response URI.

Every refusal answers the spec's ``invalid_request`` and changes nothing: the request stays
pending, or the first answer's report stays as it was.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from node.credentials import credential_hash
from tests.e2e.learners import PASSPHRASE
from tests.e2e.protocols.oid4vp.conftest import Learner, ask, status_of
from wallet.openid4vp import read_request


async def _form(
    learner: Learner, made: dict[str, Any], ids: list[str], nonce: str = ""
) -> dict[str, str]:
    """The direct_post body our wallet sends, signed for ``nonce`` (by default the request's)."""
    params = made["request"]
    package = await learner.wallet.present(
        ids, challenge=nonce or params["nonce"], domain=params["client_id"]
    )
    receipts = {
        "0x" + credential_hash(h.credential).hex(): h.receipt
        for h in (learner.wallet.get(i) for i in ids)
    }
    return {
        "vp_token": json.dumps({"credential": [package["verifiablePresentation"]]}),
        "receipts": json.dumps(receipts),
        "state": params["state"],
    }


async def test_the_request_follows_the_redirect_uri_profile(
    http: httpx.AsyncClient, verifier_url: str
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED", at_least_level=6)
    params = made["request"]
    response_uri = f"{verifier_url}/openid4vp/response"
    assert params["client_id"] == "redirect_uri:" + response_uri
    assert params["response_uri"] == response_uri
    assert (params["response_type"], params["response_mode"]) == ("vp_token", "direct_post")
    claims = {c["id"]: c["values"] for c in params["dcql_query"]["credentials"][0]["claims"]}
    assert claims == {"outcome": ["1X-WFED"], "level": [6, 7, 8]}
    # by value: every parameter in the link; by reference: an unsigned request object
    link = parse_qs(urlsplit(made["link"]).query)
    assert made["link"].startswith("openid4vp://?") and link["nonce"] == [params["nonce"]]
    assert json.loads(link["dcql_query"][0]) == params["dcql_query"]
    by_ref = parse_qs(urlsplit(made["link_by_reference"]).query)
    assert by_ref["request_uri"] == [made["request_uri"]]
    fetched = await http.get(made["request_uri"])
    assert fetched.headers["content-type"].startswith("application/oauth-authz-req+jwt")
    assert fetched.text.endswith(".")  # alg none: no signature
    read = await read_request(made["link_by_reference"], http)
    assert (read.nonce, read.state) == (params["nonce"], params["state"])
    qr = await http.get(made["qr_url"])
    assert qr.status_code == 200 and qr.content.startswith(b"\x89PNG")
    assert (await status_of(http, made))["status"] == "pending"


async def test_our_wallet_answers_and_the_status_shows_the_report(
    http: httpx.AsyncClient, verifier_url: str, wallet_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED", same_device=True)
    unlocked = await http.post(
        f"{wallet_url}/wallet/unlock", json={"name": "candidate", "passphrase": PASSPHRASE}
    )
    headers = {"Authorization": f"Bearer {unlocked.json()['token']}"}
    preview = await http.post(
        f"{wallet_url}/openid4vp/requests", json={"url": made["link"]}, headers=headers
    )
    assert preview.status_code == 200, preview.text
    (query,) = preview.json()["queries"]
    assert [m["id"] for m in query["matches"]] == learner.credential_ids[:1]
    assert preview.json()["client_id"] == made["request"]["client_id"]

    # A credential that does not answer the query is refused by the wallet before any post.
    wrong = await http.post(
        f"{wallet_url}/openid4vp/responses",
        json={"url": made["link"], "credential_ids": {"credential": learner.credential_ids[1:]}},
        headers=headers,
    )
    assert wrong.status_code == 422 and "do not answer" in wrong.json()["detail"]
    assert (await status_of(http, made))["status"] == "pending"

    sent = await http.post(
        f"{wallet_url}/openid4vp/responses",
        json={"url": made["link"], "credential_ids": {"credential": query_ids(query)}},
        headers=headers,
    )
    assert sent.status_code == 200, sent.text
    redirect = sent.json()["redirect_uri"]
    assert redirect.startswith(f"{verifier_url}/openid4vp/answered?response_code=")
    status = await status_of(http, made)
    assert status["status"] == "answered" and status["verdict"] == "valid"
    (report,) = status["reports"]
    assert report["verdict"] == "valid" and len(report["credentials"]) == 1
    checks = {c["name"]: c["status"] for c in report["checks"]}
    assert checks["challenge"] == checks["domain"] == "passed"
    page = await http.get(redirect)
    assert page.status_code == 200 and 'class="verdict valid"' in page.text

    # Answering again (the wallet re-reads the link) is a replay: refused, nothing changes.
    again = await http.post(
        f"{wallet_url}/openid4vp/responses",
        json={"url": made["link"], "credential_ids": {"credential": query_ids(query)}},
        headers=headers,
    )
    assert again.status_code == 502 and "invalid_request" in again.json()["detail"]
    assert await status_of(http, made) == status


def query_ids(query: dict[str, Any]) -> list[str]:
    return [m["id"] for m in query["matches"]]


async def test_a_replayed_response_is_refused_and_changes_nothing(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED")
    form = await _form(learner, made, learner.credential_ids[:1])
    first = await http.post(made["request"]["response_uri"], data=form)
    assert first.status_code == 200 and first.json() == {}
    answered = await status_of(http, made)
    assert answered["status"] == "answered" and answered["verdict"] == "valid"

    replay = await http.post(made["request"]["response_uri"], data=form)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_request"
    assert "answered already" in replay.json()["error_description"]
    assert replay.headers["cache-control"] == "no-store"
    assert await status_of(http, made) == answered


async def test_a_presentation_for_another_nonce_is_refused(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    first, second = (await ask(http, verifier_url), await ask(http, verifier_url))
    # signed for the first request's nonce, posted with the second request's state
    form = await _form(learner, second, learner.credential_ids[:1], first["request"]["nonce"])
    refused = await http.post(second["request"]["response_uri"], data=form)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    assert "challenge" in refused.json()["error_description"]
    assert (await status_of(http, second))["status"] == "pending"
    assert (await status_of(http, first))["status"] == "pending"
    # the right nonce, bound to another domain than our client id
    package = await learner.wallet.present(
        learner.credential_ids[:1], challenge=second["request"]["nonce"], domain=verifier_url
    )
    elsewhere = {
        **form,
        "vp_token": json.dumps({"credential": [package["verifiablePresentation"]]}),
    }
    refused = await http.post(second["request"]["response_uri"], data=elsewhere)
    assert refused.status_code == 400 and "domain" in refused.json()["error_description"]
    assert (await status_of(http, second))["status"] == "pending"
    # the second request is still open: its own presentation is accepted afterwards
    fine = await http.post(
        second["request"]["response_uri"],
        data=await _form(learner, second, learner.credential_ids[:1]),
    )
    assert fine.status_code == 200, fine.text


async def test_a_presentation_that_does_not_satisfy_the_query_is_refused(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED")
    form = await _form(learner, made, learner.credential_ids[1:])  # the Python course
    refused = await http.post(made["request"]["response_uri"], data=form)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_request"
    assert "does not satisfy the query" in refused.json()["error_description"]
    assert (await status_of(http, made))["status"] == "pending"

    both = await _form(learner, made, learner.credential_ids)  # two, where one is allowed
    refused = await http.post(made["request"]["response_uri"], data=both)
    assert refused.status_code == 400 and "allows one" in refused.json()["error_description"]
    assert (await status_of(http, made))["status"] == "pending"


async def test_unknown_state_and_malformed_answers_are_refused(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED")
    uri = made["request"]["response_uri"]
    form = await _form(learner, made, learner.credential_ids[:1])
    cases = [
        ({**form, "state": "not-a-state"}, "no request of this verifier"),
        ({k: v for k, v in form.items() if k != "state"}, "state is missing"),
        ({**form, "vp_token": "{not json"}, "not valid JSON"),
        ({**form, "vp_token": "[]"}, "keyed by credential query id"),
        ({**form, "vp_token": json.dumps({"credential": []})}, "non-empty array"),
    ]
    for body, why in cases:
        refused = await http.post(uri, data=body)
        assert refused.status_code == 400, body
        assert (
            refused.json()["error"] == "invalid_request"
            and why in refused.json()["error_description"]
        )
    as_json = await http.post(uri, json=form)
    assert as_json.status_code == 400 and "form-encoded" in as_json.json()["error_description"]
    assert (await status_of(http, made))["status"] == "pending"
    unknown = await http.get(f"{verifier_url}/openid4vp/transactions/nope")
    assert unknown.status_code == 404 and unknown.json()["code"]


async def test_a_declined_request_is_settled_once(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED")
    uri, state = made["request"]["response_uri"], made["request"]["state"]
    declined = await http.post(uri, data={"error": "access_denied", "state": state})
    assert declined.status_code == 200 and declined.json() == {}
    status = await status_of(http, made)
    assert status == {"status": "answered", "verdict": "declined", "error": "access_denied",
                      "reports": []}  # fmt: skip
    late = await http.post(uri, data=await _form(learner, made, learner.credential_ids[:1]))
    assert late.status_code == 400 and late.json()["error"] == "invalid_request"
    assert await status_of(http, made) == status
