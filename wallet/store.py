"""One encrypted JSON file per wallet; nothing about its owner is ever written in clear.

Writes go to a temporary file that replaces the old one, so a crash leaves either the old or
the new wallet; opening only reads, so a wrong passphrase changes no byte.
"""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path
from typing import Any

from node.errors import InputError
from wallet.envelope import Sealer, open_envelope
from wallet.errors import BackupInvalidError, WalletExistsError, WalletNotFoundError
from wallet.models import WalletData

__all__ = ["BACKUP_KIND", "WALLET_KIND", "WalletStore"]

logger = logging.getLogger(__name__)

WALLET_KIND = "CreditBankWallet"
BACKUP_KIND = "CreditBankWalletBackup"
_SUFFIX = ".wallet.json"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def _write_private(path: Path, document: dict[str, Any]) -> None:
    """Atomically write a file only its owner can read."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(document, handle)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def _plaintext(data: WalletData) -> bytes:
    return json.dumps(data.to_json(), separators=(",", ":")).encode()


def _parse(plaintext: bytes) -> WalletData:
    return WalletData.from_json(json.loads(plaintext))


class WalletStore:
    """The wallet files of one folder, by name."""

    def __init__(self, folder: Path, *, kdf_cost: int = 2**15) -> None:
        self.folder = folder
        self.kdf_cost = kdf_cost

    def path(self, name: str) -> Path:
        """The file of the wallet called ``name``."""
        if not _NAME.match(name):
            raise InputError(f"invalid wallet name {name!r}")
        return self.folder / f"{name}{_SUFFIX}"

    def exists(self, name: str) -> bool:
        """Whether a wallet of this name is stored."""
        return self.path(name).is_file()

    def names(self) -> list[str]:
        """The wallets in the folder."""
        files = self.folder.glob("*" + _SUFFIX)
        return sorted(p.name.removesuffix(_SUFFIX) for p in files)

    def create(self, name: str, data: WalletData, passphrase: str) -> Sealer:
        """Encrypt and store a new wallet; an existing one is never overwritten."""
        if self.exists(name):
            raise WalletExistsError(f"a wallet named {name!r} exists already")
        sealer = Sealer.new(passphrase, self.kdf_cost)
        self.save(name, data, sealer)
        logger.info("created wallet %s", name)
        return sealer

    def open(self, name: str, passphrase: str) -> tuple[WalletData, Sealer]:
        """Decrypt a wallet; a wrong passphrase raises ``WrongPassphraseError``."""
        try:
            envelope = json.loads(self.path(name).read_bytes())
        except FileNotFoundError:
            raise WalletNotFoundError(f"no wallet named {name!r}") from None
        try:
            plaintext, sealer = open_envelope(envelope, passphrase, WALLET_KIND)
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"wallet file {name!r} is damaged: {exc}") from exc
        return _parse(plaintext), sealer

    def save(self, name: str, data: WalletData, sealer: Sealer) -> None:
        """Re-encrypt the whole wallet under its key with a fresh nonce."""
        _write_private(self.path(name), sealer.seal(_plaintext(data), WALLET_KIND))

    def backup(self, data: WalletData, sealer: Sealer) -> bytes:
        """One self-contained encrypted file; the same passphrase opens it in ``restore``."""
        return json.dumps(sealer.seal(_plaintext(data), BACKUP_KIND)).encode()

    def restore(self, name: str, backup: bytes, passphrase: str) -> WalletData:
        """Open a backup and store it as wallet ``name`` (never over an existing one)."""
        try:
            envelope = json.loads(backup)
            if not isinstance(envelope, dict):
                raise ValueError("not an object")
            plaintext, _ = open_envelope(envelope, passphrase, BACKUP_KIND)
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupInvalidError(f"not a wallet backup: {exc}") from exc
        data = _parse(plaintext)
        self.create(name, data, passphrase)
        return data
