"""The registry's ABI and bytecode, exported from the Hardhat build by ``scripts/export_abi.py``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from node.errors import ConfigError

__all__ = ["ABI_DIR", "ContractArtifact", "load_artifact"]

ABI_DIR = Path(__file__).resolve().parent / "abi"


@dataclass(frozen=True, slots=True)
class ContractArtifact:
    """What Python needs of a compiled contract."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: str
    compiler: str
    source_digest: str


@lru_cache
def load_artifact(name: str = "CreditBankRegistry") -> ContractArtifact:
    """Read an exported artifact; a missing one means the toolchain step was skipped."""
    path = ABI_DIR / f"{name}.json"
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise ConfigError(f"{path} missing: run scripts/setup to compile the contracts") from None
    return ContractArtifact(
        name=data["contractName"],
        abi=data["abi"],
        bytecode=data["bytecode"],
        compiler=data["compiler"],
        source_digest=data["sourceDigest"],
    )
