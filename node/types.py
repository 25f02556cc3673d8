"""Domain scalars shared across the core, as ``NewType``s so mix-ups show in mypy."""

from __future__ import annotations

from typing import NewType

from eth_typing import ChecksumAddress

__all__ = ["Address", "Bytes32", "to_bytes32"]

#: A 32-byte value: a credential hash, a Merkle root, a digest, an id.
Bytes32 = NewType("Bytes32", bytes)
#: An EIP-55 checksummed account or contract address.
Address = ChecksumAddress


def to_bytes32(value: bytes | str) -> Bytes32:
    """Accept 32 raw bytes or their 0x-hex form; refuse anything else."""
    raw = bytes.fromhex(value.removeprefix("0x")) if isinstance(value, str) else bytes(value)
    if len(raw) != 32:
        raise ValueError(f"expected 32 bytes, got {len(raw)}")
    return Bytes32(raw)
