"""What the catalog in force gives a certified credential, read by digest from IPFS and the chain.

A credential's own ``creditsEarned`` is the issuer's word; the catalog it aligns to is public,
content-addressed and anchored by the same account that anchored the credential. Credits count
only when the two agree, so an issuer cannot grant more than the catalog it published allows.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from node.chain import Document, DocumentKind, RegistryReader
from node.credentials.facts import subject_of
from node.documents import (
    DocumentDigestMismatchError,
    DocumentEntryNotFoundError,
    IpfsClient,
    OutcomeCatalog,
    parse_document,
    series_id,
)
from node.errors import CreditBankError
from node.types import Bytes32
from node.verification.chainview import LruCache
from node.verification.documents import LedgerDocuments

if TYPE_CHECKING:
    from node.verification.anchor_checks import Anchor

__all__ = ["CatalogReader", "CatalogState", "CatalogVerdict", "judge", "standard_catalog_cid"]

logger = logging.getLogger(__name__)

#: ``agrees``/``disagrees`` after a comparison; ``unknown`` when the catalog in force could not be
#: established; ``unchecked`` when this process has no catalog source at all.
CatalogState = Literal["agrees", "disagrees", "unknown", "unchecked"]

_STANDARD_TARGET = "ext:OutcomeStandard"
_MAX_CATALOG_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class CatalogVerdict:
    """The catalog's word on one credential's credits, and why."""

    state: CatalogState
    reason: str
    credits: Decimal | None = None
    catalog: str | None = None
    #: the stable problem code when a document was refused (``DOCUMENT_DIGEST_MISMATCH``)
    problem: str | None = None

    @property
    def allows_counting(self) -> bool:
        """Agreement, or no catalog source configured here (the wallet's offline view)."""
        return self.state in ("agrees", "unchecked")

    def to_json(self) -> dict[str, Any]:
        """The verdict as JSON (credits as an exact decimal string)."""
        body: dict[str, Any] = {
            "state": self.state,
            "reason": self.reason,
            "credits": str(self.credits) if self.credits is not None else None,
            "catalog": self.catalog,
        }
        if self.problem is not None:
            body["problem"] = self.problem
        return body


UNCHECKED = CatalogVerdict("unchecked", "no catalog source is configured here")


def _decimal(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


def judge(facts: Mapping[str, Any], catalog: OutcomeCatalog) -> CatalogVerdict:
    """Compare what a credential claims with what the catalog gives its standard and grade.

    ``creditsEarned`` may be less than the catalog gives (a partial award), never more; every
    other classification must match exactly.
    """
    name = f"{catalog.id} v{catalog.version}"
    code, grade = facts.get("standard_code"), facts.get("skill_grade")
    if not isinstance(code, str):
        return CatalogVerdict("disagrees", "the achievement names no standard code", None, name)
    try:
        standard = catalog.standard(code)
        award = standard.award(grade if isinstance(grade, str) else None)
    except DocumentEntryNotFoundError as exc:
        return CatalogVerdict("disagrees", exc.detail, None, name)
    earned, available = (
        _decimal(facts.get("credits_earned")),
        _decimal(facts.get("credits_available")),
    )
    problems = [
        f"{label} {claimed!r} is not the catalog's {wanted!r}"
        for label, claimed, wanted in (
            ("credit system", facts.get("credit_system"), award.credit_system),
            ("level", facts.get("level"), award.level),
            ("field", facts.get("field"), standard.field),
            ("outcome type", facts.get("outcome_type"), standard.outcome_type),
        )
        if claimed != wanted
    ]
    if available != award.credits:
        problems.append(f"creditsAvailable {available} is not the catalog's {award.credits}")
    if earned is None:
        problems.append("creditsEarned is missing")
    elif earned > award.credits:
        problems.append(f"creditsEarned {earned} exceeds the catalog's {award.credits}")
    what = f"{code}" + (f" ({award.grade})" if award.grade else "")
    if problems:
        return CatalogVerdict(
            "disagrees", f"{name} for {what}: " + "; ".join(problems), award.credits, name
        )
    return CatalogVerdict(
        "agrees",
        f"{name} gives {award.credits} {award.credit_system} for {what}",
        award.credits,
        name,
    )


def standard_catalog_cid(vc: object) -> str | None:
    """The IPFS CID of the catalog the achievement aligns its outcome standard to."""
    subject = subject_of(vc)
    achievement = subject.get("achievement") if subject else None
    alignments = achievement.get("alignment") if isinstance(achievement, dict) else None
    for item in alignments if isinstance(alignments, list) else []:
        if not isinstance(item, dict) or item.get("targetType") != _STANDARD_TARGET:
            continue
        url = item.get("targetUrl")
        if isinstance(url, str) and url.startswith("ipfs://"):
            cid = url.removeprefix("ipfs://").split("#", 1)[0]
            return cid or None
    return None


def _day(timestamp: int) -> str:
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")


class CatalogReader:
    """Fetches catalogs by CID, checks them against the registry, judges credentials by them."""

    def __init__(
        self,
        registry: RegistryReader,
        ipfs: IpfsClient,
        cache_entries: int = 256,
        documents: LedgerDocuments | None = None,
    ) -> None:
        self.registry = registry
        self.ipfs = ipfs
        #: the same registry and IPFS node read for the framework in force
        self.documents = documents or LedgerDocuments(registry, ipfs, cache_entries)
        self._catalogs: LruCache[str, tuple[OutcomeCatalog, bytes]] = LruCache(cache_entries)
        #: a published version's record never changes once it exists
        self._records: LruCache[tuple[str, bytes, int], Document] = LruCache(cache_entries)

    async def _record(self, publisher: str, series: bytes, version: int) -> Document:
        """One version's anchored record, cached once it exists."""
        key = (publisher.lower(), series, version)
        cached = self._records.get(key)
        if cached is not None:
            return cached
        record = await self.registry.document(
            publisher, DocumentKind.CATALOG, Bytes32(series), version
        )
        if record.cid:
            self._records.put(key, record)
        return record

    async def _fetch(self, cid: str) -> tuple[OutcomeCatalog, bytes]:
        """A catalog and its SHA-256; content under a CID never changes, so it is cached."""
        cached = self._catalogs.get(cid)
        if cached is not None:
            return cached
        data = await self.ipfs.cat(cid, _MAX_CATALOG_BYTES)
        catalog = parse_document(OutcomeCatalog, data)
        entry = (catalog, hashlib.sha256(data).digest())
        self._catalogs.put(cid, entry)
        return entry

    async def framework_series(self, vc: object) -> Bytes32 | None:
        """The framework series the credential's catalog is written against, if it names one.

        Only a hint for which framework to read: the framework itself is the one the registry
        has in force in that series, checked against its digest.
        """
        cid = standard_catalog_cid(vc)
        if cid is None:
            return None
        try:
            catalog, _ = await self._fetch(cid)
        except CreditBankError:
            return None
        return series_id(catalog.framework.id)

    async def verdict(self, vc: object, facts: Mapping[str, Any], anchor: Anchor) -> CatalogVerdict:
        """The catalog in force when the credential's batch was anchored, and its word."""
        if "credits_earned" not in facts:
            return CatalogVerdict("unchecked", "the credential claims no credits")
        cid = standard_catalog_cid(vc)
        if cid is None:
            return CatalogVerdict("unknown", "the achievement aligns to no catalog on IPFS")
        try:
            catalog, content_digest = await self._fetch(cid)
        except CreditBankError as exc:
            logger.info("catalog %s unreadable: %s", cid, exc.code)
            return CatalogVerdict("unknown", f"catalog {cid} could not be read: {exc.detail}")
        name = f"{catalog.id} v{catalog.version}"
        publisher, at = anchor.batch.issuer, anchor.batch.anchored_at
        series = series_id(catalog.id)
        try:
            record = await self._record(publisher, series, catalog.version)
            latest = await self.registry.latest_document_version(
                publisher, DocumentKind.CATALOG, series
            )
            later = [
                await self._record(publisher, series, v)
                for v in range(catalog.version + 1, latest + 1)
            ]
        except CreditBankError as exc:
            return CatalogVerdict("unknown", f"the registry could not be read: {exc.detail}")
        if record.cid == cid and bytes(record.digest) != content_digest:
            logger.warning("catalog %s does not hash to its anchored digest", cid)
            return CatalogVerdict(
                "unknown",
                f"{DocumentDigestMismatchError.code}: the content of {cid} does not match the "
                f"digest the registry anchors for {name}; it is refused",
                problem=DocumentDigestMismatchError.code,
            )
        if bytes(record.digest) != content_digest or record.cid != cid:
            return CatalogVerdict(
                "unknown", f"{name} at {cid} is not anchored by the issuer account {publisher}"
            )
        if record.effective_from > at:
            return CatalogVerdict(
                "disagrees", f"{name} took effect only on {_day(record.effective_from)}", None, name
            )
        newer = [doc for doc in later if doc.effective_from <= at]
        if newer:
            return CatalogVerdict(
                "disagrees",
                f"{name} was superseded on {_day(newer[0].effective_from)}, before anchoring",
                None,
                name,
            )
        return judge(facts, catalog)
