"""Any JSON value, however wrong, gives a report: never an exception, never valid."""

from __future__ import annotations

import asyncio
import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from node.verification import CREDENTIAL_CHECKS, PRESENTATION_CHECKS, CheckStatus
from tests.unit.verification.fakes import offline_verifier

KEYS = st.sampled_from(
    ["@context", "type", "issuer", "id", "proof", "credentialSubject", "holder",
     "verifiableCredential", "issuanceDate", "expirationDate", "achievement", "root", "path",
     "chainId", "registry", "credentialHash", "blockNumber", "verificationMethod", "x"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "https://www.w3.org/2018/credentials/v1",
            "VerifiableCredential",
            "VerifiablePresentation",
            "Ed25519Signature2020",
            "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "0x" + "11" * 32,
        ]
    )
)
JSON = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=6),
    max_leaves=30,
)
VERIFIER = offline_verifier()


def run(work: Any) -> Any:
    return asyncio.run(work)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vc=JSON, receipt=JSON)
def test_any_credential_and_receipt_give_an_invalid_report(vc: object, receipt: object) -> None:
    report = run(VERIFIER.verify_credential(vc, receipt))
    assert [c.name for c in report.checks] == list(CREDENTIAL_CHECKS)
    assert not report.valid
    assert all(isinstance(c.status, CheckStatus) and c.reason for c in report.checks)
    report.to_json()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(vp=JSON, receipts=JSON, challenge=st.text(max_size=10))
def test_any_presentation_gives_an_invalid_verdict(
    vp: object, receipts: Any, challenge: str
) -> None:
    async def always(_: str) -> bool:
        return True

    report = run(
        VERIFIER.verify_presentation(
            vp, receipts, challenge=challenge, domain="https://v.example", challenge_valid=always
        )
    )
    assert [c.name for c in report.checks] == list(PRESENTATION_CHECKS)
    assert report.verdict == "invalid"
    report.to_json()


def test_deep_and_odd_values_do_not_break_the_engine() -> None:
    deep: Any = {}
    for level in range(5000):  # a chain as a parser builds it: no shared sub-objects
        deep = {"credentialSubject": deep, "proof": [level]} if level % 2 else {"proof": [deep]}
    odd = [deep, {"proof": {"type": "Ed25519Signature2020"}, "x": math.nan}, {"@context": {}}]
    for value in odd:
        report = run(VERIFIER.verify_credential(value, {"root": deep}))
        assert not report.valid


async def test_a_callback_that_breaks_is_could_not_check() -> None:
    async def broken(_: str) -> bool:
        raise RuntimeError("database down")

    report = await VERIFIER.verify_presentation(
        {"proof": {"challenge": "c"}}, [], challenge="c", domain="d", challenge_valid=broken
    )
    check = report.check("challenge")
    assert check is not None and check.status is CheckStatus.COULD_NOT_CHECK
    assert "RuntimeError" in check.reason
