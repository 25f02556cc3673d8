"""Validator votes on the three-member consortium: a fourth node is voted in, seals, is voted out.

The fourth node runs the same patched ethereumjs client with the same genesis, dials the three
members (static loopback peers, discovery off) and follows the chain with ``--mine`` and its own
key, sealing nothing while it is no signer. Members A and B vote it in through their governance
desks (``POST /validators``: ``clique_propose`` on each member's own node); two of three is a
majority, so every node then counts four signers and the newcomer seals blocks, whose signer
is recovered here from the header's seal. A, B and C then vote it out (three of four).
"""

from __future__ import annotations

import secrets
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import rlp  # type: ignore[import-untyped]
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_keys.datatypes import PrivateKey, Signature
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

from devnet.consortium import Consortium, Member
from node.ledger import Ledger
from node.process import PidProcess
from tests.conftest import free_port
from tests.consortium.conftest import member_settings
from tests.consortium.test_governance import desk

_CLIENT_DIR = Path(__file__).resolve().parents[2] / "consortium-local"
AUTH_NONCE = "0xffffffffffffffff"
WAIT_SECONDS = 180.0


@dataclass(frozen=True)
class Newcomer:
    """The fourth node: not in the genesis signer list, its key unlocked for sealing."""

    member: Member
    account: LocalAccount
    process: PidProcess


def rpc(url: str, method: str, params: list[Any] | None = None) -> Any:
    """One JSON-RPC call; a node's error fails the test with its words."""
    body = {"jsonrpc": "2.0", "id": 1, "method": method, "params": params or []}
    answer = httpx.post(url, json=body, timeout=10).json()
    assert "error" not in answer, (url, method, answer)
    return answer["result"]


