"""What another proof format would cost: the same credentials as VC-JWT, for comparison only.

We issue Ed25519Signature2020 (Linked Data) proofs, whose JSON-LD canonicalisation of the
Open Badges context is most of a signature's cost. Open Badges 3.0 also allows VC-JWT; this
measures didkit signing and verifying the same credentials in that format, so the issue note
can say what switching would buy. It is the only benchmark code that calls didkit directly.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import didkit

from node.credentials import SigningKey
from node.credentials.support import to_json, with_signing_context

__all__ = ["jwt_rates"]

IN_FLIGHT = 8


async def _rate(calls: list[Any]) -> tuple[float, list[Any]]:
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def one(call: Any) -> Any:
        async with slots:
            return await call()

    started = time.perf_counter()
    results = await asyncio.gather(*(one(c) for c in calls))
    return len(calls) / (time.perf_counter() - started), results


async def jwt_rates(unsigned: list[dict[str, Any]], key: SigningKey) -> tuple[float, float]:
    """Signatures and verifications per second of these credentials as VC-JWT."""
    sign = json.dumps(
        {
            "proofPurpose": "assertionMethod",
            "verificationMethod": key.verification_method,
            "proofFormat": "jwt",
        }
    )
    verify = json.dumps(
        {"proofPurpose": "assertionMethod", "checks": ["proof"], "proofFormat": "jwt"}
    )
    documents = [to_json(with_signing_context(vc)) for vc in unsigned]
    sign_rate, tokens = await _rate(
        [lambda d=d: didkit.issue_credential(d, sign, key.jwk) for d in documents]
    )
    verify_rate, results = await _rate(
        [lambda t=t: didkit.verify_credential(t, verify) for t in tokens]
    )
    if any(json.loads(r)["errors"] for r in results):
        raise RuntimeError("a VC-JWT did not verify")
    return sign_rate, verify_rate
