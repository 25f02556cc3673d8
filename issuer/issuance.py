"""Turn a certified outcome into a signed, stored credential waiting for its batch."""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select

from issuer.audit import record
from issuer.context import IssuerContext
from issuer.errors import OutOfAccreditationScopeError, UnknownStandardError
from issuer.models import IssuedCredential
from node.credentials import (
    Award,
    EvidenceItem,
    FieldOfStudy,
    OutcomeStandardRef,
    credential_hash,
    issue_credential,
    require_did_key,
)
from node.documents import DocumentEntryNotFoundError, OutcomeStandard
from node.errors import CreditBankError, InputError
from node.web.metrics import CREDENTIALS_ISSUED

__all__ = ["IssueSpec", "Issuance"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IssueSpec:
    """One outcome to certify for one learner."""

    learner_did: str
    standard_code: str
    grade: str | None = None
    result: str | None = None
    credits_earned: Decimal | None = None
    evidence: tuple[EvidenceItem, ...] = ()
    issued_on: datetime | None = None
    valid_until: datetime | None = None
    import_key: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class _Prepared:
    spec: IssueSpec
    outcome: OutcomeStandardRef
    award: Award
    field_bit: int
    type_bit: int
    level: int


class Issuance:
    """Checks against catalog and accreditation, signs, and stores credentials."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    def _standard(self, code: str) -> OutcomeStandard:
        try:
            return self.ctx.catalog.standard(code)
        except (KeyError, DocumentEntryNotFoundError):
            raise UnknownStandardError(
                f"{code!r} is not in catalog {self.ctx.catalog.id} v{self.ctx.catalog.version}"
            ) from None

    def prepare(self, spec: IssueSpec) -> _Prepared:
        """Resolve the standard and grade and validate every input, without side effects."""
        learner = require_did_key(spec.learner_did, role="learner DID")
        standard = self._standard(spec.standard_code)
        try:
            worth = standard.award(spec.grade)
        except DocumentEntryNotFoundError as exc:
            raise InputError(exc.detail) from exc
        framework = self.ctx.framework
        field_of_study = framework.field(standard.field)
        credits = spec.credits_earned if spec.credits_earned is not None else worth.credits
        try:
            outcome = OutcomeStandardRef(
                code=standard.code,
                name=standard.name,
                description=standard.description,
                criteria=standard.criteria,
                outcome_type=standard.outcome_type,  # type: ignore[arg-type]
                skill_grade=worth.grade,
                field_of_study=FieldOfStudy(code=field_of_study.code, name=field_of_study.name),
                level=worth.level,
                credits_available=worth.credits,
                credit_system=worth.credit_system,
                standard_uri=f"{self.ctx.refs.catalog_uri}#{standard.code}",
                framework_level_uri=f"{self.ctx.refs.framework_uri}#level-{worth.level}",
                catalog_name=self.ctx.catalog.issuer,
                framework_name=framework.name,
            )
            award = Award(
                learner_did=learner,
                credits_earned=credits,
                result=spec.result,
                evidence=spec.evidence,
                issued_on=spec.issued_on or datetime.now(UTC),
                valid_until=spec.valid_until,
            )
        except ValueError as exc:  # pydantic's ValidationError is a ValueError
            raise InputError(f"cannot certify {standard.code}: {exc}") from exc
        if award.credits_earned > worth.credits:
            raise InputError(
                f"credits_earned {award.credits_earned} exceeds the {worth.credits} "
                f"credits of {standard.code}"
            )
        return _Prepared(
            spec,
            outcome,
            award,
            field_of_study.id,
            framework.outcome_type(standard.outcome_type).id,
            worth.level,
        )

    async def check_scope(self, prepared: _Prepared) -> None:
        """Refuse an outcome outside the issuer's accreditation in force now."""
        scope = self.ctx.framework.scope_bits(
            prepared.outcome.field_of_study.code,
            prepared.outcome.outcome_type.value,
            prepared.level,
        )
        if not await self.ctx.covers(scope):
            raise OutOfAccreditationScopeError(
                f"not accredited now for field {prepared.outcome.field_of_study.code}, "
                f"type {prepared.outcome.outcome_type.value}, level {prepared.level}"
            )

    async def _sign(self, prepared: _Prepared, status_index: int) -> IssuedCredential:
        async with self.ctx.signing_slots:
            signed = await issue_credential(
                prepared.outcome,
                prepared.award,
                self.ctx.profile,
                self.ctx.key,
                credential_id=f"urn:uuid:{uuid.uuid4()}",
                status=(self.ctx.status_lists.list_url(), status_index),
            )
        return IssuedCredential(
            credential_id=signed["id"],
            credential_hash="0x" + credential_hash(signed).hex(),
            learner_did=prepared.award.learner_did,
            standard_code=prepared.outcome.code,
            field_bit=prepared.field_bit,
            type_bit=prepared.type_bit,
            level=prepared.level,
            body=json.dumps(signed, separators=(",", ":")),
            status="signed",
            import_key=prepared.spec.import_key,
        )

    async def issue(self, spec: IssueSpec, actor: str) -> IssuedCredential:
        """Certify one outcome; the credential is anchored with the next batch."""
        [outcome] = await self.issue_many([spec], actor)
        if isinstance(outcome, CreditBankError):
            raise outcome
        return outcome

    async def issue_many(
        self, specs: Sequence[IssueSpec], actor: str
    ) -> list[IssuedCredential | CreditBankError]:
        """Certify many outcomes; each bad one is reported in place and stops nothing."""
        results: list[IssuedCredential | CreditBankError | None] = [None] * len(specs)
        prepared: list[tuple[int, _Prepared]] = []
        for i, spec in enumerate(specs):
            try:
                item = self.prepare(spec)
                await self.check_scope(item)
                prepared.append((i, item))
            except CreditBankError as exc:
                results[i] = exc
        # one block of status list indexes for the whole batch, in one transaction
        first = await self.ctx.status_lists.allocate(len(prepared)) if prepared else 0
        signed = await asyncio.gather(
            *(self._sign(item, first + k) for k, (_, item) in enumerate(prepared)),
            return_exceptions=True,
        )
        rows: list[IssuedCredential] = []
        for (i, _), outcome in zip(prepared, signed, strict=True):
            if isinstance(outcome, CreditBankError):
                results[i] = outcome
            elif isinstance(outcome, BaseException):
                raise outcome
            else:
                results[i] = outcome
                rows.append(outcome)
        if rows:
            async with self.ctx.ledger.db.session() as session:
                session.add_all(rows)
                for row in rows:
                    record(
                        session, actor, "credential.issue", row.credential_id,
                        standard=row.standard_code, hash=row.credential_hash,
                    )  # fmt: skip
            self.ctx.anchorer.wake.set()
            logger.info("issued %d credentials", len(rows))
            CREDENTIALS_ISSUED.inc(len(rows))
        return [r for r in results if r is not None]

    async def existing_import_keys(self, keys: Sequence[str]) -> set[str]:
        """Which of these import keys were issued before (re-importing issues nothing twice)."""
        found: set[str] = set()
        async with self.ctx.ledger.db.session() as session:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                found.update(
                    k
                    for k in (
                        await session.scalars(
                            select(IssuedCredential.import_key).where(
                                IssuedCredential.import_key.in_(chunk)
                            )
                        )
                    ).all()
                    if k is not None
                )
        return found
