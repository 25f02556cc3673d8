"""Audit one institution's recorded conversions from its signed evidence export and the chain.

Nothing but the export, a chain node and an IPFS node is used: every record comes from the
registry's ``ConversionRecorded`` events of the institution, every programme and rule set from
IPFS by the digest the institution anchored.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from node.audit.checks import check_entry, double_exemptions
from node.audit.evidence import EvidenceEntry, EvidenceExport, evidence_digest
from node.audit.report import AuditedConversion, AuditReport, Finding
from node.chain.reader import RegistryReader
from node.chain.types import Conversion, DocumentKind
from node.conversion import Programme, RuleSet
from node.documents import IpfsClient, fetch_verified, series_id
from node.documents.errors import DocumentStoreError
from node.errors import NotFoundError
from node.types import Bytes32

__all__ = ["audit_conversions"]


def _hex(value: Any) -> str:
    return "0x" + bytes(value).hex()


class _Documents:
    """The institution's published programmes and rule sets, read once, fetched by digest."""

    def __init__(self, registry: RegistryReader, ipfs: IpfsClient, institution: str) -> None:
        self.registry, self.ipfs, self.institution = registry, ipfs, institution
        self._published: dict[DocumentKind, list[dict[str, Any]]] = {}
        self._cache: dict[str, bytes] = {}

    async def _list(self, kind: DocumentKind) -> list[dict[str, Any]]:
        if kind not in self._published:
            self._published[kind] = await self.registry.documents_published(self.institution, kind)
        return self._published[kind]

    async def _fetch(self, event: dict[str, Any]) -> bytes:
        digest = _hex(event["digest"])
        if digest not in self._cache:
            self._cache[digest] = await fetch_verified(
                str(event["cid"]), event["digest"], self.ipfs
            )
        return self._cache[digest]

    async def rule_set(self, digest: str) -> RuleSet | None:
        for event in await self._list(DocumentKind.RULE_SET):
            if _hex(event["digest"]) == digest.lower():
                return RuleSet.model_validate_json(await self._fetch(event))
        return None

    async def programme(self, programme_id: str, version: int) -> Programme | None:
        series = _hex(series_id(programme_id))
        for event in await self._list(DocumentKind.PROGRAMME):
            if _hex(event["seriesId"]) == series and int(event["version"]) == version:
                return Programme.model_validate_json(await self._fetch(event))
        return None


async def _check(record: Conversion, entry: EvidenceEntry, documents: _Documents) -> list[Finding]:
    """The entry against its record's digest, names, rules in force and source status."""
    cid, officer = entry.conversion_id.lower(), entry.officer
    if _hex(evidence_digest(entry)) != _hex(record.evidence_digest):
        return [
            Finding(
                "EVIDENCE_ALTERED",
                cid,
                officer,
                "the export entry does not hash to the "
                "evidence digest recorded on chain: it was changed after the fact",
            )
        ]
    found = []
    if record.flagged:
        found.append(
            Finding(
                "SOURCE_REVOKED",
                cid,
                officer,
                "a source credential was revoked after the conversion",
            )
        )
    if entry.rule_set_digest.lower() != _hex(record.rule_set_digest) or _hex(
        series_id(entry.programme.id)
    ) != _hex(record.programme_id):
        found.append(
            Finding(
                "EVIDENCE_MISMATCH",
                cid,
                officer,
                "the evidence names another programme or rule set than the on-chain record",
            )
        )
        return found
    rule_set = await documents.rule_set(entry.rule_set_digest)
    programme = await documents.programme(entry.programme.id, entry.programme.version)
    if rule_set is None or programme is None:
        found.append(
            Finding(
                "RULES_UNAVAILABLE",
                cid,
                officer,
                "the institution published no "
                "rule set with that digest, or not that programme version",
            )
        )
        return found
    return found + check_entry(record, entry, programme, rule_set)


async def audit_conversions(
    export: EvidenceExport, registry: RegistryReader, ipfs: IpfsClient
) -> AuditReport:
    """Every conversion the institution recorded, checked against a verified export.

    ``export`` comes from ``read_export`` or ``parse_export``: well-formed, signed by the
    account it names.
    """
    entries = {e.conversion_id.lower(): e for e in export.entries}
    documents = _Documents(registry, ipfs, export.institution)
    report = AuditReport(export.institution, len(entries))
    audited: list[EvidenceEntry] = []
    recorded: set[str] = set()
    for event in await registry.conversions_recorded(export.institution):
        cid = _hex(event["conversionId"])
        if cid in recorded:
            continue
        recorded.add(cid)
        record = await registry.conversion(Bytes32(bytes(event["conversionId"])))
        entry = entries.get(cid)
        officer = entry.officer if entry else None
        credits = str(Decimal(record.credits) / 100)
        report.conversions.append(AuditedConversion(cid, credits, officer))
        if entry is None:
            report.findings.append(
                Finding(
                    "EVIDENCE_MISSING",
                    cid,
                    None,
                    "recorded on chain but left out of the evidence export",
                )
            )
            continue
        try:
            report.findings += await _check(record, entry, documents)
        except (DocumentStoreError, NotFoundError, ValidationError) as exc:
            detail = exc.detail if not isinstance(exc, ValidationError) else "invalid document"
            report.findings.append(
                Finding(
                    "RULES_UNAVAILABLE",
                    cid,
                    entry.officer,
                    f"the rules could not be re-run: {detail}",
                )
            )
        audited.append(entry)
    report.findings += double_exemptions(audited)
    for cid in sorted(set(entries) - recorded):
        report.findings.append(
            Finding(
                "EVIDENCE_NOT_RECORDED",
                cid,
                entries[cid].officer,
                "in the export, but the institution recorded no such conversion on chain",
            )
        )
    return report
