"""What the wallet asks before keeping a credential, and its adapter to ``node.verification``.

The wallet verifies nothing itself: ``CredentialChecker`` is the seam, and
``VerifierChecker`` hands each credential and receipt to the shared ``Verifier``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from node.errors import ConfigError

if TYPE_CHECKING:
    from node.chain import RegistryReader
    from node.documents import QualificationFramework
    from node.verification import CatalogReader

__all__ = ["RECEIPT_CHECKS", "CheckOutcome", "CredentialChecker", "VerifierChecker"]

#: Checks that need the anchor receipt: the only ones allowed to fail while it is pending.
RECEIPT_CHECKS = frozenset({"receipt", "issuer-binding", "accreditation", "status"})


@dataclass(frozen=True)
class CheckOutcome:
    """The verdict on one credential and its receipt, as the wallet needs it."""

    valid: bool
    reasons: list[str] = field(default_factory=list)
    #: ``active | suspended | revoked | unknown``, from the chain.
    status: str = "unknown"
    summary: dict[str, Any] = field(default_factory=dict)
    #: Names of the checks that did not pass.
    failed: tuple[str, ...] = ()
    #: The catalog in force on its credits (``CatalogVerdict.to_json()``), when one was read.
    catalog: dict[str, Any] | None = None

    def holds_without_receipt(self) -> bool:
        """Whether only receipt-dependent checks failed (a credential awaiting its anchor)."""
        return self.valid or (bool(self.failed) and set(self.failed) <= RECEIPT_CHECKS)


class CredentialChecker(Protocol):
    """Verifies a credential with its anchor receipt (``None`` while it has none)."""

    async def check(self, vc: object, receipt: object | None) -> CheckOutcome:
        """Fail closed: anything not proven is ``valid=False`` with a reason."""
        ...


class VerifierChecker:
    """``CredentialChecker`` over ``node.verification.Verifier``, reading the given registry.

    The catalog reader's IPFS node also gives the framework in force, read from the registry;
    ``framework`` pins one instead (tests, tools without IPFS).
    """

    def __init__(
        self,
        registry: RegistryReader,
        catalogs: CatalogReader | None = None,
        *,
        framework: QualificationFramework | None = None,
        trusted_registries: Sequence[str] = (),
    ) -> None:
        try:
            from node.verification import Verifier
        except ImportError as exc:  # the shared verifier ships separately
            raise ConfigError("node.verification is not installed; cannot verify") from exc
        self._verifier = Verifier(
            registry,
            catalogs=catalogs,
            framework=framework,
            trusted_registries=trusted_registries,
        )

    async def check(self, vc: object, receipt: object | None) -> CheckOutcome:
        """Run every check of the shared verifier; keep the failed ones as reasons."""
        report = await self._verifier.verify_credential(vc, receipt)
        missed = [
            check
            for check in report.checks
            if str(getattr(check.status, "value", check.status)) != "passed"
        ]
        reasons = [f"{check.name}: {check.reason}" for check in missed]
        failed = [str(check.name) for check in missed]
        if report.catalog.problem is not None:  # a catalog refused (its content is not anchored)
            reasons.append(f"catalog: {report.catalog.reason}")
            failed.append("catalog")
        valid = bool(report.valid) and report.catalog.problem is None
        if not valid and not reasons:
            reasons = ["the verifier did not accept the credential"]
        return CheckOutcome(
            valid=valid,
            reasons=reasons,
            status=str(report.status),
            summary=dict(report.summary or {}),
            failed=tuple(failed),
            catalog=None if report.catalog.state == "unchecked" else report.catalog.to_json(),
        )
