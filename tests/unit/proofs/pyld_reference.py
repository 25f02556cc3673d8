"""Pyld's own toRdf, as the proof layer used it before ``node.proofs.quads``: the oracle.

Pyld's node map and graph-to-RDF steps (pyld 3.3, pinned) on an expanded document, then its
dict triples as pyoxigraph quads, exactly as ``canon`` made them. Tests hold our direct
conversion to this.
"""

from __future__ import annotations

import copy
from typing import Any

import pyoxigraph as ox
from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdError, JsonLdProcessor, _is_absolute_iri

from node.proofs.errors import CredentialError
from node.proofs.quads import MAX_QUADS, Quad

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

PyldDataset = dict[str, list[dict[str, Any]]]


def pyld_dataset(expanded: object) -> PyldDataset:
    """Pyld's toRdf of an expanded document (on a copy: pyld relabels in place)."""
    processor = JsonLdProcessor()
    issuer = IdentifierIssuer("_:b")
    node_map: dict[str, Any] = {"@default": {}}
    processor._create_node_map(copy.deepcopy(expanded), node_map, "@default", issuer)
    options = {
        "produceGeneralizedRdf": False,
        "rdfDirection": None,
        "processingMode": "json-ld-1.1",
        "base": None,
    }
    dataset: PyldDataset = {}
    for name, graph in sorted(node_map.items()):
        if name == "@default" or _is_absolute_iri(name):
            dataset[name] = processor._graph_to_rdf(graph, issuer, options)
    return dataset


def _term(value: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    kind = value["type"]
    if kind == "IRI":
        return ox.NamedNode(value["value"])
    if kind == "blank node":
        return ox.BlankNode(value["value"].removeprefix("_:"))
    datatype = value.get("datatype", _XSD_STRING)
    if "language" in value and datatype == _LANG_STRING:
        return ox.Literal(value["value"], language=value["language"])
    if datatype == _XSD_STRING:
        return ox.Literal(value["value"])
    return ox.Literal(value["value"], datatype=ox.NamedNode(datatype))


def pyld_quads(expanded: object) -> list[ox.Quad]:
    """Pyoxigraph quads of pyld's toRdf; CredentialError where the old path refused."""
    try:
        dataset = pyld_dataset(expanded)
    except JsonLdError as exc:
        raise CredentialError(str(exc)) from exc
    if sum(len(triples) for triples in dataset.values()) > MAX_QUADS:
        raise CredentialError("over MAX_QUADS")
    quads = []
    try:
        for name, triples in dataset.items():
            graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph
            if name == "@default":
                graph = ox.DefaultGraph()
            elif name.startswith("_:"):
                graph = ox.BlankNode(name[2:])
            else:
                graph = ox.NamedNode(name)
            for triple in triples:
                subject = _term(triple["subject"])
                predicate = ox.NamedNode(triple["predicate"]["value"])
                obj = _term(triple["object"])
                quads.append(ox.Quad(subject, predicate, obj, graph))  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError) as exc:
        raise CredentialError(f"not valid RDF: {exc}") from exc
    return quads


def pyld_terms(expanded: object) -> list[Quad]:
    """Pyld's toRdf as the canonicalizer now takes it: N-Quads terms, no duplicates."""
    out = []
    for quad in pyld_quads(expanded):
        graph = quad.graph_name
        name = "" if isinstance(graph, ox.DefaultGraph) else str(graph)
        out.append((str(quad.subject), str(quad.predicate), str(quad.object), name))
    return list(dict.fromkeys(out))
