"""A registry stand-in for engine tests without a chain: nothing was ever anchored."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from node.chain import Batch, RegistryClient
from node.documents import load_demo_framework
from node.verification import Verifier

ZERO = "0x0000000000000000000000000000000000000000"


class EmptyRegistry:
    """Answers like a registry on which no root was ever anchored."""

    address = "0x" + "ab" * 20

    def __init__(self) -> None:
        self.client = SimpleNamespace(url="fake://node", chain_id=31337)
        self.calls = 0

    async def batch(self, root: bytes) -> Batch:
        self.calls += 1
        return Batch(cast(Any, ZERO), 0, 0)


def offline_verifier() -> Verifier:
    return Verifier(cast(RegistryClient, EmptyRegistry()), framework=load_demo_framework())
