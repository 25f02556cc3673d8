"""JSON-LD to RDF in safe mode, with bounds, through pyld and our pinned contexts.

Safe mode refuses, instead of dropping or keeping silently: a property that no context defines,
a ``@type`` or ``@id`` that is not an absolute IRI (so an undefined type, or a relative IRI), and a
redefined protected term (pyld raises that itself). A refused document is never signed and never
verifies. The expanded document becomes pyoxigraph quads through ``node.proofs.quads`` (pyld's
toRdf step, without its dicts), which ``canon`` canonicalizes.
"""

from __future__ import annotations

import json
import re
from typing import Any

from frozendict import frozendict
from pyld.jsonld import JsonLdError, JsonLdProcessor

from node.proofs.contexts import ContextSet
from node.proofs.errors import (
    CredentialError,
    DocumentTooComplexError,
    UndefinedTermError,
    UnsupportedCredentialError,
)
from node.proofs.quads import Quad, labelled_quads

__all__ = [
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "Dataset",
    "check_shape",
    "labelled_dataset",
    "to_dataset",
]

#: pyld recurses per nesting level: anything deeper is refused before it starts.
MAX_DEPTH = 48
#: A credential is a few KB; a presentation of many, a few hundred KB.
MAX_JSON_BYTES = 2_000_000
#: Terms the VC 2.0 context maps with ``@vocab`` to "issuer-dependent": undefined in effect.
_ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

