"""DCQL (OpenID4VP 1.0, section 6) for W3C ``ldp_vc`` credentials: parse a query, match, judge.

The verifier judges what a wallet presented and the wallet picks what to present by the same
rules, so they live here, below both. Only what ``ldp_vc`` needs is read: ``meta.type_values``,
claim ``path``/``values``, ``claim_sets``, ``multiple`` and ``credential_sets``. Anything else
in a credential query (``trusted_authorities``, ``require_cryptographic_holder_binding``) is
kept but not enforced here: holder binding is always checked by the presentation's proof.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from node.errors import InputError

__all__ = [
    "LDP_VC",
    "TYPE_IRIS",
    "ClaimQuery",
    "CredentialQuery",
    "DcqlQuery",
    "credential_types",
    "parse_query",
    "unmet",
]

#: The format identifier of W3C credentials secured with Data Integrity (Appendix B.1).
LDP_VC = "ldp_vc"

#: Fully expanded type IRIs of the types our credentials carry, as their contexts define them.
#: DCQL's ``type_values`` name expanded IRIs; a compact term not listed here stays as it is.
TYPE_IRIS = {
    "VerifiableCredential": "https://www.w3.org/2018/credentials#VerifiableCredential",
    "OpenBadgeCredential": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    "AchievementCredential": (
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementCredential"
    ),
}

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_MAX_QUERIES = 16
_MAX_CLAIMS = 32


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """One claim: a path into the credential and, optionally, the values accepted there."""

    path: tuple[str | int | None, ...]
    values: tuple[str | int | bool, ...] = ()
    id: str | None = None


@dataclass(frozen=True, slots=True)
class CredentialQuery:
    """One credential query: its id, format, accepted type sets and claims."""

    id: str
    format: str
    type_values: tuple[tuple[str, ...], ...]
    claims: tuple[ClaimQuery, ...] = ()
    claim_sets: tuple[tuple[str, ...], ...] = ()
    multiple: bool = False

    def matches(self, credential: object) -> bool:
        """Whether one credential meets this query's format, types and claims."""
        if self.format != LDP_VC or not isinstance(credential, dict):
            return False
        types = credential_types(credential)
        if self.type_values and not any(set(t) <= types for t in self.type_values):
            return False
        met = {i for i, claim in enumerate(self.claims) if _claim_met(claim, credential)}
        if not self.claim_sets:
            return len(met) == len(self.claims)
        ids = {claim.id: i for i, claim in enumerate(self.claims)}
        return any(all(ids[c] in met for c in option) for option in self.claim_sets)


@dataclass(frozen=True, slots=True)
class DcqlQuery:
    """A whole DCQL query: credential queries and the sets of them that are required."""

    credentials: tuple[CredentialQuery, ...]
    credential_sets: tuple[tuple[tuple[str, ...], ...], ...] = ()
    #: whether each credential set is required (same order as ``credential_sets``)
    required: tuple[bool, ...] = ()

    def query(self, query_id: str) -> CredentialQuery | None:
        """The credential query of that id, if any."""
        return next((q for q in self.credentials if q.id == query_id), None)

    def pick(self, held: Sequence[object]) -> dict[str, list[int]]:
        """For each credential query, the indexes of ``held`` credentials that match it."""
        return {q.id: [i for i, vc in enumerate(held) if q.matches(vc)] for q in self.credentials}


def credential_types(credential: Mapping[str, Any]) -> set[str]:
    """The credential's types, each as written and as its expanded IRI where we know it."""
    declared = credential.get("type")
    names = declared if isinstance(declared, list) else [declared]
    found = {t for t in names if isinstance(t, str)}
    return found | {TYPE_IRIS[t] for t in found if t in TYPE_IRIS}


def _selected(value: object, path: Sequence[str | int | None]) -> list[object]:
    """The values a claims path points to (section 7: keys, indexes, null for every element)."""
    current: list[object] = [value]
    for step in path:
        following: list[object] = []
        for item in current:
            if step is None and isinstance(item, list):
                following.extend(item)
            elif isinstance(step, str) and isinstance(item, dict) and step in item:
                following.append(item[step])
            elif isinstance(step, int) and isinstance(item, list) and 0 <= step < len(item):
                following.append(item[step])
        current = following
    return current


def _same(found: object, wanted: str | int | bool) -> bool:
    """Equal as JSON values: ``1`` is not ``true``, and ``"1"`` is not ``1``."""
    return type(found) is type(wanted) and found == wanted


def _claim_met(claim: ClaimQuery, credential: dict[str, Any]) -> bool:
    found = [v for v in _selected(credential, claim.path) if v is not None]
    if not claim.values:
        return bool(found)
    return any(_same(v, w) for v in found for w in claim.values)


def _fail(detail: str) -> InputError:
    return InputError(f"not a DCQL query this service reads: {detail}")


