"""Canonical bytes and digests of documents: same content, same bytes, same digest.

Keys sorted, no whitespace, UTF-8, decimals as strings (two places), dates as ISO strings.
Documents hold only strings, integers, lists and objects, so this coincides with RFC 8785
(JCS) for them: any JSON library can reproduce the digest.
"""

from __future__ import annotations

import hashlib
import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from node.documents.base import DocumentModel
from node.documents.errors import DocumentInvalidError
from node.types import Bytes32

__all__ = ["canonical_json", "digest", "parse_document"]

D = TypeVar("D", bound=DocumentModel)


def canonical_json(model: BaseModel) -> bytes:
    """The one byte form a document is stored, hashed and anchored in."""
    return json.dumps(
        model.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def digest(model: BaseModel) -> Bytes32:
    """SHA-256 of the canonical bytes: what the registry anchors."""
    return Bytes32(hashlib.sha256(canonical_json(model)).digest())


def parse_document(cls: type[D], raw: bytes | str) -> D:
    """Parse JSON into ``cls``, turning schema errors into one ``DocumentInvalidError``."""
    try:
        return cls.model_validate_json(raw)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in err['loc']) or '<document>'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ]
        raise DocumentInvalidError(
            f"invalid {cls.__name__}: " + "; ".join(problems), problems=problems
        ) from exc