#: An RDF dataset as the canonicalizer takes it: its quads as N-Quads terms, no duplicates.
Dataset = list[Quad]


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
        if abs(value) < _JS_INTEGRAL_LIMIT:
            return value
        try:
            return float(value)
        except OverflowError:  # JavaScript reads it as Infinity, which no RDF literal holds
            raise CredentialError("a number is too large for a JSON-LD document") from None
    if isinstance(value, dict):
        return {key: js_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [js_numbers(item) for item in value]
    return value


_Key = tuple[object, ...]
#: A document's inline context is memoised by its content only while it is small.
_INLINE_TERMS = 64
#: Vocabulary lookups memoised per context set: terms of at most this length, this many.
_MEMO_TERM_CHARS = 200
_MEMO_TERMS = 20_000


class _PinnedProcessor(JsonLdProcessor):  # type: ignore[misc]
    """Pyld's processor, with active contexts built from pinned contexts computed once.

    Pyld already caches a processed context per (resolved context, active context ``_uuid``),
    but a type-scoped context (``propagate: false``) clones the active context first, and the
    clone gets a fresh ``_uuid`` on every document, so every credential rebuilt about 140 term
    definitions. Here the result of processing a local context that is pinned data (context
    URLs of the set, or objects inside its documents, by identity) or a small inline context
    of a document (by its JSON content, as pyld's own cache keys it) on top of an immutable
    active context (a ``frozendict``, the same object) is kept per set. This is context
    processing only: nothing about a credential (its values, its signature) is kept.
    """

    def __init__(self, contexts: ContextSet) -> None:
        super().__init__(on_property_dropped=_raise_dropped)
        self._contexts = contexts

    def _local_key(self, local_ctx: object) -> _Key | None:
        """A key for a local context made only of pinned data, or None."""
        items = local_ctx if isinstance(local_ctx, list) else [local_ctx]
        parts: list[object] = [isinstance(local_ctx, list)]
        for item in items:
            if isinstance(item, str) and item in self._contexts:
                parts.append(item)
            elif isinstance(item, dict) and self._contexts.pinned_object(item):
                parts.append(id(item))
            elif isinstance(item, dict) and len(item) <= _INLINE_TERMS:
                try:  # a document's own small context: by content, never by identity
                    parts.append(json.dumps(item, sort_keys=True, allow_nan=False))
                except (TypeError, ValueError):
                    return None
            elif item is None or item is False:
                parts.append(item)
            else:
                return None
        return tuple(parts)

    def _process_context(  # noqa: PLR0913 - pyld's signature
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        local = self._local_key(local_ctx) if isinstance(active_ctx, frozendict) else None
        if local is None or cycles is not None:
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected=override_protected,
                propagate=propagate,
                validate_scoped=validate_scoped,
                cycles=cycles,
            )
        key = (id(active_ctx), local, override_protected, propagate, validate_scoped)
        memo = self._contexts.processed
        entry = memo.get(key)
        if entry is not None and entry[0] is active_ctx:
            return entry[1]
        result = super()._process_context(
            active_ctx,
            local_ctx,
            options,
            override_protected=override_protected,
            propagate=propagate,
            validate_scoped=validate_scoped,
        )
        if isinstance(result, frozendict):
            memo[key] = (active_ctx, result)  # the active context held: its id stays its own
        return result

    def _expand_iri(  # noqa: PLR0913 - pyld's signature
        self,
        active_ctx: Any,
        value: Any,
        base: Any = None,
        vocab: bool = False,
        local_ctx: Any = None,
        defined: Any = None,
    ) -> Any:
        """Pyld's term lookup; vocabulary lookups in an immutable active context memoised.

        With no local context this is a pure function of the active context (the same
        frozendict object, held by the entry) and the term, so the answer is kept per set.
        """
        if not vocab or local_ctx is not None or not isinstance(active_ctx, frozendict):
            return super()._expand_iri(active_ctx, value, base, vocab, local_ctx, defined)
        if not isinstance(value, str) or len(value) > _MEMO_TERM_CHARS:
            return super()._expand_iri(active_ctx, value, base, vocab)
        memo = self._contexts.terms
        key = (id(active_ctx), value, base)
        entry = memo.get(key)
        if entry is not None and entry[0] is active_ctx:
            return entry[1]
        result = super()._expand_iri(active_ctx, value, base, vocab)
        if len(memo) >= _MEMO_TERMS:
            memo.clear()
        memo[key] = (active_ctx, result)
        return result

    def expand_fresh(self, document: dict[str, Any], options: dict[str, Any]) -> list[Any]:
        """``expand`` of pyld 3.3 (pinned) for an in-memory document we built ourselves.

        The same steps, without pyld's defensive deep copy: ``js_numbers`` has already made a
        fresh copy of every object and list, so the caller's document is never touched.
        """
        options = {
            "isFrame": False,
            "keepFreeFloatingNodes": False,
            "extractAllScripts": False,
            "processingMode": "json-ld-1.1",
            **options,
        }
        active_ctx = self._get_initial_context(options)
        expanded = self._expand(active_ctx, None, document, options, inside_list=False)
        if isinstance(expanded, dict) and "@graph" in expanded and len(expanded) == 1:
            expanded = expanded["@graph"]
        elif expanded is None:
            expanded = []
        return list(JsonLdProcessor.arrayify(expanded))


def to_dataset(document: dict[str, Any], contexts: ContextSet) -> Dataset:
    """Expand in safe mode and convert to an RDF dataset (quads of N-Quads terms)."""
    return labelled_dataset(document, contexts)[0]


def labelled_dataset(document: dict[str, Any], contexts: ContextSet) -> tuple[Dataset, bool]:
    """``to_dataset``, and whether the document names a blank node (see ``labelled_quads``)."""
    processor = _PinnedProcessor(contexts)
    options = contexts.options()
    try:
        expanded = processor.expand_fresh(js_numbers(document), options)
        _check_iris(expanded)
        dataset = labelled_quads(expanded)
    except _Dropped as exc:
        raise UndefinedTermError(
            f"term {exc.term!r} is not defined by any context", term=str(exc.term)
        ) from None
    except JsonLdError as exc:
        raise _translate(exc) from exc
    except RecursionError as exc:
        raise DocumentTooComplexError("the document nests too deeply") from exc
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
