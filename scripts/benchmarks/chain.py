"""A private local chain for one benchmark run, with the registry and an accredited issuer."""

from __future__ import annotations

import socket
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3.types import RPCEndpoint

from devnet import LocalChain
from node.chain import Scope, did_hash
from node.config import CoreSettings
from node.credentials import (
    Award,
    FieldOfStudy,
    IssuerProfile,
    OutcomeStandardRef,
    OutcomeType,
    SigningKey,
    build_credential,
    issue_credential,
)
from node.ledger import GOVERNOR_KEY, Ledger, fund_dev_account
from scripts.benchmarks.cpu import CpuMeter

__all__ = ["BenchChain", "BenchIssuer", "bench_chain", "free_port"]

#: Information technology, skill certificates and courses, up to level 5; may convert.
SCOPE = Scope.of(fields=[0], outcome_types=[0, 1], max_level=5, can_convert=True)


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class BenchIssuer:
    """A certification centre of the benchmark: a did:key and an accredited account."""

    key: SigningKey
    account: LocalAccount

    @property
    def profile(self) -> IssuerProfile:
        """The centre as its credentials name it."""
        return IssuerProfile(did=self.key.did, name="Benchmark certification centre")

    def parts(self, learner_did: str, n: int) -> tuple[OutcomeStandardRef, Award, IssuerProfile]:
        """The ``n``-th outcome standard (a standard of its own each), award and issuer."""
        outcome = OutcomeStandardRef(
            code=f"BENCH-IT-{n}",
            name=f"Benchmark outcome {n}",
            description="An outcome standard of the benchmark.",
            criteria="Pass the assessment.",
            outcome_type=OutcomeType.SKILL_CERTIFICATE,
            field_of_study=FieldOfStudy(code="information-technology", name="IT"),
            level=4,
            credits_available=Decimal("4.5"),
            credit_system="CB",
            standard_uri="https://catalog.creditbank.example/standards/bench",
            framework_level_uri="https://catalog.creditbank.example/framework/levels/4",
        )
        award = Award(
            learner_did=learner_did,
            credits_earned=Decimal("4.5"),
            issued_on=datetime.now(UTC) - timedelta(days=1),
        )
        return outcome, award, self.profile

    def build(self, learner_did: str, n: int) -> dict[str, Any]:
        """The ``n``-th credential for a learner, unsigned."""
        return build_credential(*self.parts(learner_did, n))

    async def sign(self, learner_did: str, n: int) -> dict[str, Any]:
        """The ``n``-th credential for a learner, as the demo catalog's outcomes look, signed."""
        return await issue_credential(*self.parts(learner_did, n), self.key)


@dataclass
class BenchChain:
    """The ledger of the run and what it takes to anchor on it."""

    settings: CoreSettings
    ledger: Ledger
    node_pid: int | None = None

    def cpu(self) -> CpuMeter:
        """A meter of where CPU goes, the chain node's included."""
        return CpuMeter(self.node_pid)

    async def accredited_issuer(self) -> BenchIssuer:
        """A new issuer key and account, accredited by the governor for ``SCOPE``."""
        key = await SigningKey.create()
        account: LocalAccount = Account.create()
        await fund_dev_account(self.ledger.client, account.address)
        now = int(time.time())
        action = self.ledger.registry.action_accredit(
            account.address,
            did_hash(key.did),
            SCOPE,
            now - 3600,
            now + 365 * 86400,
        )
        await self.ledger.registry.govern([self.ledger.account(GOVERNOR_KEY)], action)
        return BenchIssuer(key, account)

    async def anchor(
        self, issuer: BenchIssuer, credentials: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Anchor credentials in one batch; their receipts, in order."""
        _, receipts = await self.ledger.anchor_credentials(issuer.account, credentials, SCOPE)
        await self.next_block()
        return receipts

    async def next_block(self) -> None:
        """One more block, a second later, as a running chain seals blocks after an anchoring.

        anvil mines only on transactions, so the anchoring block would stay the head forever.
        """
        for method, params in (("evm_increaseTime", [1]), ("evm_mine", [])):

            async def request(w3: Any, m: str = method, p: list[int] = params) -> Any:
                return await w3.provider.make_request(RPCEndpoint(m), p)

            await self.ledger.client.call(request)


@asynccontextmanager
async def bench_chain(data_dir: Path | None = None) -> AsyncIterator[BenchChain]:
    """A fresh anvil node on a free loopback port with the registry deployed; stopped after."""
    with tempfile.TemporaryDirectory(prefix="creditbank-bench-") as scratch:
        settings = CoreSettings(
            data_dir=data_dir or Path(scratch), local_chain_port=free_port(), rpc_retries=1
        )
        chain = LocalChain(settings.data_dir, settings.local_chain_port, settings.chain_id)
        chain.start()
        try:
            await Ledger.deploy_dev(settings, fast_kdf=True)
            ledger = await Ledger.open(settings, fast_kdf=True)
            try:
                yield BenchChain(settings, ledger, chain.running_pid())
            finally:
                await ledger.close()
        finally:
            chain.stop()
