"""Certification applications: checked and stored on submission, decided by a reviewer of the field.

One implementation for the API and the console: the routes prove who submits or decides, this
service checks, stores and decides. Approval issues the credential through ``Issuance``; a failed
approval puts the application back and records why.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from pydantic import ValidationError
from sqlalchemy import select, update

from issuer.audit import record
from issuer.auth import FieldScope
from issuer.context import IssuerContext
from issuer.errors import ApplicationDecidedError, UnknownStandardError
from issuer.issuance import Issuance, IssueSpec, validation_problems
from issuer.models import Application
from issuer.schemas import ApplicationCreate
from node.credentials import EvidenceItem, require_did_key
from node.documents import OutcomeStandard
from node.errors import InputError, NotFoundError

__all__ = ["Applications"]


class Applications:
    """Applications for certification of one outcome, and the reviewers' decisions on them."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    def check(self, body: ApplicationCreate) -> OutcomeStandard:
        """Everything approval will need, checked now so approving cannot fail on it later."""
        require_did_key(body.learner_did, role="learner DID")
        try:
            standard = self.ctx.catalog.standard(body.standard_code)
        except (KeyError, LookupError):
            raise UnknownStandardError(f"{body.standard_code!r} is not in the catalog") from None
        try:
            evidence = tuple(EvidenceItem.model_validate(e.model_dump()) for e in body.evidence)
        except ValidationError as exc:
            raise InputError(
                f"the evidence cannot go into a credential: {validation_problems(exc)}"
            ) from exc
        Issuance(self.ctx).prepare(
            IssueSpec(body.learner_did, body.standard_code, grade=body.grade, evidence=evidence)
        )
        return standard

    async def submit(
        self, body: ApplicationCreate, standard: OutcomeStandard, submitter: str
    ) -> Application:
        """Store an application ``check`` passed, with its audit entry."""
        row = Application(
            learner_did=body.learner_did,
            standard_code=standard.code,
            field_code=standard.field,
            grade=body.grade,
            result=body.result,
            evidence=[e.model_dump(exclude_none=True) for e in body.evidence],
            submitted_by=submitter,
        )
        async with self.ctx.ledger.db.session() as session:
            session.add(row)
            await session.flush()
            record(session, submitter, "application.submit", str(row.id), standard=standard.code)
        return row

    async def applications(
        self, scope: FieldScope, status: str | None = None, limit: int = 100
    ) -> list[Application]:
        """Applications of the fields ``scope`` covers, oldest first, with their evidence."""
        query = select(Application).order_by(Application.id).limit(limit)
        if status:
            query = query.where(Application.status == status)
        if not scope.all_fields:
            query = query.where(Application.field_code.in_(sorted(scope.fields)))
        async with self.ctx.ledger.db.session() as session:
            return list((await session.scalars(query)).all())

    async def get(self, application_id: int) -> Application:
        """One application, whoever's field it is: the caller checks the scope."""
        async with self.ctx.ledger.db.session() as session:
            row = await session.get(Application, application_id)
        if row is None:
            raise NotFoundError(f"no application {application_id}")
        return row

    async def decide(
        self,
        application_id: int,
        scope: FieldScope,
        *,
        approve: bool,
        comment: str,
        credits_earned: Decimal | None = None,
    ) -> tuple[Application, str | None]:
        """Approve (issuing the credential) or reject; only a reviewer of the field decides.

        The application is claimed first, so it is decided once however many reviewers ask.
        """
        reviewer = scope.operator
        row = await self.get(application_id)
        scope.require(row.field_code)
        async with self.ctx.ledger.db.session() as session:  # claim it: one decision only
            claimed = await session.execute(
                update(Application)
                .where(Application.id == application_id, Application.status == "submitted")
                .values(status="deciding")
            )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise ApplicationDecidedError(f"application {application_id} is {row.status}")
        credential_id: str | None = None
        if approve:
            try:
                spec = IssueSpec(
                    learner_did=row.learner_did,
                    standard_code=row.standard_code,
                    grade=row.grade,
                    result=row.result,
                    credits_earned=credits_earned,
                    evidence=tuple(EvidenceItem.model_validate(e) for e in row.evidence),
                )
                credential_id = (await Issuance(self.ctx).issue(spec, reviewer.name)).credential_id
            except BaseException as exc:
                await self._release(application_id, reviewer.name, exc)
                if isinstance(exc, ValidationError):
                    raise InputError(
                        f"the application's evidence is not valid: {validation_problems(exc)}"
                    ) from exc
                raise
        async with self.ctx.ledger.db.session() as session:
            stored = await session.get(Application, application_id)
            assert stored is not None
            stored.status = "approved" if approve else "rejected"
            stored.reviewer = reviewer.name
            stored.comment = comment
            stored.decided_at = datetime.now(UTC)
            stored.credential_id = credential_id
            record(
                session, reviewer.name, f"application.{stored.status}", str(application_id),
                comment=comment, credential=credential_id,
            )  # fmt: skip
        return stored, credential_id

    async def _release(self, application_id: int, reviewer: str, error: BaseException) -> None:
        """Put a claimed application back to submitted, and record why the approval failed."""
        async with self.ctx.ledger.db.session() as session:
            await session.execute(
                update(Application)
                .where(Application.id == application_id, Application.status == "deciding")
                .values(status="submitted")
            )
            record(
                session, reviewer, "application.approval_failed", str(application_id),
                error=f"{type(error).__name__}: {error}"[:500],
            )  # fmt: skip
