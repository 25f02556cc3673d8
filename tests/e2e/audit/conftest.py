"""A college's conversion story, a lax institution's over-rules record, and an auditor's desk.

The college is an issuer of its own on the session chain (so no other test's conversions are
in its audit): it certifies a learner, publishes the demo programme, and records two
conversions through its desk. The lax institution is accredited like any college but records
a conversion beyond its published rules by going around the desk, straight to the registry.
The auditor is a governance desk holding the session's governor key.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from eth_account.signers.local import LocalAccount

from devnet import IpfsDaemon
from issuer.app import create_app as create_issuer_app
from issuer.bootstrap import bootstrap_issuer
from issuer.settings import IssuerSettings
from node.audit import EvidenceEntry, evidence_digest, sign_export
from node.chain import ConversionSource, DocumentKind, outcome_key
from node.chain.status import status_index
from node.config import CoreSettings
from node.conversion import decide, outcome_of, parse_programme, parse_rule_set
from node.conversion.demo import demo_programme_text, demo_rule_set_text
from node.documents import (
    IpfsClient,
    load_demo_catalog,
    load_demo_framework,
    publish,
    series_id,
)
from node.keystore import Keystore
from node.ledger import GOVERNOR_KEY, Ledger
from node.types import Bytes32, to_bytes32
from tests.conftest import TEST_PASSPHRASE
from tests.e2e.conftest import RunningIssuer, issuer_settings
from tests.e2e.governance.conftest import member_settings, serve_member, with_key
from tests.e2e.issuer.helpers import auth
from tests.e2e.learners import PASSPHRASE, issue_offer
from tests.e2e.resilience.issuers import own_data_dir
from tests.servers import serve
from wallet import VerifierChecker, Wallet, WalletSettings, WalletStore, open_registry, parse_offer

PROGRAMME = "demo-college:programme/software-technology"
#: the learner's outcomes: the college converts the first three, the lax institution all four
CERTIFIED = (
    ("1X-WFED", "intermediate"),
    ("1X-BDAD", "primary"),
    ("MIL-SERVICE", None),
    ("AWD-NVCSC-CLOUD", "first-prize"),
)


@dataclass(frozen=True)
class Story:
    """What the audit tests read: the node, the college, its export, the lax record."""

    chain: CoreSettings
    registry: str
    ipfs_api: str
    college: RunningIssuer
    college_account: LocalAccount
    export: dict[str, Any]
    conversions: list[str]
    lax_export: dict[str, Any]
    lax_conversion: str
    lax_honest: str
    award_id: str
    auditor_url: str
    auditor_key: str

    def auditor(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.auditor_url, headers={"X-API-Key": self.auditor_key}, timeout=300
        )


def _bootstrapped(
    chain: CoreSettings, ipfs: IpfsDaemon, folder: Path, documents_from: Path
) -> IssuerSettings:
    data_dir = own_data_dir(chain, folder, documents_from)
    settings = issuer_settings(chain, ipfs, data_dir=data_dir)
    asyncio.run(bootstrap_issuer(settings, fast_kdf=True))
    asyncio.run(_own_catalog(settings))
    return settings


async def _own_catalog(settings: IssuerSettings) -> None:
    """This centre's own catalog on chain (the documents record taken covers the framework)."""
    ledger = await Ledger.open(settings, fast_kdf=True)
    try:
        account = ledger.account(settings.issuer_key_name)
        catalog = load_demo_catalog()
        kind, series = DocumentKind.CATALOG, series_id(catalog.id)
        if await ledger.registry.latest_document_version(account.address, kind, series):
            return  # bootstrap published it already
        async with IpfsClient(settings.ipfs_api) as ipfs:
            await publish(catalog, ipfs, ledger.registry, account, kind)
    finally:
        await ledger.close()


def _account(settings: IssuerSettings) -> LocalAccount:
    keystore = Keystore(settings.data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True)
    return keystore.load(settings.issuer_key_name)


async def _college_story(
    college: RunningIssuer, wallet_settings: WalletSettings
) -> tuple[Wallet, list[dict[str, Any]], dict[str, Any], list[str]]:
    """Certify, publish, apply twice, approve twice; the learner's wallet, offers and export."""
    admin = auth(college.admin_key)
    store = WalletStore(wallet_settings.wallets_folder, kdf_cost=wallet_settings.wallet_kdf_cost)
    async with (
        httpx.AsyncClient(timeout=300) as http,
        open_registry(wallet_settings) as registry,
    ):
        published = await http.post(
            f"{college.url}/programmes",
            json={"programme": demo_programme_text(), "rule_set": demo_rule_set_text()},
            headers=admin,
        )
        assert published.status_code == 201, published.text
        checker = VerifierChecker(registry, framework=load_demo_framework())
        wallet = await Wallet.create(store, "audited", PASSPHRASE)
        offers = []
        for standard, grade in CERTIFIED:
            extra = {"grade": grade} if grade else {}
            offer = await issue_offer(http, college, wallet.did, standard, **extra)
            received = await wallet.receive(parse_offer(offer["offer"]["link"]), checker, http)
            assert [c.label for c in received.kept] == ["valid"], received
            offers.append(offer)
        ids = [o["issued"]["credential_id"] for o in offers]
        conversions = []
        for chosen in (ids[:2], ids[2:3]):  # the award is left for the lax institution
            asked = (await http.post(f"{college.url}/applications/challenge")).json()
            package = await wallet.present(
                chosen, challenge=asked["challenge"], domain=asked["domain"]
            )
            applied = await http.post(
                f"{college.url}/conversions", json={"programme_id": PROGRAMME, "package": package}
            )
            assert applied.status_code == 201, applied.text
            decided = await http.post(
                f"{college.url}/conversions/{applied.json()['id']}/decision",
                json={"decision": "approve", "reason": "as the rules propose"},
                headers=admin,
            )
            assert decided.status_code == 200, decided.text
            conversions.append(decided.json()["conversion_id"])
        exported = await http.get(f"{college.url}/conversions/evidence", headers=admin)
        assert exported.status_code == 200, exported.text
    return wallet, offers, exported.json(), conversions


