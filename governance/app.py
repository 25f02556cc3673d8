"""``create_app(settings)``: one member's governance desk; nothing is built at import time."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from governance.apikeys import OperatorKeys
from governance.context import GovernanceContext
from governance.framework import FrameworkSource
from governance.rejections import Rejections
from governance.routes import actions, audit, board, documents, page, validators
from governance.settings import GovernanceSettings, get_governance_settings
from governance.validators import ValidatorVotes
from node.documents import IpfsClient
from node.errors import ConfigError
from node.ledger import Ledger
from node.web import service_app
from node.web.health import routes as health

__all__ = ["create_app", "open_context"]

logger = logging.getLogger(__name__)


async def open_context(
    settings: GovernanceSettings, *, fast_kdf: bool = False
) -> GovernanceContext:
    """Open the ledger and the member's own key; the key must already be in its keystore."""
    ledger = await Ledger.open(settings, fast_kdf=fast_kdf)
    try:
        if not ledger.keystore.exists(settings.governance_key_name):
            raise ConfigError(
                f"no key {settings.governance_key_name!r} in {ledger.keystore.folder}: import "
                "the member's key with `creditbank governance import-key`"
            )
        account = ledger.keystore.load(settings.governance_key_name)
    except BaseException:
        await ledger.close()
        raise
    ipfs = IpfsClient(settings.ipfs_api)
    operators = OperatorKeys(settings.data_dir)
    admin_file = operators.first_admin()
    if admin_file:
        logger.info("first governance operator key written to %s", admin_file)
    logger.info("governance desk of %s on registry %s", account.address, ledger.registry.address)
    return GovernanceContext(
        settings=settings,
        ledger=ledger,
        account=account,
        operators=operators,
        rejections=Rejections(settings.data_dir),
        ipfs=ipfs,
        frameworks=FrameworkSource(ledger.registry, ipfs),
        validators=ValidatorVotes(
            settings.effective_rpc_urls[0], dialect=settings.validator_dialect
        ),
    )


def create_app(settings: GovernanceSettings | None = None, *, fast_kdf: bool = False) -> FastAPI:
    """The governance FastAPI app; the lifespan opens and closes the context."""
    settings = settings or get_governance_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        ctx = await open_context(settings, fast_kdf=fast_kdf)
        app.state.ctx = ctx
        try:
            yield
        finally:
            await ctx.close()

    app = service_app(
        title="Credit Bank — governance",
        description="Consortium members propose and approve accreditations, govern the "
        "governors and the quorum, publish the framework and vote validators, each with "
        "its own key.",
        lifespan=lifespan,
        settings=settings,
        public_url=settings.governance_public_url,
        max_body_bytes=settings.max_body_bytes,
        routes=(board, actions, documents, validators, audit, page),
    )
    app.include_router(health.router)
    app.mount("/static", StaticFiles(packages=[("governance", "static")]), name="static")
    return app
