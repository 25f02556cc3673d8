"""``create_app(settings)``: the verifier service; nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

import verifier.models  # noqa: F401 - registers the verifier's table
from node.chain import open_reader
from node.documents import IpfsClient
from node.storage import Database
from node.tokens import sweeping
from node.verification import CatalogReader, Verifier
from node.web import service_app
from node.web.health import routes as health
from verifier.challenges import ChallengeStore
from verifier.context import VerifierContext
from verifier.routes import challenges, openid4vp, page, shares, verify
from verifier.settings import VerifierSettings, get_verifier_settings
from verifier.shares import ShareStore

__all__ = ["create_app", "open_context"]

logger = logging.getLogger(__name__)


async def open_context(settings: VerifierSettings) -> VerifierContext:
    """Connect to a chain node, find the registry, prepare the challenge table.

    The registry is opened for reading only: no keystore, no transaction journal.
    """
    registry = await open_reader(settings)
    db = Database.of(settings)
    try:
        await db.create()
    except BaseException:
        await registry.client.close()
        await db.close()
        raise
    logger.info("verifying against registry %s on chain %d", registry.address, settings.chain_id)
    challenges = ChallengeStore(
        db,
        settings.domain,
        settings.challenge_ttl_seconds,
        per_minute=settings.challenges_per_minute,
    )
    return VerifierContext(
        settings=settings,
        registry=registry,
        db=db,
        verifier=Verifier(
            registry,
            catalogs=CatalogReader(registry, IpfsClient(settings.ipfs_api)),
            max_credentials=settings.max_presented_credentials,
            trusted_registries=settings.trusted_registries,
            batch_reads=settings.batch_chain_reads,
        ),
        challenges=challenges,
        shares=ShareStore(db, settings.domain, settings.share_ttl_seconds, challenges),
    )


def create_app(settings: VerifierSettings | None = None) -> FastAPI:
    """The verifier's FastAPI app; the lifespan opens and closes the context."""
    settings = settings or get_verifier_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = await open_context(settings)
        app.state.ctx = ctx
        try:
            async with sweeping(ctx.challenges.tokens):
                yield
        finally:
            await ctx.close()

    app = service_app(
        title="Credit Bank — verifier",
        description="Verify credentials and presentations against the credit bank's ledger.",
        lifespan=lifespan,
        settings=settings,
        public_url=settings.verifier_public_url,
        max_body_bytes=settings.max_body_bytes,
        routes=(challenges, verify, shares, openid4vp, page, health),
    )
    app.mount("/static", StaticFiles(packages=[("verifier", "static")]), name="static")
    return app
