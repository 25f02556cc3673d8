"""Copy the registry's ABI and bytecode from the Hardhat build into node/chain/abi/.

The export is stamped with the compiler version and a digest of the Solidity sources, so a
stale ABI is easy to spot (``--check`` exits non-zero when sources changed since export).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "hardhat-local/artifacts"
OUT = ROOT / "node/chain/abi"
CONTRACTS = ["CreditBankRegistry"]


def source_digest() -> str:
    """SHA-256 over every Solidity source under contracts/, in path order."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "contracts").rglob("*.sol")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def compiler_version(name: str) -> str:
    """The solc long version recorded in the build info of a contract."""
    dbg = json.loads((ARTIFACTS / f"contracts/{name}.sol/{name}.dbg.json").read_text())
    build_info = (ARTIFACTS / f"contracts/{name}.sol" / dbg["buildInfo"]).resolve()
    return str(json.loads(build_info.read_text())["solcLongVersion"])


def main() -> int:
    """Export (default) or check that the export matches the sources (``--check``)."""
    digest = source_digest()
    if "--check" in sys.argv:
        stale = [
            name
            for name in CONTRACTS
            if json.loads((OUT / f"{name}.json").read_text())["sourceDigest"] != digest
        ]
        if stale:
            print(f"stale ABI export for {', '.join(stale)}: run scripts/setup")
            return 1
        return 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name in CONTRACTS:
        artifact = json.loads((ARTIFACTS / f"contracts/{name}.sol/{name}.json").read_text())
        exported = {
            "contractName": name,
            "generatedBy": "scripts/export_abi.py from hardhat-local/artifacts — do not edit",
            "compiler": compiler_version(name),
            "sourceDigest": digest,
            "abi": artifact["abi"],
            "bytecode": artifact["bytecode"],
        }
        (OUT / f"{name}.json").write_text(json.dumps(exported, indent=1) + "\n")
        print(f"exported {name} ({exported['compiler']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
