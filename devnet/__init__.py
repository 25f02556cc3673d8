"""Devnet tooling: the embedded anvil chain, the local Clique consortium and the IPFS daemon.

None of it is core. Services reach a chain node and an IPFS API by URL from their settings,
as in production; only the CLI's embedded default (``creditbank up``), the benchmarks and the
tests start these processes.
"""

from devnet.anvil import LocalChain, find_anvil, wait_for_port
from devnet.consortium import Consortium, Member, MemberStatus, deploy_on_consortium, fund
from devnet.ipfs import IpfsDaemon, find_jsipfs, network_config

__all__ = [
    "Consortium",
    "IpfsDaemon",
    "LocalChain",
    "Member",
    "MemberStatus",
    "deploy_on_consortium",
    "find_anvil",
    "find_jsipfs",
    "fund",
    "network_config",
    "wait_for_port",
]
