"""What the wallet service's routes share: settings, store, chain checker, HTTP, sessions."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from node.tokens import BackOff, TokenStore
from wallet.checker import CredentialChecker
from wallet.sessions import Sessions
from wallet.settings import WalletSettings
from wallet.store import WalletStore

__all__ = ["WalletContext"]


@dataclass
class WalletContext:
    """Built by the app's lifespan; nothing here exists at import time."""

    settings: WalletSettings
    store: WalletStore
    checker: CredentialChecker
    http: httpx.AsyncClient
    sessions: Sessions
    #: unlock back-off per wallet (and anything else that expires)
    tokens: TokenStore
    #: three wrong passphrases are free; then 1 s, 2 s, 4 s … up to 15 minutes per wallet
    unlock_backoff: BackOff = BackOff(base_seconds=1, free=3, max_seconds=900)
