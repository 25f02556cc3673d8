"""An unlocked wallet: receive, refresh, account, present and back up, saving after each change."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from node.credentials import SigningKey, build_presentation, credential_hash, sign_presentation
from node.errors import CreditBankError, InputError
from wallet.account import Account, build_account
from wallet.checker import RECEIPT_CHECKS, CheckOutcome, CredentialChecker
from wallet.envelope import Sealer
from wallet.errors import (
    CredentialRefusedError,
    HeldCredentialNotFoundError,
    WalletExistsError,
    WeakPassphraseError,
)
from wallet.models import HeldCredential, Refusal, WalletData, now_iso
from wallet.offers import Delivery, Offer, fetch_receipt, redeem, resolve_offer
from wallet.package import build_package
from wallet.store import WalletStore

__all__ = ["ReceiveResult", "Wallet"]

logger = logging.getLogger(__name__)


@dataclass
class ReceiveResult:
    """What one offer brought: credentials kept (verified or awaiting a receipt) and refused."""

    kept: list[HeldCredential] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """Ids and statuses only: the credentials stay in the wallet."""
        return {
            "kept": [{"id": c.id, "status": c.label} for c in self.kept],
            "refused": [{"id": r.id, "reasons": r.reasons} for r in self.refused],
        }


def _credential_id(vc: dict[str, Any]) -> str:
    """The credential's own id, or its hash when it has none."""
    own = vc.get("id")
    if isinstance(own, str) and own:
        return own
    try:
        return "0x" + credential_hash(vc).hex()
    except CreditBankError:
        return "unidentified"


def _subject_ids(vc: dict[str, Any]) -> list[object]:
    subjects = vc.get("credentialSubject")
    subjects = subjects if isinstance(subjects, list) else [subjects]
    return [s.get("id") if isinstance(s, dict) else None for s in subjects]


#: A new wallet's passphrase: long enough, and not one character repeated. The passphrase is
#: all that stands between a copied wallet file and the learner's key (scrypt slows guessing,
#: it does not make a 4-letter word safe).
MIN_PASSPHRASE_LENGTH = 12
MIN_DISTINCT_CHARACTERS = 5


def require_strong_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short or too repetitive to protect a wallet file."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WeakPassphraseError(
            f"a wallet passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters; "
            "a few unrelated words make a good one"
        )
    if len(set(passphrase)) < MIN_DISTINCT_CHARACTERS:
        raise WeakPassphraseError("a wallet passphrase must not repeat a few characters")


