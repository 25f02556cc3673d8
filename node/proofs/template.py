"""The template path for batch issuance: expand a credential's shape once, substitute values.

JSON-LD expansion is most of the cost of signing (a few ms). Credentials of one standard differ
only in a few strings (credential id, learner DID, dates, result), so we expand the document once
with each such string replaced by a sentinel, keep its quads (N-Quads terms), and for each
credential write the escaped values into their terms and run only RDFC-1.0 (``canon``).

Only strings at known paths are substituted; everything else (numbers included) is part of the
template's key, so a credential with other credits or another structure gets its own template.
A value the template cannot carry safely (an IRI slot that is not a plain did:key or urn:uuid, a
string holding the sentinel characters, a slot that vanished in expansion) makes ``canonical``
return None and the caller takes the full path. For issuance only, never for verification.
"""

from __future__ import annotations

import copy
import json
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from node.proofs.canon import FixedPart, canonical_nquads, cheap_in_process
from node.proofs.contexts import ContextSet, pinned_contexts
from node.proofs.errors import CredentialError
from node.proofs.quads import Quad
from node.proofs.rdf import MAX_JSON_BYTES, Dataset, check_shape, to_dataset

__all__ = [
    "CONFIG_IRI_SLOTS",
    "CONFIG_LITERAL_SLOTS",
    "IRI_SLOTS",
    "LITERAL_SLOTS",
    "SAFE_CONFIG_IRI",
    "SLOT_SCHEMES",
    "TemplateCache",
    "config_templates",
]

Path = tuple[str | int, ...]

#: Paths whose string value is an IRI (``@id``) in an Open Badges credential.
IRI_SLOTS: tuple[Path, ...] = (
    ("id",),
    ("credentialSubject", "id"),
    ("credentialStatus", "id"),
)
#: Paths whose string value is a literal.
LITERAL_SLOTS: tuple[Path, ...] = (
    ("validFrom",),
    ("validUntil",),
    ("issuanceDate",),
    ("expirationDate",),
    ("credentialSubject", "result", 0, "value"),
    ("credentialStatus", "statusListIndex"),
)
#: An ``http(s)://`` IRI is never a compact IRI (pyld keeps any value whose suffix starts with
#: ``//``); only characters that need no escaping and no checking (no ``%``, no brackets).
_SAFE_IRI = re.compile(
    r"(did:key:z[1-9A-HJ-NP-Za-km-z]{40,60}"
    r"|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|https?://[A-Za-z0-9][A-Za-z0-9.-]*(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?(#[A-Za-z0-9._~-]*)?)"
)
#: Proof configurations (the proof without ``proofValue``, with the document's ``@context``):
#: the members that differ per credential. ``type``, ``cryptosuite`` and ``proofPurpose`` stay
#: in the key: their expansion depends on their value.
CONFIG_IRI_SLOTS: tuple[Path, ...] = (("verificationMethod",), ("id",))
CONFIG_LITERAL_SLOTS: tuple[Path, ...] = (
    ("created",),
    ("expires",),
    ("challenge",),
    ("domain",),
    ("nonce",),
)
SAFE_CONFIG_IRI = re.compile(
    r"(did:key:z[1-9A-HJ-NP-Za-km-z]{40,60}(#z[1-9A-HJ-NP-Za-km-z]{40,60})?"
    r"|urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
)
_SENTINEL_CHARS = ("\ue000", "\ue001")
#: Absolute IRIs pass expansion unchanged unless their scheme is a term (a compact IRI): a
#: context defining one of these would expand a real value and the sentinel differently.
SLOT_SCHEMES = frozenset({"did", "urn"})
_MAX_TEMPLATES = 256
#: A character JSON writes as at most six (``\u001f``): the bound on a slot value's size.
_ESCAPED_GROWTH = 6


def _get(document: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int):
            if not isinstance(document, list) or part >= len(document):
                return None
        elif not isinstance(document, dict):
            return None
        document = document[part] if isinstance(part, int) else document.get(part)
    return document


