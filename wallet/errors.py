"""Errors of the wallet, each with a stable code.

    node.errors
    ├── ConflictError
    │   └── WalletExistsError          a wallet of this name is there already (409)
    ├── NotFoundError
    │   ├── WalletNotFoundError        no wallet of this name (404)
    │   └── HeldCredentialNotFoundError  the wallet holds no such credential (404)
    ├── AuthError
    │   ├── WrongPassphraseError       (node.keystore) the passphrase opens nothing (401)
    │   └── WalletLockedError          no unlocked session for this request (401)
    ├── InputError
    │   ├── OfferFormatError           not an offer code or ``openid-credential-offer://`` link
    │   ├── BackupInvalidError         not a wallet backup file
    │   ├── QrTooLargeError            the link does not fit in a QR code (413)
    │   └── CredentialRefusedError     failed verification; ``reasons`` say why (422)
    ├── IssuerExchangeError            the issuer refused or did not answer (502)
    └── InstitutionExchangeError       a college or catalog did not answer as its API (502)

Codes are public (``urn:creditbank:error:<code>``): never rename one once released.
"""

from __future__ import annotations

from collections.abc import Sequence

from node.errors import (
    AuthError,
    ConflictError,
    CreditBankError,
    InputError,
    NotFoundError,
)
from node.keystore import WrongPassphraseError

__all__ = [
    "BackupInvalidError",
    "CredentialRefusedError",
    "HeldCredentialNotFoundError",
    "InstitutionExchangeError",
    "IssuerExchangeError",
    "OfferFormatError",
    "QrTooLargeError",
    "VerifierExchangeError",
    "WalletExistsError",
    "WeakPassphraseError",
    "WalletLockedError",
    "WalletNotFoundError",
    "WrongPassphraseError",
]


class WalletExistsError(ConflictError):
    """Creating or restoring would overwrite a wallet."""

    code = "WALLET_EXISTS"
    title = "Wallet exists already"


class WeakPassphraseError(InputError):
    """A new wallet's passphrase is too easy to guess for what it protects."""

    code = "WEAK_PASSPHRASE"
    title = "Passphrase too weak"


class WalletNotFoundError(NotFoundError):
    """No wallet of this name in the wallet folder."""

    code = "WALLET_NOT_FOUND"
    title = "Wallet not found"


class HeldCredentialNotFoundError(NotFoundError):
    """The learner asked for a credential the wallet does not hold."""

    code = "WALLET_CREDENTIAL_NOT_FOUND"
    title = "Credential not in the wallet"


class WalletLockedError(AuthError):
    """A write needs the session token that unlocking gives."""

    code = "WALLET_LOCKED"
    title = "Wallet locked"


class OfferFormatError(InputError):
    """The offer is neither a code with an issuer URL nor a credential-offer link."""

    code = "WALLET_OFFER_INVALID"
    title = "Invalid credential offer"


class BackupInvalidError(InputError):
    """The file is not a wallet backup this version can read."""

    code = "WALLET_BACKUP_INVALID"
    title = "Invalid wallet backup"


class QrTooLargeError(InputError):
    """A QR code holds about 2,900 bytes; larger packages travel as a file or link."""

    code = "QR_TOO_LARGE"
    http_status = 413
    title = "Presentation too large for a QR code"


class CredentialRefusedError(InputError):
    """A delivered credential failed verification and was not kept."""

    code = "CREDENTIAL_REFUSED"
    title = "Credential refused"

    def __init__(self, reasons: Sequence[str], detail: str | None = None) -> None:
        self.reasons = list(reasons)
        super().__init__(detail or "; ".join(self.reasons[:3]) or self.title, reasons=self.reasons)


class IssuerExchangeError(CreditBankError):
    """The issuer's token or credential endpoint refused the wallet or did not answer."""

    code = "ISSUER_EXCHANGE_FAILED"
    http_status = 502
    title = "Issuer exchange failed"


class VerifierExchangeError(CreditBankError):
    """The verifier did not answer, or refused to withdraw a shared link."""

    code = "VERIFIER_EXCHANGE_FAILED"
    http_status = 502
    title = "Verifier exchange failed"


class InstitutionExchangeError(CreditBankError):
    """A college's or catalog's URL did not answer, or answered something that is not its API."""

    code = "INSTITUTION_EXCHANGE_FAILED"
    http_status = 502
    title = "Institution exchange failed"
