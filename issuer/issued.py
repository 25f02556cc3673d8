"""Credentials already issued: found, read, and revoked, suspended or reinstated on chain.

One implementation for the API and the console. A status change anchors a pending credential
first (the registry changes only anchored ones), then records the new status with its audit
entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from issuer.audit import record
from issuer.context import IssuerContext
from issuer.errors import CredentialNotFoundError
from issuer.models import IssuedCredential
from issuer.offers import NewOffer, Offers
from issuer.status_changes import StatusAction, change_status
from node.chain import CredentialStatus
from node.errors import ConflictError
from node.storage.bulk import insert_new
from node.tokens import ExpiringToken
from node.types import to_bytes32

__all__ = ["IssuedCredentials", "StatusChanged"]

_STATUS = {
    CredentialStatus.ACTIVE: "anchored",
    CredentialStatus.SUSPENDED: "suspended",
    CredentialStatus.REVOKED: "revoked",
}


@dataclass(frozen=True, slots=True)
class StatusChanged:
    """A status change done on chain: the row's new status and the transaction's hash."""

    credential_id: str
    status: str
    transaction: str


class IssuedCredentials:
    """The issuer's stored credentials."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    async def search(
        self,
        *,
        learner_did: str | None = None,
        standard_code: str | None = None,
        status: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Sequence[IssuedCredential]:
        """Credentials by learner, standard and status, oldest first."""
        query = select(IssuedCredential).order_by(IssuedCredential.id).limit(limit).offset(offset)
        if learner_did:
            query = query.where(IssuedCredential.learner_did == learner_did)
        if standard_code:
            query = query.where(IssuedCredential.standard_code == standard_code)
        if status:
            query = query.where(IssuedCredential.status == status)
        async with self.ctx.ledger.db.session() as session:
            return (await session.scalars(query)).all()

    async def get(self, credential_id: str) -> IssuedCredential:
        """One credential by its id, or ``CredentialNotFoundError``."""
        async with self.ctx.ledger.db.session() as session:
            row = await session.scalar(
                select(IssuedCredential).where(IssuedCredential.credential_id == credential_id)
            )
        if row is None:
            raise CredentialNotFoundError(f"no credential {credential_id}")
        return row

    async def first_offers(self, credential_ids: Sequence[str]) -> list[tuple[str, ExpiringToken]]:
        """The one-time wallet offers made with credentials just issued, stored in one commit."""
        offers = Offers(self.ctx)
        made = [offers.new_offer(credential_id=credential_id) for credential_id in credential_ids]
        if made:
            async with self.ctx.ledger.db.session() as session:
                await insert_new(session, [row for _, row in made])
        return made

    async def offer(self, credential_id: str, actor: str) -> NewOffer:
        """A fresh one-time wallet offer of an issued credential, with its audit entry."""
        found = await self.get(credential_id)
        made = await Offers(self.ctx).create(credential_id=found.credential_id)
        async with self.ctx.ledger.db.session() as session:
            record(session, actor, "offer.create", credential_id)
        return made

    async def change_status(
        self, credential_id: str, action: StatusAction, reason: int, note: str | None, actor: str
    ) -> StatusChanged:
        """Revoke, suspend or reinstate on chain, then store the status and the audit entry."""
        row = await self.get(credential_id)
        if row.status in {"signed", "batched"}:
            await self.ctx.anchorer.flush()
            row = await self.get(credential_id)
        if row.batch_root is None or row.path is None:
            raise ConflictError("the credential is not anchored yet")
        root, leaf = to_bytes32(row.batch_root), to_bytes32(row.credential_hash)
        path = [to_bytes32(p) for p in row.path]
        receipt, state = await change_status(
            self.ctx.ledger.registry, self.ctx.account, json.loads(row.body), action,
            reason, root=root, leaf=leaf, path=path,
        )  # fmt: skip
        status = _STATUS[state]
        async with self.ctx.ledger.db.session() as session:
            stored = await session.scalar(
                select(IssuedCredential).where(IssuedCredential.credential_id == credential_id)
            )
            assert stored is not None
            stored.status = status
            record(
                session,
                actor,
                f"credential.{action}",
                credential_id,
                reason=reason,
                note=note,
            )
        return StatusChanged(
            credential_id=credential_id,
            status=status,
            transaction="0x" + bytes(receipt["transactionHash"]).hex(),
        )
