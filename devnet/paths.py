"""Where the devnet's npm toolchains (anvil, ethereumjs, js-ipfs) are installed.

``scripts/setup`` installs them in the checkout, beside this package. An installed copy of
``devnet`` no longer sits in the checkout, so ``CREDITBANK_TOOLS_DIR`` names the checkout (or
any folder holding ``hardhat-local/``, ``consortium-local/`` and ``ipfs-local/``) instead.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["tools_dir"]


def tools_dir() -> Path:
    """The folder that holds the devnet's npm toolchains."""
    configured = os.environ.get("CREDITBANK_TOOLS_DIR")
    return Path(configured) if configured else Path(__file__).resolve().parents[1]
