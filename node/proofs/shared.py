"""One presentation's datasets: each embedded credential expanded once, not twice.

A VC 2.0 presentation's proof covers the credentials it carries, and each credential's own
proof covers it again. ``credentials/v2`` gives ``verifiableCredential`` the scoped context
``null``, so an embedded credential is expanded under its own ``@context`` alone: exactly as
when it stands on its own. Its quads in the presentation's dataset are then its standalone
quads (the unsigned credential's, which its own proof needs anyway, plus those of a small
document of its ``id``, ``type`` and ``proof``), moved into a fresh named graph linked from
the presentation. ``SharedDatasets`` builds the presentation's dataset that way when it can
prove it exact (``_composable``) and the straightforward way otherwise; it lives for one
verification and keeps nothing afterwards (no credential is cached across requests). Exactness
against the straightforward path is held by tests/unit/proofs/test_shared.py.
"""

from __future__ import annotations

import re
from typing import Any

from node.proofs.contexts import VC_V2_CONTEXT, ContextSet, pinned_contexts
from node.proofs.errors import CredentialError, DocumentTooComplexError
from node.proofs.quads import MAX_QUADS, Quad
from node.proofs.rdf import Dataset, labelled_dataset, to_dataset

__all__ = ["SharedDatasets"]

_VERIFIABLE_CREDENTIAL = "<https://www.w3.org/2018/credentials#verifiableCredential>"
_PRESENTATION_TYPE = "<https://www.w3.org/2018/credentials#VerifiablePresentation>"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SEC_PROOF = "<https://w3id.org/security#proof>"
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$")
#: Keywords an inline context may set that apply alike to a credential and to ``_PROOF_SCOPE``.
_HARMLESS_CONTEXT_KEYWORDS = frozenset(
    {"@version", "@protected", "@vocab", "@base", "@language", "@direction", "@propagate"}
)
#: The members of a credential that decide how its ``proof`` expands (pinned contexts define
#: no alias of ``@id`` or ``@type`` but ``id`` and ``type``).
_PROOF_SCOPE = ("@context", "id", "type", "proof")


class _NotComposable(Exception):
    """The shortcut cannot be proven exact for this presentation: take the straightforward path."""


def _aliases_no_keyword(context: object) -> bool:
    """An inline context (and every context scoped inside it) that names no keyword alias.

    A term defined as ``@type``, ``@id``, ``@nest``, ``@included``... could let a member other
    than ``id``/``type`` decide the node or its types; plain terms cannot.
    """
    stack = [context]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        if not isinstance(item, dict):
            return False
        for term, definition in item.items():
            if not isinstance(term, str):
                return False
            if term.startswith("@"):
                if term not in _HARMLESS_CONTEXT_KEYWORDS:
                    return False
                continue
            if isinstance(definition, str) and definition.startswith("@"):
                return False
            if isinstance(definition, dict):
                named = definition.get("@id")
                if isinstance(named, str) and named.startswith("@"):
                    return False
                if "@context" in definition:
                    stack.append(definition["@context"])
    return True


def _plain_contexts(document: dict[str, Any], contexts: ContextSet) -> bool:
    """Pinned context URLs and plain inline contexts, and no keyword member but ``@context``."""
    listed = document.get("@context")
    entries = listed if isinstance(listed, list) else [listed]
    for entry in entries:
        if isinstance(entry, str):
            if entry not in contexts:
                return False
        elif not isinstance(entry, dict) or not _aliases_no_keyword(entry):
            return False
    if not entries:
        return False
    return not any(key.startswith("@") and key != "@context" for key in document)


def _relabelled(quads: Dataset, prefix: str) -> list[Quad]:
    """The quads with every blank node renamed into ``prefix``'s own namespace."""

    def term(value: str) -> str:
        return f"_:{prefix}{value[2:]}" if value[:2] == "_:" else value

    return [(term(s), p, term(o), term(g)) for s, p, o, g in quads]


