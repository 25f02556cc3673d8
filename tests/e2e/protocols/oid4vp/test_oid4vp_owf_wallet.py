"""OpenWallet Foundation's @openid4vc/openid4vp, on the wallet side, answers our verifier.

The library parses and resolves our request (client identifier prefix, version 1.0, DCQL),
builds the authorization response and posts it to our response URI; the presentation in it is
signed by our wallet code for the nonce and client id the library resolved.
"""

from __future__ import annotations

import httpx

from node.credentials import credential_hash
from tests.e2e.protocols.oid4vp.conftest import Learner, ask, owf_wallet, requires_owf, status_of

pytestmark = requires_owf


async def test_the_owf_wallet_library_answers_and_the_page_shows_the_report(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    made = await ask(http, verifier_url, outcome="1X-WFED")
    params = made["request"]
    resolved = owf_wallet({"op": "resolve", "url": made["link"]})
    assert resolved["version"] == 100  # the library reads it as OpenID4VP 1.0 final
    assert resolved["client"]["prefix"] == "redirect_uri"
    assert resolved["client"]["effective"] == params["client_id"]
    assert resolved["nonce"] == params["nonce"] and resolved["state"] == params["state"]
    assert resolved["response_mode"] == "direct_post"
    assert resolved["dcql_query"] == params["dcql_query"]

    held = learner.wallet.get(learner.credential_ids[0])
    package = await learner.wallet.present(
        [held.id], challenge=resolved["nonce"], domain=resolved["client"]["effective"]
    )
    receipts = {"0x" + credential_hash(held.credential).hex(): held.receipt}
    answer = owf_wallet(
        {
            "op": "respond",
            "url": made["link"],
            "vp_token": {"credential": [package["verifiablePresentation"]]},
            "extra": {"receipts": receipts},
        }
    )
    assert answer["sent"]["state"] == params["state"]  # the library carried the state back
    assert (answer["status"], answer["body"]) == (200, {})
    status = await status_of(http, made)
    assert status["status"] == "answered" and status["verdict"] == "valid"
    page = await http.get(made["report_url"])
    assert page.status_code == 200 and 'class="verdict valid"' in page.text

    # The same library answer again is a replay: the spec's error, and the report unchanged.
    replay = owf_wallet(
        {
            "op": "respond",
            "url": made["link"],
            "vp_token": {"credential": [package["verifiablePresentation"]]},
            "extra": {"receipts": receipts},
        }
    )
    assert replay["status"] == 400 and replay["body"]["error"] == "invalid_request"
    assert await status_of(http, made) == status


async def test_without_our_receipts_the_answer_is_accepted_but_not_valid(
    http: httpx.AsyncClient, verifier_url: str, learner: Learner
) -> None:
    """A wallet that knows nothing of our receipts: the employer reads "no anchor receipt"."""
    made = await ask(http, verifier_url, outcome="1X-WFED")
    resolved = owf_wallet({"op": "resolve", "url": made["link"]})
    package = await learner.wallet.present(
        learner.credential_ids[:1],
        challenge=resolved["nonce"],
        domain=resolved["client"]["effective"],
    )
    vp_token = {"credential": [package["verifiablePresentation"]]}
    answer = owf_wallet({"op": "respond", "url": made["link"], "vp_token": vp_token})
    assert answer["status"] == 200
    status = await status_of(http, made)
    assert status["status"] == "answered" and status["verdict"] == "invalid"
    (credential,) = status["reports"][0]["credentials"]
    receipt = next(c for c in credential["checks"] if c["name"] == "receipt")
    assert receipt["status"] == "failed" and "no anchor receipt" in receipt["reason"]
