"""The pinned JSON-LD contexts (see ``contexts/SOURCES.md``) and the loader that serves only them.

Each file is checked against its SHA-256 in ``contexts/index.json`` when first loaded, so an
edited context fails loudly instead of silently changing what signatures cover. Any other URL is
refused without a network call.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from cachetools import LRUCache
from pyld.context_resolver import ContextResolver
from pyld.jsonld import JsonLdError

from node.errors import ConfigError

__all__ = [
    "BITSTRING_STATUS_CONTEXT",
    "DATA_INTEGRITY_V2_CONTEXT",
    "ED25519_2020_CONTEXT",
    "MULTIKEY_CONTEXT",
    "OB3_CONTEXT",
    "OB3_CONTEXT_3_0_3",
    "STATUS_LIST_2021_CONTEXT",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "ContextSet",
    "pinned_contexts",
]

VC_V1_CONTEXT = "https://www.w3.org/2018/credentials/v1"
VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1"
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"
STATUS_LIST_2021_CONTEXT = "https://w3id.org/vc/status-list/2021/v1"
BITSTRING_STATUS_CONTEXT = "https://www.w3.org/ns/credentials/status/v1"
OB3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context.json"
OB3_CONTEXT_3_0_3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


_PROCESSED_CONTEXTS = 4096


class ContextSet:
    """A fixed map of context URL → parsed document, and the pyld loader that serves it."""

    def __init__(self, documents: Mapping[str, Any]) -> None:
        self._documents = dict(documents)
        #: pyld caches resolved contexts here; one cache per set, so a set never sees another's.
        self._cache: LRUCache[Any, Any] = LRUCache(maxsize=256)
        #: Active contexts already processed from this set's own (pinned) contexts; see
        #: ``node.proofs.rdf``. Bounded: a few dozen entries per credential shape.
        self.processed: LRUCache[Any, Any] = LRUCache(maxsize=_PROCESSED_CONTEXTS)
        #: Vocabulary term lookups in those active contexts (``node.proofs.rdf``).
        self.terms: dict[Any, Any] = {}
        #: The objects inside the pinned documents, by id (kept alive by ``_documents``), so a
        #: scoped context taken from them is known to be pinned data, not a caller's object.
        self._pinned_ids = frozenset(_object_ids(self._documents))
        self._keys = frozenset(_keys(self._documents))

    def __contains__(self, url: object) -> bool:
        return url in self._documents

    @property
    def urls(self) -> frozenset[str]:
        """Every URL this set serves."""
        return frozenset(self._documents)

    def pinned_object(self, value: object) -> bool:
        """Whether ``value`` is an object held inside this set's documents (never a caller's)."""
        return id(value) in self._pinned_ids

    def defines_any(self, terms: frozenset[str]) -> bool:
        """Whether any of these names is a key anywhere in the set (a term, at any scope)."""
        return not self._keys.isdisjoint(terms)

    def with_extra(self, extra: Mapping[str, Any]) -> ContextSet:
        """A new set with more contexts (test vectors' example contexts, for instance)."""
        return ContextSet({**self._documents, **extra})

    def load(self, url: str, options: object = None) -> dict[str, Any]:
        """The pyld document loader: ``tag: static`` so pyld caches; unknown URLs refused."""
        document = self._documents.get(url)
        if document is None:
            raise JsonLdError(
                f"context {url!r} is not in the pinned set and is never fetched",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading remote context failed",
            )
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": document,
            "contentType": "application/ld+json",
            "tag": "static",
        }

    def options(self) -> dict[str, Any]:
        """Pyld options: this loader, our cache, and no base (relative IRIs stay relative)."""
        return {
            "documentLoader": self.load,
            "contextResolver": ContextResolver(self._cache, self.load),
            "base": None,
        }


def _object_ids(value: object) -> list[int]:
    """The ids of every dict and list nested in ``value`` (iteratively)."""
    ids: list[int] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ids.append(id(item))
            stack.extend(item.values())
        elif isinstance(item, list):
            ids.append(id(item))
            stack.extend(item)
    return ids


def _keys(value: object) -> set[str]:
    """Every member name of every object nested in ``value``."""
    keys: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys.update(k for k in item if isinstance(k, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return keys


@lru_cache(maxsize=1)
def pinned_contexts() -> ContextSet:
    """The contexts of ``contexts/index.json``, each checked against its SHA-256."""
    folder = resources.files("node.proofs").joinpath("contexts")
    index = json.loads(folder.joinpath("index.json").read_text("utf-8"))
    documents = {}
    for url, entry in index.items():
        raw = folder.joinpath(entry["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise ConfigError(f"pinned context {entry['file']} does not match its SHA-256")
        documents[url] = json.loads(raw)
    return ContextSet(documents)
