"""Expanded JSON-LD straight to N-Quads terms: the toRdf step, without pyld's dict detour.

Pyld's toRdf builds a node map, then dicts of dicts per triple, which ``canon`` turned into
pyoxigraph terms: a third of the cost of a cold verification (and a pyoxigraph ``Quad`` made
from Python costs more than parsing its N-Quads line). This walks the expanded document once, in
the order pyld's node map does, and yields the same RDF dataset (the same quads up to blank-node
labels) as tuples of N-Quads term strings, each term written by pyoxigraph itself (so it parses
back as the same term). What pyld skips is skipped here (relative IRIs, blank predicates, graphs
with relative names, free-floating values) and what pyld yields that is not valid RDF is refused
here (CredentialError), both only where pyld would. ``rdfDirection`` is unset, as in pyld's
default: ``@direction`` is dropped. The equivalence is held by property tests against pyld
itself (tests/unit/proofs/test_quads.py).
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from pyld.jsonld import canonicalize as _jcs  # the JCS of pyld's own @json literals

from node.proofs.errors import CredentialError, DocumentTooComplexError

__all__ = [
    "MAX_QUADS",
    "Quad",
    "canonical_double",
    "expanded_to_quads",
    "labelled_quads",
    "nquads",
]

MAX_QUADS = 50_000

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = _XSD + "string"
_XSD_BOOLEAN = _XSD + "boolean"
_XSD_DOUBLE = _XSD + "double"
_XSD_INTEGER = _XSD + "integer"
_LANG_STRING = _RDF + "langString"
_RDF_JSON = _RDF + "JSON"
_RDF_TYPE = _RDF + "type"
_FIRST = f"<{_RDF}first>"
_REST = f"<{_RDF}rest>"
_NIL = f"<{_RDF}nil>"
#: The default graph's name in a quad: none (an N-Triples line).
DEFAULT_GRAPH = ""
#: JSON-LD 1.1 reads integers this large as doubles.
_DOUBLE_FROM = 1e21
#: What pyld deems an absolute IRI (blank node labels included): anything else is skipped.
#: The class ``+-.`` is pyld's range from ``+`` to ``.`` (a comma passes too), kept as it is.
_ABSOLUTE = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*|_):[^\s]*$")
#: Keywords pyld's node map copies instead of walking (``@type`` aside).
_KEYWORDS = frozenset(
    "@base @container @context @default @direction @embed @explicit @first @graph @id @import "
    "@included @index @json @language @list @nest @none @omitDefault @propagate @protected "
    "@preserve @requireAll @reverse @set @type @value @version @vocab".split()
)

#: One quad: subject, predicate, object and graph name as N-Quads terms (``<iri>``, ``_:b1``,
#: a literal), the graph name empty for the default graph.
Quad = tuple[str, str, str, str]
#: A node as its neighbours name it: its blank node term (``_:``), or its IRI as the document
#: gives it (made a term, or found relative or invalid, only when a kept triple uses it).
Ref = str
#: A triple's object or a list member before it becomes a term: a node (``Ref``), a value
#: object, or a list of members.
Member = str | dict[str, Any] | list["Member"]


def canonical_double(value: float) -> str:
    """The canonical lexical form of an ``xsd:double`` JSON-LD writes (``1.5E0``, ``1.0E21``)."""
    text = f"{value:.15E}"
    mantissa, marker, exponent = text.partition("E")
    if not marker:  # NAN, INF: left as formatted
        return text
    mantissa = mantissa.rstrip("0")
    if mantissa.endswith("."):
        mantissa += "0"
    return f"{mantissa}E{int(exponent)}"


def _integral(value: object) -> bool:
    """A JSON number with no fractional part (booleans are handled before)."""
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


def _lexical(item: dict[str, Any]) -> tuple[object, str, str | None]:
    """Value object to (lexical form, datatype, language), in the order JSON-LD toRdf decides."""
    value = item["@value"]
    datatype = item.get("@type")
    if datatype == "@json":
        return _jcs(value).decode("utf-8"), _RDF_JSON, None
    if isinstance(value, bool):
        return ("true" if value else "false"), datatype or _XSD_BOOLEAN, None
    if isinstance(value, float) and not value.is_integer():
        return canonical_double(value), datatype or _XSD_DOUBLE, None
    if datatype == _XSD_DOUBLE:
        try:  # pyld reads any lexical form Python's float() accepts, as its toRdf does
            return canonical_double(float(value)), _XSD_DOUBLE, None
        except (ValueError, TypeError):
            return value, _XSD_DOUBLE, None
    if isinstance(value, int | float) and _integral(value):
        if abs(value) >= _DOUBLE_FROM:
            return canonical_double(float(value)), datatype or _XSD_DOUBLE, None
        return str(int(value)), datatype or _XSD_INTEGER, None
    if "@language" in item:
        return value, datatype or _LANG_STRING, item["@language"]
    return value, datatype or _XSD_STRING, None


def _literal(item: dict[str, Any]) -> str:
    """A value object as an N-Quads literal; CredentialError when it is not valid RDF."""
    lexical, datatype, language = _lexical(item)
    try:
        if datatype == _LANG_STRING:
            if language is None:  # pyoxigraph makes one, but no N-Quads document holds it
                raise ValueError("an rdf:langString literal without a language tag")
            return str(ox.Literal(lexical, language=language))  # type: ignore[arg-type]
        if datatype == _XSD_STRING:
            return str(ox.Literal(lexical))  # type: ignore[arg-type]
        return str(ox.Literal(lexical, datatype=ox.NamedNode(datatype)))  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise _invalid(exc) from exc


class _Walk:
    """One pass over an expanded document, in the order of pyld's node map generation.

    Terms are made when a triple that uses them is kept, as pyld makes them, so an IRI that is
    not valid RDF refuses the document exactly when pyld's output would hold it.
    """

    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self._blanks: dict[str, str] = {}
        self._count = 0
        self._iris: dict[str, str | ValueError | None] = {}
        #: The graph being walked; None while in a graph pyld drops (a relative name).
        self.graph: str | None = DEFAULT_GRAPH

    @property
    def named_blanks(self) -> int:
        """How many blank nodes the document named with a label of its own."""
        return len(self._blanks)

    def blank(self, label: str) -> str:
        """The blank node a label names everywhere in the document."""
        node = self._blanks.get(label)
        if node is None:
            node = self._blanks[label] = self.fresh()
        return node

    def fresh(self) -> str:
        """A new blank node (list cells, nodes with no ``@id``)."""
        self._count += 1
        return f"_:b{self._count}"

    def iri(self, value: str) -> str | ValueError | None:
        """``<iri>``; None when pyld deems it relative (skipped); the error if not valid RDF.

        The error is raised only once a kept triple uses the IRI, as pyld's output held it.
        """
        if value in self._iris:
            return self._iris[value]
        term: str | ValueError | None = None
        if _ABSOLUTE.match(value):
            try:
                term = str(ox.NamedNode(value))
            except ValueError as exc:
                term = exc
        self._iris[value] = term
        return term

    def ref_term(self, ref: Ref) -> str | ValueError | None:
        """A node's term: its blank node, or its IRI (see ``iri``)."""
        return ref if ref.startswith("_:") else self.iri(ref)

    def term(self, value: Member) -> str | ValueError | None:
        """A list member or an object as a term (lists built); None for a relative IRI."""
        if isinstance(value, str):
            return self.ref_term(value)
        if isinstance(value, dict):
            return _literal(value)
        return self.chain(value)

    def emit(self, subject: Ref, predicate: str, obj: Member) -> None:
        """One triple, as pyld's graph-to-RDF step keeps or skips it (then makes its terms)."""
        graph = self.graph
        if graph is None or predicate.startswith("_:"):
            return
        resource = self.ref_term(subject)
        if resource is None:
            return
        named = self.iri(predicate)
        if named is None:
            return
        term: str | ValueError | None = None
        if isinstance(obj, str):
            term = self.ref_term(obj)
            if term is None:
                return
        if isinstance(resource, ValueError):
            raise _invalid(resource)
        if isinstance(named, ValueError):
            raise _invalid(named)
        if term is None:
            term = self.term(obj)
        if term is None or isinstance(term, ValueError):
            raise _invalid(ValueError(f"{obj!r} is not a term"))
        self.quads.append((resource, named, term, graph))

    def chain(self, members: list[Member]) -> str:
        """The head of an RDF collection of list members, in the current graph."""
        graph = self.graph
        assert graph is not None  # only kept triples build their lists
        if not members:
            return _NIL
        head = node = self.fresh()
        last = len(members) - 1
        for index, member in enumerate(members):
            term = self.term(member)
            if term is None:  # pyld writes a triple with no object: not RDF
                raise CredentialError("the document holds a list member that is a relative IRI")
            if isinstance(term, ValueError):
                raise _invalid(term)
            self.quads.append((node, _FIRST, term, graph))
            following = _NIL if index == last else self.fresh()
            self.quads.append((node, _REST, following, graph))
            node = following
        return head

    def walk(
        self,
        item: Any,
        subject: Ref | None = None,
        prop: str | None = None,
        members: list[Member] | None = None,
        reverse: Ref | None = None,
    ) -> None:
        """Node map generation, emitting each triple where pyld adds it to the map.

        ``subject``/``prop``: the node and property the item is a value of. ``reverse``: the
        node an item of a ``@reverse`` map points back to. ``members``: the list being built.
        """
        if isinstance(item, list):
            for element in item:
                self.walk(element, subject, prop, members, reverse)
            return
        if "@value" in item:
            if members is not None:
                members.append(item)
            elif subject is not None and prop is not None:
                self.emit(subject, prop, item)
            return
        if "@list" in item:
            inner: list[Member] = []
            self.walk(item["@list"], subject, prop, inner, reverse)
            if members is not None:
                members.append(inner)
            elif subject is not None and prop is not None:
                self.emit(subject, prop, inner)
            return
        self.node(item, subject, prop, members, reverse)

    def node(
        self,
        item: dict[str, Any],
        subject: Ref | None,
        prop: str | None,
        members: list[Member] | None,
        reverse: Ref | None,
    ) -> None:
        """A node object: its link from the node that holds it, then its own properties."""
        label = item.get("@id")
        ref: Ref
        if isinstance(label, str) and not label.startswith("_:"):
            ref = label
        elif label is None:
            ref = self.fresh()
        else:
            ref = self.blank(str(label))
        if prop is not None:
            if reverse is not None:
                self.emit(ref, prop, reverse)
            elif members is not None:
                members.append(ref)
            elif subject is not None:
                self.emit(subject, prop, ref)
        for key, values in item.items():
            if key == "@type":
                for type_ in values:
                    self.emit(ref, _RDF_TYPE, self.blank(type_) if type_[:2] == "_:" else type_)
            elif key == "@graph":
                name = self.ref_term(ref)
                if isinstance(name, ValueError):  # pyld's dataset names every graph it holds
                    raise _invalid(name)
                outer, self.graph = self.graph, name
                self.walk(values)
                self.graph = outer
            elif key == "@reverse":
                for reverse_prop, targets in values.items():
                    for target in targets:
                        self.walk(target, None, reverse_prop, None, ref)
            elif key == "@included":
                self.walk(values)
            elif key not in _KEYWORDS:
                for value in values:
                    self.walk(value, ref, key)


def _invalid(exc: Exception) -> CredentialError:
    return CredentialError(f"the document holds a term that is not valid RDF: {exc}")


def expanded_to_quads(expanded: list[Any]) -> list[Quad]:
    """The RDF dataset of an expanded JSON-LD document (pyld's toRdf), bounded by MAX_QUADS."""
    return labelled_quads(expanded)[0]


def labelled_quads(expanded: list[Any]) -> tuple[list[Quad], bool]:
    """``expanded_to_quads``, and whether the document names any blank node (``_:x``).

    A named blank node is one node wherever the whole document names it, so a dataset made of
    separately walked parts is exact only when no part names one (``node.proofs.shared``).
    """
    walk = _Walk()
    walk.walk(expanded)
    quads = list(dict.fromkeys(walk.quads))
    if len(quads) > MAX_QUADS:
        raise DocumentTooComplexError(f"the document has {len(quads)} quads, over {MAX_QUADS}")
    return quads, bool(walk.named_blanks)


def nquads(quads: list[Quad]) -> bytes:
    """The quads as an N-Quads document (UTF-8), one line each, in their order."""
    return "".join(
        f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n" for s, p, o, g in quads
    ).encode("utf-8")