class Wallet:
    """One learner's opened wallet: the key and credentials decrypted in memory only."""

    def __init__(
        self, store: WalletStore, name: str, data: WalletData, sealer: Sealer, key: SigningKey
    ) -> None:
        self.store = store
        self.name = name
        self.data = data
        self._sealer = sealer
        self.key = key
        self._lock = asyncio.Lock()

    @classmethod
    async def create(cls, store: WalletStore, name: str, passphrase: str) -> Wallet:
        """A new did:key and an empty wallet encrypted under ``passphrase``."""
        if store.exists(name):
            raise WalletExistsError(f"a wallet named {name!r} exists already")
        require_strong_passphrase(passphrase)
        key = await SigningKey.create()
        data = WalletData(did=key.did, jwk=key.jwk)
        sealer = await asyncio.to_thread(store.create, name, data, passphrase)
        return cls(store, name, data, sealer, key)

    @classmethod
    async def open(cls, store: WalletStore, name: str, passphrase: str) -> Wallet:
        """Decrypt a wallet; a wrong passphrase raises and leaves the file untouched."""
        data, sealer = await asyncio.to_thread(store.open, name, passphrase)
        key = await SigningKey.from_jwk(data.jwk)
        return cls(store, name, data, sealer, key)

    @classmethod
    async def restore(cls, store: WalletStore, name: str, backup: bytes, passphrase: str) -> Wallet:
        """Store a backup as wallet ``name`` (never over an existing one) and open it."""
        await asyncio.to_thread(store.restore, name, backup, passphrase)
        return await cls.open(store, name, passphrase)

    @property
    def did(self) -> str:
        """The learner's did:key."""
        return self.data.did

    def held(self) -> list[HeldCredential]:
        """Every credential in the wallet, oldest first."""
        return list(self.data.credentials.values())

    def get(self, credential_id: str) -> HeldCredential:
        """One held credential by id."""
        try:
            return self.data.credentials[credential_id]
        except KeyError:
            raise HeldCredentialNotFoundError(f"no credential {credential_id!r}") from None

    async def _save(self) -> None:
        await asyncio.to_thread(self.store.save, self.name, self.data, self._sealer)

    def _refuse(self, result: ReceiveResult, credential_id: str, reasons: list[str]) -> None:
        refusal = Refusal(credential_id, reasons)
        result.refused.append(refusal)
        self.data.refusals.append(refusal)
        logger.info("refused credential %s: %d failed checks", credential_id, len(reasons))

    @staticmethod
    def _apply(held: HeldCredential, outcome: CheckOutcome) -> None:
        held.status = outcome.status
        held.valid = outcome.valid
        held.reasons = list(outcome.reasons)
        held.checked_at = now_iso()
        if outcome.catalog is not None:  # a checker without catalogs keeps the last word
            held.catalog = outcome.catalog

    async def _accept(
        self, delivery: Delivery, issuer_url: str, checker: CredentialChecker, result: ReceiveResult
    ) -> None:
        vc = delivery.credential
        credential_id = _credential_id(vc)
        if any(subject != self.did for subject in _subject_ids(vc)):
            self._refuse(result, credential_id, ["the credential was issued to another DID"])
            return
        held = HeldCredential(
            id=credential_id,
            credential=vc,
            receipt=delivery.receipt,
            receipt_endpoint=delivery.receipt_endpoint,
            issuer_url=issuer_url,
        )
        outcome = await checker.check(vc, delivery.receipt)
        if delivery.receipt is not None and not outcome.valid:
            self._refuse(result, credential_id, outcome.reasons)
            return
        if delivery.receipt is None and not outcome.holds_without_receipt():
            reasons = [r for r in outcome.reasons if r.split(":", 1)[0] not in RECEIPT_CHECKS]
            self._refuse(result, credential_id, reasons or outcome.reasons)
            return
        if delivery.receipt is not None:
            self._apply(held, outcome)
        self.data.credentials[credential_id] = held
        result.kept.append(held)

    async def receive(
        self, offer: Offer, checker: CredentialChecker, http: httpx.AsyncClient
    ) -> ReceiveResult:
        """Redeem an offer; keep what verifies (or awaits its receipt), refuse the rest."""
        offer = await resolve_offer(offer, http)  # by reference: learn the issuer first
        deliveries = await redeem(offer, self.key, http)
        result = ReceiveResult()
        async with self._lock:
            for delivery in deliveries:
                await self._accept(delivery, offer.issuer_url, checker, result)
            await self._save()
        if result.refused and not result.kept:
            reasons = [f"{r.id}: {reason}" for r in result.refused for reason in r.reasons]
            raise CredentialRefusedError(reasons)
        return result

    async def refresh(self, checker: CredentialChecker, http: httpx.AsyncClient) -> ReceiveResult:
        """Fetch receipts of pending credentials and re-check every status on the chain."""
        result = ReceiveResult()
        async with self._lock:
            for held in self.held():
                if held.pending:
                    if held.receipt is None and held.receipt_endpoint:
                        try:
                            held.receipt = await fetch_receipt(held.receipt_endpoint, http)
                        except CreditBankError as exc:
                            held.reasons = [f"receipt not fetched: {exc.detail}"]
                    if held.receipt is None:
                        continue
                outcome = await checker.check(held.credential, held.receipt)
                if held.pending and not outcome.valid:
                    del self.data.credentials[held.id]
                    self._refuse(result, held.id, outcome.reasons)
                    continue
                self._apply(held, outcome)
                result.kept.append(held)
            await self._save()
        return result

    def account(self) -> Account:
        """Credit totals and every credential with its status."""
        return build_account(self.did, self.held())

    async def present(
        self, credential_ids: Sequence[str], *, challenge: str, domain: str
    ) -> dict[str, Any]:
        """A presentation package of the chosen credentials, bound to challenge and domain."""
        if not credential_ids:
            raise InputError("choose at least one credential to present")
        chosen = [self.get(i) for i in dict.fromkeys(credential_ids)]
        waiting = [c.id for c in chosen if c.pending or c.receipt is None]
        if waiting:
            raise InputError(f"not verified yet (no receipt): {', '.join(waiting)}")
        vp = build_presentation([c.credential for c in chosen], self.did)
        signed = await sign_presentation(vp, self.key, challenge=challenge, domain=domain)
        return build_package(signed, [c.receipt for c in chosen], challenge, domain)

    async def backup(self) -> bytes:
        """The whole wallet as one encrypted file that the same passphrase restores."""
        async with self._lock:
            return await asyncio.to_thread(self.store.backup, self.data, self._sealer)
