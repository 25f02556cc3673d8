"""``create_app(settings)``: the issuer service; nothing is built at import time."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from fastapi import FastAPI

import issuer.models  # noqa: F401 - registers the issuer's tables
from issuer import console
from issuer.anchoring import Anchorer
from issuer.bootstrap import ledger_documents
from issuer.context import IssuerContext
from issuer.direct import issue_direct
from issuer.keys import DID_SECRET, load_did_key
from issuer.routes import (
    applications,
    conversions,
    credentials,
    imports,
    offers,
    operators,
    status,
)
from issuer.settings import IssuerSettings, get_issuer_settings
from issuer.signpool import close_pool
from issuer.status_list import StatusLists
from node.coalesce import Coalescer
from node.credentials import IssuerProfile
from node.documents import IpfsClient
from node.ledger import Ledger
from node.tokens import TokenStore, sweeping
from node.web import service_app
from node.web.health import routes as health

__all__ = ["create_app", "open_context"]

logger = logging.getLogger(__name__)


async def open_context(settings: IssuerSettings, *, fast_kdf: bool = False) -> IssuerContext:
    """Open the ledger, load keys and documents, and resume any half-anchored batch."""
    ledger = await Ledger.open(settings, fast_kdf=fast_kdf)
    await ledger.db.create()
    account = ledger.account(settings.issuer_key_name)
    key = await load_did_key(ledger.keystore, DID_SECRET)
    try:
        async with IpfsClient(settings.ipfs_api) as ipfs:
            # the framework and this centre's catalog in force, as the registry anchors them
            framework, catalog, refs = await ledger_documents(ledger, account.address, ipfs)
    except BaseException:
        await ledger.close()
        raise
    anchorer = Anchorer(
        ledger.db,
        ledger.registry,
        account,
        batch_size=settings.batch_size,
        max_age=settings.batch_max_age_seconds,
    )
    ctx = IssuerContext(
        settings=settings,
        ledger=ledger,
        account=account,
        key=key,
        profile=IssuerProfile(did=key.did, name=settings.issuer_name),
        framework=framework,
        catalog=catalog,
        refs=refs,
        anchorer=anchorer,
        signing_slots=asyncio.Semaphore(settings.signing_concurrency),
        tokens=TokenStore(ledger.db),
        status_lists=StatusLists(
            ledger.db, ledger.registry, account.address, key, settings.issuer_public_url
        ),
    )
    ctx.direct = Coalescer(partial(issue_direct, ctx))
    resumed = await anchorer.resume()
    if resumed:
        logger.info("anchored %d batches left by an earlier run", resumed)
    return ctx


def create_app(settings: IssuerSettings | None = None, *, fast_kdf: bool = False) -> FastAPI:
    """The issuer's FastAPI app; the lifespan opens the context and runs the anchorer."""
    settings = settings or get_issuer_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = await open_context(settings, fast_kdf=fast_kdf)
        stop = asyncio.Event()
        task = asyncio.create_task(ctx.anchorer.run(stop))
        app.state.ctx = ctx
        try:
            async with sweeping(ctx.tokens):
                yield
        finally:
            stop.set()
            await task
            await asyncio.to_thread(close_pool, ctx)
            await ctx.ledger.close()

    return service_app(
        title="Credit Bank — issuer",
        description="Certify learning outcomes as Open Badges 3.0 credentials.",
        lifespan=lifespan,
        settings=settings,
        public_url=settings.issuer_public_url,
        max_body_bytes=settings.max_body_bytes,
        routes=(
            credentials,
            applications,
            imports,
            offers,
            operators,
            conversions,
            status,
            health,
            console,
        ),
    )
