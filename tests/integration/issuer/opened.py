"""An issuer's context opened in the test's process, as a service's lifespan opens it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from devnet import IpfsDaemon
from issuer.app import open_context
from issuer.auth import Role, create_operator
from issuer.bootstrap import bootstrap_issuer
from issuer.context import IssuerContext
from issuer.issuance import Issuance, IssueSpec
from issuer.models import IssuedCredential
from issuer.settings import IssuerSettings
from issuer.signpool import close_pool
from node.config import CoreSettings
from node.credentials import did_key, generate_key
from node.errors import InputError
from node.storage import Database
from tests.e2e.conftest import issuer_settings


async def bootstrapped(
    chain_settings: CoreSettings, ipfs_daemon: IpfsDaemon, **overrides: object
) -> IssuerSettings:
    """Settings of an issuer on the session's chain, with its keys, documents and admin made.

    The session's issuers share one data dir. An issuer on a database of its own (a
    ``database_url``, PostgreSQL) gets an operator before its bootstrap, so that bootstrap
    does not write that database's first admin key over ``issuer-admin.key``, which belongs to
    the data dir's own database and which the served issuer (``running_issuer``) reads.
    """
    settings = issuer_settings(chain_settings, ipfs_daemon, **overrides)
    if overrides.get("database_url") is not None:
        db = Database(settings.effective_database_url)
        try:
            await db.create()
            with suppress(InputError):  # made by an earlier test on the same database
                await create_operator(db, "integration-admin", Role.ADMIN)
        finally:
            await db.close()
    await bootstrap_issuer(settings, fast_kdf=True)
    return settings


@asynccontextmanager
async def opened(settings: IssuerSettings) -> AsyncIterator[IssuerContext]:
    """The issuer's context (its anchoring resumes what a crash left); closed at the end."""
    ctx = await open_context(settings, fast_kdf=True)
    try:
        yield ctx
    finally:
        close_pool(ctx)
        await ctx.ledger.close()


async def issue(ctx: IssuerContext, count: int) -> list[str]:
    """Certify ``count`` new learners in one call; the ids of what was issued."""
    specs = [IssueSpec(did_key(generate_key()), "CRS-PYTHON") for _ in range(count)]
    rows = await Issuance(ctx).issue_many(specs, "test")
    return [r.credential_id for r in rows if isinstance(r, IssuedCredential)]