def wait_for(what: str, check: Callable[[], bool], timeout: float = WAIT_SECONDS) -> None:
    """Poll until ``check`` holds; the deadline only bounds a hang, it asserts no speed."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(1)


def start_newcomer(consortium: Consortium) -> Newcomer:
    """Keys, node key and data dir for a fourth node, then start it dialling the three.

    The same command line as a member's (``Consortium._command``), so it differs from them
    only in that the genesis does not name its key.
    """
    account: LocalAccount = Account.create()
    node_key = secrets.token_bytes(32)
    p2p = free_port()
    member = Member(
        name="newcomer",
        rpc_port=free_port(),
        p2p_port=p2p,
        signer=account.address,
        enode=f"enode://{PrivateKey(node_key).public_key.to_bytes().hex()}@127.0.0.1:{p2p}",
    )
    folder = consortium.root / member.name
    (folder / "creditbank").mkdir(parents=True)
    key_file = folder / "signer.key"
    key_file.write_text(bytes(account.key).hex())
    key_file.chmod(0o600)
    subprocess.run(  # noqa: S603 - our own script, fixed arguments
        ["node", str(_CLIENT_DIR / "seed-key.mjs"), str(folder / "creditbank"), node_key.hex()],  # noqa: S607
        check=True,
        cwd=_CLIENT_DIR,
        capture_output=True,
    )
    process = PidProcess(member.name, folder / "node.pid", folder / "node.log")
    process.spawn(consortium._command(member, consortium.members))
    if not process.wait_ready(lambda: _answers(member.url), 60, 0.2):
        process.stop()
        raise RuntimeError(f"the fourth node did not answer; see {process.log_file}")
    return Newcomer(member, account, process)


def _answers(url: str) -> bool:
    try:
        return bool(rpc(url, "eth_chainId"))
    except (httpx.HTTPError, ValueError):
        return False


def block_signer(block: dict[str, Any]) -> str:
    """The sealer of a Clique block, recovered from the 65-byte seal closing its extraData."""
    extra = bytes.fromhex(block["extraData"][2:])
    fields = ["parentHash", "sha3Uncles", "miner", "stateRoot", "transactionsRoot",
              "receiptsRoot", "logsBloom", "difficulty", "number", "gasLimit", "gasUsed",
              "timestamp", "extraData", "mixHash", "nonce", "baseFeePerGas"]  # fmt: skip
    values: list[bytes | int] = []
    for name in fields:
        value = block[name]
        if name == "extraData":
            values.append(extra[:-65])
        elif name in {"difficulty", "number", "gasLimit", "gasUsed", "timestamp", "baseFeePerGas"}:
            values.append(int(value, 16))
        else:
            values.append(bytes.fromhex(value[2:]))
    seal = extra[-65:]
    signature = Signature(
        vrs=(seal[64], int.from_bytes(seal[:32], "big"), int.from_bytes(seal[32:64], "big"))
    )
    public = signature.recover_public_key_from_msg_hash(keccak(rlp.encode(values)))
    return public.to_checksum_address()


def signers(url: str) -> list[str]:
    return sorted(to_checksum_address(s) for s in rpc(url, "clique_getSigners"))


def block(url: str, number: int) -> dict[str, Any]:
    found: dict[str, Any] = rpc(url, "eth_getBlockByNumber", [hex(number), False])
    return found


@pytest.fixture(scope="module")
def newcomer(consortium: Consortium) -> Iterator[Newcomer]:
    """The fourth node, synced with member A before the test starts."""
    node = start_newcomer(consortium)
    try:
        a = consortium.members[0]
        wait_for(
            "the fourth node synced",
            lambda: (
                int(rpc(node.member.url, "eth_blockNumber"), 16)
                >= int(rpc(a.url, "eth_blockNumber"), 16) - 1
                > 0
            ),
        )
        yield node
    finally:
        node.process.stop()


async def test_two_of_three_vote_a_validator_in_and_three_of_four_vote_it_out(
    consortium: Consortium, tmp_path: Path
) -> None:
    """The vote itself, through the desks: no node for the candidate needed to count it."""
    a, b, c = consortium.members
    nodes = [m.url for m in consortium.members]
    genesis_signers = sorted(m.signer for m in consortium.members)
    candidate: str = Account.create().address
    ledger = await Ledger.open(
        member_settings(consortium, consortium.root / "services", a.url), fast_kdf=True
    )
    registry = ledger.registry.address
    await ledger.close()
    with ExitStack() as stack:
        desk_a, desk_b, desk_c = (
            stack.enter_context(desk(consortium, m, registry, tmp_path / m.name)) for m in (a, b, c)
        )
        assert sorted(desk_a.get("/validators").json()["validators"]) == genesis_signers
        voted_from = int(rpc(a.url, "eth_blockNumber"), 16)
        for member_desk in (desk_a, desk_b):  # two of three is a majority
            vote = member_desk.post("/validators", json={"address": candidate, "add": True})
            assert vote.status_code == 201, vote.text
        four = sorted([*genesis_signers, candidate])
        for url in nodes:
            wait_for(f"{url} counts four signers", counts(url, four))
        assert rpc(c.url, "clique_proposals") == {}  # C never voted
        head = int(rpc(a.url, "eth_blockNumber"), 16)
        votes = [block(a.url, n) for n in range(voted_from, head + 1)]
        voters = {
            block_signer(v)
            for v in votes
            if to_checksum_address(v["miner"]) == candidate and v["nonce"] == AUTH_NONCE
        }
        assert voters == {a.signer, b.signer}
        for member_desk in (desk_a, desk_b, desk_c):  # four signers: three must agree
            vote = member_desk.post("/validators", json={"address": candidate, "add": False})
            assert vote.status_code == 201, vote.text
        for url in nodes:
            wait_for(f"{url} counts three signers", counts(url, genesis_signers))
        for url in nodes:  # the votes are spent: withdraw them, as an operator would
            rpc(url, "clique_discard", [candidate])
            assert rpc(url, "clique_proposals") == {}


async def test_a_fourth_validator_is_voted_in_seals_and_is_voted_out(
    consortium: Consortium, newcomer: Newcomer, tmp_path: Path
) -> None:
    a, b, c = consortium.members
    nodes = [m.url for m in consortium.members] + [newcomer.member.url]
    genesis_signers = sorted(m.signer for m in consortium.members)
    candidate = newcomer.account.address
    for url in nodes:  # the newcomer follows the chain but is nobody's signer
        assert signers(url) == genesis_signers
    ledger = await Ledger.open(
        member_settings(consortium, consortium.root / "services", a.url), fast_kdf=True
    )
    registry = ledger.registry.address
    await ledger.close()
    with ExitStack() as stack:
        desk_a, desk_b, desk_c = (
            stack.enter_context(desk(consortium, m, registry, tmp_path / m.name)) for m in (a, b, c)
        )
        listed = desk_a.get("/validators")
        assert listed.status_code == 200, listed.text
        assert sorted(listed.json()["validators"]) == genesis_signers
        voted_from = int(rpc(a.url, "eth_blockNumber"), 16)

        for member_desk in (desk_a, desk_b):  # two of three is a majority
            vote = member_desk.post("/validators", json={"address": candidate, "add": True})
            assert vote.status_code == 201, vote.text
            assert candidate in vote.json()["words"]
        assert rpc(a.url, "clique_proposals") == {candidate.lower(): True}

        four = sorted([*genesis_signers, candidate])
        for url in nodes:
            wait_for(f"{url} counts four signers", counts(url, four))
        assert sorted(desk_c.get("/validators").json()["validators"]) == four

        # the votes are in blocks A and B sealed: coinbase the candidate, nonce "add"
        head = int(rpc(a.url, "eth_blockNumber"), 16)
        votes = [block(a.url, n) for n in range(voted_from, head + 1)]
        voters = {
            block_signer(v)
            for v in votes
            if to_checksum_address(v["miner"]) == candidate and v["nonce"] == AUTH_NONCE
        }
        assert voters == {a.signer, b.signer}

        # the newcomer seals: a block whose recovered signer is its key, on every node
        sealed: list[dict[str, Any]] = []
        cursor = [head + 1]

        def newcomer_sealed() -> bool:
            while cursor[0] <= int(rpc(a.url, "eth_blockNumber"), 16):
                found = block(a.url, cursor[0])
                cursor[0] += 1
                if block_signer(found) == candidate:
                    sealed.append(found)
            return bool(sealed)

        wait_for("a block sealed by the newcomer", newcomer_sealed)
        number, signed = int(sealed[0]["number"], 16), sealed[0]
        assert rpc(newcomer.member.url, "clique_getSigner", [signed["hash"]]).lower() == (
            candidate.lower()
        )
        for url in nodes:
            wait_for(f"{url} has block {number}", reaches(url, number))
            assert block(url, number)["hash"] == signed["hash"]
        # and the four seal on past it, every node on the same chain
        onward = number + 4
        for url in nodes:
            wait_for(f"{url} has block {onward}", reaches(url, onward))
        assert len({block(url, onward)["hash"] for url in nodes}) == 1

        # and out again: three of four (the earlier "add" votes are replaced, not kept)
        for member_desk in (desk_a, desk_b, desk_c):
            vote = member_desk.post("/validators", json={"address": candidate, "add": False})
            assert vote.status_code == 201, vote.text
        for url in nodes:
            wait_for(f"{url} counts three signers", counts(url, genesis_signers))
        # the chain goes on without it
        after = int(rpc(a.url, "eth_blockNumber"), 16)
        wait_for("the three seal on", lambda: int(rpc(a.url, "eth_blockNumber"), 16) > after + 3)
        for n in range(after + 2, after + 4):
            assert block_signer(block(a.url, n)) in genesis_signers
        for url in nodes:  # the newcomer, no signer now, still follows
            wait_for(f"{url} has block {after + 3}", reaches(url, after + 3))
        assert len({block(url, after + 3)["hash"] for url in nodes}) == 1


def counts(url: str, expected: list[str]) -> Callable[[], bool]:
    """Whether the node at ``url`` counts exactly ``expected`` as signers."""
    return lambda: signers(url) == expected


def reaches(url: str, number: int) -> Callable[[], bool]:
    """Whether the node at ``url`` has block ``number``."""
    return lambda: int(rpc(url, "eth_blockNumber"), 16) >= number
