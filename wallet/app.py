"""``create_app(settings)``: the learner's personal wallet service; nothing is built at import."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI

from node.chain import RegistryReader
from node.documents import IpfsClient
from node.storage import Database
from node.tokens import TokenStore, sweeping
from node.verification import CatalogReader
from node.web import service_app
from node.web.health import routes_without_ipfs as health
from wallet.chain import open_registry
from wallet.checker import CredentialChecker, VerifierChecker
from wallet.context import WalletContext
from wallet.routes import account, backup, conversions, openid4vp, page, presentations, session
from wallet.sessions import Sessions
from wallet.settings import WalletSettings, get_wallet_settings
from wallet.store import WalletStore

__all__ = ["create_app"]

logger = logging.getLogger(__name__)


def create_app(
    settings: WalletSettings | None = None,
    *,
    checker_factory: Callable[[RegistryReader], CredentialChecker] | None = None,
) -> FastAPI:
    """The wallet's FastAPI app; the lifespan connects to the chain and locks all at exit.

    By default credentials are checked as the verifier checks them, with the catalogs in force
    read from IPFS, so the learner's certified credits count by the same rule the employer's do.
    """
    settings = settings or get_wallet_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sessions = Sessions(settings.wallet_session_seconds)
        db = Database.of(settings)
        await db.create()
        tokens = TokenStore(db)
        async with (
            sweeping(tokens),
            open_registry(settings) as registry,
            httpx.AsyncClient(timeout=settings.http_timeout_seconds) as http,
            IpfsClient(settings.ipfs_api) as ipfs,
        ):
            checker = (
                checker_factory(registry)
                if checker_factory is not None
                else VerifierChecker(
                    registry,
                    CatalogReader(registry, ipfs),
                    trusted_registries=settings.trusted_registries,
                )
            )
            app.state.ctx = WalletContext(
                settings=settings,
                store=WalletStore(settings.wallets_folder, kdf_cost=settings.wallet_kdf_cost),
                checker=checker,
                http=http,
                sessions=sessions,
                tokens=tokens,
            )
            try:
                yield
            finally:
                sessions.end_all()
                await db.close()

    return service_app(
        title="Credit Bank — wallet",
        description="The learner's personal learning account: receive, accumulate, present.",
        lifespan=lifespan,
        settings=settings,
        public_url=settings.wallet_public_url,
        max_body_bytes=settings.max_body_bytes,
        routes=(page, session, account, presentations, openid4vp, backup, conversions, health),
    )
