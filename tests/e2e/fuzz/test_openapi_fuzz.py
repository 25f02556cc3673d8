"""Every operation of every service's OpenAPI, fuzzed with schemathesis against the real chain.

The schemathesis CLI runs its examples, coverage (boundary and wrong-type cases) and fuzzing
phases, with valid and invalid inputs, against the issuer (as its administrator), the verifier
and a wallet (with an unlocked session). A 5xx fails the run, and so does an error answer that
is not an RFC 9457 problem with a stable ``code`` (``hooks.py``). The run is deterministic and
bounded: ``CREDITBANK_FUZZ_EXAMPLES`` cases per operation and phase.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.fuzz.conftest import Target

pytestmark = pytest.mark.slow

#: Generated cases per operation; CI runs the default, a deeper local run raises it.
MAX_EXAMPLES = os.environ.get("CREDITBANK_FUZZ_EXAMPLES", "12")
ROOT = Path(__file__).resolve().parents[3]


def fuzz(target: Target, loopback: Target, report: Path) -> None:
    """Run schemathesis against ``target``; fail with its report when any check fails.

    It runs in the report's folder, so its local state stays out of the work tree.
    """
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "SCHEMATHESIS_HOOKS": "tests.e2e.fuzz.hooks",
        "CREDITBANK_FUZZ_HEADERS": json.dumps(target.headers),
        "CREDITBANK_FUZZ_LOOPBACK": loopback.url.split("://", 1)[1],
    }
    if target.unlock is not None:
        env["CREDITBANK_FUZZ_UNLOCK"] = json.dumps({"url": target.url, "body": target.unlock})
    command = [
        sys.executable, "-m", "schemathesis.cli", "run", f"{target.url}/openapi.json",
        "--checks", "not_a_server_error,problem_documents",
        "--phases", "examples,coverage,fuzzing",
        "--mode", "all",
        "--max-examples", MAX_EXAMPLES,
        "--generation-deterministic",
        "--generation-with-security-parameters", "false",
        "--suppress-health-check", "all",
        "--request-timeout", "120",
        "--workers", "1",
        "--no-color",
        "--report", "junit", "--report-junit-path", str(report),
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603 - fixed arguments
        command, env=env, cwd=report.parent, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout[-20_000:] + done.stderr[-5_000:]


def test_issuer_api(fuzz_issuer: Target, tmp_path: Path) -> None:
    fuzz(fuzz_issuer, fuzz_issuer, tmp_path / "issuer.xml")


def test_verifier_api(fuzz_verifier: Target, fuzz_issuer: Target, tmp_path: Path) -> None:
    fuzz(fuzz_verifier, fuzz_issuer, tmp_path / "verifier.xml")


def test_wallet_api(fuzz_wallet: Target, fuzz_issuer: Target, tmp_path: Path) -> None:
    """URLs a wallet is given (an institution, an issuer) point at the fuzz issuer."""
    fuzz(fuzz_wallet, fuzz_issuer, tmp_path / "wallet.xml")