def _list(value: object, what: str, *, limit: int = _MAX_CLAIMS) -> list[Any]:
    if not isinstance(value, list) or not value or len(value) > limit:
        raise _fail(f"{what} must be a non-empty array of at most {limit}")
    return value


def _claim(raw: object) -> ClaimQuery:
    if not isinstance(raw, dict):
        raise _fail("each claim is an object")
    path = _list(raw.get("path"), "a claim's path")
    if not all(p is None or (isinstance(p, str | int) and not isinstance(p, bool)) for p in path):
        raise _fail("a claim's path holds strings, non-negative integers and null")
    values = raw.get("values", [])
    if not isinstance(values, list) or not all(isinstance(v, str | int | bool) for v in values):
        raise _fail("a claim's values are strings, integers or booleans")
    claim_id = raw.get("id")
    if claim_id is not None and (not isinstance(claim_id, str) or not _ID.match(claim_id)):
        raise _fail("a claim id is 1-64 letters, digits, '_' or '-'")
    return ClaimQuery(tuple(path), tuple(values), claim_id)


def _credential_query(raw: object) -> CredentialQuery:
    if not isinstance(raw, dict):
        raise _fail("each credential query is an object")
    query_id, fmt = raw.get("id"), raw.get("format")
    if not isinstance(query_id, str) or not _ID.match(query_id):
        raise _fail("a credential query id is 1-64 letters, digits, '_' or '-'")
    if not isinstance(fmt, str):
        raise _fail("a credential query names its format")
    meta = raw.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    type_values = meta.get("type_values", []) if fmt == LDP_VC else []
    if fmt == LDP_VC and not type_values:
        raise _fail("an ldp_vc query carries meta.type_values")
    if not isinstance(type_values, list) or not all(
        isinstance(t, list) and t and all(isinstance(x, str) for x in t) for t in type_values
    ):
        raise _fail("meta.type_values is an array of non-empty arrays of type IRIs")
    claims = tuple(_claim(c) for c in _list(raw["claims"], "claims")) if "claims" in raw else ()
    ids = {c.id for c in claims if c.id is not None}
    claim_sets = raw.get("claim_sets", [])
    if not isinstance(claim_sets, list) or not all(
        isinstance(s, list) and s and all(c in ids for c in s) for s in claim_sets
    ):
        raise _fail("claim_sets name claim ids of the same credential query")
    multiple = raw.get("multiple", False)
    if not isinstance(multiple, bool):
        raise _fail("multiple is a boolean")
    return CredentialQuery(
        query_id,
        fmt,
        tuple(tuple(t) for t in type_values),
        claims,
        tuple(tuple(s) for s in claim_sets),
        multiple,
    )


def parse_query(raw: object) -> DcqlQuery:
    """A DCQL query from JSON; ``InputError`` naming what does not hold."""
    if not isinstance(raw, dict):
        raise _fail("the query is a JSON object")
    queries = tuple(
        _credential_query(q) for q in _list(raw.get("credentials"), "credentials", limit=16)
    )
    ids = [q.id for q in queries]
    if len(set(ids)) != len(ids):
        raise _fail("credential query ids are unique")
    sets: list[tuple[tuple[str, ...], ...]] = []
    required: list[bool] = []
    for entry in raw.get("credential_sets", []) or []:
        if not isinstance(entry, dict):
            raise _fail("each credential set is an object")
        options = _list(entry.get("options"), "a credential set's options", limit=_MAX_QUERIES)
        if not all(isinstance(o, list) and o and all(i in ids for i in o) for o in options):
            raise _fail("credential set options name credential query ids")
        sets.append(tuple(tuple(o) for o in options))
        required.append(entry.get("required", True) is not False)
    return DcqlQuery(queries, tuple(sets), tuple(required))


def unmet(query: DcqlQuery, presented: Mapping[str, Sequence[object]]) -> list[str]:
    """Why the credentials presented per query id do not satisfy the query; empty if they do.

    Every credential under an id must match that query, ``multiple: false`` allows one, and
    ids the query never asked for are refused. Without ``credential_sets`` every query is
    required; with them, each required set needs one option whose queries are all answered.
    """
    problems: list[str] = []
    for query_id, credentials in presented.items():
        credential_query = query.query(query_id)
        if credential_query is None:
            problems.append(f"{query_id!r} is not a credential query of this request")
            continue
        if len(credentials) > 1 and not credential_query.multiple:
            problems.append(f"{query_id!r} allows one credential, {len(credentials)} came")
        for index, vc in enumerate(credentials):
            if not credential_query.matches(vc):
                problems.append(f"credential {index + 1} for {query_id!r} does not match it")
    answered = {i for i, credentials in presented.items() if credentials}
    if not query.credential_sets:
        problems += [f"nothing answers {q.id!r}" for q in query.credentials if q.id not in answered]
    for options, needed in zip(query.credential_sets, query.required, strict=True):
        if needed and not any(set(option) <= answered for option in options):
            problems.append(f"no option of a required credential set is answered: {options}")
    return problems