async def _lax_institution(
    lax: IssuerSettings, ipfs_api: str, wallet: Wallet, over: list[str], honest: list[str]
) -> tuple[dict[str, Any], str, str]:
    """The lax institution's two records: one half as much again as its rules allow, one not.

    Both go around any desk, straight to the registry, each with its evidence digest.
    """
    ledger = await Ledger.open(lax, fast_kdf=True)
    try:
        account = ledger.account(lax.issuer_key_name)
        programme = parse_programme(demo_programme_text())
        rule_set = parse_rule_set(demo_rule_set_text(), programme)
        async with IpfsClient(ipfs_api) as ipfs:
            await publish(programme, ipfs, ledger.registry, account, DocumentKind.PROGRAMME)
            rules = await publish(rule_set, ipfs, ledger.registry, account, DocumentKind.RULE_SET)
        entries = []
        for n, (ids, factor) in enumerate(((over, Decimal("1.5")), (honest, Decimal(1)))):
            package = await wallet.present(ids, challenge="lax-desk", domain="lax.example")
            credentials = package["verifiablePresentation"]["verifiableCredential"]
            decision = decide(
                programme, rule_set, [outcome_of(vc) for vc in credentials],
                datetime.now(UTC).date(),
            ).to_json()  # fmt: skip
            for grant in decision["grants"]:
                grant["credits"] = str(Decimal(grant["credits"]) * factor)
            total = sum(Decimal(g["credits"]) for g in decision["grants"])
            decision["total"] = str(total)
            entry = EvidenceEntry.model_validate(
                {
                    "conversionId": "0x" + f"{n + 1:02x}" * 32,
                    "programme": {"id": programme.id, "version": programme.version},
                    "ruleSetDigest": "0x" + bytes(rules.digest).hex(),
                    "presentation": {
                        "verifiablePresentation": package["verifiablePresentation"],
                        "receipts": package["receipts"],
                    },
                    "decision": decision,
                    "officer": "officer-lax",
                }
            )
            sources = [
                ConversionSource(
                    root=to_bytes32(r["root"]),
                    credential_hash=to_bytes32(r["credentialHash"]),
                    outcome_id=outcome_key(vc),
                    path=tuple(to_bytes32(p) for p in r["path"]),
                    status_index=status_index(vc),
                )
                for vc, r in zip(credentials, package["receipts"], strict=True)
            ]
            await ledger.registry.record_conversion(
                account, to_bytes32(entry.conversion_id), Bytes32(b"\x07" * 32), sources,
                series_id(programme.id), int(total * 100), rules.digest, evidence_digest(entry),
            )  # fmt: skip
            entries.append(entry)
        return sign_export(account, entries), entries[0].conversion_id, entries[1].conversion_id
    finally:
        await ledger.close()


@pytest.fixture(scope="module")
def story(
    chain_settings: CoreSettings,
    ipfs_daemon: IpfsDaemon,
    running_issuer: RunningIssuer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Story]:
    """The college's story told once for the module, then the lax record, then the auditor."""
    documents = running_issuer.settings.data_dir
    settings = _bootstrapped(
        chain_settings, ipfs_daemon, tmp_path_factory.mktemp("college"), documents
    )
    lax = _bootstrapped(chain_settings, ipfs_daemon, tmp_path_factory.mktemp("lax"), documents)
    wallet_settings = WalletSettings(
        **{
            **chain_settings.model_dump(),
            "ipfs_api": ipfs_daemon.api_url,
            "wallet_dir": tmp_path_factory.mktemp("audit-wallets"),
            "wallet_kdf_cost": 2**10,
        }
    )
    admin_key = (settings.data_dir / "issuer-admin.key").read_text().strip()
    with serve(create_issuer_app(settings, fast_kdf=True), settings.issuer_port) as url:
        college = RunningIssuer(url, settings, admin_key)
        export, conversions, lax_records, registry = asyncio.run(
            _both(college, lax, wallet_settings, ipfs_daemon.api_url)
        )
        auditor = with_key(
            member_settings(
                chain_settings, registry, ipfs_daemon.api_url, tmp_path_factory.mktemp("auditor")
            ),
            Keystore(chain_settings.data_dir / "keys", TEST_PASSPHRASE, fast_kdf=True).load(
                GOVERNOR_KEY
            ),
        )
        with serve_member(auditor) as auditor_url:
            auditor_key = (auditor.data_dir / "governance-admin.key").read_text().strip()
            yield Story(
                chain_settings, registry, ipfs_daemon.api_url, college, _account(settings),
                export, conversions, *lax_records, auditor_url, auditor_key,
            )  # fmt: skip


async def _both(
    college: RunningIssuer, lax: IssuerSettings, wallet_settings: WalletSettings, ipfs_api: str
) -> tuple[dict[str, Any], list[str], tuple[dict[str, Any], str, str, str], str]:
    """The college's story, then the lax records of the same learner's credentials."""
    wallet, offers, export, conversions = await _college_story(college, wallet_settings)
    ids = [o["issued"]["credential_id"] for o in offers]
    lax_export, over, honest = await _lax_institution(lax, ipfs_api, wallet, ids[:2], ids[3:])
    async with open_registry(wallet_settings) as registry:
        address = str(registry.address)
    return export, conversions, (lax_export, over, honest, ids[3]), address
