"""The embedded anvil must not answer web pages: no CORS, so a site cannot impersonate accounts."""

from __future__ import annotations

import httpx

from node.config import CoreSettings


def test_the_embedded_chain_grants_no_origin(chain_settings: CoreSettings) -> None:
    url = chain_settings.effective_rpc_urls[0]
    origin = {"Origin": "https://evil.example"}
    preflight = httpx.options(
        url,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    call = {"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []}
    answer = httpx.post(url, json=call, headers=origin)
    assert answer.status_code == 200  # our own clients send no Origin and are unaffected
    assert "access-control-allow-origin" not in answer.headers
