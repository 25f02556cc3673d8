"""Ethereum account keys, encrypted at rest (Web3 Secret Storage, scrypt) under a passphrase."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount

from node.errors import AuthError, InputError

__all__ = ["Keystore", "WrongPassphraseError"]

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class WrongPassphraseError(AuthError):
    """The keystore passphrase does not open this key."""

    code = "WRONG_PASSPHRASE"
    title = "Wrong passphrase"


class Keystore:
    """Named keys in one folder; each file is an encrypted JSON keystore, never plain."""

    def __init__(self, folder: Path, passphrase: str, *, fast_kdf: bool = False) -> None:
        self.folder = folder
        self._passphrase = passphrase
        # pbkdf2 with fewer rounds is for throwaway test chains only.
        self._kdf: dict[str, object] = (
            {"kdf": "pbkdf2", "iterations": 1000} if fast_kdf else {"kdf": "scrypt"}
        )
        self._cache: dict[str, LocalAccount] = {}

    def _path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise InputError(f"invalid key name {name!r}")
        return self.folder / f"{name}.json"

    def exists(self, name: str) -> bool:
        """Whether a key of this name is stored."""
        return self._path(name).is_file()

    def create(self, name: str, private_key: bytes | None = None) -> LocalAccount:
        """Store a new (or given) key under ``name``; an existing name is refused."""
        path = self._path(name)
        if path.exists():
            raise InputError(f"key {name!r} exists already")
        account: LocalAccount = Account.from_key(private_key) if private_key else Account.create()
        encrypted = Account.encrypt(account.key, self._passphrase, **self._kdf)  # type: ignore[arg-type]
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(encrypted, handle)
        tmp.replace(path)
        self._cache[name] = account
        logger.info("created key %s for account %s", name, account.address)
        return account

    def load(self, name: str) -> LocalAccount:
        """Decrypt a stored key; a wrong passphrase raises and changes nothing."""
        if name in self._cache:
            return self._cache[name]
        path = self._path(name)
        try:
            encrypted = json.loads(path.read_text())
        except FileNotFoundError:
            raise InputError(f"no key named {name!r}") from None
        try:
            key = Account.decrypt(encrypted, self._passphrase)
        except ValueError as exc:
            raise WrongPassphraseError(f"cannot open key {name!r}") from exc
        account: LocalAccount = Account.from_key(key)
        self._cache[name] = account
        return account

    def get_or_create(self, name: str) -> LocalAccount:
        """The key of this name, created on first use."""
        return self.load(name) if self.exists(name) else self.create(name)
