"""First start of an issuer on a development chain: keys, documents, accreditation, admin.

On a consortium chain the governors accredit by quorum through their own process; there the
bootstrap only makes keys and the admin operator and reports what is missing.

The bundled demo framework and catalog are only what a fresh development chain gets published
(``creditbank up``); a running issuer reads the framework and its own catalog in force from the
registry (``ledger_documents``), whatever was published there.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from eth_account.signers.local import LocalAccount
from sqlalchemy import func, select

import issuer.models  # noqa: F401 - registers the issuer's tables
from issuer.auth import Role, create_operator
from issuer.context import PublishedRefs
from issuer.keys import DID_SECRET, load_did_key
from issuer.models import Operator
from issuer.settings import IssuerSettings
from node.chain import AccreditationStatus, DocumentKind, Scope, did_hash
from node.documents import (
    IpfsClient,
    OutcomeCatalog,
    QualificationFramework,
    load_demo_catalog,
    load_demo_framework,
    publish,
    series_id,
    standard_scope,
    validate_catalog,
)
from node.ledger import GOVERNOR_KEY, Ledger, fund_dev_account
from node.verification.documents import LedgerDocuments

__all__ = [
    "BootstrapReport",
    "bootstrap_issuer",
    "catalog_scope",
    "demo_documents",
    "documents_record",
    "ledger_documents",
]

logger = logging.getLogger(__name__)

_YEAR = 365 * 86400


@dataclass(frozen=True, slots=True)
class BootstrapReport:
    """What the bootstrap found or did, for the start-up banner."""

    issuer_did: str
    issuer_account: str
    accredited: bool
    framework_uri: str
    catalog_uri: str
    admin_key_file: str | None


def documents_record(data_dir: Path) -> Path:
    """Where the issuer notes the CIDs of the framework and catalog it published."""
    return data_dir / "issuer-documents.json"


def catalog_scope(framework: QualificationFramework, catalog: OutcomeCatalog) -> Scope:
    """The union of every standard's scope (all grades), with the conversion right."""
    fields = types = 0
    level = 0
    for standard in catalog.standards:
        grades: list[str | None] = [g.code for g in standard.grades]
        for grade in grades or [None]:
            scope = standard_scope(framework, standard, grade)
            fields |= scope.fields
            types |= scope.outcome_types
            level = max(level, scope.max_level)
    return Scope(fields, types, level, True)


def demo_documents() -> tuple[QualificationFramework, OutcomeCatalog]:
    """The demo framework and catalog: what a fresh development chain gets published."""
    framework, catalog = load_demo_framework(), load_demo_catalog()
    validate_catalog(catalog, framework)
    return framework, catalog


async def ledger_documents(
    ledger: Ledger, account: str, ipfs: IpfsClient, at: int | None = None
) -> tuple[QualificationFramework, OutcomeCatalog, PublishedRefs]:
    """The framework in force and this issuer's own catalog in force, as the registry anchors them.

    Each is fetched from IPFS and refused unless it hashes to its on-chain digest; the
    framework is the version in force of the series the catalog is written against, and the
    catalog must be written against that very version.
    """
    documents = LedgerDocuments(ledger.registry, ipfs)
    catalog_entry = await documents.entry_at(DocumentKind.CATALOG, at, account)
    catalog = await documents.load_entry(OutcomeCatalog, catalog_entry)
    framework_entry = await documents.framework_entry_at(at, series_id(catalog.framework.id))
    framework = await documents.load_entry(QualificationFramework, framework_entry)
    # a catalog written against another version is refused: republish it for this one
    validate_catalog(catalog, framework)
    refs = PublishedRefs(
        framework_uri=f"ipfs://{framework_entry.record.cid}",
        catalog_uri=f"ipfs://{catalog_entry.record.cid}",
    )
    return framework, catalog, refs


