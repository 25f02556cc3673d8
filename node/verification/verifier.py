"""``Verifier``: every check of a credential or presentation, run concurrently, never raising.

Each check is guarded: an unexpected exception becomes ``could-not-check`` naming its type,
so no input, however odd, raises or comes out valid.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from eth_utils.address import to_checksum_address

from node.chain import RegistryReader
from node.conversion.credential import claim_of
from node.credentials import credential_hash
from node.documents import DocumentDigestMismatchError, QualificationFramework
from node.errors import CreditBankError
from node.proofs import SharedDatasets
from node.types import Bytes32
from node.verification.anchor_checks import (
    Anchor,
    check_accreditation,
    check_issuer_binding,
    check_receipt,
    check_status,
)
from node.verification.catalogs import UNCHECKED, CatalogReader, CatalogVerdict
from node.verification.chainview import ChainView, LruCache
from node.verification.conversion_checks import check_conversion
from node.verification.documents import LedgerDocuments
from node.verification.local_checks import (
    check_schema,
    check_structure,
    check_supported,
    check_validity,
    issuer_did,
)
from node.verification.presentation_checks import (
    check_challenge,
    check_domain,
    check_holder_binding,
    check_presentation_structure,
    embedded_credentials,
    receipt_at,
)
from node.verification.report import (
    Check,
    CheckStatus,
    CredentialReport,
    CredentialStatusName,
    PresentationReport,
)
from node.verification.signatures import SignatureChecker
from node.verification.summary import achievement_facts, subject_of

__all__ = ["CREDENTIAL_CHECKS", "PRESENTATION_CHECKS", "Verifier"]

#: Credentials one presentation may carry; more are refused before any is verified.
MAX_PRESENTED_CREDENTIALS = 50

logger = logging.getLogger(__name__)

#: The credential checks, in report order.
CREDENTIAL_CHECKS = (
    "structure",
    "schema",
    "supported",
    "signature",
    "receipt",
    "issuer-binding",
    "accreditation",
    "status",
    "conversion",
    "validity",
)
#: The presentation's own checks, in report order.
PRESENTATION_CHECKS = ("structure", "signature", "holder-binding", "challenge", "domain")


def _now() -> datetime:
    return datetime.now(UTC)


async def _guard(name: str, work: Awaitable[Check]) -> Check:
    """The check's result, or could-not-check if checking itself broke."""
    try:
        return await work
    except Exception as exc:  # fail closed on anything the checks did not foresee
        logger.warning("check %s broke: %s", name, type(exc).__name__, exc_info=exc)
        return Check.could_not(name, f"the check could not run ({type(exc).__name__})")


def _guard_now(name: str, fn: Callable[..., Check], *args: Any) -> Check:
    """A synchronous check's result, or could-not-check if checking itself broke."""
    try:
        return fn(*args)
    except Exception as exc:  # fail closed on anything the checks did not foresee
        logger.warning("check %s broke: %s", name, type(exc).__name__, exc_info=exc)
        return Check.could_not(name, f"the check could not run ({type(exc).__name__})")