def _with_slots(document: dict[str, Any], slots: list[tuple[Path, str]]) -> dict[str, Any]:
    """A copy with each slot's value replaced, copying only the containers on the slots' paths.

    Everything off those paths is shared with ``document`` (never written): a deep copy of the
    whole credential cost more than the rest of the template lookup.
    """
    shaped = dict(document)
    copied: set[Path] = {()}
    for path, value in slots:
        parent: Any = shaped
        for depth, part in enumerate(path[:-1], start=1):
            child = parent[part]
            if path[:depth] not in copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                parent[part] = child
                copied.add(path[:depth])
            parent = child
        parent[path[-1]] = value
    return shaped


#: A literal that N-Quads writes as it is: printable ASCII without ``"`` or a backslash.
_PLAIN_LITERAL = re.compile(r"[ !#-\[\]-~]*")


#: A quad of a template that holds slots: the quad, and for each term that holds one (a term
#: holds at most one: see ``_Template.of``), its position, the text before, the slot, the text
#: after.
_Holed = tuple[Quad, list[tuple[int, str, int, str]]]


class _Template:
    """One expanded shape: its quads without slots, and each quad with one split around them.

    Filling writes each value into its terms (escaped as N-Quads writes it) and canonicalizes
    the whole through ``canon.FixedPart``, as the full path does after its expansion.
    """

    def __init__(self, fixed: Dataset, holed: list[_Holed], tokens: list[tuple[str, bool]]) -> None:
        self.fixed = FixedPart(fixed)
        self.holed = holed
        self.is_iri = [is_iri for _, is_iri in tokens]

    @classmethod
    def of(cls, quads: Dataset, tokens: list[tuple[str, bool]]) -> _Template | None:
        """The template, or None when a slot is missing or does not fill a whole term's place.

        An IRI slot must be a whole IRI term; a literal slot, a literal's whole lexical form.
        """
        slot_of = {token: index for index, (token, _) in enumerate(tokens)}
        longest_first = sorted((token for token, _ in tokens), key=len, reverse=True)
        split = re.compile("(" + "|".join(map(re.escape, longest_first)) + ")")
        fixed: Dataset = []
        holed: list[_Holed] = []
        seen: set[str] = set()
        for quad in quads:
            terms = [split.split(term) for term in quad]
            if all(len(pieces) == 1 for pieces in terms):
                fixed.append(quad)
                continue
            for term, pieces in zip(quad, terms, strict=True):
                for token in pieces[1::2]:
                    whole = (
                        term == f"<{token}>"
                        if tokens[slot_of[token]][1]
                        else len(pieces) == 3 and term.startswith(f'"{token}"')
                    )
                    if not whole:
                        return None  # the slot did not reach the RDF as expected
                    seen.add(token)
            holes = [
                (position, pieces[0], slot_of[pieces[1]], pieces[2])
                for position, pieces in enumerate(terms)
                if len(pieces) > 1
            ]
            holed.append((quad, holes))
        if len(seen) != len(tokens):
            return None
        return cls(fixed, holed, tokens)

    def fill(self, values: Sequence[str], safe_iri: re.Pattern[str]) -> bytes | None:
        written: list[str] = []
        for value, is_iri in zip(values, self.is_iri, strict=True):
            if is_iri:
                if not safe_iri.fullmatch(value):
                    return None
                written.append(value)
            elif _PLAIN_LITERAL.fullmatch(value):
                written.append(value)
            else:
                if any(c in value for c in _SENTINEL_CHARS):
                    return None
                try:
                    written.append(str(ox.Literal(value))[1:-1])  # N-Quads escaping, quotes off
                except ValueError:
                    return None  # not a string RDF holds: the full path refuses it
        filled: Dataset = []
        for quad, holes in self.holed:
            terms = list(quad)
            for position, before, slot, after in holes:
                terms[position] = before + written[slot] + after
            filled.append((terms[0], terms[1], terms[2], terms[3]))
        try:
            return self.fixed.canonical(filled)
        except (CredentialError, ValueError):
            return None  # the full path gives the authoritative answer


