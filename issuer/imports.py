"""Bulk work as colleges do it: a roster opens learner accounts, a certificate list issues.

One implementation for the API and the console. Bad rows are reported by line and the rest go
on; re-imports issue nothing twice (each line has an ``import_key``).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import select

from issuer.audit import record
from issuer.context import IssuerContext
from issuer.csvrows import CertificateRow, parse_certificates, parse_roster
from issuer.issuance import Issuance, IssueSpec
from issuer.models import Learner
from issuer.offers import Offers
from issuer.schemas import ImportReport, RowProblem
from issuer.signpool import bulk_pool
from node.credentials import EvidenceItem
from node.errors import CreditBankError

__all__ = ["IMPORT_CHUNK", "Imports", "Progress", "import_key"]

#: Rows signed and stored together: each chunk is committed (and can be anchored) while the
#: next one signs, so memory stays flat however long the list is.
IMPORT_CHUNK = 500

#: Told (lines done, lines to issue) after each chunk: the console's progress bar.
Progress = Callable[[int, int], Awaitable[None]]


def import_key(row: CertificateRow, learner_did: str) -> str:
    """Identity of one certification, so the same line imported twice issues once."""
    parts = [learner_did, row.standard_code, row.grade or "", str(row.issued_on or "")]
    return "csv:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


class Imports:
    """Roster and certificate-list imports of one issuer."""

    def __init__(self, ctx: IssuerContext) -> None:
        self.ctx = ctx

    async def roster(self, data: bytes, actor: str) -> ImportReport:
        """Open an account per student and return a one-time wallet offer for each new one."""
        rows, errors = parse_roster(data, self.ctx.settings.max_csv_rows)
        problems = [RowProblem(line=e.line, reason=e.reason, code="INVALID_ROW") for e in errors]
        offers_service = Offers(self.ctx)
        offers: list[dict[str, Any]] = []
        duplicates = 0
        async with self.ctx.ledger.db.session() as session:
            known = set(
                (
                    await session.scalars(
                        select(Learner.student_id).where(
                            Learner.student_id.in_([r.student_id for r in rows])
                        )
                    )
                ).all()
            )
            for row in rows:
                if row.student_id in known:
                    duplicates += 1
                    continue
                known.add(row.student_id)
                learner = Learner(student_id=row.student_id, name=row.name, did=row.did)
                session.add(learner)
                await session.flush()
                code, offer = offers_service.new_offer(learner_id=learner.id)
                session.add(offer)
                offers.append(
                    {"student_id": row.student_id, "code": code, "link": offers_service.link(code)}
                )
            record(session, actor, "import.roster", "roster", rows=len(rows), opened=len(offers))
        return ImportReport(
            rows=len(rows) + len(errors),
            accepted=len(offers),
            skipped_duplicates=duplicates,
            problems=problems,
            offers=offers,
        )

    async def certificates(
        self,
        data: bytes,
        actor: str,
        *,
        chunk: int = IMPORT_CHUNK,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Issue one credential per line; a bad line is reported and the rest go on."""
        rows, errors = parse_certificates(data, self.ctx.settings.max_csv_rows)
        problems = [RowProblem(line=e.line, reason=e.reason, code="INVALID_ROW") for e in errors]
        async with self.ctx.ledger.db.session() as session:
            found = await session.execute(
                select(Learner.student_id, Learner.did).where(
                    Learner.student_id.in_([r.student_id for r in rows if r.student_id])
                )
            )
            dids: dict[str, str | None] = dict(list(found))
        specs: list[IssueSpec] = []
        lines: list[int] = []
        for row in rows:
            did = row.learner_did or dids.get(row.student_id or "")
            if not did:
                reason = (
                    f"student {row.student_id} has not linked a wallet (roster offer not redeemed)"
                    if row.student_id in dids
                    else f"unknown student {row.student_id}: import the roster first"
                )
                problems.append(RowProblem(line=row.line, reason=reason, code="LEARNER_UNKNOWN"))
                continue
            issued_on = datetime.combine(row.issued_on, time(), UTC) if row.issued_on else None
            evidence = (EvidenceItem(narrative=row.evidence),) if row.evidence else ()
            specs.append(
                IssueSpec(
                    learner_did=did,
                    standard_code=row.standard_code,
                    grade=row.grade,
                    result=row.result,
                    credits_earned=row.credits_earned,
                    evidence=evidence,
                    issued_on=issued_on,
                    import_key=import_key(row, did),
                )
            )
            lines.append(row.line)
        issuance = Issuance(self.ctx)
        done = await issuance.existing_import_keys([s.import_key or "" for s in specs])
        fresh = [
            (line, s) for line, s in zip(lines, specs, strict=True) if s.import_key not in done
        ]
        seen: set[str] = set()
        unique = []
        for line, spec in fresh:  # the same line twice in one file issues once
            if spec.import_key not in seen:
                seen.add(spec.import_key or "")
                unique.append((line, spec))
        accepted = 0
        large = len(unique) >= self.ctx.settings.bulk_signing_min_rows
        pool = bulk_pool(self.ctx) if large else None
        # with a pool, the next chunk signs while this one is stored
        in_flight = asyncio.Semaphore(2 if pool is not None else 1)
        done_lines = 0
        if progress is not None:
            await progress(0, len(unique))

        async def one_chunk(part: list[tuple[int, IssueSpec]]) -> None:
            nonlocal accepted, done_lines
            async with in_flight:
                outcomes = await issuance.issue_many([spec for _, spec in part], actor, pool=pool)
            for (line, _), outcome in zip(part, outcomes, strict=True):
                if isinstance(outcome, CreditBankError):
                    problems.append(RowProblem(line=line, reason=outcome.detail, code=outcome.code))
                else:
                    accepted += 1
            done_lines += len(part)
            if progress is not None:
                await progress(done_lines, len(unique))

        await asyncio.gather(
            *(one_chunk(unique[start : start + chunk]) for start in range(0, len(unique), chunk))
        )
        problems.sort(key=lambda p: p.line)
        return ImportReport(
            rows=len(rows) + len(errors),
            accepted=accepted,
            skipped_duplicates=len(specs) - len(unique),
            problems=problems,
        )
