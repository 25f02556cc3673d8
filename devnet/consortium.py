"""A local consortium: N validator nodes of a Clique proof-of-authority chain on 127.0.0.1.

Each member runs its own ethereumjs execution client (npm, in ``consortium-local/``) with its
own data directory, ports and signer key, peering only with the other members (static enodes
on loopback, discovery off). Node keys and enodes are made before the first start, so every
member knows the others; members start one after another, each dialling those already up,
and the genesis is stamped a little in the future so that no member seals before all are
peered. ``consortium-local/patches`` makes sealing deterministic (see its README).

Services reach a member by URL and chain id only, exactly as they would reach a Besu or
GoQuorum node of a production consortium.
"""

from __future__ import annotations

import http.client
import json
import logging
import os
import secrets
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, cast

from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_keys.datatypes import PrivateKey
from web3.types import TxParams, TxReceipt

from devnet.paths import tools_dir
from node.chain.deploy import Deployment, deploy_registry, deploying
from node.chain.txmanager import TxManager
from node.config import CoreSettings
from node.errors import ChainUnavailableError, ConfigError
from node.process import PidProcess

__all__ = [
    "Consortium",
    "Member",
    "MemberStatus",
    "deploy_on_consortium",
    "find_ethereumjs",
    "fund",
]

logger = logging.getLogger(__name__)

_CLIENT_DIR = tools_dir() / "consortium-local"
#: The genesis file's name is the network name ethereumjs keeps its data under.
_NETWORK = "creditbank"
#: Wei each member's signer account holds at genesis (they pay for deployment and funding).
MEMBER_FUNDS_WEI = 10**26


def find_ethereumjs() -> Path:
    """The ethereumjs client installed (and patched) by ``scripts/setup``."""
    binary = _CLIENT_DIR / "node_modules/.bin/ethereumjs"
    if not binary.is_file():
        raise ConfigError("ethereumjs not found: run scripts/setup (npm ci in consortium-local)")
    return binary


@dataclass(frozen=True)
class Member:
    """One member's node: where it listens and who signs its blocks."""

    name: str
    rpc_port: int
    p2p_port: int
    signer: str
    enode: str

    @property
    def url(self) -> str:
        """The member's JSON-RPC endpoint."""
        return f"http://127.0.0.1:{self.rpc_port}"


@dataclass(frozen=True)
class MemberStatus:
    """What a member's node says about itself right now."""

    member: Member
    pid: int | None
    block: int | None
    peers: int | None


