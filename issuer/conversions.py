"""The institution's conversion desk: publish programmes and rules, take applications, decide.

A learner applies with a presentation of chosen credentials; they are verified with the same
engine as an employer's verifier, the rules engine proposes, an officer approves or lowers it
with a reason, and the conversion is recorded on chain before the Credit Conversion Credential
is issued. The chain refuses converting a source into the same programme twice.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from issuer.audit import record
from issuer.auth import FieldScope
from issuer.challenges import consume_challenge
from issuer.context import IssuerContext
from issuer.errors import (
    AlreadyConvertedError,
    ApplicationDecidedError,
    ConversionRefusedError,
    ProgrammeNotFoundError,
    ProgrammeVersionExistsError,
)
from issuer.models import (
    ConversionApplication,
    ConversionEvidence,
    ConversionPresentation,
    IssuedCredential,
    PublishedProgramme,
)
from issuer.sealing import stored_form
from node.audit import EvidenceEntry, evidence_digest, sign_export
from node.chain import ConversionSource, DocumentKind, outcome_key
from node.chain.reverts import RegistryAlreadyConverted
from node.chain.status import status_index
from node.conversion import Decision, Programme, RuleSet, adjust, decide, outcome_of
from node.conversion.credential import build_conversion_credential, claim_of, learner_commitment
from node.conversion.parsing import parse_programme, parse_rule_set
from node.credentials import sign_credential
from node.documents import (
    DocumentDigestMismatchError,
    IpfsClient,
    canonical_json,
    publish,
    series_id,
)
from node.errors import InputError, NotFoundError
from node.types import Bytes32, to_bytes32
from node.verification import CatalogReader, Verifier
from node.verification.documents import LedgerDocuments, refused_documents

__all__ = ["ConversionDesk", "Published"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    """A programme version and its rule set, as this institution published them."""

    programme: Programme
    rule_set: RuleSet
    row: PublishedProgramme


class ConversionDesk:
    """Programmes, rule sets and conversion applications of one institution."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    async def publish(self, programme_text: str, rule_set_text: str, actor: str) -> Published:
        """Parse (refusing with the line at fault), store on IPFS, anchor both documents."""
        programme = parse_programme(programme_text)
        rule_set = parse_rule_set(rule_set_text, programme)
        async with self.ctx.ledger.db.session() as session:
            taken = await session.get(PublishedProgramme, (programme.id, programme.version))
        if taken is not None:  # refused before anything is published or anchored
            raise ProgrammeVersionExistsError(
                f"{programme.id} version {programme.version} is published already; "
                "publish a change as the next version"
            )
        registry = self.ctx.ledger.registry
        async with IpfsClient(self.ctx.settings.ipfs_api) as ipfs:
            p = await publish(programme, ipfs, registry, self.ctx.account, DocumentKind.PROGRAMME)
            r = await publish(rule_set, ipfs, registry, self.ctx.account, DocumentKind.RULE_SET)
        row = PublishedProgramme(
            programme_id=programme.id,
            programme_version=programme.version,
            programme_json=canonical_json(programme).decode(),
            programme_cid=p.cid,
            rule_set_json=canonical_json(rule_set).decode(),
            rule_set_cid=r.cid,
            rule_set_digest="0x" + bytes(r.digest).hex(),
        )
        async with self.ctx.ledger.db.session() as session:
            session.add(row)
            record(session, actor, "programme.publish", programme.id, version=programme.version)
        return Published(programme, rule_set, row)

    async def programmes(self) -> list[Published]:
        """Every published programme version, newest first.

        A published version never changes, so it is read on a read connection (``reading``),
        not behind the writer's commits.
        """
        async with self.ctx.ledger.db.reading() as session:
            rows = (
                await session.scalars(
                    select(PublishedProgramme).order_by(
                        PublishedProgramme.programme_id, PublishedProgramme.programme_version.desc()
                    )
                )
            ).all()
        return [self._loaded(row) for row in rows]

    @staticmethod
    def _loaded(row: PublishedProgramme) -> Published:
        return Published(
            Programme.model_validate_json(row.programme_json),
            RuleSet.model_validate_json(row.rule_set_json),
            row,
        )

    async def programme(self, programme_id: str, version: int | None = None) -> Published:
        """The latest (or a named) version of a published programme.

        One row by its key: every application and decision asks, and reading (and parsing)
        every version of every programme to find it grew with the catalogue.
        """
        query = select(PublishedProgramme).where(PublishedProgramme.programme_id == programme_id)
        if version is None:
            query = query.order_by(PublishedProgramme.programme_version.desc()).limit(1)
        else:
            query = query.where(PublishedProgramme.programme_version == version)
        async with self.ctx.ledger.db.reading() as session:
            row = await session.scalar(query)
        if row is None:
            raise ProgrammeNotFoundError(f"no published programme {programme_id!r}")
        return self._loaded(row)

    async def anchored(self, published: Published) -> Published:
        """The programme and rule set as the registry anchors them, read by digest from IPFS.

        The rules that decide are the published ones, not this database's copy: content that
        does not match its anchored digest is refused (``DOCUMENT_DIGEST_MISMATCH``).
        """
        me = self.ctx.account.address
        programme, rule_set = published.programme, published.rule_set
        async with IpfsClient(self.ctx.settings.ipfs_api) as ipfs:
            documents = LedgerDocuments(self.ctx.ledger.registry, ipfs)
            anchored_programme = await documents.version(
                Programme, me, DocumentKind.PROGRAMME, programme.id, programme.version
            )
            anchored_rules = await documents.version(
                RuleSet, me, DocumentKind.RULE_SET, rule_set.id, rule_set.version
            )
        return Published(anchored_programme, anchored_rules, published.row)

    async def apply(self, programme_id: str, package: dict[str, Any]) -> ConversionApplication:
        """Verify the presented credentials, refuse what cannot convert, propose a decision."""
        published = await self.anchored(await self.programme(programme_id))
        challenge = package.get("challenge")
        receipts = package.get("receipts")

        async def consume(value: str) -> bool:
            return await consume_challenge(self.ctx, value)

        registry = self.ctx.ledger.registry
        async with IpfsClient(self.ctx.settings.ipfs_api) as ipfs:
            # framework and catalogs as the registry anchors them, checked against their digests
            report = await Verifier(
                registry,
                catalogs=CatalogReader(registry, ipfs),
                trusted_registries=self.ctx.settings.trusted_registries,
            ).verify_presentation(
                package.get("verifiablePresentation"),
                receipts if isinstance(receipts, list) else [],
                challenge=challenge if isinstance(challenge, str) else "",
                domain=self.ctx.settings.issuer_public_url,
                challenge_valid=consume,
            )
        refused = [
            f"credential {i + 1} ({c.credential_id}): {reason}"
            for i, c in enumerate(report.credentials)
            for reason in refused_documents(c)
        ]
        if refused:
            raise DocumentDigestMismatchError("; ".join(refused))
        if report.verdict != "valid":
            problems = [f"{c.name}: {c.reason}" for c in report.checks if not c.ok]
            for i, credential in enumerate(report.credentials):
                problems += [
                    f"credential {i + 1} ({credential.credential_id}) {c.name}: {c.reason}"
                    for c in credential.checks
                    if not c.ok
                ]
            raise ConversionRefusedError(
                "the presentation does not verify: " + "; ".join(problems), problems=problems
            )
        vp = package["verifiablePresentation"]
        credentials: list[dict[str, Any]] = vp["verifiableCredential"]
        if not isinstance(credentials, list):
            credentials = [credentials]
        if any(claim_of(vc) is not None for vc in credentials):
            raise ConversionRefusedError("a conversion credential cannot be converted again")
        programme_key = series_id(published.programme.id)
        for vc, receipt in zip(credentials, receipts or [], strict=False):
            # the outcome as the chain keys it: anchoring account, learner and achievement
            anchored = await registry.batch(to_bytes32(receipt["root"]))
            earlier = await registry.conversion_of(
                anchored.issuer,
                outcome_key(vc),
                self.ctx.account.address,
                programme_key,
            )
            if any(earlier):
                raise AlreadyConvertedError(
                    f"credential {vc.get('id')} was converted into {published.programme.id} "
                    f"by conversion 0x{bytes(earlier).hex()}",
                    conversion_id="0x" + bytes(earlier).hex(),
                )
        decision = decide(
            published.programme,
            published.rule_set,
            [outcome_of(vc) for vc in credentials],
            datetime.now(UTC).date(),
        )
        row = ConversionApplication(
            learner_did=str(report.holder),
            programme_id=published.programme.id,
            programme_version=published.programme.version,
            sources=[
                {"credential": vc, "receipt": receipt}
                for vc, receipt in zip(credentials, receipts or [], strict=False)
            ],
            proposal=decision.to_json(),
        )
        async with self.ctx.ledger.db.session() as session:
            session.add(row)
            await session.flush()
            session.add(
                ConversionPresentation(
                    application_id=row.id,
                    presentation={"verifiablePresentation": vp, "receipts": receipts or []},
                )
            )
            record(session, f"learner:{row.learner_did}", "conversion.apply", str(row.id))
        return row

    async def get(self, application_id: int) -> ConversionApplication:
        """One application."""
        async with self.ctx.ledger.db.session() as session:
            row = await session.get(ConversionApplication, application_id)
        if row is None:
            raise NotFoundError(f"no conversion application {application_id}")
        return row

    async def applications(
        self, scope: FieldScope, status: str | None = None
    ) -> list[ConversionApplication]:
        """Applications into programmes of the operator's fields, newest first."""
        query = select(ConversionApplication).order_by(ConversionApplication.id.desc())
        if status:
            query = query.where(ConversionApplication.status == status)
        fields = {p.programme.id: p.programme.field for p in await self.programmes()}
        async with self.ctx.ledger.db.session() as session:
            rows = (await session.scalars(query)).all()
        return [r for r in rows if scope.covers(fields.get(r.programme_id, ""))]

    async def decide(
        self,
        application_id: int,
        scope: FieldScope,
        *,
        approve: bool,
        reason: str,
        keep: dict[str, Decimal] | None = None,
    ) -> tuple[ConversionApplication, IssuedCredential | None]:
        """Reject, or approve as proposed or lowered: record on chain, then issue the credential.

        Only an officer of the programme's field decides, whichever route asks.
        """
        officer = scope.operator.name
        row = await self.get(application_id)
        published = await self.anchored(
            await self.programme(row.programme_id, row.programme_version)
        )
        scope.require(published.programme.field)
        if row.status != "proposed":
            raise ApplicationDecidedError(f"application {application_id} is {row.status}")
        if not approve:
            await self._close(row, "rejected", officer, reason, None)
            return row, None
        credentials = [s["credential"] for s in row.sources]
        decision = decide(
            published.programme,
            published.rule_set,
            [outcome_of(vc) for vc in credentials],
            date.fromisoformat(row.proposal["as_of"]),
        )
        if decision.to_json() != row.proposal:
            raise InputError("the rules give another decision now; the application must be re-run")
        if keep is not None:
            decision = adjust(decision, keep, reason)
        if decision.total <= 0:
            raise InputError("nothing is granted; reject the application instead")
        salt = self._commitment_salt(row)
        conversion_id = await self._record(row, published, decision, salt, officer)
        issued = await self._issue(row, published, decision, conversion_id, salt, officer)
        await self._close(row, "approved", officer, reason, decision, conversion_id, issued)
        return row, issued

    def _commitment_salt(self, row: ConversionApplication) -> bytes:
        """The learner commitment's salt: secret, yet the same at every approval of one application.

        After a crash the chain keeps the first attempt's record (the journal returns it), so
        an approval repeated must issue a credential whose salt opens that same commitment.
        """
        message = f"conversion-salt:{self.ctx.account.address}:{row.id}".encode()
        return hmac.new(bytes(self.ctx.account.key), message, hashlib.sha256).digest()[:16]

    async def _record(
        self,
        row: ConversionApplication,
        published: Published,
        decision: Decision,
        salt: bytes,
        officer: str,
    ) -> str:
        """The on-chain record: each source proved in its batch, credits in hundredths.

        A source is named by its outcome (SHA-256 of its credential id) so that the chain
        refuses a second conversion of the same certificate re-issued under a new hash, and
        carries its status list index (if any) so that the chain checks its bit. The learner
        appears only as a salted commitment; the salt travels in the credential.
        """
        by_hash = {s["receipt"]["credentialHash"]: s for s in row.sources}
        sources = [
            _source(by_hash[h]["credential"], by_hash[h]["receipt"]) for h in decision.sources
        ]
        conversion = hashlib.sha256(
            f"{self.ctx.account.address}:{row.programme_id}:{row.id}".encode()
        ).digest()
        commitment = learner_commitment(salt, row.learner_did)
        evidence = await self._keep_evidence(row, published, decision, conversion, officer)
        try:
            await self.ctx.ledger.registry.record_conversion(
                self.ctx.account,
                Bytes32(conversion),
                Bytes32(commitment),
                sources,
                series_id(published.programme.id),
                int(decision.total * 100),
                to_bytes32(published.row.rule_set_digest),
                evidence,
            )
        except RegistryAlreadyConverted as exc:
            raise AlreadyConvertedError(
                f"the chain refused: a source was converted into {row.programme_id} before "
                f"({exc.detail})",
                **exc.extra,
            ) from exc
        return "0x" + conversion.hex()

    async def _keep_evidence(
        self,
        row: ConversionApplication,
        published: Published,
        decision: Decision,
        conversion: bytes,
        officer: str,
    ) -> Bytes32:
        """Store what the rules ran on before the chain record, and return its digest.

        Stored first, so no record is ever without its evidence. A retried approval keeps the
        first attempt's entry if the chain holds that attempt's record (its digest must match),
        and replaces it otherwise (the officer may have decided differently).
        """
        conversion_id = "0x" + conversion.hex()
        async with self.ctx.ledger.db.session() as session:
            earlier = await session.get(ConversionEvidence, conversion_id)
            kept = await session.get(ConversionPresentation, row.id)
        if earlier is not None:
            recorded = await self.ctx.ledger.registry.conversion(Bytes32(conversion))
            if recorded.exists:
                return to_bytes32(earlier.evidence_digest)
        entry = EvidenceEntry.model_validate(
            {
                "conversionId": conversion_id,
                "programme": {"id": published.programme.id, "version": published.programme.version},
                "ruleSetDigest": published.row.rule_set_digest,
                "presentation": kept.presentation if kept else {"sources": row.sources},
                "decision": decision.to_json(),
                "officer": officer,
            }
        )
        digest = evidence_digest(entry)
        async with self.ctx.ledger.db.session() as session:
            await session.merge(
                ConversionEvidence(
                    conversion_id=entry.conversion_id,
                    application_id=row.id,
                    entry=entry.as_json(),
                    officer=officer,
                    evidence_digest="0x" + bytes(digest).hex(),
                )
            )
        return digest

    async def evidence(self) -> list[EvidenceEntry]:
        """The evidence of every approved conversion, oldest first: what an export holds."""
        query = (
            select(ConversionEvidence)
            .join(
                ConversionApplication, ConversionApplication.id == ConversionEvidence.application_id
            )
            .where(ConversionApplication.conversion_id == ConversionEvidence.conversion_id)
            .order_by(ConversionEvidence.application_id)
        )
        async with self.ctx.ledger.db.session() as session:
            rows = (await session.scalars(query)).all()
        return [EvidenceEntry.model_validate(r.entry) for r in rows]

    async def export(self) -> dict[str, Any]:
        """Every recorded conversion's evidence, signed with the institution's account key."""
        return sign_export(self.ctx.account, await self.evidence())

    async def _issue(
        self,
        row: ConversionApplication,
        published: Published,
        decision: Decision,
        conversion_id: str,
        salt: bytes,
        officer: str,
    ) -> IssuedCredential:
        """Sign the Credit Conversion Credential and queue it for anchoring like any other."""
        unsigned = build_conversion_credential(
            decision,
            published.programme,
            conversion_id=conversion_id,
            rule_set_digest=published.row.rule_set_digest,
            rule_set_uri=f"ipfs://{published.row.rule_set_cid}",
            programme_uri=f"ipfs://{published.row.programme_cid}",
            learner_did=row.learner_did,
            commitment_salt=salt,
            issuer=self.ctx.profile,
            credential_id=f"urn:uuid:{uuid.uuid4()}",
        )
        signed = await sign_credential(unsigned, self.ctx.key)
        framework = self.ctx.framework
        programme = published.programme
        stored = stored_form(signed)
        issued = IssuedCredential(
            credential_id=stored.credential_id,
            credential_hash=stored.credential_hash,
            learner_did=row.learner_did,
            standard_code="CONVERSION",
            field_bit=framework.field(programme.field).id,
            type_bit=framework.outcome_type("academic_course").id,
            level=programme.level,
            body=stored.body,
            status="signed",
        )
        async with self.ctx.ledger.db.session() as session:
            session.add(issued)
            record(
                session, officer, "credential.issue", issued.credential_id, conversion=conversion_id
            )
        self.ctx.anchorer.wake.set()
        return issued

    async def _close(
        self,
        row: ConversionApplication,
        status: str,
        officer: str,
        reason: str,
        decision: Decision | None,
        conversion_id: str | None = None,
        issued: IssuedCredential | None = None,
    ) -> None:
        async with self.ctx.ledger.db.session() as session:
            stored = await session.get(ConversionApplication, row.id)
            assert stored is not None  # noqa: S101 - read in this request
            stored.status = status
            stored.officer = officer
            stored.reason = reason
            stored.decision = decision.to_json() if decision else None
            stored.conversion_id = conversion_id
            stored.credential_id = issued.credential_id if issued else None
            record(session, officer, f"conversion.{status}", str(row.id), reason=reason)
        row.status, row.officer, row.reason = status, officer, reason
        row.decision = decision.to_json() if decision else None
        row.conversion_id = conversion_id
        row.credential_id = issued.credential_id if issued else None


def _source(vc: dict[str, Any], receipt: dict[str, Any]) -> ConversionSource:
    """A conversion source as the registry takes it, from a verified credential and receipt."""
    return ConversionSource(
        root=to_bytes32(receipt["root"]),
        credential_hash=to_bytes32(receipt["credentialHash"]),
        outcome_id=outcome_key(vc),
        path=tuple(to_bytes32(p) for p in receipt["path"]),
        status_index=status_index(vc),
    )
