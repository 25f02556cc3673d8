"""Expanded JSON-LD straight to pyoxigraph quads: the toRdf step, without pyld's dict detour.

Pyld's toRdf builds a node map, then dicts of dicts per triple, which ``canon`` turned into
pyoxigraph terms: a third of the cost of a cold verification. This walks the expanded document
once, in the order pyld's node map does, and yields the same RDF dataset (the same quads up to
blank-node labels) with the same outcomes: what pyld skips is skipped here (relative IRIs, blank
predicates, graphs with relative names, free-floating values) and what pyld yields that is not
valid RDF is refused here (CredentialError), both only where pyld would. ``rdfDirection`` is
unset, as in pyld's default: ``@direction`` is dropped. The equivalence is held by property tests
against pyld itself (tests/unit/proofs/test_quads.py).
"""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox
from pyld.jsonld import canonicalize as _jcs  # the JCS of pyld's own @json literals

from node.proofs.errors import CredentialError, DocumentTooComplexError

__all__ = ["MAX_QUADS", "canonical_double", "expanded_to_quads"]

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
_FIRST = ox.NamedNode(_RDF + "first")
_REST = ox.NamedNode(_RDF + "rest")
_NIL = ox.NamedNode(_RDF + "nil")
_DEFAULT = ox.DefaultGraph()
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

Resource = ox.NamedNode | ox.BlankNode
Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Object = ox.NamedNode | ox.BlankNode | ox.Literal
#: A node as its neighbours name it: a blank node, or its IRI (checked when a quad uses it).
Ref = ox.BlankNode | str
#: What a triple's object or a list member is before it becomes a term: a node (``Ref``), a
#: value object, or a list of members.
Member = ox.BlankNode | str | dict[str, Any] | list["Member"]


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


def _literal(item: dict[str, Any]) -> ox.Literal:
    """A value object as pyoxigraph's literal; CredentialError when it is not valid RDF."""
    lexical, datatype, language = _lexical(item)
    try:
        if language is not None and datatype == _LANG_STRING:
            return ox.Literal(lexical, language=language)  # type: ignore[arg-type]
        if datatype == _XSD_STRING:
            return ox.Literal(lexical)  # type: ignore[arg-type]
        return ox.Literal(lexical, datatype=ox.NamedNode(datatype))  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise _invalid(exc) from exc


class _Walk:
    """One pass over an expanded document, in the order of pyld's node map generation.

    Terms are made when a triple that uses them is kept, as pyld makes them, so an IRI that is
    not valid RDF refuses the document exactly when pyld's output would hold it.
    """

    def __init__(self) -> None:
        self.quads: list[ox.Quad] = []
        self._blanks: dict[str, ox.BlankNode] = {}
        self._iris: dict[str, ox.NamedNode | ValueError | None] = {}
        #: The graph being walked; None while in a graph pyld drops (a relative name).
        self.graph: Graph | None = _DEFAULT

    def blank(self, label: str | None) -> ox.BlankNode:
        """A fresh blank node, or the one a label names everywhere in the document."""
        if label is None:
            return ox.BlankNode()
        node = self._blanks.get(label)
        if node is None:
            node = self._blanks[label] = ox.BlankNode()
        return node

    def iri(self, value: str) -> ox.NamedNode | ValueError | None:
        """The IRI; None when pyld deems it relative (skipped); the error when not valid RDF.

        The error is raised only once a kept triple uses the IRI, as pyld's output held it.
        """
        if value in self._iris:
            return self._iris[value]
        term: ox.NamedNode | ValueError | None = None
        if _ABSOLUTE.match(value):
            try:
                term = ox.NamedNode(value)
            except ValueError as exc:
                term = exc
        self._iris[value] = term
        return term

    def term(self, value: Member) -> Object | ValueError | None:
        """A list member or an object as an RDF term (lists built); None for a relative IRI."""
        if isinstance(value, str):
            return self.iri(value)
        if isinstance(value, dict):
            return _literal(value)
        if isinstance(value, list):
            return self.chain(value)
        return value

    def emit(self, subject: Ref, predicate: str, obj: Member) -> None:
        """One triple, as pyld's graph-to-RDF step keeps or skips it (then makes its terms)."""
        graph = self.graph
        if graph is None or predicate.startswith("_:"):
            return
        resource = self.iri(subject) if isinstance(subject, str) else subject
        if resource is None:
            return
        named = self.iri(predicate)
        if named is None:
            return
        term: Object | ValueError | None = None
        if isinstance(obj, str):
            term = self.iri(obj)
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
        self.quads.append(ox.Quad(resource, named, term, graph))

    def chain(self, members: list[Member]) -> ox.NamedNode | ox.BlankNode:
        """The head of an RDF collection of list members, in the current graph."""
        graph = self.graph
        assert graph is not None  # only kept triples build their lists
        if not members:
            return _NIL
        head = node = ox.BlankNode()
        last = len(members) - 1
        for index, member in enumerate(members):
            term = self.term(member)
            if term is None:  # pyld writes a triple with no object: not RDF
                raise CredentialError("the document holds a list member that is a relative IRI")
            if isinstance(term, ValueError):
                raise _invalid(term)
            self.quads.append(ox.Quad(node, _FIRST, term, graph))
            if index == last:
                self.quads.append(ox.Quad(node, _REST, _NIL, graph))
            else:
                following = ox.BlankNode()
                self.quads.append(ox.Quad(node, _REST, following, graph))
                node = following
        return head

    def walk(  # noqa: PLR0913 - the node map's own parameters
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
        else:
            ref = self.blank(None if label is None else str(label))
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
                    named: Ref = self.blank(type_) if type_.startswith("_:") else type_
                    self.emit(ref, _RDF_TYPE, named)
            elif key == "@graph":
                outer = self.graph
                name = self.iri(ref) if isinstance(ref, str) else ref
                if isinstance(name, ValueError):  # pyld's dataset names every graph it holds
                    raise _invalid(name)
                self.graph = name
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


def expanded_to_quads(expanded: list[Any]) -> list[ox.Quad]:
    """The RDF dataset of an expanded JSON-LD document (pyld's toRdf), bounded by MAX_QUADS."""
    walk = _Walk()
    walk.walk(expanded)
    quads = list(dict.fromkeys(walk.quads))
    if len(quads) > MAX_QUADS:
        raise DocumentTooComplexError(f"the document has {len(quads)} quads, over {MAX_QUADS}")
    return quads
