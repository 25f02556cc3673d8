"""JSON-LD to RDF in safe mode, with bounds, through pyld and our pinned contexts.

Safe mode refuses, instead of dropping or keeping silently: a property that no context defines,
a ``@type`` or ``@id`` that is not an absolute IRI (so an undefined type, or a relative IRI), and a
redefined protected term (pyld raises that itself). A refused document is never signed and never
verifies. The dataset comes back as pyld's dict, turned into pyoxigraph quads by ``canon``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pyld.identifier_issuer import IdentifierIssuer
from pyld.jsonld import JsonLdError, JsonLdProcessor, _is_absolute_iri

from node.proofs.contexts import ContextSet
from node.proofs.errors import (
    CredentialError,
    DocumentTooComplexError,
    UndefinedTermError,
    UnsupportedCredentialError,
)

__all__ = ["MAX_DEPTH", "MAX_JSON_BYTES", "Dataset", "check_shape", "to_dataset"]

#: pyld recurses per nesting level: anything deeper is refused before it starts.
MAX_DEPTH = 48
#: A credential is a few KB; a presentation of many, a few hundred KB.
MAX_JSON_BYTES = 2_000_000
#: Terms the VC 2.0 context maps with ``@vocab`` to "issuer-dependent": undefined in effect.
_ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

Dataset = dict[str, list[dict[str, Any]]]


class _Dropped(Exception):
    """Raised from pyld's drop hook to stop expansion at the first undefined term."""

    def __init__(self, term: object) -> None:
        super().__init__(str(term))
        self.term = term


def _raise_dropped(term: object) -> None:
    raise _Dropped(term)


def _depth(value: object, limit: int) -> int:
    """Nesting depth, iteratively (deep JSON must not recurse in Python either)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > limit:
            return level
        deepest = max(deepest, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return deepest


def check_shape(document: object) -> dict[str, Any]:
    """A JSON object within the size and depth bounds; CredentialError otherwise."""
    if not isinstance(document, dict):
        raise CredentialError("a document is a JSON object")
    if _depth(document, MAX_DEPTH) > MAX_DEPTH:
        raise DocumentTooComplexError(f"the document nests deeper than {MAX_DEPTH} levels")
    try:
        size = len(json.dumps(document, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise CredentialError(f"not serialisable as JSON: {exc}") from exc
    if size > MAX_JSON_BYTES:
        raise DocumentTooComplexError(f"the document is over {MAX_JSON_BYTES} bytes")
    return document


def _check_iris(expanded: object) -> None:
    """Every ``@id`` and ``@type`` is an absolute IRI or a blank node, none issuer-dependent."""
    stack = [expanded]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
            continue
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if key in ("@id", "@type"):
                for iri in value if isinstance(value, list) else [value]:
                    _check_iri(iri, key)
            elif key == "@value":
                continue
            else:
                if key.startswith(_ISSUER_DEPENDENT):
                    term = key.removeprefix(_ISSUER_DEPENDENT)
                    raise UndefinedTermError(
                        f"term {term!r} is not defined by any context", term=term
                    )
                stack.append(value)


def _check_iri(iri: object, key: str) -> None:
    if not isinstance(iri, str):
        return
    if iri.startswith("_:") or iri.startswith("@"):
        return
    what = "type" if key == "@type" else "identifier"
    if iri.startswith(_ISSUER_DEPENDENT):
        name = iri.removeprefix(_ISSUER_DEPENDENT)
        raise UndefinedTermError(f"{what} {name!r} is not defined by any context", term=name)
    if not _ABSOLUTE.match(iri):
        if key == "@type":
            raise UndefinedTermError(f"type {iri!r} is not defined by any context", term=iri)
        raise UndefinedTermError(f"{what} {iri!r} is a relative IRI", term=iri)


#: JavaScript reads any JSON number as a double: integral below 1e21 prints as an integer.
_JS_INTEGRAL_LIMIT = 10**21


def js_numbers(value: Any) -> Any:
    """Numbers as every JSON-LD peer (jsonld.js) reads them, so RDF literals agree.

    Python keeps ``2.0`` a float (pyld would write ``"2.0E0"^^xsd:double``) and big ints exact;
    JavaScript reads ``2.0`` and ``-0.0`` as the integers 2 and 0, and ``10**21`` as a double.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < _JS_INTEGRAL_LIMIT:
            return int(value)
        return value
    if isinstance(value, int):
        return value if abs(value) < _JS_INTEGRAL_LIMIT else float(value)
    if isinstance(value, dict):
        return {key: js_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [js_numbers(item) for item in value]
    return value


def to_dataset(document: dict[str, Any], contexts: ContextSet) -> Dataset:
    """Expand in safe mode and convert to an RDF dataset (pyld's dict form)."""
    processor = JsonLdProcessor(on_property_dropped=_raise_dropped)
    options = contexts.options()
    try:
        expanded = processor.expand(js_numbers(document), options)
        _check_iris(expanded)
        dataset = _expanded_to_rdf(processor, expanded)
    except _Dropped as exc:
        raise UndefinedTermError(
            f"term {exc.term!r} is not defined by any context", term=str(exc.term)
        ) from None
    except JsonLdError as exc:
        raise _translate(exc) from exc
    except RecursionError as exc:
        raise DocumentTooComplexError("the document nests too deeply") from exc
    return dataset


def _expanded_to_rdf(processor: JsonLdProcessor, expanded: object) -> Dataset:
    """The toRdf step of pyld without its second expansion (the input is expanded already).

    The same steps as ``JsonLdProcessor.to_rdf`` in pyld 3.3 (pinned): node map, then each
    graph whose name pyld deems absolute (blank-node graphs included).
    """
    issuer = IdentifierIssuer("_:b")
    node_map: dict[str, Any] = {"@default": {}}
    processor._create_node_map(expanded, node_map, "@default", issuer)
    options = {
        "produceGeneralizedRdf": False,
        "rdfDirection": None,
        "processingMode": "json-ld-1.1",
        "base": None,
    }
    dataset: Dataset = {}
    for name, graph in sorted(node_map.items()):
        if name == "@default" or _is_absolute_iri(name):
            dataset[name] = processor._graph_to_rdf(graph, issuer, options)
    return dataset


def _translate(exc: JsonLdError) -> CredentialError:
    """Pyld's error, said plainly; a context outside the set is "unsupported"."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.__cause__ or getattr(current, "cause", None)
    codes = [str(getattr(e, "code", "") or "") for e in chain]
    if any("protected term redefinition" in c for c in codes):
        return UndefinedTermError("the document redefines a protected term of its contexts")
    for error in chain:
        message = str(error.args[0]) if error.args else ""
        if "not in the pinned set" in message:
            return UnsupportedCredentialError(message)
    if any("loading remote context failed" in c or "loading document" in c for c in codes):
        return UnsupportedCredentialError("a JSON-LD context is not in the pinned set")
    detail = next((c for c in codes if c), "invalid JSON-LD")
    return CredentialError(f"the document is not valid JSON-LD: {detail}")