class SharedDatasets:
    """The datasets of one presentation's documents, each credential's expansion done once."""

    def __init__(self, contexts: ContextSet | None = None) -> None:
        self._contexts = contexts or pinned_contexts()
        #: id(credential) -> (the credential, its unsigned dataset, whether it names blanks);
        #: the credential is held so that its id cannot be reused while this object lives.
        self._unsigned: dict[int, tuple[dict[str, Any], Dataset, bool]] = {}
        #: id(part) -> the part, for the credentials inside a presentation that passed its
        #: shape check (held, as above).
        self._shaped: dict[int, dict[str, Any]] = {}

    def shape_checked(self, document: dict[str, Any]) -> None:
        """``document`` passed ``check_shape``: so does every credential embedded in it.

        A part of a JSON document nests less deeply and serialises shorter than the whole.
        """
        embedded = document.get("verifiableCredential")
        for part in embedded if isinstance(embedded, list) else [embedded]:
            if isinstance(part, dict):
                self._shaped[id(part)] = part

    def checked_part(self, document: object) -> dict[str, Any] | None:
        """``document`` if it is part of a document that passed ``check_shape``, else None."""
        part = self._shaped.get(id(document))
        return part if part is document else None

    @property
    def contexts(self) -> ContextSet:
        """The pinned context set every dataset here is expanded with."""
        return self._contexts

    def _unsigned_of(self, credential: dict[str, Any]) -> tuple[Dataset, bool]:
        known = self._unsigned.get(id(credential))
        if known is not None and known[0] is credential:
            return known[1], known[2]
        unsigned = {k: v for k, v in credential.items() if k != "proof"}
        quads, named = labelled_dataset(unsigned, self._contexts)
        self._unsigned[id(credential)] = (credential, quads, named)
        return quads, named

    def _parts_of(self, credential: dict[str, Any]) -> tuple[Dataset, Dataset, bool]:
        """A composable credential's unsigned and proof quads; True if one labelling made both.

        Neither names a blank node. One expansion of the signed credential, split, when the
        split is provably the two expansions (``_split``); else the unsigned credential and its
        ``_PROOF_SCOPE`` apart (so too a credential whose unsigned quads are already known).
        """
        known = self._unsigned.get(id(credential))
        split = _split(credential, self._contexts) if known is None else None
        if split is not None:
            body, proof = split
            self._unsigned[id(credential)] = (credential, body, False)
            return body, proof, True
        body, named_body = self._unsigned_of(credential)
        scope = {k: credential[k] for k in _PROOF_SCOPE if k in credential}
        proof, named_proof = labelled_dataset(scope, self._contexts)
        if named_body or named_proof:
            raise _NotComposable
        return body, proof, False

    def of(self, document: dict[str, Any], unsigned: dict[str, Any]) -> Dataset:
        """The dataset of ``unsigned``, ``document`` without its proof, each expansion done once.

        A presentation's is composed when provably exact; a credential's serves both proofs.
        """
        if unsigned.keys() != document.keys() - {"proof"}:  # not this document's own
            return to_dataset(unsigned, self._contexts)
        if "verifiableCredential" in unsigned:
            return self.presentation(unsigned)
        return self._unsigned_of(document)[0]

    def presentation(self, unsigned: dict[str, Any]) -> Dataset:
        """The dataset of a presentation without its proof: composed when provably exact."""
        try:
            return self._composed(unsigned)
        except (_NotComposable, CredentialError):
            # the straightforward path decides (and words) every refusal itself
            return to_dataset(unsigned, self._contexts)

    def _composed(self, vp: dict[str, Any]) -> Dataset:
        """The presentation's own quads, then each credential's in a graph of its own."""
        credentials = _composable(vp, self._contexts)
        skeleton = {k: v for k, v in vp.items() if k != "verifiableCredential"}
        own, named = labelled_dataset(skeleton, self._contexts)
        quads: list[Quad] = _relabelled(own, "p")
        holders = {
            s for s, p, o, g in quads if p == _RDF_TYPE and o == _PRESENTATION_TYPE and not g
        }
        if named or len(holders) != 1:
            raise _NotComposable
        (presentation,) = holders
        for index, credential in enumerate(credentials):
            body, proof, one_labelling = self._parts_of(credential)
            graph = f"_:g{index}"
            quads.append((presentation, _VERIFIABLE_CREDENTIAL, graph, ""))
            proof_prefix = f"c{index}u" if one_labelling else f"c{index}p"
            parts = _relabelled(body, f"c{index}u") + _relabelled(proof, proof_prefix)
            quads.extend((s, p, o, g or graph) for s, p, o, g in parts)
        dataset = list(dict.fromkeys(quads))
        if len(dataset) > MAX_QUADS:
            raise DocumentTooComplexError(
                f"the document has {len(dataset)} quads, over {MAX_QUADS}"
            )
        return dataset


