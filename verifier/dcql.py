"""The employer's wishes as a DCQL query: credential types, an outcome, a field, some levels.

DCQL compares values for equality only, so "level 4 or above" becomes the list of acceptable
levels. Matching and judging presented credentials is ``node.dcql``'s, shared with the wallet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from node.dcql import LDP_VC, TYPE_IRIS, DcqlQuery, parse_query
from node.errors import InputError

__all__ = ["ACHIEVEMENT", "LEVELS", "Wanted", "build_query", "levels_from"]

#: Where an Open Badges 3.0 credential keeps its achievement.
ACHIEVEMENT = ("credentialSubject", "achievement")
#: The qualification framework's levels.
LEVELS = range(1, 9)
#: The id of the one credential query the employer's page asks.
QUERY_ID = "credential"


@dataclass(frozen=True, slots=True)
class Wanted:
    """What the employer asks for; empty members ask for nothing in particular."""

    types: tuple[str, ...] = ("OpenBadgeCredential",)
    #: an achievement id (a URI) or a catalog standard's ``humanCode``
    outcome: str = ""
    #: a ``fieldOfStudyCode``
    field: str = ""
    levels: tuple[int, ...] = ()
    multiple: bool = False


def levels_from(chosen: Sequence[int] = (), at_least: int | None = None) -> tuple[int, ...]:
    """The acceptable levels, listed: DCQL has no "at least", so the range is spelled out."""
    wanted = set(chosen)
    if at_least is not None:
        wanted |= {level for level in LEVELS if level >= at_least}
    unknown = sorted(wanted - set(LEVELS))
    if unknown:
        raise InputError(f"levels run from {LEVELS[0]} to {LEVELS[-1]}, not {unknown}")
    return tuple(sorted(wanted))


def _type_iri(name: str) -> str:
    return TYPE_IRIS.get(name, name)


def build_query(wanted: Wanted) -> dict[str, Any]:
    """The ``dcql_query`` JSON of one ldp_vc credential query; checked by parsing it back."""
    if not wanted.types:
        raise InputError("ask for at least one credential type")
    claims: list[dict[str, Any]] = []
    if wanted.outcome:
        member = "id" if ":" in wanted.outcome else "humanCode"
        claims.append({"id": "outcome", "path": [*ACHIEVEMENT, member], "values": [wanted.outcome]})
    if wanted.field:
        path = [*ACHIEVEMENT, "fieldOfStudyCode"]
        claims.append({"id": "field", "path": path, "values": [wanted.field]})
    if wanted.levels:
        path = [*ACHIEVEMENT, "qualificationLevel"]
        claims.append({"id": "level", "path": path, "values": list(wanted.levels)})
    types = [_type_iri("VerifiableCredential")] + [
        _type_iri(t) for t in wanted.types if t != "VerifiableCredential"
    ]
    credential: dict[str, Any] = {
        "id": QUERY_ID,
        "format": LDP_VC,
        "meta": {"type_values": [types]},
    }
    if claims:
        credential["claims"] = claims
    if wanted.multiple:
        credential["multiple"] = True
    query = {"credentials": [credential]}
    _checked: DcqlQuery = parse_query(query)
    return query