class TemplateCache:
    """Templates by document shape (everything but the slot strings), least recently used out.

    A template is built only from a shape that passes ``check_shape``, and a document fills it
    only when its size stays within that bound too: what ``canonical`` carries needs no second
    shape check (``add_proof`` relies on it).

    The default slots are a credential's (issuance); ``config_templates`` makes one with the
    proof configuration's slots.
    """

    def __init__(
        self,
        contexts: ContextSet | None = None,
        *,
        iri_slots: tuple[Path, ...] = IRI_SLOTS,
        literal_slots: tuple[Path, ...] = LITERAL_SLOTS,
        safe_iri: re.Pattern[str] = _SAFE_IRI,
    ) -> None:
        self._contexts = contexts or pinned_contexts()
        self._iri_slots = iri_slots
        self._literal_slots = literal_slots
        self._safe_iri = safe_iri
        self._templates: OrderedDict[str, _Template | None] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def canonical(self, document: dict[str, Any]) -> bytes | None:
        """Sorted canonical N-Quads of an unsigned document, or None: take the full path."""
        found = [
            (path, value)
            for path in (*self._iri_slots, *self._literal_slots)
            if isinstance(value := _get(document, path), str)
        ]
        slots = [(path, path in self._iri_slots) for path, _ in found]
        values = [value for _, value in found]
        shaped = _with_slots(
            document,
            [
                (path, f"urn:x-creditbank-slot:{i}" if is_iri else f"\ue000{i}\ue001")
                for i, (path, is_iri) in enumerate(slots)
            ],
        )
        try:  # member order is part of the key: the same builder gives the same order
            key = json.dumps(shaped, ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError, RecursionError):
            return None  # not a shape check_shape passes: the full path refuses it
        if len(key) + _ESCAPED_GROWTH * sum(map(len, values)) > MAX_JSON_BYTES:
            return None  # perhaps over check_shape's bound: the full path decides
        if key not in self._templates:
            self.misses += 1
            # expansion gets its own copy: nothing it does can reach the caller's document
            built = self._build(copy.deepcopy(shaped), [is_iri for _, is_iri in slots])
            self._templates[key] = built
            if len(self._templates) > _MAX_TEMPLATES:
                self._templates.popitem(last=False)
        else:
            self.hits += 1
            self._templates.move_to_end(key)
        template = self._templates[key]
        return template.fill(values, self._safe_iri) if template is not None else None

    def _build(self, shaped: dict[str, Any], iri_flags: list[bool]) -> _Template | None:
        """Expand the sentinel document once (safe mode applies, as on the full path).

        None (the full path, which gives the authoritative answer or refusal) when the document
        is refused, when its contexts could expand a slot's value unlike the sentinel, when a
        slot does not land whole in one IRI or one literal's lexical form, or when the shape
        needs the guarded canonicalization worker.
        """
        if iri_flags and self._contexts.defines_any(SLOT_SCHEMES):
            return None
        try:
            quads = to_dataset(check_shape(shaped), self._contexts)
        except CredentialError:
            return None
        if not cheap_in_process(quads):
            return None
        tokens = [
            (f"urn:x-creditbank-slot:{index}" if is_iri else f"\ue000{index}\ue001", is_iri)
            for index, is_iri in enumerate(iri_flags)
        ]
        return _Template.of(quads, tokens)


def config_templates(contexts: ContextSet) -> TemplateCache:
    """A template cache for proof configurations over this context set."""
    return TemplateCache(
        contexts,
        iri_slots=CONFIG_IRI_SLOTS,
        literal_slots=CONFIG_LITERAL_SLOTS,
        safe_iri=SAFE_CONFIG_IRI,
    )


def full_canonical(document: dict[str, Any], contexts: ContextSet | None = None) -> bytes:
    """The full path, for comparison: expansion, toRdf and RDFC-1.0 of the whole document."""
    return canonical_nquads(to_dataset(check_shape(document), contexts or pinned_contexts()))