def _safe_hash(vc: dict[str, Any] | None) -> Bytes32 | None:
    """The anchored hash of a signed credential, or None if it has none."""
    if vc is None:
        return None
    try:
        return credential_hash(vc)
    except Exception:  # any odd value simply has no hash
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class Verifier:
    """Verifies credentials and presentations against one registry, with nothing but a node.

    ``trusted_registries`` names earlier registry deployments on the same chain whose
    receipts still hold: a credential anchored on one is checked against that registry
    (receipt, binding, accreditation, status, conversion), so upgrading the registry does not
    orphan credentials already issued. A receipt naming any other registry fails.

    The qualification framework that gives scope bits their meaning is the one in force when
    the credential's batch was anchored, read from the registry (``documents``, or the catalog
    reader's); ``framework`` pins one instead, for tools and tests that have no IPFS node.
    With neither, the accreditation check cannot be made: nothing falls back to bundled files.
    ``batch_reads``: status reads made at one moment go to the node as one JSON-RPC batch
    (each still read afresh); off, one request per read.
    """

    def __init__(
        self,
        registry: RegistryReader,
        *,
        clock: Callable[[], datetime] | None = None,
        framework: QualificationFramework | None = None,
        clock_skew: timedelta = timedelta(seconds=60),
        cache_entries: int = 10_000,
        catalogs: CatalogReader | None = None,
        max_credentials: int = MAX_PRESENTED_CREDENTIALS,
        documents: LedgerDocuments | None = None,
        trusted_registries: Sequence[str] = (),
        batch_reads: bool = True,
    ) -> None:
        self.max_credentials = max_credentials
        self.view = ChainView(registry, max_entries=cache_entries, batch_reads=batch_reads)
        self.views = {self.view.address.lower(): self.view}
        for address in trusted_registries:
            if address.lower() not in self.views:
                checksummed = to_checksum_address(address)
                earlier = registry.at(checksummed)
                self.views[address.lower()] = ChainView(
                    earlier, max_entries=cache_entries, batch_reads=batch_reads
                )
        self.catalogs = catalogs
        self.clock = clock or _now
        self.framework = framework
        self.documents = documents or (catalogs.documents if catalogs is not None else None)
        self.clock_skew = clock_skew
        self.signatures = SignatureChecker(cache_entries)
        self._schemas: LruCache[Bytes32, Check] = LruCache(cache_entries)

    async def verify_credential(self, vc: object, receipt: object | None) -> CredentialReport:
        """Every credential check, in order; never raises, never valid by default."""
        return await self._verify_credential(vc, receipt, None)

    async def _verify_credential(
        self,
        vc: object,
        receipt: object | None,
        shared: SharedDatasets | None,
        after: asyncio.Future[Check] | None = None,
    ) -> CredentialReport:
        """``verify_credential``; ``shared``: the datasets of the presentation carrying it.

        ``after``: the presentation's proof check, which fills ``shared``; the signature
        check waits for it, so each credential is expanded once for both proofs.
        """
        doc = vc if isinstance(vc, dict) else None
        digest = _safe_hash(doc)
        issuer = issuer_did(doc) if doc is not None else None
        facts = achievement_facts(doc)
        claim = claim_of(doc)
        local, ledger = await asyncio.gather(
            self._local_checks(vc, doc, digest, issuer, shared, after),
            self._ledger_checks(doc, digest, issuer, receipt, facts, claim is None),
        )
        structure, schema, supported, signature = local
        ledger_checks, status, catalog = ledger
        validity = _guard_now("validity", check_validity, doc, self.clock(), self.clock_skew)
        subject = subject_of(doc)
        return CredentialReport(
            credential_id=_text(doc.get("id")) if doc is not None else None,
            credential_hash=f"0x{digest.hex()}" if digest is not None else None,
            issuer=issuer,
            subject=_text(subject.get("id")) if subject else None,
            checks=[structure, schema, supported, signature, *ledger_checks, validity],
            status=status,
            facts=facts,
            claim=claim,
            catalog=catalog,
        )

    async def _local_checks(
        self,
        vc: object,
        doc: dict[str, Any] | None,
        digest: Bytes32 | None,
        issuer: str | None,
        shared: SharedDatasets | None,
        after: asyncio.Future[Check] | None,
    ) -> tuple[Check, Check, Check, Check]:
        """Structure, schema, support and signature: CPU only."""
        if after is not None:  # the presentation's proof check expands each credential once
            await asyncio.wait([after])
        structure = _guard_now("structure", check_structure, vc)
        schema = self._schema(doc, digest)
        supported = _guard_now("supported", check_supported, doc)
        signature = await _guard(
            "signature", self._signature(doc, digest, issuer, supported, shared)
        )
        return structure, schema, supported, signature

    def _view_for(self, receipt: object) -> ChainView:
        """The trusted registry a receipt names; the current one otherwise (whose check fails)."""
        named = receipt.get("registry") if isinstance(receipt, dict) else None
        if isinstance(named, str):
            return self.views.get(named.lower(), self.view)
        return self.view

    def _schema(self, doc: dict[str, Any] | None, digest: Bytes32 | None) -> Check:
        """The schema verdict, cached by hash: a document never changes under its hash."""
        cached = self._schemas.get(digest) if digest is not None else None
        if cached is not None:
            return cached
        check = _guard_now("schema", check_schema, doc)
        if digest is not None and check.status is not CheckStatus.COULD_NOT_CHECK:
            self._schemas.put(digest, check)
        return check

    async def _signature(
        self,
        doc: dict[str, Any] | None,
        digest: Bytes32 | None,
        issuer: str | None,
        supported: Check,
        shared: SharedDatasets | None,
    ) -> Check:
        if doc is None:
            return Check.could_not("signature", "not checked: the credential is not a JSON object")
        if not supported.ok:
            return Check.could_not("signature", "not checked: the format is not supported here")
        return await self.signatures.credential(doc, digest, issuer, shared)

    async def _ledger_checks(
        self,
        doc: dict[str, Any] | None,
        digest: Bytes32 | None,
        issuer: str | None,
        receipt: object,
        facts: dict[str, Any],
        certifies: bool,
    ) -> tuple[list[Check], CredentialStatusName, CatalogVerdict]:
        """Receipt first; then binding, accreditation, status and the catalog concurrently."""
        anchor: Anchor | None = None
        view = self._view_for(receipt)
        try:
            receipt_check, anchor = await check_receipt(view, digest, receipt)
        except Exception as exc:  # fail closed, as in _guard
            logger.warning("receipt check broke: %s", type(exc).__name__, exc_info=exc)
            receipt_check = Check.could_not(
                "receipt", f"the check could not run ({type(exc).__name__})"
            )
        status_name: CredentialStatusName = "unknown"

        async def status() -> Check:
            nonlocal status_name
            check, status_name = await check_status(view, anchor, doc)
            return check

        binding, accreditation, status_check, conversion, catalog = await asyncio.gather(
            _guard("issuer-binding", check_issuer_binding(view, anchor, issuer)),
            _guard("accreditation", self._accreditation(view, anchor, doc)),
            _guard("status", status()),
            _guard("conversion", check_conversion(view, anchor, doc)),
            self._catalog(doc, facts, anchor, certifies),
        )
        checks = [receipt_check, binding, accreditation, status_check, conversion]
        return checks, status_name, catalog

    async def _accreditation(
        self, view: ChainView, anchor: Anchor | None, doc: dict[str, Any] | None
    ) -> Check:
        """The accreditation check, under the framework in force when the batch was anchored."""
        name = "accreditation"
        if anchor is None:
            return Check.could_not(name, "not checked: the anchor receipt did not hold")
        if doc is None:
            return Check.could_not(name, "not checked: the credential is not a JSON object")
        if self.framework is not None:
            return await check_accreditation(view, anchor, doc, self.framework)
        if self.documents is None:
            return Check.could_not(
                name, "not checked: no source of the qualification framework is configured here"
            )
        at = anchor.batch.anchored_at
        series = await self.catalogs.framework_series(doc) if self.catalogs is not None else None
        try:
            framework = await self.documents.framework_at(at, series)
        except DocumentDigestMismatchError as exc:
            return Check.failed(
                name, f"{exc.code}: the qualification framework in force is refused: {exc.detail}"
            )
        except CreditBankError as exc:
            return Check.could_not(
                name, f"the qualification framework in force could not be read ({exc.code}): "
                f"{exc.detail}",
            )  # fmt: skip
        check = await check_accreditation(view, anchor, doc, framework)
        under = f" (under {framework.id} v{framework.version})"
        return Check(check.name, check.status, check.reason + under)

    async def _catalog(
        self, doc: dict[str, Any] | None, facts: dict[str, Any], anchor: Anchor | None, wanted: bool
    ) -> CatalogVerdict:
        """The catalog's word on the credits, when there is a reader and something to judge."""
        if self.catalogs is None or not wanted:
            return UNCHECKED
        if anchor is None:
            return CatalogVerdict("unknown", "not checked: the anchor receipt did not hold")
        try:
            return await self.catalogs.verdict(doc, facts, anchor)
        except Exception as exc:  # fail closed, as in _guard: the credits are not counted
            logger.warning("catalog check broke: %s", type(exc).__name__, exc_info=exc)
            why = f"the catalog could not be read ({type(exc).__name__})"
            return CatalogVerdict("unknown", why)

    async def verify_presentation(
        self,
        vp: object,
        receipts: Sequence[object],
        *,
        challenge: str,
        domain: str,
        challenge_valid: Callable[[str], Awaitable[bool]] | None = None,
    ) -> PresentationReport:
        """The presentation's checks and every credential's, concurrently; never raises."""
        doc = vp if isinstance(vp, dict) else None
        structure = _guard_now("structure", check_presentation_structure, vp, receipts)
        credentials = embedded_credentials(doc)
        if len(credentials) > self.max_credentials:
            # refused before any signature work: each credential costs milliseconds of CPU
            too_many = Check.failed(
                "structure",
                f"{len(credentials)} credentials; a presentation may carry {self.max_credentials}",
            )
            return PresentationReport(checks=[too_many], credentials=[], holder=None)
        # one presentation's scratch: each credential is expanded once for both proofs over it
        shared = SharedDatasets()
        proof = asyncio.ensure_future(
            _guard("signature", self._presentation_signature(doc, challenge, domain, shared))
        )
        own = asyncio.gather(
            proof, _guard("challenge", check_challenge(doc, challenge, challenge_valid))
        )
        each = asyncio.gather(
            *(
                self._verify_credential(vc, receipt_at(receipts, i), shared, proof)
                for i, vc in enumerate(credentials)
            )
        )
        (signature, challenge_check), reports = await asyncio.gather(own, each)
        holder = _guard_now("holder-binding", check_holder_binding, doc)
        domain_check = _guard_now("domain", check_domain, doc, domain)
        return PresentationReport(
            checks=[structure, signature, holder, challenge_check, domain_check],
            credentials=list(reports),
            holder=_text(doc.get("holder")) if doc is not None else None,
        )

    async def _presentation_signature(
        self, doc: dict[str, Any] | None, challenge: str, domain: str, shared: SharedDatasets
    ) -> Check:
        if doc is None:
            return Check.could_not(
                "signature", "not checked: the presentation is not a JSON object"
            )
        return await self.signatures.presentation(doc, challenge, domain, shared)