def _rpc(url: str, method: str, params: list[Any] | None = None, timeout: float = 3.0) -> Any:
    """One JSON-RPC call over loopback; None if the node does not answer.

    Anything but a JSON-RPC answer counts as no answer, an unparseable HTTP reply included: a
    probe of a port nobody listens on can connect to itself (the kernel may pick that very
    port as the probe's own) and read its own request back as the status line.
    """
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []})
    request = urllib.request.Request(  # noqa: S310 - loopback URL we built
        url, data=body.encode(), headers={"content-type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
            return json.load(answer).get("result")
    except (OSError, ValueError, http.client.HTTPException):
        return None


class Consortium:
    """Prepare, start, stop and inspect the members of one local consortium."""

    def __init__(
        self,
        root: Path,
        *,
        size: int = 3,
        chain_id: int = 133_701,
        period: int = 2,
        rpc_port: int = 8600,
        p2p_port: int = 30400,
    ) -> None:
        if size < 2:
            raise ConfigError("a consortium has at least two members")
        self.root = root
        self.size, self.chain_id, self.period = size, chain_id, period
        self.rpc_port, self.p2p_port = rpc_port, p2p_port
        self.layout_file = root / "consortium.json"
        self._processes: dict[str, PidProcess] = {}
        self.genesis_file = root / f"{_NETWORK}.json"

    # -- layout ---------------------------------------------------------------------------
    @property
    def members(self) -> list[Member]:
        """The members, in start order (empty before ``prepare``)."""
        if not self.layout_file.is_file():
            return []
        layout = json.loads(self.layout_file.read_text())
        self.chain_id = int(layout["chain_id"])
        return [Member(**m) for m in layout["members"]]

    def _member_dir(self, member: Member) -> Path:
        return self.root / member.name

    def signer_account(self, member: Member) -> LocalAccount:
        """The member's signer key (a validator key: kept only in its own data dir, mode 600)."""
        key = (self._member_dir(member) / "signer.key").read_text().strip()
        account: LocalAccount = Account.from_key(bytes.fromhex(key))
        return account

    def prepare(self) -> list[Member]:
        """Keys, enodes and a genesis with every member as a Clique signer (once)."""
        existing = self.members
        if existing:
            return existing
        self.root.mkdir(parents=True, exist_ok=True)
        members: list[Member] = []
        for index in range(self.size):
            signer: LocalAccount = Account.create()
            node_key = secrets.token_bytes(32)
            node_id = PrivateKey(node_key).public_key.to_bytes().hex()
            member = Member(
                name=f"member-{index}",
                rpc_port=self.rpc_port + index,
                p2p_port=self.p2p_port + index,
                signer=signer.address,
                enode=f"enode://{node_id}@127.0.0.1:{self.p2p_port + index}",
            )
            folder = self._member_dir(member)
            (folder / _NETWORK).mkdir(parents=True, exist_ok=True)
            key_file = folder / "signer.key"
            key_file.write_text(bytes(signer.key).hex())
            key_file.chmod(0o600)
            subprocess.run(  # noqa: S603 - our own script, fixed arguments
                ["node", str(_CLIENT_DIR / "seed-key.mjs"), str(folder / _NETWORK), node_key.hex()],
                check=True,
                cwd=_CLIENT_DIR,
                capture_output=True,
            )
            members.append(member)
        layout = {"chain_id": self.chain_id, "members": [asdict(m) for m in members]}
        self.layout_file.write_text(json.dumps(layout, indent=2))
        return members

    def _write_genesis(self, members: list[Member]) -> None:
        """A geth-style Clique genesis, stamped after every member will have started."""
        start_margin = 6 * len(members) + 6
        signers = "".join(
            m.signer[2:].lower() for m in sorted(members, key=lambda m: m.signer.lower())
        )
        forks = ["homestead", "eip150", "eip155", "eip158", "byzantium", "constantinople",
                 "petersburg", "istanbul", "berlin", "london"]  # fmt: skip
        genesis = {
            "config": {
                "chainId": self.chain_id,
                **{f"{fork}Block": 0 for fork in forks},
                "clique": {"period": self.period, "epoch": 30_000},
            },
            "nonce": "0x0",
            "timestamp": hex(int(time.time()) + start_margin),
            "extraData": "0x" + "00" * 32 + signers + "00" * 65,
            "gasLimit": hex(30_000_000),
            "difficulty": "0x1",
            "mixHash": "0x" + "00" * 32,
            "coinbase": "0x" + "00" * 20,
            "alloc": {m.signer: {"balance": hex(MEMBER_FUNDS_WEI)} for m in members},
            "number": "0x0",
            "gasUsed": "0x0",
            "parentHash": "0x" + "00" * 32,
            "baseFeePerGas": hex(1_000_000_000),
        }
        self.genesis_file.write_text(json.dumps(genesis, indent=2))

    # -- processes ------------------------------------------------------------------------
    def _process(self, member: Member) -> PidProcess:
        """One handle per member, kept so a child we spawned is reaped, not leaked."""
        if member.name not in self._processes:
            folder = self._member_dir(member)
            self._processes[member.name] = PidProcess(
                member.name, folder / "node.pid", folder / "node.log"
            )
        return self._processes[member.name]

    def _command(self, member: Member, peers: list[Member]) -> list[str]:
        folder = self._member_dir(member)
        cmd = [
            str(find_ethereumjs()),
            "--gethGenesis", str(self.genesis_file),
            "--dataDir", str(folder),
            "--port", str(member.p2p_port),
            "--extIP", "127.0.0.1",
            "--rpc", "--rpcAddr", "127.0.0.1", "--rpcPort", str(member.rpc_port),
            "--discV4", "false", "--discDns", "false",
            "--mine", "--unlock", str(folder / "signer.key"),
            "--logFile", str(folder / "ethereumjs.log"), "--logLevelFile", "info",
            "--logLevel", "info",
        ]  # fmt: skip
        if peers:
            cmd += ["--bootnodes", ",".join(p.enode for p in peers)]
        return cmd

    def start(self, timeout: float = 60.0) -> list[Member]:
        """Start every member not running, in order, each dialling those already up.

        If one does not start (its port taken between choosing and binding it, say), the
        members this call started are stopped again before the error goes up: a failed start
        leaves no node running that nobody holds.
        """
        members = self.prepare()
        if not self.genesis_file.is_file():
            self._write_genesis(members)
        started: list[Member] = []
        try:
            for member in members:
                if self.start_member(member, timeout=timeout):
                    started.append(member)
        except BaseException:
            for member in reversed(started):
                self.stop_member(member)
            raise
        return members

    def start_member(self, member: Member, timeout: float = 60.0) -> bool:
        """Start one member's node and wait until it answers JSON-RPC; False if it was running."""
        process = self._process(member)
        if process.running_pid() is not None:
            return False
        peers = [m for m in self.members if m != member and self._process(m).running_pid()]
        pid = process.spawn(
            self._command(member, peers), env={**os.environ, "NODE_NO_WARNINGS": "1"}
        )
        if not process.wait_ready(
            lambda: _rpc(member.url, "eth_chainId") is not None, timeout, 0.2
        ):
            process.stop()
            raise ChainUnavailableError(
                f"{member.name} did not answer on {member.url}; see {process.log_file}"
            )
        logger.info("%s started on %s (pid %d)", member.name, member.url, pid)
        return True

    def stop_member(self, member: Member, timeout: float = 60.0) -> None:
        """Stop one member's node by its PID (ethereumjs flushes its database on the way out)."""
        self._process(member).stop(timeout)

    def stop(self) -> None:
        """Stop every member."""
        for member in self.members:
            self.stop_member(member)

    def status(self) -> list[MemberStatus]:
        """Each member's PID, head block and peer count, as its node reports them."""
        result = []
        for member in self.members:
            pid = self._process(member).running_pid()
            block = _rpc(member.url, "eth_blockNumber") if pid else None
            peers = _rpc(member.url, "admin_peers") if pid else None
            result.append(
                MemberStatus(
                    member,
                    pid,
                    int(block, 16) if isinstance(block, str) else None,
                    len(peers) if isinstance(peers, list) else None,
                )
            )
        return result


async def deploy_on_consortium(
    settings: CoreSettings, consortium: Consortium, quorum: int | None = None
) -> Deployment:
    """Deploy the registry through the first member, with every member a governor.

    The quorum defaults to a majority of the members: no single member governs alone.
    """
    members = consortium.members
    governors = [m.signer for m in members]
    quorum = quorum or len(members) // 2 + 1
    async with deploying(settings, confirmations=settings.confirmations) as (client, txm):
        deployer = consortium.signer_account(members[0])
        return await deploy_registry(client, txm, deployer, governors, quorum, settings.data_dir)


async def fund(txm: TxManager, funder: LocalAccount, address: str, wei: int) -> TxReceipt:
    """Send gas money from a member's account: a PoA chain has no faucet and no cheat codes."""
    return await txm.send(funder, cast(TxParams, {"to": address, "value": wei, "gas": 21_000}))
