"""Transactions are signed by libsecp256k1 (coincurve), not eth-keys' pure-Python fallback.

eth-keys picks its backend at import: without coincurve installed it silently falls back to
a pure-Python implementation about 6 × slower, so a missing dependency shows up only as slow
anchoring. This keeps it visible.
"""

from __future__ import annotations

from eth_account import Account
from eth_keys.backends import CoinCurveECCBackend, get_backend


def test_eth_keys_signs_with_coincurve() -> None:
    assert isinstance(get_backend(), CoinCurveECCBackend)


def test_a_signed_transaction_recovers_to_its_signer() -> None:
    account = Account.create()
    tx = {
        "to": "0x" + "11" * 20,
        "value": 1,
        "gas": 21_000,
        "maxFeePerGas": 10**9,
        "maxPriorityFeePerGas": 10**9,
        "nonce": 0,
        "chainId": 31337,
        "type": 2,
    }
    signed = account.sign_transaction(tx)
    assert Account.recover_transaction(signed.raw_transaction) == account.address
