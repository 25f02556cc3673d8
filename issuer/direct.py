"""Direct issuance, one credential per ``POST /issuance``, committed in groups.

Each request waits for its own credential and offer, but requests that arrive together share
one signing pass and one commit of the rows with their offers (``node.coalesce``; status indexes
come from the worker's reserve, ``issuer.status_list``). On SQLite every commit is an fsync
(about 5 ms here), and four of them per request capped 16 clients at about 20 requests/s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from issuer.context import IssuerContext
from issuer.issuance import Companions, Issuance, IssueSpec
from issuer.models import IssuedCredential
from issuer.offers import Offers
from node.errors import CreditBankError
from node.tokens import ExpiringToken

__all__ = ["DirectIssue", "Offered", "issue_direct"]


@dataclass(frozen=True, slots=True)
class DirectIssue:
    """One outcome to certify, and the operator who asked (named in the audit log)."""

    spec: IssueSpec
    actor: str


@dataclass(frozen=True, slots=True)
class Offered:
    """A credential issued directly, with its one-time wallet offer."""

    row: IssuedCredential
    code: str
    offer: ExpiringToken


async def issue_direct(
    ctx: IssuerContext, items: list[DirectIssue]
) -> list[Offered | CreditBankError]:
    """Issue a group of direct requests; each bad one is its own error and stops nothing."""
    results: dict[int, Offered | CreditBankError] = {}
    by_actor: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        by_actor[item.actor].append(i)
    issuance, offers = Issuance(ctx), Offers(ctx)
    for actor, indexes in by_actor.items():
        offers_for, made = _first_offers(offers)
        outcomes = await issuance.issue_many(
            [items[i].spec for i in indexes], actor, companions=offers_for
        )
        offered = iter(made)
        for i, outcome in zip(indexes, outcomes, strict=True):
            if isinstance(outcome, IssuedCredential):
                code, offer = next(offered)
                results[i] = Offered(outcome, code, offer)
            else:
                results[i] = outcome
    return [results[i] for i in range(len(items))]


def _first_offers(offers: Offers) -> tuple[Companions, list[tuple[str, ExpiringToken]]]:
    """A companions hook making each credential's one-time wallet offer, and what it made."""
    made: list[tuple[str, ExpiringToken]] = []

    def offers_for(rows: Sequence[IssuedCredential]) -> list[ExpiringToken]:
        new = [offers.new_offer(credential_id=row.credential_id) for row in rows]
        made.extend(new)
        return [token for _, token in new]

    return offers_for, made