def _composable(vp: dict[str, Any], contexts: ContextSet) -> list[dict[str, Any]]:
    """The embedded credentials, when composing the presentation's dataset is provably exact.

    The presentation: ``credentials/v2`` alone (whose ``verifiableCredential`` resets the
    context), typed VerifiablePresentation alone. Each credential: pinned context URLs and inline
    contexts that alias no keyword (pinned ones alias only ``id`` and ``type``), so only
    ``@context``, ``id`` and ``type`` decide how its ``proof`` expands; an absolute IRI ``id``
    (its node is the same node in both parts); and a ``proof``.
    """
    if vp.get("@context") not in (VC_V2_CONTEXT, [VC_V2_CONTEXT]) or not _plain_contexts(
        vp, contexts
    ):
        raise _NotComposable
    if vp.get("type") not in ("VerifiablePresentation", ["VerifiablePresentation"]):
        raise _NotComposable  # another type's scoped context could redefine a term
    embedded = vp.get("verifiableCredential")
    listed = embedded if isinstance(embedded, list) else [embedded]
    credentials = [c for c in listed if isinstance(c, dict)]
    if not credentials or len(credentials) != len(listed):
        raise _NotComposable
    for credential in credentials:
        if not _plain_contexts(credential, contexts):
            raise _NotComposable
        identifier = credential.get("id")
        if not isinstance(identifier, str) or identifier[:2] == "_:":
            raise _NotComposable
        if not _ABSOLUTE.match(identifier) or "proof" not in credential:
            raise _NotComposable
    return credentials


def _split(credential: dict[str, Any], contexts: ContextSet) -> tuple[Dataset, Dataset] | None:
    """A composable credential's quads without its proof, and its proofs', from one expansion.

    None unless the split is provably exact (the two share blank node labels: one labelling).

    Under ``_composable``'s conditions the ``proof`` member expands, as in ``_PROOF_SCOPE``
    alone, to an edge ``<id> sec:proof _:g`` per proof and the proof's quads in graph ``_:g``,
    and touches nothing else: so the rest is the unsigned credential's dataset. Exact only if
    every ``sec:proof`` quad is such an edge (one per proof, each to its own blank graph) and
    no other quad mentions those graphs; a credential naming blank nodes, too big with its
    proof, or refused (the unsigned one may not be) takes the two expansions instead.
    """
    proofs = credential.get("proof")
    count = len(proofs) if isinstance(proofs, list) else 1
    try:
        quads, named = labelled_dataset(credential, contexts)
    except CredentialError:
        return None
    node = f"<{credential.get('id')}>"
    edges = [q for q in quads if q[1] == _SEC_PROOF]
    graphs = {o for _, _, o, _ in edges}
    if named or len(edges) != count or len(graphs) != count:
        return None
    if any(s != node or g or o[:2] != "_:" for s, _, o, g in edges):
        return None
    body: list[Quad] = []
    proof: list[Quad] = list(edges)
    for quad in quads:
        subject, predicate, obj, graph = quad
        if predicate == _SEC_PROOF:
            continue
        if graph in graphs:
            proof.append(quad)
        elif subject in graphs or obj in graphs:
            return None
        else:
            body.append(quad)
    return body, proof