async def bootstrap_issuer(
    settings: IssuerSettings,
    *,
    fast_kdf: bool = False,
    documents: tuple[QualificationFramework, OutcomeCatalog] | None = None,
) -> BootstrapReport:
    """Make keys, accredit (dev chain), publish documents and the first admin; idempotent.

    ``documents`` are the framework and catalog a development chain gets (the demo set when
    not given).
    """
    ledger = await Ledger.open(settings, fast_kdf=fast_kdf)
    try:
        await ledger.db.create()
        account = ledger.account(settings.issuer_key_name)
        did_key = await load_did_key(ledger.keystore, DID_SECRET)
        framework, catalog = documents or demo_documents()
        validate_catalog(catalog, framework)
        dev = settings.embedded_chain and ledger.keystore.exists(GOVERNOR_KEY)
        if dev:
            await fund_dev_account(ledger.client, account.address)
        current = await ledger.registry.current_accreditation(account.address)
        accredited = current.status is AccreditationStatus.ACTIVE
        if not accredited and dev:
            now = int(time.time())
            action = ledger.registry.action_accredit(
                account.address,
                did_hash(did_key.did),
                catalog_scope(framework, catalog),
                now - 86400,
                now + 5 * _YEAR,
            )
            await ledger.registry.govern([ledger.account(GOVERNOR_KEY)], action)
            accredited = True
        refs = await _publish_documents(settings, ledger, framework, catalog, dev and accredited)
        admin_file = await _first_admin(settings, ledger)
        return BootstrapReport(
            did_key.did, account.address, accredited, refs["framework"], refs["catalog"], admin_file
        )
    finally:
        await ledger.close()


async def _publish_documents(
    settings: IssuerSettings,
    ledger: Ledger,
    framework: QualificationFramework,
    catalog: OutcomeCatalog,
    may_publish: bool,
) -> dict[str, str]:
    """Publish framework (governor) and catalog (issuer) to IPFS and the chain, once."""
    path = documents_record(settings.data_dir)
    known: dict[str, str] = json.loads(path.read_text()) if path.is_file() else {}
    wanted = {
        "framework": f"{framework.id}:v{framework.version}",
        "catalog": f"{catalog.id}:v{catalog.version}",
    }
    ours = known.get("catalog_publisher") == ledger.account(settings.issuer_key_name).address
    if (ours and known.get("versions") == json.dumps(wanted)) or not may_publish:
        return {
            "framework": known.get("framework", f"urn:creditbank:document:{wanted['framework']}"),
            "catalog": known.get("catalog", f"urn:creditbank:document:{wanted['catalog']}"),
        }
    async with IpfsClient(settings.ipfs_api) as ipfs:
        governor = ledger.account(GOVERNOR_KEY)
        issuer_account = ledger.account(settings.issuer_key_name)
        framework_cid = await _published_once(
            framework, ipfs, ledger, governor, DocumentKind.FRAMEWORK
        )
        catalog_cid = await _published_once(
            catalog, ipfs, ledger, issuer_account, DocumentKind.CATALOG
        )
    refs = {
        "framework": f"ipfs://{framework_cid}",
        "catalog": f"ipfs://{catalog_cid}",
        "versions": json.dumps(wanted),
        "framework_publisher": governor.address,
        "catalog_publisher": issuer_account.address,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(refs, indent=1))
    logger.info("published framework %s and catalog %s", refs["framework"], refs["catalog"])
    return refs


async def _published_once(
    document: QualificationFramework | OutcomeCatalog,
    ipfs: IpfsClient,
    ledger: Ledger,
    account: LocalAccount,
    kind: DocumentKind,
) -> str:
    """The CID of this version as ``account`` published it, publishing it first if need be.

    The registry refuses a version its publisher published already, so a second issuer on a
    chain where the governor published the framework takes that record, and still publishes
    its own catalog (catalogs are per issuer).
    """
    series = series_id(document.id)
    if await ledger.registry.latest_document_version(account.address, kind, series) >= (
        document.version
    ):
        existing = await ledger.registry.document(account.address, kind, series, document.version)
        return existing.cid
    return (await publish(document, ipfs, ledger.registry, account, kind)).cid


async def _first_admin(settings: IssuerSettings, ledger: Ledger) -> str | None:
    """With no operator yet, make an administrator and leave its key in a 0600 file."""
    async with ledger.db.session() as session:
        count = await session.scalar(select(func.count()).select_from(Operator))
    if count:
        return None
    key = await create_operator(ledger.db, "admin", Role.ADMIN)
    path = settings.data_dir / "issuer-admin.key"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return str(path)
