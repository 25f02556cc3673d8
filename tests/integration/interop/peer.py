"""Run Digital Bazaar's implementation (interop-local/di.mjs) under Node: one JSON in, one out."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from node.proofs import KeyPair
from node.proofs.base58 import b58encode
from node.proofs.keys import ED25519_PRIV

INTEROP = Path(__file__).resolve().parents[3] / "interop-local"
SCRIPT = INTEROP / "di.mjs"

requires_peer = pytest.mark.skipif(
    not (INTEROP / "node_modules").is_dir() or shutil.which("node") is None,
    reason="interop-local is not installed (scripts/setup installs it)",
)


def run(request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """One request to the Node implementation; its error, if any, fails the test."""
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(request).encode(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    answer: dict[str, Any] = json.loads(done.stdout or b"{}")
    if "error" in answer or done.returncode != 0:
        raise AssertionError(f"Node peer failed: {answer.get('error')} {done.stderr[-500:]!r}")
    return answer


def private_multibase(key: KeyPair) -> str:
    """The key as ``privateKeyMultibase`` (multicodec ed25519-priv), which the peer imports."""
    return "z" + b58encode(ED25519_PRIV + key.private.private_bytes_raw())
