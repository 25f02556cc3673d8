"""The learner's wallet: a did:key, credentials encrypted at rest, the credit account, sharing."""

from wallet.account import Account, CredentialLine, build_account
from wallet.chain import open_registry
from wallet.checker import CheckOutcome, CredentialChecker, VerifierChecker
from wallet.models import HeldCredential, Refusal, WalletData
from wallet.offers import Offer, parse_offer
from wallet.package import PACKAGE_TYPE, build_package, decode_link, package_link, qr_png
from wallet.settings import WalletSettings, get_wallet_settings
from wallet.store import WalletStore
from wallet.wallet import ReceiveResult, Wallet

__all__ = [
    "PACKAGE_TYPE",
    "Account",
    "CheckOutcome",
    "CredentialChecker",
    "CredentialLine",
    "HeldCredential",
    "Offer",
    "ReceiveResult",
    "Refusal",
    "VerifierChecker",
    "Wallet",
    "WalletData",
    "WalletSettings",
    "WalletStore",
    "build_account",
    "build_package",
    "decode_link",
    "get_wallet_settings",
    "open_registry",
    "package_link",
    "parse_offer",
    "qr_png",
]
