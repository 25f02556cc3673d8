from typing import Any, cast

import pytest

from wallet.errors import WalletLockedError
from wallet.sessions import Sessions
from wallet.wallet import Wallet


def test_tokens_unlock_until_locked_or_expired(monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = Sessions(ttl_seconds=60)
    wallet = cast(Wallet, object())
    token = sessions.start(wallet)
    assert sessions.get(token).wallet is wallet
    for bad in (None, "", "forged"):
        with pytest.raises(WalletLockedError):
            sessions.get(bad)
    sessions.end(token)
    with pytest.raises(WalletLockedError):
        sessions.get(token)

    clock: dict[str, Any] = {"now": 1000.0}
    monkeypatch.setattr("wallet.sessions.time.monotonic", lambda: clock["now"])
    token = sessions.start(wallet)
    clock["now"] += 61
    with pytest.raises(WalletLockedError):
        sessions.get(token)


def test_a_pending_credential_may_fail_only_receipt_checks() -> None:
    from wallet import CheckOutcome

    awaiting = CheckOutcome(False, ["receipt: none"], failed=("receipt", "status"))
    assert awaiting.holds_without_receipt()
    assert not CheckOutcome(False, ["x"], failed=("signature", "receipt")).holds_without_receipt()
    assert not CheckOutcome(False, ["unnamed"]).holds_without_receipt()
    assert CheckOutcome(True).holds_without_receipt()
