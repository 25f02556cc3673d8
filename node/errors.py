"""The one exception tree of the credit bank; every error carries a stable code.

``code`` values are part of the public interface (RFC 9457 ``type`` is
``urn:creditbank:error:<code>``): never rename one once released.

    CreditBankError
    ├── InputError                 bad request data (422)
    │   ├── PayloadTooLargeError   request over the size limit (413)
    │   ├── JsonTooDeepError       JSON nested deeper than the limit (400)
    │   ├── BadHostError           a Host header this service does not answer to (400)
    │   └── TooManyItemsError      more credentials or rows than one request may carry (413)
    ├── RateLimitedError           too many requests from one client (429)
    ├── AuthError                  caller not authenticated (401)
    │   └── ForbiddenError         caller lacks the role (403)
    ├── NotFoundError              no such thing (404)
    ├── ConflictError              would repeat or contradict accepted state (409)
    ├── ConfigError                settings that cannot work
    ├── StorageError               the database failed
    └── ChainError                 anything about the ledger
        ├── ChainUnavailableError  no configured node answered, after retries (503)
        ├── ChainMismatchError     a node on another chain id
        ├── DeploymentError        no registry where one was expected
        ├── TransactionError       a transaction failed or was not mined in time
        └── ContractRevertError    a decoded custom error (node.chain.reverts)
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "AuthError",
    "BadHostError",
    "ChainError",
    "ChainMismatchError",
    "ChainUnavailableError",
    "ConfigError",
    "ConflictError",
    "ContractRevertError",
    "CreditBankError",
    "DeploymentError",
    "ForbiddenError",
    "InputError",
    "JsonTooDeepError",
    "NotFoundError",
    "PayloadTooLargeError",
    "RateLimitedError",
    "StorageError",
    "TooManyItemsError",
    "TransactionError",
]


class CreditBankError(Exception):
    """Root of every error the credit bank raises on purpose."""

    code: ClassVar[str] = "INTERNAL_ERROR"
    http_status: ClassVar[int] = 500
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str | None = None, **extra: Any) -> None:
        self.detail = detail or self.title
        self.extra = extra
        super().__init__(self.detail)

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        """The RFC 9457 problem document for this error."""
        problem: dict[str, Any] = {
            "type": f"urn:creditbank:error:{self.code}",
            "title": self.title,
            "status": self.http_status,
            "detail": self.detail,
            "code": self.code,
        }
        if instance:
            problem["instance"] = instance
        problem.update(self.extra)
        return problem


class InputError(CreditBankError):
    """The request's data is malformed or breaks a rule."""

    code = "INVALID_INPUT"
    http_status = 422
    title = "Invalid input"


class PayloadTooLargeError(InputError):
    """The request is larger than the service accepts."""

    code = "PAYLOAD_TOO_LARGE"
    http_status = 413
    title = "Payload too large"


class JsonTooDeepError(InputError):
    """JSON nested deeper than the service parses; refused before any parser recurses."""

    code = "JSON_TOO_DEEP"
    http_status = 400
    title = "JSON nested too deeply"


class BadHostError(InputError):
    """The Host header names a site this service does not serve (DNS rebinding defence)."""

    code = "HOST_NOT_ALLOWED"
    http_status = 400
    title = "Host not allowed"


class TooManyItemsError(InputError):
    """A request carries more items (credentials, rows) than the service takes at once."""

    code = "TOO_MANY_ITEMS"
    http_status = 413
    title = "Too many items"


class RateLimitedError(CreditBankError):
    """One client asked too often; it may try again after ``retry_after`` seconds."""

    code = "RATE_LIMITED"
    http_status = 429
    title = "Too many requests"


class AuthError(CreditBankError):
    """The caller is not authenticated."""

    code = "UNAUTHENTICATED"
    http_status = 401
    title = "Authentication required"


class ForbiddenError(AuthError):
    """The caller is authenticated but lacks the role."""

    code = "FORBIDDEN"
    http_status = 403
    title = "Not allowed for this role"


class NotFoundError(CreditBankError):
    """The thing asked for does not exist."""

    code = "NOT_FOUND"
    http_status = 404
    title = "Not found"


class ConflictError(CreditBankError):
    """Accepting this would repeat or contradict state already accepted."""

    code = "CONFLICT"
    http_status = 409
    title = "Conflict"


class ConfigError(CreditBankError):
    """The settings cannot work."""

    code = "CONFIG_INVALID"
    title = "Invalid configuration"


class StorageError(CreditBankError):
    """The database refused or failed an operation."""

    code = "STORAGE_FAILED"
    http_status = 503
    title = "Storage failed"


class ChainError(CreditBankError):
    """Something about the ledger went wrong."""

    code = "CHAIN_ERROR"
    http_status = 502
    title = "Ledger error"


class ChainUnavailableError(ChainError):
    """No configured chain node answered, even after retries."""

    code = "CHAIN_UNAVAILABLE"
    http_status = 503
    title = "Chain node unavailable"


class ChainMismatchError(ChainError):
    """A node answered for a different chain than configured."""

    code = "CHAIN_ID_MISMATCH"
    title = "Chain node on the wrong chain"


class DeploymentError(ChainError):
    """The registry is not deployed where it was expected."""

    code = "REGISTRY_NOT_DEPLOYED"
    http_status = 503
    title = "Registry not deployed"


class TransactionError(ChainError):
    """A transaction failed, was dropped or was not mined in time."""

    code = "TX_FAILED"
    title = "Transaction failed"


class ContractRevertError(ChainError):
    """The registry refused a call with one of its custom errors."""

    code = "CONTRACT_REVERTED"
    http_status = 409
    title = "The ledger refused the operation"
    #: The Solidity custom error name, e.g. ``RegistryBatchAlreadyAnchored``.
    error_name: ClassVar[str] = ""

    def __init__(self, detail: str | None = None, args: dict[str, Any] | None = None) -> None:
        self.revert_args = args or {}
        super().__init__(detail or f"{self.error_name or 'revert'} {self.revert_args}".strip())
