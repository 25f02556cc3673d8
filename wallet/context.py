"""What the wallet service's routes share: settings, store, chain checker, HTTP, sessions."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

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
