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


def node_json(
    script: Path, request: dict[str, Any], timeout: float = 120
) -> tuple[dict[str, Any], int, bytes]:
    """One run of an ``interop-local`` Node script: one JSON in on stdin, one JSON out.

    Returns the answer, the exit status and stderr; each caller decides what a failure is.
    """
    done = subprocess.run(
        ["node", str(script)],
        input=json.dumps(request).encode(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    answer: dict[str, Any] = json.loads(done.stdout or b"{}")
    return answer, done.returncode, done.stderr


def run(request: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    """One request to the Node implementation; its error, if any, fails the test."""
    answer, status, stderr = node_json(SCRIPT, request, timeout)
    if "error" in answer or status != 0:
        raise AssertionError(f"Node peer failed: {answer.get('error')} {stderr[-500:]!r}")
    return answer


def private_multibase(key: KeyPair) -> str:
    """The key as ``privateKeyMultibase`` (multicodec ed25519-priv), which the peer imports."""
    return "z" + b58encode(ED25519_PRIV + key.private.private_bytes_raw())
