"""cProfile of cold verification alone (the proofs suite's loop), with the unprofiled rate.

``scripts/bench --profile`` profiles a whole run (signing, didkit, the chain); this profiles
only what the cold verification figure measures, so the shares of its stages can be read off.
Usage: ``.venv/bin/python -m scripts.benchmarks.profile_verification [count] [lines]``.
"""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import sys
import time
from typing import Any

from node.credentials import CredentialFormat, SigningKey, sign_credential
from node.proofs import ASSERTION, KeyPair, verify_proofs
from scripts.benchmarks.proofs import _clear_caches, _credentials


async def _signed(issuer: KeyPair, count: int) -> list[dict[str, Any]]:
    key = SigningKey.from_pair(issuer)
    return [
        await sign_credential(d, key) for d in _credentials(issuer, count, CredentialFormat.VC20)
    ]


def main(count: int = 300, lines: int = 30) -> None:
    """Print the per-core rate of cold verification, then its profile by cumulative time."""
    issuer = KeyPair.generate()
    signed = asyncio.run(_signed(issuer, count))

    def verify_all() -> None:
        for document in signed:
            _clear_caches()
            assert verify_proofs(document, purpose=ASSERTION, controller=issuer.did).verified

    verify_proofs(signed[0], purpose=ASSERTION, controller=issuer.did)  # imports, contexts
    started = time.process_time()
    verify_all()
    print(f"cold verification, unprofiled: {count / (time.process_time() - started):.1f}/s")
    profiler = cProfile.Profile()
    profiler.enable()
    verify_all()
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(lines)


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
