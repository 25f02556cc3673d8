"""Keys encrypted at rest under a passphrase.

Ethereum accounts are Web3 Secret Storage files (scrypt); other secrets, such as Ed25519
JWKs, are scrypt + AES-256-GCM envelopes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
from pathlib import Path

from Crypto.Cipher import AES
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

    def _secret_path(self, name: str) -> Path:
        return self._path(name).with_suffix(".secret.json")

    def has_secret(self, name: str) -> bool:
        """Whether a secret of this name is stored."""
        return self._secret_path(name).is_file()

    def save_secret(self, name: str, secret: bytes) -> None:
        """Encrypt and store a secret; an existing one is never overwritten."""
        path = self._secret_path(name)
        if path.exists():
            raise InputError(f"secret {name!r} exists already")
        salt, nonce = os.urandom(16), os.urandom(12)
        cost = 2**10 if self._kdf["kdf"] == "pbkdf2" else 2**15
        cipher = AES.new(_derive(self._passphrase, salt, cost), AES.MODE_GCM, nonce=nonce)
        ciphertext, tag = cipher.encrypt_and_digest(secret)
        envelope = {
            "kdf": "scrypt",
            "cipher": "aes-256-gcm",
            "n": cost,
            **{
                k: base64.b64encode(v).decode()
                for k, v in {"salt": salt, "nonce": nonce, "ct": ciphertext, "tag": tag}.items()
            },
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(envelope, handle)
        tmp.replace(path)

    def load_secret(self, name: str) -> bytes:
        """Decrypt a stored secret; a wrong passphrase raises and changes nothing."""
        try:
            envelope = json.loads(self._secret_path(name).read_text())
        except FileNotFoundError:
            raise InputError(f"no secret named {name!r}") from None
        raw = {k: base64.b64decode(envelope[k]) for k in ("salt", "nonce", "ct", "tag")}
        key = _derive(self._passphrase, raw["salt"], int(envelope["n"]))
        cipher = AES.new(key, AES.MODE_GCM, nonce=raw["nonce"])
        try:
            return bytes(cipher.decrypt_and_verify(raw["ct"], raw["tag"]))
        except ValueError as exc:
            raise WrongPassphraseError(f"cannot open secret {name!r}") from exc


def _derive(passphrase: str, salt: bytes, cost: int) -> bytes:
    """An AES-256 key from the passphrase; the cost travels in the envelope."""
    return hashlib.scrypt(passphrase.encode(), salt=salt, n=cost, r=8, p=1, dklen=32, maxmem=2**26)
